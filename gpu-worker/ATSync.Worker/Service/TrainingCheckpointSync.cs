using ATSync.Core.Training;

namespace ATSync.Worker.Service;

/// <summary>
/// Copies one training run's resumable state to <c>{model}/.partial/</c> after an epoch, so a retry resumes there.
/// At most once per <see cref="WorkerOptions.CheckpointInterval"/> (a 20M-parameter model's state is ~0.3 GB);
/// the best checkpoint only when it changed; <c>resume/state.json</c> last, as it is what makes the rest count.
/// </summary>
public sealed class TrainingCheckpointSync(BlobOutputWriter outputs, string saveDirectory, BlobLocation partial, TimeSpan interval,
    TimeProvider clock, ILogger logger, string jobId)
{
    public const string BestCheckpoint = "best_digital_model_0.pth";
    public const string LastCheckpoint = "last.pth";
    public const string ResumeFolder = "resume";
    public const string StateFile = "resume/state.json";

    private DateTimeOffset? _lastUpload;
    private DateTime _bestUploaded;

    /// <summary>Called on the training thread between epochs (nothing writes the files meanwhile).</summary>
    public void EpochSaved(EpochSummary summary, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_lastUpload is { } last && now - last < interval) return;
        try
        {
            UploadAsync(cancellationToken).GetAwaiter().GetResult();
            _lastUpload = now;
            logger.LogInformation("job {Id}: epoch {Epoch} saved to {Partial}", jobId, summary.Epoch, partial);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: training goes on and the next epoch tries again; a crash before then resumes from an earlier one.
            logger.LogWarning(e, "job {Id}: could not save epoch {Epoch} to {Partial}", jobId, summary.Epoch, partial);
        }
    }

    /// <summary>The files a finished run commits to the model folder (checkpoints, then the resumable state).</summary>
    public IEnumerable<string> FinalFiles() =>
        new[] { BestCheckpoint, LastCheckpoint }.Where(f => File.Exists(Path.Combine(saveDirectory, f))).Concat(ResumeFiles());

    /// <summary>After a previous attempt's state was downloaded: last.pth is the resumable model's weights (kept once, in
    /// resume/), so a run that resumes with nothing left to train still commits a last.pth.</summary>
    public void RestoreLastCheckpoint()
    {
        var last = Path.Combine(saveDirectory, LastCheckpoint);
        var resumed = Path.Combine(saveDirectory, ResumeFolder, "model.pth");
        if (!File.Exists(last) && File.Exists(resumed)) File.Copy(resumed, last);
    }

    private async Task UploadAsync(CancellationToken cancellationToken)
    {
        var best = Path.Combine(saveDirectory, BestCheckpoint);
        if (File.Exists(best) && File.GetLastWriteTimeUtc(best) != _bestUploaded)
        {
            var written = File.GetLastWriteTimeUtc(best);
            await outputs.UploadFilesAsync(saveDirectory, [BestCheckpoint], partial, cancellationToken);
            _bestUploaded = written;
        }
        var state = StateFile.Replace('/', Path.DirectorySeparatorChar);
        await outputs.UploadFilesAsync(saveDirectory, ResumeFiles().Where(f => f != state).Append(state), partial, cancellationToken);
    }

    private IEnumerable<string> ResumeFiles()
    {
        var folder = Path.Combine(saveDirectory, ResumeFolder);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => !f.EndsWith(".partial", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(saveDirectory, f)).Order(StringComparer.Ordinal)
            : [];
    }
}
