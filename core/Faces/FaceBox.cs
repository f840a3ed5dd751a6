namespace ATSync.Core.Faces;

/// <summary>An axis-aligned face box in full-frame pixels, with the detector's confidence.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height, float Score)
{
    public float CenterX => X + Width / 2;
    public float CenterY => Y + Height / 2;
}
