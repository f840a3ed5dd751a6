namespace ATSync.Worker.Client;

/// <summary>The input and output roles each job kind takes (keys of <see cref="JobSpec.Inputs"/> and <see cref="JobSpec.Outputs"/>).</summary>
public static class JobRoles
{
    /// <summary>train input: the dataset folder made by <c>atsync process</c> (or PrepareDataset), e.g. <c>.../datasets/{person}/</c>.</summary>
    public const string Dataset = "dataset";

    /// <summary>train output: the folder the checkpoints and model card go to, e.g. <c>.../models/{person}/{job}/</c>.
    /// infer input: a checkpoint (.pth, its model_card.json beside it) or an exported .onnx.</summary>
    public const string Model = "model";

    /// <summary>infer input: the person's video.</summary>
    public const string Video = "video";

    /// <summary>infer input: the speech to lip-sync.</summary>
    public const string Audio = "audio";

    /// <summary>infer output: the result .mp4, e.g. <c>.../results/{job}/result.mp4</c>.</summary>
    public const string Result = "result";

    /// <summary>infer output: the quality report JSON (default: the result's name + <c>.report.json</c>).</summary>
    public const string Report = "report";

    /// <summary>train result: the model card (model_card.json) beside the checkpoint given as <see cref="Model"/>.</summary>
    public const string ModelCard = "modelCard";

    /// <summary>train result, when frames were held out: <c>atsync eval</c>'s report on them (eval_report.json).</summary>
    public const string EvalReport = "evalReport";

    /// <summary>train result, when frames were held out: the eval contact sheet, real | generated | difference (PNG).</summary>
    public const string ContactSheet = "contactSheet";
}
