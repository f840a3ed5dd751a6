namespace ATSync.Core.Faces;

/// <summary>How much a sequence of crops shakes: the mean frame-to-frame movement of the crop centre, as a fraction of
/// the crop side (0 = perfectly still; 0.01 = the centre moves 1% of the side per frame on average).</summary>
public static class CropJitter
{
    public static double Measure(IReadOnlyList<FaceCropRegion> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.Count < 2) return 0;
        double sum = 0;
        for (int i = 1; i < crops.Count; i++)
        {
            double dx = crops[i].CenterX - crops[i - 1].CenterX, dy = crops[i].CenterY - crops[i - 1].CenterY;
            double side = (crops[i].Side + crops[i - 1].Side) / 2.0;
            sum += Math.Sqrt(dx * dx + dy * dy) / side;
        }
        return sum / (crops.Count - 1);
    }
}
