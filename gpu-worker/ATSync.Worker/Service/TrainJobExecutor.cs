using System.Text.Json;
using ATSync.Core.Training;
using ATSync.Worker.Client;
using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>
/// A train job: the dataset folder (cached) -> <see cref="TrainingJob"/> -> the model folder. After every epoch the
/// checkpoints and the resumable state go to <c>{model}/.partial/</c>, so a retry after a crash resumes from the last
/// epoch. Only when training ends are the final files written to <c>{model}/</c>, model_card.json last: a model folder
/// with a card is complete. Then .partial/ is removed.
/// </summary>
public sealed class TrainJobExecutor(BlobInputCache inputs, BlobOutputWriter outputs, IOptions<WorkerOptions> options,
    ILogger<TrainJobExecutor> logger) : IJobExecutor
{
    public const string PartialFolder = ".partial/";
    private const string ResumeFolder = "resume";
    private const string StateFile = "resume/state.json";
    private const string BestCheckpoint = "best_digital_model_0.pth";
    private const string LastCheckpoint = "last.pth";

    public JobKind Kind => JobKind.Train;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var parameters = TrainParameters.Read(job.Spec.Parameters, out _);
        var modelFolder = job.Outputs[JobRoles.Model];
        var partial = modelFolder.Child(PartialFolder);
        var save = Path.Combine(context.WorkDirectory, "model");
        Directory.CreateDirectory(save);

        // A previous attempt's last saved epoch, if any.
        string? resume = null;
        var previous = await outputs.ListAsync(partial, cancellationToken);
        if (previous.Contains(StateFile))
        {
            await outputs.DownloadFolderAsync(partial, save, cancellationToken);
            var epoch = ReadNextEpoch(Path.Combine(save, StateFile));
            logger.LogInformation("job {Id}: resuming from epoch {Epoch} saved by an earlier attempt", job.Spec.Id, epoch);
            await context.AmendRecordAsync(r => r with { ResumedFromEpoch = epoch });
            resume = save;
        }

        context.Progress.Report(new("download", 0, 1, "dataset"));
        var dataset = await inputs.FetchFolderAsync(job.Inputs[JobRoles.Dataset], cancellationToken);
        context.Progress.Report(new("download", 1, 1, "dataset"));

        var training = new TrainingJobOptions
        {
            DatasetDirectory = dataset,
            SaveDirectory = save,
            Epochs = parameters.Epochs,
            BatchSize = parameters.BatchSize,
            LearningRate = parameters.LearningRate,
            Asr = parameters.Asr,
            Seed = parameters.Seed,
            HoldoutTail = parameters.HoldoutTail,
            Resume = resume,
            Device = options.Value.Device,
            // On the training thread, between epochs: the files are complete and nothing writes them meanwhile.
            EpochSaved = summary => SaveEpochAsync(save, partial, summary, job.Spec.Id, cancellationToken).GetAwaiter().GetResult(),
        };
        var card = await TrainingJob.RunAsync(training, context.Progress, cancellationToken);

        context.Progress.Report(new("upload", 0, 1));
        var files = Checkpoints(save).Concat(ResumeFiles(save)).ToList();
        await outputs.UploadFilesAsync(save, files, modelFolder, cancellationToken);
        await outputs.UploadFilesAsync(save, [ModelCard.FileName], modelFolder, cancellationToken);
        await outputs.DeleteFolderAsync(partial, cancellationToken);
        context.Progress.Report(new("upload", 1, 1));
        logger.LogInformation("job {Id}: {Epochs} epochs trained, model in {Folder}", job.Spec.Id, card.Training.EpochsCompleted, modelFolder);
        return new Dictionary<string, string>
        {
            [JobRoles.Model] = modelFolder.Child(BestCheckpoint).Uri.AbsoluteUri,
            [JobRoles.ModelCard] = modelFolder.Child(ModelCard.FileName).Uri.AbsoluteUri,
        };
    }

    private async Task SaveEpochAsync(string save, BlobLocation partial, EpochSummary summary, string id, CancellationToken cancellationToken)
    {
        try
        {
            // state.json last: it is what makes the uploaded model and optimizer state count.
            var files = Checkpoints(save).Concat(ResumeFiles(save).Where(f => f != StateFile.Replace('/', Path.DirectorySeparatorChar)))
                .Append(StateFile.Replace('/', Path.DirectorySeparatorChar));
            await outputs.UploadFilesAsync(save, files, partial, cancellationToken);
            logger.LogInformation("job {Id}: epoch {Epoch} saved to {Partial}", id, summary.Epoch, partial);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: training goes on, and the next epoch's upload tries again; a crash before then resumes earlier.
            logger.LogWarning(e, "job {Id}: could not save epoch {Epoch} to {Partial}", id, summary.Epoch, partial);
        }
    }

    private static IEnumerable<string> Checkpoints(string save) =>
        new[] { BestCheckpoint, LastCheckpoint }.Where(f => File.Exists(Path.Combine(save, f)));

    private static IEnumerable<string> ResumeFiles(string save)
    {
        var folder = Path.Combine(save, ResumeFolder);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => !f.EndsWith(".partial", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(save, f)).Order(StringComparer.Ordinal)
            : [];
    }

    private static int ReadNextEpoch(string statePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(statePath));
        return document.RootElement.TryGetProperty("NextEpoch", out var epoch) ? epoch.GetInt32() : 0;
    }
}
