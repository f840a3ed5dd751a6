using ATSync.Worker.Service;

namespace ATSync.Tests.WorkerService;

/// <summary>Two runners of one job id (concurrency 2, the id queued twice): the second neither replaces the first's
/// entry nor, when it ends, removes it.</summary>
public class RunningJobsTests
{
    [Fact]
    public void A_second_runner_of_a_running_id_is_refused_and_cannot_remove_the_first()
    {
        var running = new RunningJobs();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        Assert.True(running.TryAdd("job-1", first));
        Assert.False(running.TryAdd("job-1", second));
        Assert.False(running.Remove("job-1", second));
        Assert.True(running.Contains("job-1"));

        // DELETE reaches the runner that really runs the job.
        Assert.True(running.Cancel("job-1"));
        Assert.True(first.IsCancellationRequested);
        Assert.False(second.IsCancellationRequested);

        Assert.True(running.Remove("job-1", first));
        Assert.False(running.Contains("job-1"));
        Assert.True(running.TryAdd("job-1", second));
    }

    [Fact]
    public void Work_folders_are_distinct_hashes_of_the_id()
    {
        // The old name replaced ':' by '_', so these two jobs shared (and deleted) one folder.
        var colon = JobWorkFolder.NameFor("person:1");
        var underscore = JobWorkFolder.NameFor("person_1");
        Assert.NotEqual(colon, underscore);
        Assert.Equal(colon, JobWorkFolder.NameFor("person:1"));
        Assert.Matches("^[0-9a-f]{32}$", colon);
    }

    [Theory]
    [InlineData("job-1", true)]
    [InlineData("wj:test:train-1.a_b", true)]
    [InlineData("job-1\n", false)]
    [InlineData("../etc", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void Job_ids_match_the_whole_pattern(string id, bool valid) =>
        Assert.Equal(valid, JobSpecValidator.IdPattern().IsMatch(id));
}
