using Microsoft.ML.OnnxRuntime;

namespace ATSync.Core.Faces.Onnx;

/// <summary>Session settings for the small per-frame face models: one thread each, because frames run in parallel.</summary>
internal static class FaceModelSession
{
    public static SessionOptions Options() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        // Exported models often list initializers as inputs; ONNX Runtime warns once per tensor. Not our user's problem.
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
    };
}
