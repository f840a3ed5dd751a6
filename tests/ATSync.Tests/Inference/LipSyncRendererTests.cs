using System.Globalization;
using ATSync.Core.Audio;
using ATSync.Core.Export;
using ATSync.Core.Faces;
using ATSync.Core.Model;
using ATSync.Core.Inference;
using ATSync.Tests.Media;
using ATSync.Tests.Support;
using OpenCvSharp;

namespace ATSync.Tests.Inference;

/// <summary>
/// `atsync infer`'s pipeline on real media (a 3 s GRID clip), real ffmpeg and both real engines, with a fresh
/// random-weight model: the plumbing, frame order, engines' agreement and silence handling.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public class LipSyncRendererTests
{
    private static LipSyncRenderOptions Options(string video, string audio, string model, string output,
        InferenceEngine? engine = null) => new()
        {
            InputVideo = video,
            InputAudio = audio,
            ModelPath = model,
            OutputPath = output,
            BatchSize = 16,
            Engine = engine,
        };

    [SkippableFact]
    public async Task AudioLongerThanTheVideoPlaysTheClipForwardThenBackward()
    {
        using var temp = new TempDirectory();
        // A 1 s clip (25 frames) whose top band shows a bar 10 px per frame number, so each output frame's source
        // can be read back from the pixels. Silent audio: every output frame is its source frame, untouched.
        var clip = temp.File("numbered.mp4");
        await ExternalTool.FfmpegAsync("-i", InferenceInputs.GridVideo, "-t", "1",
            "-vf", "geq=lum='if(lt(Y,16),if(lt(X,N*10+5),235,16),lum(X,Y))':cb='if(lt(Y,16),128,cb(X,Y))':cr='if(lt(Y,16),128,cr(X,Y))'",
            "-an", "-c:v", "libx264", "-crf", "10", clip);
        var audio = await InferenceInputs.SilenceAsync(temp, 2.4);
        var output = temp.File("out.mp4");

        var report = await LipSyncRenderer.RunAsync(Options(clip, audio, InferenceInputs.MelModel(temp), output));

        Assert.Equal(60, report.Frames);
        Assert.Equal(25, report.SourceFrames);
        Assert.Equal(60, report.SilentFrames);
        Assert.Equal(0, report.GeneratedFrames);
        var frames = await InferenceInputs.FramesAsync(output);
        Assert.Equal(60, frames.Count);
        var shown = frames.Select(BarFrameNumber).ToArray();
        var expected = Enumerable.Range(0, 60).Select(t => SourceClip.PingPong(t, 25)).ToArray();
        Assert.Equal(expected, shown);
        frames.ForEach(f => f.Dispose());
    }

    /// <summary>The frame number drawn as a bar in the top band: bright pixels of row 8, 10 per frame.</summary>
    private static int BarFrameNumber(Mat frame)
    {
        int bright = 0, width = frame.Width;
        for (int x = 0; x < width; x++)
            if (frame.At<Vec3b>(8, x).Item1 > 128) bright++;
        return (int)Math.Round((bright - 5) / 10.0);
    }

    [SkippableFact]
    public async Task OnnxEngineRendersNearlyTheSameFramesAsTorch()
    {
        using var temp = new TempDirectory();
        var model = InferenceInputs.MelModel(temp);
        // 0.6 s tone, 0.4 s silence, 0.6 s tone (voice activity needs some quiet to set its floor).
        var audio = await InferenceInputs.ToneGapToneAsync(temp, tone: 0.6, gap: 0.4);
        var torchOut = temp.File("torch.mp4");
        var onnxOut = temp.File("onnx.mp4");

        var torch = await LipSyncRenderer.RunAsync(Options(InferenceInputs.GridVideo, audio, model, torchOut));
        var onnx = await LipSyncRenderer.RunAsync(Options(InferenceInputs.GridVideo, audio, model, onnxOut, InferenceEngine.Onnx));

        Assert.Equal("torch", torch.Engine);
        Assert.Equal("onnx", onnx.Engine);
        Assert.True(torch.GeneratedFrames > 20, $"{torch.GeneratedFrames} generated frames");
        Assert.Equal(torch.GeneratedFrames, onnx.GeneratedFrames);
        var a = await InferenceInputs.FramesAsync(torchOut);
        var b = await InferenceInputs.FramesAsync(onnxOut);
        var source = await InferenceInputs.FramesAsync(InferenceInputs.GridVideo);
        foreach (int t in new[] { 7, 32 }) // mid-tone frames: generated mouths
        {
            double engines = InferenceInputs.MeanAbsDiff(a[t], b[t]), generated = InferenceInputs.MeanAbsDiff(a[t], source[t]);
            Assert.True(engines < 2, $"frame {t}: torch vs onnx {engines:F2} grey levels");
            // ... and both really show generated pixels (a random model's face differs from the source's).
            Assert.True(generated > engines + 1, $"frame {t}: torch vs source only {generated:F2}");
        }
    }

    [SkippableFact]
    public async Task SilentGapKeepsTheSourceMouthAndSpeechReplacesIt()
    {
        using var temp = new TempDirectory();
        // 0.8 s tone, 1.2 s silence, 0.8 s tone: frames 0-19 speech, 20-49 silent, 50-69 speech.
        var audio = await InferenceInputs.ToneGapToneAsync(temp, tone: 0.8, gap: 1.2);
        var output = temp.File("out.mp4");
        var report = await LipSyncRenderer.RunAsync(Options(InferenceInputs.GridVideo, audio, InferenceInputs.MelModel(temp), output));

        Assert.Equal(70, report.Frames);
        Assert.InRange(report.SilentFrames, 20, 30);
        var rendered = await InferenceInputs.FramesAsync(output);
        var source = await InferenceInputs.FramesAsync(InferenceInputs.GridVideo);
        using var clip = await SourceClipLoader.LoadAsync(InferenceInputs.GridVideo, null, FacePipelineFactory.Haar,
            FacePipelineFactory.Dlib68, null, CancellationToken.None);

        // The face square's difference from the source, against the whole frame's: re-encoding the noisy MPEG-1
        // source with H.264 alone differs by ~2.6 grey levels everywhere (measured: whole 2.6, face 3.0 in silence,
        // face ~9 where a random model's mouth is pasted).
        double Mouth(int t) => InferenceInputs.MeanAbsDiff(rendered[t], source[t], clip.Crops[t].ToRect());
        double Noise(int t) => InferenceInputs.MeanAbsDiff(rendered[t], source[t]);
        // Mid-gap (past the VAD's hangover and the cross-fade on both sides): the source, up to the encoding noise.
        for (int t = 30; t <= 44; t++) Assert.True(Mouth(t) < Noise(t) + 1, $"silent frame {t}: face differs by {Mouth(t):F2}, frame by {Noise(t):F2}");
        for (int t = 5; t <= 15; t++) Assert.True(Mouth(t) > Noise(t) + 3, $"speech frame {t}: face differs by only {Mouth(t):F2}");
        for (int t = 55; t <= 65; t++) Assert.True(Mouth(t) > Noise(t) + 3, $"speech frame {t}: face differs by only {Mouth(t):F2}");
        // The cross-fade: entering and leaving the gap, frames in between (partly generated), not a jump.
        Assert.Contains(Enumerable.Range(20, 10), t => Mouth(t) > Noise(t) + 1 && Mouth(t) < 0.8 * Mouth(10));
        Assert.Contains(Enumerable.Range(42, 8), t => Mouth(t) > Noise(t) + 1 && Mouth(t) < 0.8 * Mouth(60));
    }

    [SkippableFact]
    public async Task ShortRealRunWritesAnH264AacVideoAsLongAsTheAudioAndAReport()
    {
        using var temp = new TempDirectory();
        var audio = await InferenceInputs.SpeechAsync(temp, 2.0);
        var output = temp.File("out dir/out.mp4");
        var progress = new List<double>();

        var report = await LipSyncRenderer.RunAsync(Options(InferenceInputs.GridVideo, audio, InferenceInputs.MelModel(temp), output),
            new SynchronousProgress(p => { if (p.Stage == "render") progress.Add(p.Fraction); }));

        var probe = TestMedia.Ffprobe(output);
        var streams = probe.GetProperty("streams").EnumerateArray().ToList();
        var video = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
        var sound = streams.Single(s => s.GetProperty("codec_type").GetString() == "audio");
        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.Equal("aac", sound.GetProperty("codec_name").GetString());
        Assert.Equal("25/1", video.GetProperty("avg_frame_rate").GetString());
        Assert.Equal(360, video.GetProperty("width").GetInt32());
        Assert.Equal(288, video.GetProperty("height").GetInt32());
        var inputSeconds = double.Parse(TestMedia.Ffprobe(audio).GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        var outputSeconds = double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(outputSeconds - inputSeconds) <= 0.04, $"output {outputSeconds} s, audio {inputSeconds} s");

        Assert.Equal(50, report.Frames);
        Assert.Equal(75, report.SourceFrames);
        Assert.True(report.FaceCoverage > 0.9, $"coverage {report.FaceCoverage}");
        Assert.True(report.GeneratedFrames > 10, $"{report.GeneratedFrames} generated frames");
        Assert.NotNull(report.SeamExcessOutput);
        Assert.True(report.RenderFps > 0);
        Assert.Equal(1.0, progress[^1]);
        var written = InferenceReport.Read(output + ".report.json");
        Assert.Equal(report.Frames, written.Frames);
        Assert.Equal(report.SyncProxy, written.SyncProxy);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, ".*"));
    }
    [SkippableFact]
    public async Task CancellingMidRenderLeavesNoFileBehind()
    {
        using var temp = new TempDirectory();
        var audio = await InferenceInputs.ToneGapToneAsync(temp, tone: 0.8, gap: 0.2);
        var output = temp.File("out/out.mp4");
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Stage == "render") cancel.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LipSyncRenderer.RunAsync(
            Options(InferenceInputs.GridVideo, audio, InferenceInputs.MelModel(temp), output), progress, cancel.Token));

        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(output)!));
    }

    [SkippableFact]
    public async Task AHubertCheckpointIsDetectedAndRendersWithItsFeatureModel()
    {
        using var temp = new TempDirectory();
        var audio = await InferenceInputs.ToneGapToneAsync(temp, tone: 0.4, gap: 0.4);
        var output = temp.File("out.mp4");
        var options = Options(InferenceInputs.GridVideo, audio, SharedAssets.Fixture("ultralight_hubert.pth"), output) with
        {
            HubertModelPath = SharedAssets.Fixture("hubert_like.onnx"),
        };

        var report = await LipSyncRenderer.RunAsync(options); // no --asr and no model card: detected from the weights

        Assert.Equal("hubert", report.Asr);
        Assert.Equal(30, report.Frames);
        Assert.True(report.GeneratedFrames > 10, $"{report.GeneratedFrames} generated frames");
        Assert.Equal(30, (await InferenceInputs.FramesAsync(output)).Count);
    }
    [SkippableFact]
    public async Task AnExportedOnnxFileRunsOnOnnxRuntimeWithItsAudioModeReadFromItsInputShape()
    {
        using var temp = new TempDirectory();
        var onnx = temp.File("model.onnx");
        using (var model = new LipSyncNet(AudioFeatureKind.Mel))
            LipSyncOnnxExporter.Export(model, onnx);
        var audio = await InferenceInputs.ToneGapToneAsync(temp, tone: 0.4, gap: 0.4);
        var options = new LipSyncRenderOptions
        {
            InputVideo = InferenceInputs.GridVideo, InputAudio = audio, ModelPath = onnx, OutputPath = temp.File("out.mp4"),
        };

        var report = await LipSyncRenderer.RunAsync(options); // no --engine, no --asr

        Assert.Equal("onnx", report.Engine);
        Assert.Equal("mel", report.Asr);
        Assert.True(report.GeneratedFrames > 10, $"{report.GeneratedFrames} generated frames");
        var wrong = await Assert.ThrowsAsync<InvalidDataException>(() => LipSyncRenderer.RunAsync(options with { Asr = AudioFeatureKind.Wenet }));
        Assert.Contains("trained on mel features", wrong.Message);
    }
}
