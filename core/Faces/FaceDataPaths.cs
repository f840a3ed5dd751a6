namespace ATSync.Core.Faces;

/// <summary>
/// Where the face data the default (download-free) face pipeline uses is found: Debian's packages by default, or one
/// folder named by <see cref="DirectoryVariable"/> (e.g. shipped with the Azure Functions package, where no apt exists).
/// </summary>
public static class FaceDataPaths
{
    /// <summary>A folder holding both files under their usual names; unset: the Debian paths below.</summary>
    public const string DirectoryVariable = "ATSYNC_FACE_DATA_DIR";

    public const string HaarFrontalFaceFileName = "haarcascade_frontalface_default.xml";
    public const string Dlib68PredictorFileName = "shape_predictor_68_face_landmarks.dat";

    /// <summary>OpenCV's frontal-face Haar cascade (Debian package opencv-data).</summary>
    public const string DebianHaarFrontalFace = "/usr/share/opencv4/haarcascades/" + HaarFrontalFaceFileName;

    /// <summary>dlib's 68-point iBUG shape predictor (Debian package libdlib-data).</summary>
    public const string DebianDlib68Predictor = "/usr/share/dlib/" + Dlib68PredictorFileName;

    /// <summary>The Haar cascade in use: in <see cref="DirectoryVariable"/>'s folder when set, else Debian's.</summary>
    public static string HaarFrontalFace => Resolve(HaarFrontalFaceFileName, DebianHaarFrontalFace, Environment.GetEnvironmentVariable(DirectoryVariable));

    /// <summary>The dlib predictor in use: in <see cref="DirectoryVariable"/>'s folder when set, else Debian's.</summary>
    public static string Dlib68Predictor => Resolve(Dlib68PredictorFileName, DebianDlib68Predictor, Environment.GetEnvironmentVariable(DirectoryVariable));

    /// <summary>
    /// <paramref name="fileName"/> inside <paramref name="directory"/>, or <paramref name="fallback"/> when none is
    /// given. A relative directory is taken from the app's own folder (where a Functions package is mounted varies).
    /// </summary>
    public static string Resolve(string fileName, string fallback, string? directory) =>
        string.IsNullOrWhiteSpace(directory) ? fallback : Path.Combine(AppContext.BaseDirectory, directory, fileName);
}
