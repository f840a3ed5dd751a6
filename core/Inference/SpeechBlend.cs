namespace ATSync.Core.Inference;

/// <summary>
/// How much of the generated mouth each output frame shows: 1 in speech, 0 in silence (the source frame is kept
/// untouched, so the mouth stays closed and natural), and a linear ramp over the silent frames next to speech.
/// The ramp lies in the silence, not the speech, so no syllable is muted.
/// </summary>
public static class SpeechBlend
{
    /// <param name="speech">Voice activity per output frame.</param>
    /// <param name="fadeFrames">Length of each ramp (0: hard cuts).</param>
    public static float[] Weights(IReadOnlyList<bool> speech, int fadeFrames)
    {
        ArgumentNullException.ThrowIfNull(speech);
        ArgumentOutOfRangeException.ThrowIfNegative(fadeFrames);
        int n = speech.Count;
        // Distance of each frame to the nearest speech frame, in two passes.
        var distance = new int[n];
        int last = int.MinValue / 2;
        for (int i = 0; i < n; i++)
        {
            if (speech[i]) last = i;
            distance[i] = i - last;
        }
        last = int.MaxValue / 2;
        for (int i = n - 1; i >= 0; i--)
        {
            if (speech[i]) last = i;
            distance[i] = Math.Min(distance[i], last - i);
        }
        var weights = new float[n];
        for (int i = 0; i < n; i++)
            weights[i] = distance[i] == 0 ? 1 : distance[i] > fadeFrames ? 0 : 1 - distance[i] / (float)(fadeFrames + 1);
        return weights;
    }
}
