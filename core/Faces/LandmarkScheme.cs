namespace ATSync.Core.Faces;

/// <summary>Which landmark layout a set of points follows.</summary>
public enum LandmarkScheme
{
    /// <summary>iBUG 300-W 68 points (dlib, and the 68-point ONNX model): ATSync's own datasets.</summary>
    Ibug68 = 68,

    /// <summary>The reference Python tool's 110-point layout: datasets it made are readable too.</summary>
    Reference110 = 110,
}
