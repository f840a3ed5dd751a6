using ATSync.Tests.Support;
using ATSync.Worker.Client;
using ATSync.Worker.Service;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ATSync.Tests.WorkerService;

/// <summary>The job records' optimistic concurrency against a real Azurite: one id is one record, racing claims have
/// exactly one winner, and concurrent updates are all applied (none overwrites another).</summary>
[Collection(AzuriteCollection.Name)]
public class BlobJobStoreTests(AzuriteFixture fixture)
{
    private BlobJobStore NewStore(string container) =>
        new(new BlobServiceClient(fixture.Azurite.ConnectionString), Options.Create(new WorkerOptions { JobsContainer = container }));

    private static JobRecord Queued(string id) => new(
        new JobSpec(id, JobKind.Infer, new Dictionary<string, string>(), new Dictionary<string, string>()),
        JobState.Queued, new JobTimings(DateTimeOffset.UtcNow));

    [Fact]
    public async Task OneIdIsOneRecordAndRacingClaimsHaveOneWinner()
    {
        var store = NewStore("store-claims");
        var (first, created) = await store.CreateAsync(Queued("race-1"), CancellationToken.None);
        Assert.True(created);
        var (second, createdAgain) = await store.CreateAsync(Queued("race-1") with { Stage = "other" }, CancellationToken.None);
        Assert.False(createdAgain);
        Assert.Equal(first.Timings, second.Timings);

        // Eight workers (separate clients) try to claim the same queued job at once.
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() => NewStore("store-claims").UpdateAsync("race-1",
            r => r.State == JobState.Queued ? r with { State = JobState.Running, Owner = $"worker-{worker}", Attempt = r.Attempt + 1 } : null,
            CancellationToken.None))));
        var winners = claims.Where(c => c is { Changed: true }).ToList();
        Assert.Single(winners);
        var stored = await store.GetAsync("race-1", CancellationToken.None);
        Assert.Equal(winners[0]!.Value.Record.Owner, stored!.Owner);
        Assert.Equal(1, stored.Attempt);
        Assert.Equal(["race-1"], await store.ListIdsAsync(s => s == JobState.Running, CancellationToken.None));
        Assert.Empty(await store.ListIdsAsync(s => s == JobState.Queued, CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentUpdatesAreAllApplied()
    {
        var store = NewStore("store-updates");
        await store.CreateAsync(Queued("count-1"), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => NewStore("store-updates").UpdateAsync("count-1",
            r => r with { CallbackAttempts = r.CallbackAttempts + 1 }, CancellationToken.None))));
        Assert.Equal(10, (await store.GetAsync("count-1", CancellationToken.None))!.CallbackAttempts);
        Assert.Null(await store.UpdateAsync("absent", r => r, CancellationToken.None));
    }
}
