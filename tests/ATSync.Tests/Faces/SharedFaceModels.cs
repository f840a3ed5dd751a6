using ATSync.Core.Faces;
using ATSync.Core.Faces.Dlib;

namespace ATSync.Tests.Faces;

/// <summary>The dlib predictor and Haar detector loaded once for all face tests (loading 100 MB per test is slow).</summary>
public sealed class SharedFaceModels : IDisposable
{
    private readonly Lazy<DlibShapePredictor> _dlib = new(() => new DlibShapePredictor());
    private readonly Lazy<HaarFaceDetector> _haar = new(() => new HaarFaceDetector());

    public DlibShapePredictor Dlib
    {
        get
        {
            Skip.IfNot(File.Exists(FaceDataPaths.Dlib68Predictor), $"{FaceDataPaths.Dlib68Predictor} is absent (Debian package libdlib-data)");
            return _dlib.Value;
        }
    }

    public HaarFaceDetector Haar
    {
        get
        {
            Skip.IfNot(File.Exists(FaceDataPaths.HaarFrontalFace), $"{FaceDataPaths.HaarFrontalFace} is absent (Debian package opencv-data)");
            return _haar.Value;
        }
    }

    public void Dispose()
    {
        if (_dlib.IsValueCreated) _dlib.Value.Dispose();
        if (_haar.IsValueCreated) _haar.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class FaceModelsCollection : ICollectionFixture<SharedFaceModels>
{
    public const string Name = "Face models";
}
