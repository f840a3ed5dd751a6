using ATSync.Core.Audio;
using ATSync.Core.Media;
using ATSync.Core.Model;
using ATSync.Tests.Support;
using OpenCvSharp;

namespace ATSync.Tests.Inference;

/// <summary>Inputs for inference tests: a fresh (random-weight) model, audio cut or made with ffmpeg, decoded outputs.</summary>
internal static class InferenceInputs
{
    public static string GridVideo => SharedAssets.Media("grid_bbaf2n.mpg");

    /// <summary>A fresh mel-mode LipSyncNet saved as a checkpoint: random weights, enough for the plumbing.</summary>
    public static string MelModel(TempDirectory temp)
    {
        var path = temp.File("model.pth");
        using var model = new LipSyncNet(AudioFeatureKind.Mel);
        LipSyncCheckpoint.Save(model, path);
        return path;
    }

    /// <summary>The first seconds of the stereo speech file, kept stereo and at its own rate.</summary>
    public static async Task<string> SpeechAsync(TempDirectory temp, double seconds)
    {
        var path = temp.File($"speech_{seconds}s.wav");
        await ExternalTool.FfmpegAsync("-i", SharedAssets.Media("speech_8s_stereo.wav"), "-t", Seconds(seconds), path);
        return path;
    }

    /// <summary>Tone / silence / tone ("speech" and a silent gap for voice activity), 16 kHz mono.</summary>
    public static async Task<string> ToneGapToneAsync(TempDirectory temp, double tone, double gap)
    {
        var path = temp.File("tone_gap_tone.wav");
        await ExternalTool.FfmpegAsync(
            "-f", "lavfi", "-i", $"sine=frequency=220:sample_rate=16000:duration={Seconds(tone)}",
            "-f", "lavfi", "-i", $"anullsrc=r=16000:cl=mono:d={Seconds(gap)}",
            "-f", "lavfi", "-i", $"sine=frequency=330:sample_rate=16000:duration={Seconds(tone)}",
            "-filter_complex", "[0:a][1:a][2:a]concat=n=3:v=0:a=1[a]", "-map", "[a]", "-ac", "1", path);
        return path;
    }

    public static async Task<string> ToneAsync(TempDirectory temp, double seconds)
    {
        var path = temp.File("tone.wav");
        await ExternalTool.FfmpegAsync("-f", "lavfi", "-i", $"sine=frequency=220:sample_rate=16000:duration={Seconds(seconds)}", path);
        return path;
    }

    public static async Task<string> SilenceAsync(TempDirectory temp, double seconds)
    {
        var path = temp.File("silence.wav");
        await ExternalTool.FfmpegAsync("-f", "lavfi", "-i", $"anullsrc=r=16000:cl=mono:d={Seconds(seconds)}", path);
        return path;
    }

    /// <summary>Every frame of a (short) video, decoded at 25 fps.</summary>
    public static async Task<List<Mat>> FramesAsync(string path)
    {
        var reader = await VideoFrameReader.OpenAsync(path);
        var frames = new List<Mat>();
        await foreach (var frame in reader.ReadFramesAsync())
            using (frame)
                frames.Add(frame.CloneMat());
        return frames;
    }

    /// <summary>Mean absolute difference of two images (or the same rectangle of both), in grey levels.</summary>
    public static double MeanAbsDiff(Mat a, Mat b, Rect? region = null)
    {
        var r = region ?? new Rect(0, 0, a.Width, a.Height);
        using var x = new Mat(a, r);
        using var y = new Mat(b, r);
        using var diff = new Mat();
        Cv2.Absdiff(x, y, diff);
        var mean = Cv2.Mean(diff);
        return (mean.Val0 + mean.Val1 + mean.Val2) / 3;
    }

    private static string Seconds(double s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
