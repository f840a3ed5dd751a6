using ATSync.Core.Model;
using ATSync.Core.Mouth;
using ATSync.Core.Training;
using ATSync.Tests.Support;
using OpenCvSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ATSync.Tests.Training;

/// <summary>
/// The CPU profile's image network learns to draw the mouth its sketch asks for: trained on the synthetic person with
/// each frame's sketch (as training uses the frame's own landmarks), it draws the right opening on held-out frames
/// from their sketches, while the same trained network given one fixed sketch for every frame (the control: the shape
/// information taken away) does not follow the opening; and it draws the mouth, not the sketch: its output is far
/// closer to the real crops than an untrained network's (which passes the sketch's grey fill through and so already
/// "opens" with it). The audio -> shape half is MouthShapeLearningTests.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class CpuProfileLearningTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void HeldOutMouthFollowsItsSketchAndAFixedSketchDoesNot()
    {
        const int frames = 80;
        var face = new SyntheticTalkingFace(frames, seed: 7);
        var heldOut = Enumerable.Range(0, frames).Where(i => i % 5 == 2).ToArray();
        var sketches = new byte[frames * TrainingSet.CropSize * TrainingSet.CropSize];
        for (var i = 0; i < frames; i++) DrawSketch(face.Opening[i], sketches.AsSpan(i * TrainingSet.CropSize * TrainingSet.CropSize));
        // Silent audio: the synthetic features carry the opening outright, which would let the network bypass the sketch.
        var silent = face.Features with { Data = new float[face.Features.Data.Length] };
        using var data = new TrainingSet(face.Crops, silent, heldOut, ModelProfile.Cpu, sketches, sketches);
        var directory = Directory.CreateTempSubdirectory("atsync-learn-cpu-");
        try
        {
            var options = new TrainingOptions { OutputDirectory = directory.FullName, Epochs = 6, BatchSize = 8, LearningRate = 2e-3, Seed = 3 };
            using var trainer = LipSyncTrainer.Start(data, options);
            var untrainedError = MaskedError(trainer, data, heldOut);
            trainer.Train(new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.CompletedEpoch is { } e) output.WriteLine($"epoch {e.Epoch}: loss {e.TrainLoss:F4} psnr {e.ValidationPsnr:F2}");
            }));

            var truth = heldOut.Select(i => face.Opening[i]).ToArray();
            var trained = Statistics.Pearson(Openings(trainer, data, heldOut, fixedSketch: false), truth);
            var control = Statistics.Pearson(Openings(trainer, data, heldOut, fixedSketch: true), truth);
            var trainedError = MaskedError(trainer, data, heldOut);
            output.WriteLine($"held-out opening r: trained {trained:F3}, fixed-sketch control {control:F3}; masked-area mean abs error: trained {trainedError:F4}, untrained {untrainedError:F4}");
            Assert.True(trained > 0.8, $"the drawn mouth follows its sketch with r {trained:F3}");
            Assert.True(Math.Abs(control) < 0.4 || double.IsNaN(control), $"with one sketch for every frame the mouth still follows the truth (r {control:F3})");
            Assert.True(trainedError < untrainedError / 3, $"masked-area error {trainedError:F4} is not well below the untrained network's {untrainedError:F4}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static double MaskedError(LipSyncTrainer trainer, TrainingSet data, int[] heldOut)
    {
        trainer.Model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = data.Batch(heldOut, Enumerable.Repeat(data.TrainFrames[0], heldOut.Length).ToArray());
        var prediction = trainer.Model.call(batch.Face, batch.Audio);
        var error = (data.Mask.Region(prediction) - data.Mask.Region(batch.Target)).abs().mean().item<float>();
        trainer.Model.train();
        return error;
    }

    /// <summary>The synthetic mouth's outline as the 31 speech-moved points: lips on the ellipse, the jaw below it.</summary>
    private static void DrawSketch(double opening, Span<byte> destination)
    {
        var half = 2 + (SyntheticTalkingFace.MaxMouthHalfHeight - 2) * opening;
        var points = new Point2f[MouthPoints.Moving.Count];
        float cx = SyntheticTalkingFace.MouthCenterX, cy = SyntheticTalkingFace.MouthCenterY, w = SyntheticTalkingFace.MouthHalfWidth;
        Point2f OnEllipse(double angle, double scale) =>
            new((float)(cx + scale * w * Math.Cos(angle)), (float)(cy + scale * half * Math.Sin(angle)));
        for (var p = MouthPoints.JawFirst; p <= MouthPoints.JawLast; p++)
            points[MouthPoints.IndexOf(p)] = new Point2f(cx - 60 + 12 * (p - MouthPoints.JawFirst), (float)(cy + half + 12));
        for (var k = 0; k < 12; k++) points[MouthPoints.IndexOf(MouthPoints.OuterLipFirst + k)] = OnEllipse(Math.PI + 2 * Math.PI * k / 12, 1.0);
        for (var k = 0; k < 8; k++) points[MouthPoints.IndexOf(MouthPoints.InnerLipFirst + k)] = OnEllipse(Math.PI + 2 * Math.PI * k / 8, 0.8);
        using var sketch = MouthSketch.Draw(points, MouthMask.Cpu);
        sketch.GetArray(out byte[] bytes);
        bytes.CopyTo(destination);
    }

    private static double[] Openings(LipSyncTrainer trainer, TrainingSet data, int[] heldOut, bool fixedSketch)
    {
        trainer.Model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var reference = Enumerable.Repeat(data.TrainFrames[0], heldOut.Length).ToArray();
        // The control draws one held-out frame's sketch (the first) into every frame's input.
        var sketchFrames = fixedSketch ? Enumerable.Repeat(heldOut[0], heldOut.Length).ToArray() : heldOut;
        using var batch = data.Batch(heldOut, reference);
        using var drawn = data.Batch(sketchFrames, reference);
        var face = cat([batch.Face[.., ..3], drawn.Face[.., 3..]], 1);
        // The masked crop of the control's frames is the same apart from the sketch (the mask hides the mouth).
        var prediction = trainer.Model.call(face, batch.Audio).contiguous();
        var values = prediction.data<float>().ToArray();
        var length = 3 * SyntheticTalkingFace.Size * SyntheticTalkingFace.Size;
        trainer.Model.train();
        return heldOut.Select((_, k) => SyntheticTalkingFace.MeasureOpening(values.AsSpan(k * length, length))).ToArray();
    }
}
