using System.Text.Json;
using ATSync.Core.Training;

namespace ATSync.Worker.Service;

/// <summary>
/// Copies one training run's resumable state to <c>{model}/.partial/</c> after an epoch, so a retry resumes there.
/// Each save goes to its own set, <c>.partial/e{epoch}/</c> (the best checkpoint only when it changed), and then
/// <c>.partial/current.json</c> (<see cref="CheckpointPointer"/>) names it; sets no pointer needs any more are deleted.
/// Nothing a resume reads is overwritten in place, so a worker killed mid-upload cannot pair new weights with an old
/// epoch counter. At most once per <see cref="WorkerOptions.CheckpointInterval"/> (a 20M-parameter model's state is
/// ~0.3 GB).
/// </summary>
public sealed class TrainingCheckpointSync(BlobOutputWriter outputs, string saveDirectory, BlobLocation partial, TimeSpan interval,
    TimeProvider clock, ILogger logger, string jobId)
{
    public const string BestCheckpoint = "best_digital_model_0.pth";
    public const string LastCheckpoint = "last.pth";
    public const string ResumeFolder = "resume";
    public const string StateFile = "resume/state.json";
    public const string PointerFile = "current.json";

    private static readonly JsonSerializerOptions PointerJson = new(JsonSerializerDefaults.Web);
    private DateTimeOffset? _lastUpload;
    private DateTime _bestUploaded;
    private CheckpointPointer? _pointer;

    /// <summary>Called on the training thread between epochs (nothing writes the files meanwhile).</summary>
    public void EpochSaved(EpochSummary summary, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_lastUpload is { } last && now - last < interval) return;
        try
        {
            UploadAsync(summary.Epoch, cancellationToken).GetAwaiter().GetResult();
            _lastUpload = now;
            logger.LogInformation("job {Id}: epoch {Epoch} saved to {Partial}", jobId, summary.Epoch, partial);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: training goes on and the next epoch tries again; a crash before then resumes from an earlier one.
            logger.LogWarning(e, "job {Id}: could not save epoch {Epoch} to {Partial}", jobId, summary.Epoch, partial);
        }
    }

    /// <summary>
    /// Downloads what the pointer names (the resumable state, and the best checkpoint) into the save folder; false when
    /// no earlier attempt saved anything. A set without a pointer (an upload that was cut off) is never read.
    /// </summary>
    public async Task<bool> DownloadSavedAsync(CancellationToken cancellationToken)
    {
        var names = await outputs.ListAsync(partial, cancellationToken);
        if (!names.Contains(PointerFile)) return false;
        var pointer = await ReadPointerAsync(cancellationToken);
        await DownloadSetAsync(pointer.Set, names, _ => true, cancellationToken);
        if (pointer.BestSet is { } bestSet)
            await DownloadSetAsync(bestSet, names, relative => relative == BestCheckpoint, cancellationToken);
        _pointer = pointer;
        var last = Path.Combine(saveDirectory, LastCheckpoint);
        var resumed = Path.Combine(saveDirectory, ResumeFolder, "model.pth");
        // last.pth is the resumable model's weights (kept once, in resume/), so a run that resumes with nothing left to
        // train still commits a last.pth.
        if (!File.Exists(last) && File.Exists(resumed)) File.Copy(resumed, last);
        return true;
    }

    /// <summary>The files a finished run commits to the model folder (checkpoints, then the resumable state).</summary>
    public IEnumerable<string> FinalFiles() =>
        new[] { BestCheckpoint, LastCheckpoint }.Where(f => File.Exists(Path.Combine(saveDirectory, f))).Concat(ResumeFiles());

    private async Task UploadAsync(int epoch, CancellationToken cancellationToken)
    {
        var set = $"e{epoch:D6}/";
        var target = partial.Child(set);
        var bestSet = _pointer?.BestSet;
        var best = Path.Combine(saveDirectory, BestCheckpoint);
        if (File.Exists(best) && File.GetLastWriteTimeUtc(best) != _bestUploaded)
        {
            var written = File.GetLastWriteTimeUtc(best);
            await outputs.UploadFilesAsync(saveDirectory, [BestCheckpoint], target, cancellationToken);
            _bestUploaded = written;
            bestSet = set;
        }
        await outputs.UploadFilesAsync(saveDirectory, ResumeFiles(), target, cancellationToken);

        // The pointer last: until it is written, a resume reads the previous set, whole.
        var pointer = new CheckpointPointer(set, bestSet, epoch);
        var local = Path.Combine(saveDirectory, PointerFile);
        await File.WriteAllTextAsync(local, JsonSerializer.Serialize(pointer, PointerJson), cancellationToken);
        await outputs.UploadFileAsync(local, partial.Child(PointerFile), cancellationToken);
        File.Delete(local);
        var previous = _pointer;
        _pointer = pointer;

        // Sets the new pointer no longer names (best effort: a leftover is deleted with .partial/ at the end).
        foreach (var old in new[] { previous?.Set, previous?.BestSet }.OfType<string>().Distinct())
            if (old != pointer.Set && old != pointer.BestSet)
                await outputs.DeleteFolderAsync(partial.Child(old), cancellationToken);
    }

    private async Task<CheckpointPointer> ReadPointerAsync(CancellationToken cancellationToken)
    {
        var local = Path.Combine(saveDirectory, PointerFile);
        await outputs.DownloadFileAsync(partial.Child(PointerFile), local, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<CheckpointPointer>(await File.ReadAllTextAsync(local, cancellationToken), PointerJson)
                   ?? throw new InvalidDataException($"{partial.Child(PointerFile)} is empty");
        }
        finally
        {
            File.Delete(local);
        }
    }

    private async Task DownloadSetAsync(string set, IEnumerable<string> names, Func<string, bool> take, CancellationToken cancellationToken)
    {
        foreach (var name in names.Where(n => n.StartsWith(set, StringComparison.Ordinal)))
        {
            var relative = name[set.Length..];
            if (!take(relative)) continue;
            var path = Path.Combine(saveDirectory, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await outputs.DownloadFileAsync(partial.Child(name), path, cancellationToken);
        }
    }

    private IEnumerable<string> ResumeFiles()
    {
        var folder = Path.Combine(saveDirectory, ResumeFolder);
        // The state file last within a set (the pointer is what makes a set count; the order just keeps sets tidy).
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => !f.EndsWith(".partial", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(saveDirectory, f)).Order(StringComparer.Ordinal)
            : [];
    }
}
