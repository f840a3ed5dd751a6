using ATSync.Core.Audio;
using ATSync.Tests.Support;

namespace ATSync.Tests.Audio;

/// <summary>
/// tools/encoders/export_hubert.py against its consumer: a randomly initialised HuBERT-large of the real configuration
/// (2 of its 24 encoder layers, to keep the test short) exported to ONNX opens with <see cref="HubertFeatureExtractor"/>'s
/// contract and yields its 50 Hz rows; the script's own unit tests (a transformers-named checkpoint with weight norm
/// loads to the same function) pass. Needs a Python with torch and onnx (Debian: apt-get install python3-torch
/// python3-onnx); skipped where there is none, saying so.
/// </summary>
public sealed class HubertExportScriptTests
{
    private static readonly string Tools = Path.Combine(SharedAssets.RepoRoot, "tools", "encoders");

    [SkippableFact]
    public async Task A_random_hubert_large_exports_to_the_signature_atsync_reads()
    {
        var python = await PythonWithTorchAsync();
        Skip.If(python is null, "no Python with torch and onnx here (apt-get install python3-torch python3-onnx)");
        using var scratch = new TempDirectory();
        var onnx = scratch.File("hubert_random.onnx");

        var export = await ExternalTool.RunAsync(python!, [Path.Combine(Tools, "export_hubert.py"), "--random", "--layers", "2", "--output", onnx],
            TimeSpan.FromMinutes(5));
        Assert.True(export.ExitCode == 0, export.StdErr);
        Assert.Contains("rows = floor((N - 400) / 320) + 1", export.StdOut);

        using var extractor = new HubertFeatureExtractor(onnx);
        var audio = TestSignals.Voice(40000); // 2.5 s
        var features = extractor.Extract(audio, 62);
        Assert.Equal([62, 2, 1024], features.Shape);
        int states = HubertFeatureExtractor.ExpectedStates(audio.Length);
        Assert.Equal(124, states);
        Assert.True(features.Data.All(float.IsFinite), "non-finite features");
        Assert.True(features.Row(30).ContainsAnyExcept(0f));

        var unit = await ExternalTool.RunAsync(python!, [Path.Combine(Tools, "test_export_hubert.py")], TimeSpan.FromMinutes(5));
        Assert.True(unit.ExitCode == 0, unit.StdErr);
    }

    /// <summary>python3 on PATH, else Debian's, whichever imports torch and onnx.</summary>
    private static async Task<string?> PythonWithTorchAsync()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var probe = await ExternalTool.RunAsync(candidate, ["-c", "import torch, onnx"], TimeSpan.FromMinutes(1));
                if (probe.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name.
            }
        }
        return null;
    }
}
