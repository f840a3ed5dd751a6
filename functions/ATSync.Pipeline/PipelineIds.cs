using System.Security.Cryptography;
using System.Text;
using ATSync.Pipeline.Payloads;

namespace ATSync.Pipeline;

/// <summary>
/// Deterministic instance and job ids. Instance ids start with "{person}:" so a person's jobs can be listed by prefix;
/// a video's id comes from its blob name and content (MD5, else ETag), so the same upload seen twice (duplicate Event
/// Grid delivery, a poll after a restart) maps to the same orchestration and never starts a second pipeline.
/// Job ids sent to the worker use only [a-z0-9-].
/// </summary>
public static class PipelineIds
{
    public static string ForVideo(VideoUpload upload) =>
        $"{upload.PersonId}:video:{ShortHash($"{upload.Video}|{upload.ContentMd5 ?? upload.ETag}")}";

    public static string ForTraining(string personId, string requestKey) => $"{personId}:train:{ShortHash(requestKey)}";

    public static string ForLipsync(string personId, string jobId) => $"{personId}:lipsync:{jobId}";

    /// <summary>A worker job id derived from the orchestration instance: a replay or a resubmission names the same job.</summary>
    public static string JobIdFor(string instanceId, string kind)
    {
        var person = instanceId.Split(':')[0];
        return $"{kind}-{person}-{ShortHash(instanceId)}";
    }

    /// <summary>A new lip-sync job id (HTTP requests are not idempotent; the client gets it in the 202 response).</summary>
    public static string NewLipsyncJobId(string personId) => $"lipsync-{personId}-{Guid.NewGuid():N}"[..(21 + personId.Length)];

    public static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
