using ATSync.Core.Progress;

namespace ATSync.Worker.Service;

/// <summary>Keeps the latest progress of a running job for the heartbeat to write (the engine reports far more often
/// than the record should be written). Stage fractions map onto one overall figure per job kind.</summary>
public sealed class JobProgressReporter : IProgress<StageProgress>
{
    private readonly Lock _gate = new();
    private string _stage = "starting";
    private double _progress;

    public (string Stage, double Progress) Latest
    {
        get
        {
            lock (_gate) return (_stage, _progress);
        }
    }

    public void Report(StageProgress value)
    {
        // download 0-5%, the engine's stages 5-95% (the long one dominates), upload 95-100%.
        var overall = value.Stage switch
        {
            "download" => 0.05 * value.Fraction,
            "upload" => 0.95 + 0.05 * value.Fraction,
            "train" or "render" => 0.1 + 0.85 * value.Fraction,
            _ => 0.05 + 0.05 * value.Fraction,
        };
        lock (_gate)
        {
            _stage = value.Stage;
            _progress = Math.Max(_progress, Math.Round(overall, 4));
        }
    }
}
