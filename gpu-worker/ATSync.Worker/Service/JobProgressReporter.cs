using ATSync.Core.Progress;
using ATSync.Worker.Client;

namespace ATSync.Worker.Service;

/// <summary>Keeps the latest progress of a running job for the heartbeat to write (the engine reports far more often
/// than the record should be written). Stage fractions map onto one overall figure per job kind; a training's epoch,
/// held-out score and expected end are kept as they came.</summary>
public sealed class JobProgressReporter(TimeProvider clock) : IProgress<StageProgress>
{
    private readonly Lock _gate = new();
    private string _stage = "starting";
    private double _progress;
    private TrainingState? _training;

    public (string Stage, double Progress, TrainingState? Training) Latest
    {
        get
        {
            lock (_gate) return (_stage, _progress, _training);
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
        var training = value.Training is { } t
            ? new TrainingState(t.Epoch, t.Epochs, Finite(value.HeldOut?.ValidationPsnr), Finite(value.HeldOut?.ValidationSsim),
                clock.GetUtcNow() + t.EstimatedRemaining)
            : null;
        lock (_gate)
        {
            _stage = value.Stage;
            _progress = Math.Max(_progress, Math.Round(overall, 4));
            if (training is not null) _training = training;
        }
    }

    // No held-out tail, or no epoch validated yet: NaN in the engine, absent for clients.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 4) : null;
}
