using ATSync.Core.Audio;
using ATSync.Core.Faces;
using ATSync.Core.Inference;
using ATSync.Core.Media;
using ATSync.Tests.Support;
using OpenCvSharp;

namespace ATSync.Tests.Inference;

/// <summary>
/// The report's sync proxy checked on real talking frames: the mouth measure of the Obama clip's own crops follows
/// its own audio's loudness better than the loudness of the same audio shifted by 1-4 s.
/// </summary>
public class SyncProxyTests
{
    [SkippableFact]
    public async Task MouthOpeningOfRealSpeechFollowsItsOwnAudioBetterThanShiftedAudio()
    {
        var video = SharedAssets.Media("obama_20s.mp4");
        using var clip = await SourceClipLoader.LoadAsync(video, null, FacePipelineFactory.Haar, FacePipelineFactory.Dlib68, null, CancellationToken.None);
        var samples = await AudioDecoder.Decode16kMonoAsync(video);
        int frames = clip.FrameCount;
        var speech = new VoiceActivityDetector().Detect(samples, frames);
        var loudness = MouthOpening.Loudness(samples, frames);
        var opening = new double[frames];
        var chw = new float[3 * 160 * 160];
        for (int i = 0; i < frames; i++)
        {
            using var frame = clip.Decode(i);
            using var crop = clip.Crops[i].CutNetworkInput(frame);
            for (int y = 0; y < 160; y++)
                for (int x = 0; x < 160; x++)
                {
                    var p = crop.At<Vec3b>(y, x);
                    for (int c = 0; c < 3; c++) chw[c * 25600 + y * 160 + x] = p[c] / 255f;
                }
            opening[i] = MouthOpening.Measure(chw);
        }

        double Correlation(int shift)
        {
            var pairs = Enumerable.Range(0, frames - shift).Where(t => speech[t]).ToList();
            return MouthOpening.Pearson(pairs.Select(t => opening[t]).ToList(), pairs.Select(t => loudness[t + shift]).ToList())!.Value;
        }

        double own = Correlation(0);
        var shifted = new[] { 25, 50, 75, 100 }.Select(Correlation).ToArray();
        Assert.True(own > 0.1, $"own audio: r = {own:F2}");
        Assert.True(own > shifted.Average() + 0.05, $"own r = {own:F2}, shifted: {string.Join(", ", shifted.Select(r => r.ToString("F2")))}");
    }
}
