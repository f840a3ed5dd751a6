using ATSync.Core.Model;
using ATSync.Core.Mouth;
using System.Text.Json;
using ATSync.Core.Training;
using ATSync.Worker.Client;
using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>
/// A train job: the dataset folder (cached) -> <see cref="TrainingJob"/> -> the model folder. Between epochs the
/// resumable state goes to <c>{model}/.partial/</c> (<see cref="TrainingCheckpointSync"/>), so a retry after a crash
/// resumes from there. Only when training ends are the final files written to <c>{model}/</c>, model_card.json last:
/// a model folder with a card is complete. Then .partial/ is removed.
/// </summary>
public sealed class TrainJobExecutor(BlobInputCache inputs, BlobOutputWriter outputs, IOptions<WorkerOptions> options,
    TimeProvider clock, ILogger<TrainJobExecutor> logger) : IJobExecutor
{
    public const string PartialFolder = ".partial/";

    public JobKind Kind => JobKind.Train;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var parameters = TrainParameters.Read(job.Spec.Parameters, out _);
        var modelFolder = job.Outputs[JobRoles.Model];
        var partial = modelFolder.Child(PartialFolder);
        var save = Path.Combine(context.WorkDirectory, "model");
        Directory.CreateDirectory(save);
        var checkpoints = new TrainingCheckpointSync(outputs, save, partial, options.Value.CheckpointInterval, clock, logger, job.Spec.Id);

        // A previous attempt's last saved epoch, if any.
        string? resume = null;
        if (await checkpoints.DownloadSavedAsync(cancellationToken))
        {
            var epoch = ReadNextEpoch(Path.Combine(save, TrainingCheckpointSync.StateFile));
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
            MaxDuration = parameters.MaxDuration,
            Profile = parameters.Profile is { } profile ? ModelProfileChoice.Name(profile) : "auto",
            Resume = resume,
            Device = options.Value.Device,
            EpochSaved = summary => checkpoints.EpochSaved(summary, cancellationToken),
        };
        var card = await TrainingJob.RunAsync(training, context.Progress, cancellationToken);

        context.Progress.Report(new("upload", 0, 1));
        await outputs.UploadFilesAsync(save, checkpoints.FinalFiles().ToList(), modelFolder, cancellationToken);
        // The CPU profile's first stage sits beside the checkpoint, where infer looks for it; the card goes last.
        if (File.Exists(Path.Combine(save, MouthShapeModel.FileName)))
            await outputs.UploadFilesAsync(save, [MouthShapeModel.FileName], modelFolder, cancellationToken);
        await outputs.UploadFilesAsync(save, [ModelCard.FileName], modelFolder, cancellationToken);
        await outputs.DeleteFolderAsync(partial, cancellationToken);
        context.Progress.Report(new("upload", 1, 1));
        logger.LogInformation("job {Id}: {Epochs} epochs trained, model in {Folder}", job.Spec.Id, card.Training.EpochsCompleted, modelFolder);
        return new Dictionary<string, string>
        {
            [JobRoles.Model] = modelFolder.Child(TrainingCheckpointSync.BestCheckpoint).Uri.AbsoluteUri,
            [JobRoles.ModelCard] = modelFolder.Child(ModelCard.FileName).Uri.AbsoluteUri,
        };
    }

    private static int ReadNextEpoch(string statePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(statePath));
        return document.RootElement.TryGetProperty("NextEpoch", out var epoch) ? epoch.GetInt32() : 0;
    }
}
