using System.CommandLine;
using ATSync.Core.Diagnostics;

namespace ATSync.Worker.Cli;

/// <summary>`atsync doctor`: loads every native dependency and names exactly what is missing.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check that TorchSharp, ONNX Runtime, OpenCV, ffmpeg and the face data load.");
        command.SetAction(_ =>
        {
            var failed = 0;
            foreach (var status in EnvironmentCheck.Run())
            {
                Console.WriteLine($"{(status.Ok ? "ok     " : "MISSING")} {status.Name}: {status.Detail}");
                if (!status.Ok) failed++;
            }
            if (failed > 0) Console.Error.WriteLine($"atsync doctor: {failed} dependency(ies) missing");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }
}
