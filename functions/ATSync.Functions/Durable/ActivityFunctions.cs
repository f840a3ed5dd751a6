using ATSync.Pipeline.Activities;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using ATSync.Worker.Client;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ATSync.Functions.Durable;

/// <summary>[Function] entry points of the pipeline's class-based activities; each resolves the activity from DI and
/// runs it. Function names are the activities' task names (what the orchestrators call).</summary>
public sealed class ActivityFunctions(IServiceProvider services)
{
    [Function(CheckVideoActivity.Name)]
    public Task<VideoCheck> RunCheckVideo([ActivityTrigger] VideoUpload input, FunctionContext context) =>
        services.GetRequiredService<CheckVideoActivity>().RunAsync(new FunctionActivityContext(CheckVideoActivity.Name, context), input);

    [Function(RejectVideoActivity.Name)]
    public Task<BlobRef> RunRejectVideo([ActivityTrigger] RejectVideoInput input, FunctionContext context) =>
        services.GetRequiredService<RejectVideoActivity>().RunAsync(new FunctionActivityContext(RejectVideoActivity.Name, context), input);

    [Function(ScanSegmentActivity.Name)]
    public Task<SegmentScanResult> RunScanSegment([ActivityTrigger] SegmentScanInput input, FunctionContext context) =>
        services.GetRequiredService<ScanSegmentActivity>().RunAsync(new FunctionActivityContext(ScanSegmentActivity.Name, context), input);

    [Function(ExtractAudioFeaturesActivity.Name)]
    public Task<AudioFeaturesResult> RunExtractAudioFeatures([ActivityTrigger] AudioFeaturesInput input, FunctionContext context) =>
        services.GetRequiredService<ExtractAudioFeaturesActivity>().RunAsync(new FunctionActivityContext(ExtractAudioFeaturesActivity.Name, context), input);

    [Function(AssembleDatasetActivity.Name)]
    public Task<DatasetResult> RunAssembleDataset([ActivityTrigger] AssembleDatasetInput input, FunctionContext context) =>
        services.GetRequiredService<AssembleDatasetActivity>().RunAsync(new FunctionActivityContext(AssembleDatasetActivity.Name, context), input);

    [Function(SubmitWorkerJobActivity.Name)]
    public Task<JobStatus> RunSubmitWorkerJob([ActivityTrigger] SubmitJobInput input, FunctionContext context) =>
        services.GetRequiredService<SubmitWorkerJobActivity>().RunAsync(new FunctionActivityContext(SubmitWorkerJobActivity.Name, context), input);

    [Function(GetWorkerJobActivity.Name)]
    public Task<JobPoll> RunGetWorkerJob([ActivityTrigger] string input, FunctionContext context) =>
        services.GetRequiredService<GetWorkerJobActivity>().RunAsync(new FunctionActivityContext(GetWorkerJobActivity.Name, context), input);

    [Function(CancelWorkerJobActivity.Name)]
    public Task<bool> RunCancelWorkerJob([ActivityTrigger] string input, FunctionContext context) =>
        services.GetRequiredService<CancelWorkerJobActivity>().RunAsync(new FunctionActivityContext(CancelWorkerJobActivity.Name, context), input);

    [Function(PublishModelActivity.Name)]
    public Task<PersonModel> RunPublishModel([ActivityTrigger] PublishModelInput input, FunctionContext context) =>
        services.GetRequiredService<PublishModelActivity>().RunAsync(new FunctionActivityContext(PublishModelActivity.Name, context), input);

    [Function(ResolvePersonModelActivity.Name)]
    public Task<PersonModel?> RunResolvePersonModel([ActivityTrigger] string input, FunctionContext context) =>
        services.GetRequiredService<ResolvePersonModelActivity>().RunAsync(new FunctionActivityContext(ResolvePersonModelActivity.Name, context), input);

    [Function(NormaliseAudioActivity.Name)]
    public Task<BlobRef> RunNormaliseAudio([ActivityTrigger] NormaliseAudioInput input, FunctionContext context) =>
        services.GetRequiredService<NormaliseAudioActivity>().RunAsync(new FunctionActivityContext(NormaliseAudioActivity.Name, context), input);
}
