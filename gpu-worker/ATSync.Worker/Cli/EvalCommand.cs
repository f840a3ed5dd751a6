using System.CommandLine;
using System.Globalization;
using ATSync.Core.Audio;
using ATSync.Core.Evaluation;
using ATSync.Core.Faces;
using ATSync.Core.Inference;

namespace ATSync.Worker.Cli;

/// <summary>`atsync eval`: held-out self-reconstruction of a trained model on its own dataset -> JSON report + PNG contact sheet.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset_dir") { Description = "The processed dataset the model was trained on.", Required = true };
        var model = new Option<string>("--model_path") { Description = "A checkpoint (.pth) or .onnx model; model_card.json beside it says which frames were held out.", Required = true };
        var output = new Option<string?>("--output") { Description = "The JSON report (default: eval_report.json beside the model)." };
        var sheet = new Option<string?>("--contact_sheet") { Description = "The PNG contact sheet, real | generated | difference (default: the report's path with .png)." };
        var samples = new Option<int>("--samples") { Description = "Contact sheet rows (frames sampled evenly over the held-out tail).", DefaultValueFactory = _ => 6 };
        var asr = new Option<AudioFeatureKind?>("--asr") { Description = "mel, hubert or wenet (default: the model card's)." };
        var engine = new Option<InferenceEngine?>("--engine") { Description = "torch or onnx (default: torch for a .pth, onnx for an .onnx model)." };
        var holdout = new Option<double?>("--holdout_tail") { Description = "Score only this last share of frames (default: every frame the model card says was held out; required without a card)." };
        var reference = new Option<int?>("--reference_frame") { Description = "One training frame used as every held-out frame's reference input and reference-paste baseline (default: for each held-out frame, the training frame nearest in head pose, as close as a held-out test gets to inference, where the reference is the source frame itself)." };
        var detector = new Option<string>("--face_detector") { Description = "haar or a YuNet .onnx (for the landmarks behind LMD).", DefaultValueFactory = _ => FacePipelineFactory.Haar };
        var landmarks = new Option<string>("--landmarks") { Description = "dlib68 or a 68-point .onnx model.", DefaultValueFactory = _ => FacePipelineFactory.Dlib68 };
        var sketch = new Option<SketchSource>("--sketch")
        {
            Description = "CPU profile: the mouth sketch from the audio (audio, the product) or from each held-out frame's own landmarks (landmarks: the image network's ceiling, a diagnostic).",
            DefaultValueFactory = _ => SketchSource.Audio,
        };
        var command = new Command("eval", "Score a model on the frames it never trained on (PSNR, SSIM, LMD, opening correlation, seams) against two baselines.")
        {
            dataset, model, output, sheet, samples, asr, engine, holdout, reference, detector, landmarks, sketch,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync("eval", async () =>
        {
            var options = new EvaluationOptions
            {
                DatasetDirectory = parse.GetValue(dataset)!,
                ModelPath = parse.GetValue(model)!,
                ReportPath = parse.GetValue(output),
                ContactSheetPath = parse.GetValue(sheet),
                Samples = parse.GetValue(samples),
                Asr = parse.GetValue(asr),
                Engine = parse.GetValue(engine),
                HoldoutTail = parse.GetValue(holdout),
                ReferenceFrame = parse.GetValue(reference),
                FaceDetector = parse.GetValue(detector)!,
                Landmarks = parse.GetValue(landmarks)!,
                Sketch = parse.GetValue(sketch),
            };
            var report = await ConsoleProgress.RunAsync(progress => Evaluator.RunAsync(options, progress, cancellationToken));
            Console.WriteLine($"eval: frames {report.HeldOutFirst}..{report.HeldOutFirst + report.HeldOutCount - 1} " +
                              $"({report.HeldOutCount} held out), " + (report.ReferenceFrame is { } r ? $"reference frame {r}" : $"references: {report.References}"));
            foreach (var (method, s) in report.Scores)
                Console.WriteLine($"  {method,-16} PSNR {F(s.Psnr, "0.00")} dB  SSIM {F(s.Ssim, "0.000")}  LMD {F(s.Lmd, "0.000")}  " +
                                  $"opening r {F(s.OpeningCorrelation, "0.00")}  seam {F(s.SeamExcess, "0.0")}");
            foreach (var warning in report.Warnings) Console.WriteLine($"  warning: {warning}");
            Console.WriteLine($"report: {options.ResolvedReportPath}; contact sheet: {report.ContactSheet}");
            return 0;
        }));
        return command;
    }

    private static string F(double? value, string format) => value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
