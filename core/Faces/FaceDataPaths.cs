namespace ATSync.Core.Faces;

/// <summary>Where Debian's packages put the face data the default (download-free) face pipeline uses.</summary>
public static class FaceDataPaths
{
    /// <summary>OpenCV's frontal-face Haar cascade (Debian package opencv-data).</summary>
    public const string HaarFrontalFace = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    /// <summary>dlib's 68-point iBUG shape predictor (Debian package libdlib-data).</summary>
    public const string Dlib68Predictor = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
}
