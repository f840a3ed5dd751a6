using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>The person's current model (<c>models/{person}/latest.json</c>), or null when none was trained yet.</summary>
[DurableTask(Name)]
public sealed class ResolvePersonModelActivity(PipelineStorage storage) : TaskActivity<string, PersonModel?>
{
    public const string Name = "ResolvePersonModel";

    public override async Task<PersonModel?> RunAsync(TaskActivityContext context, string personId) =>
        await storage.ReadJsonAsync<PersonModel>(ModelBlobs.Latest(personId));
}
