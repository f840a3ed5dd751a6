using System.Text.Json;
using ATSync.Core.Evaluation;
using ATSync.Core.Model;
using ATSync.Core.Mouth;
using ATSync.Core.Training;
using ATSync.Worker.Client;
using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>
/// A train job: the dataset folder (cached) -> <see cref="TrainingJob"/> -> the model folder. Between epochs the
/// resumable state goes to <c>{model}/.partial/</c> (<see cref="TrainingCheckpointSync"/>), so a retry after a crash
/// resumes from there. Only when training ends are the final files written to <c>{model}/</c>, model_card.json last:
/// a model folder with a card is complete. Then .partial/ is removed. When frames were held out, the best checkpoint is
/// scored on them first (<see cref="Evaluator"/>, as `atsync eval`) and its report and contact sheet go beside it, so a
/// client can see what the model draws before using it.
/// </summary>
public sealed class TrainJobExecutor(BlobInputCache inputs, BlobOutputWriter outputs, IOptions<WorkerOptions> options,
    TimeProvider clock, ILogger<TrainJobExecutor> logger) : IJobExecutor
{
    public const string PartialFolder = ".partial/";
    public const string EvalReportFile = EvaluationOptions.DefaultReportName;
    public const string ContactSheetFile = "eval_contact_sheet.png";

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

        var evaluated = card.Dataset.HeldOutFrames > 0 && await EvaluateAsync(dataset, save, job.Spec.Id, context.Progress, cancellationToken);

        context.Progress.Report(new("upload", 0, 1));
        await outputs.UploadFilesAsync(save, checkpoints.FinalFiles().ToList(), modelFolder, cancellationToken);
        // The CPU profile's first stage sits beside the checkpoint, where infer looks for it; the card goes last.
        if (File.Exists(Path.Combine(save, MouthShapeModel.FileName)))
            await outputs.UploadFilesAsync(save, [MouthShapeModel.FileName], modelFolder, cancellationToken);
        if (evaluated) await outputs.UploadFilesAsync(save, [EvalReportFile, ContactSheetFile], modelFolder, cancellationToken);
        await outputs.UploadFilesAsync(save, [ModelCard.FileName], modelFolder, cancellationToken);
        await outputs.DeleteFolderAsync(partial, cancellationToken);
        context.Progress.Report(new("upload", 1, 1));
        logger.LogInformation("job {Id}: {Epochs} epochs trained, model in {Folder}", job.Spec.Id, card.Training.EpochsCompleted, modelFolder);
        var results = new Dictionary<string, string>
        {
            [JobRoles.Model] = modelFolder.Child(TrainingCheckpointSync.BestCheckpoint).Uri.AbsoluteUri,
            [JobRoles.ModelCard] = modelFolder.Child(ModelCard.FileName).Uri.AbsoluteUri,
        };
        if (evaluated)
        {
            results[JobRoles.EvalReport] = modelFolder.Child(EvalReportFile).Uri.AbsoluteUri;
            results[JobRoles.ContactSheet] = modelFolder.Child(ContactSheetFile).Uri.AbsoluteUri;
        }
        return results;
    }

    /// <summary>
    /// Scores the best checkpoint on the held-out frames into <see cref="EvalReportFile"/> and
    /// <see cref="ContactSheetFile"/>. The model is good to use without them, so a failed eval is logged and leaves
    /// neither file (never a report without its sheet); cancellation still cancels the job.
    /// </summary>
    private async Task<bool> EvaluateAsync(string dataset, string save, string jobId, IProgress<Core.Progress.StageProgress> progress,
        CancellationToken cancellationToken)
    {
        var report = Path.Combine(save, EvalReportFile);
        var sheet = Path.Combine(save, ContactSheetFile);
        try
        {
            var scores = await Evaluator.RunAsync(new EvaluationOptions
            {
                DatasetDirectory = dataset,
                ModelPath = Path.Combine(save, TrainingCheckpointSync.BestCheckpoint),
                ReportPath = report,
                ContactSheetPath = sheet,
            }, progress, cancellationToken);
            if (File.Exists(report) && File.Exists(sheet))
            {
                logger.LogInformation("job {Id}: held-out frames {First}..{Last} scored, contact sheet written", jobId,
                    scores.HeldOutFirst, scores.HeldOutFirst + scores.HeldOutCount - 1);
                return true;
            }
            logger.LogWarning("job {Id}: the held-out eval wrote no contact sheet; the model is published without one", jobId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "job {Id}: the held-out eval failed ({Message}); the model is published without one", jobId, e.Message);
        }
        File.Delete(report);
        File.Delete(sheet);
        return false;
    }

    private static int ReadNextEpoch(string statePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(statePath));
        return document.RootElement.TryGetProperty("NextEpoch", out var epoch) ? epoch.GetInt32() : 0;
    }
}
