using System.Text.Json;
using ATSync.Worker.Client;

namespace ATSync.Worker.Service;

/// <summary>The job API: <c>POST /v1/jobs</c>, <c>GET /v1/jobs/{id}</c>, <c>DELETE /v1/jobs/{id}</c> (all behind the
/// API key) and <c>GET /healthz</c>.</summary>
public static class JobEndpoints
{
    // Stricter than the shared options on the way in: a missing required member, a null where none is allowed or an
    // unknown member is a 400 that names it, not a half-empty job.
    private static readonly JsonSerializerOptions StrictJson = new(WorkerJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static void MapJobEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", (RunningJobs running, JobQueue queue) => Results.Ok(new { status = "ok", running = running.Count, queued = queue.Count }))
            .WithSummary("Liveness: the worker is up.");

        var jobs = app.MapGroup("/v1/jobs").AddEndpointFilter<ApiKeyFilter>().WithTags("jobs")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        jobs.MapPost("/", SubmitAsync)
            .Accepts<JobSpec>("application/json")
            .Produces<JobStatus>(StatusCodes.Status202Accepted)
            .Produces<JobStatus>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Submit a job (idempotent on its id: the same spec again returns the existing job, 200).");
        jobs.MapGet("/{id}", GetAsync)
            .Produces<JobStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A job's state, stage, progress, timings, result URIs or error.");
        jobs.MapDelete("/{id}", CancelAsync)
            .Produces<JobStatus>()
            .Produces<JobStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Cancel a job: a queued one at once (200), a running one promptly (202, then cancelled).");
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, JobSpecValidator validator, BlobJobStore store, JobQueue queue,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        JobSpec? spec;
        try
        {
            spec = await JsonSerializer.DeserializeAsync<JobSpec>(request.Body, StrictJson, cancellationToken);
        }
        catch (JsonException e)
        {
            var hint = e.Path == "$.kind" ? "'kind' must be train or infer" : $"not a readable job at {e.Path ?? "$"}: {e.Message}";
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [hint] },
                title: "Malformed job spec");
        }
        if (validator.Validate(spec, out var errors) is not { } job)
            return Results.ValidationProblem(errors, title: "Invalid job spec");

        var record = new JobRecord(job.Spec, JobState.Queued, new JobTimings(clock.GetUtcNow()), Stage: "queued");
        var (stored, created) = await store.CreateAsync(record, cancellationToken);
        if (!created)
        {
            if (!JobSpecEquivalence.Same(stored.Spec, job.Spec))
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job id in use",
                    detail: $"job '{job.Spec.Id}' exists with a different spec; submit a new id for a different job");
            return Results.Ok(stored.ToStatus());
        }
        queue.Enqueue(stored.Id);
        loggers.CreateLogger(typeof(JobEndpoints)).LogInformation("job {Id}: {Kind} accepted", stored.Id, stored.Spec.Kind);
        return Results.Accepted($"/v1/jobs/{Uri.EscapeDataString(stored.Id)}", stored.ToStatus());
    }

    private static async Task<IResult> GetAsync(string id, BlobJobStore store, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad) return bad;
        return await store.GetAsync(id, cancellationToken) is { } record ? Results.Ok(record.ToStatus()) : NotFound(id);
    }

    private static async Task<IResult> CancelAsync(string id, BlobJobStore store, RunningJobs running, CallbackNotifier callbacks,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad) return bad;
        var update = await store.UpdateAsync(id, r => r.State switch
        {
            JobState.Queued => r.Finish(JobState.Cancelled, clock.GetUtcNow(), error: "cancelled on request") with { CancelRequested = true },
            JobState.Running when !r.CancelRequested => r with { CancelRequested = true },
            _ => null,
        }, cancellationToken);
        if (update is not { Record: var record }) return NotFound(id);
        // Running here: stop it now; running on another worker: its heartbeat reads the flag.
        if (record.State == JobState.Running) running.Cancel(id);
        if (record.State == JobState.Cancelled && update.Value.Changed) callbacks.Notify(id);
        return record.State.IsFinal() ? Results.Ok(record.ToStatus()) : Results.Accepted($"/v1/jobs/{Uri.EscapeDataString(id)}", record.ToStatus());
    }

    /// <summary>The id rule of submission applies to every route: the id names a blob in the record container, and an
    /// id no job can have should not reach storage as one (a 400 says why, where a 404 would hide a malformed id).</summary>
    private static IResult? BadId(string id) => JobSpecValidator.IdPattern().IsMatch(id)
        ? null
        : Results.ValidationProblem(new Dictionary<string, string[]>
        {
            ["id"] = [$"'{new string(id.Take(140).Select(c => char.IsControl(c) ? '?' : c).ToArray())}' is not a job id: 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit"],
        }, title: "Invalid job id");

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such job", detail: $"this worker has no job '{id}'");
}
