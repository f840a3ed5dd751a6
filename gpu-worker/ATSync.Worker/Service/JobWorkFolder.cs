using System.Security.Cryptography;
using System.Text;

namespace ATSync.Worker.Service;

/// <summary>
/// The name of a job's working folder under <see cref="WorkerOptions.JobsDirectory"/>: a hash of the job id, so two
/// ids never share a folder (replacing ':' by '_' made "a:b" and "a_b" one folder, and one job's start deleted the
/// other's files) and no id character reaches the file system.
/// </summary>
public static class JobWorkFolder
{
    /// <summary>128 bits of SHA-256 as lowercase hex: collision-free in practice, short enough for any path.</summary>
    public static string NameFor(string jobId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jobId)))[..32];
}
