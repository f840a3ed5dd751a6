using ATSync.Core.Audio;
using ATSync.Core.Model;
using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// One person's training data held in memory: uint8 BGR face crops [N, 3, 160, 160] (the inner 160 of the 168 crop)
/// and the audio features aligned to them (row i = frame i), plus the frames held out for validation.
/// Builds network batches; knows nothing of files.
/// </summary>
public sealed class TrainingSet : IDisposable
{
    public const int CropSize = LipSyncNet.ImageSize;
    public const int CropBytes = 3 * CropSize * CropSize;

    private readonly Tensor crops;        // uint8 [N, 3, 160, 160]
    private readonly Tensor paddedRows;   // float [RowsBefore + N + RowsAfter, rowLength]: zero rows outside the clip
    private readonly long[] windowShape;
    private readonly Tensor? sketches;          // uint8 [N, 1, 160, 160]: the frames' own mouth points drawn (CPU profile)
    private readonly Tensor? predictedSketches; // uint8 [N, 1, 160, 160]: the mouth-shape model's points drawn (validation)

    /// <param name="crops">N x 3 x 160 x 160 bytes, planar BGR per frame.</param>
    /// <param name="audio">Features with exactly N rows.</param>
    /// <param name="heldOut">Frames kept out of training for validation.</param>
    /// <param name="profile">Which network the batches are for: its mask, and for the CPU profile the sketches.</param>
    /// <param name="sketches">CPU profile: N x 160 x 160 sketches of each frame's own mouth points (training input).</param>
    /// <param name="predictedSketches">CPU profile: the same drawn from the mouth-shape model's prediction (validation input).</param>
    /// <param name="poseNeighbours">Where references come from (<see cref="ReferenceChoice.Pose"/>); null: any other training frame.</param>
    public TrainingSet(ReadOnlySpan<byte> crops, AudioFeatures audio, IEnumerable<int> heldOut,
        Model.ModelProfile profile = Model.ModelProfile.Reference, byte[]? sketches = null, byte[]? predictedSketches = null,
        PoseNeighbours? poseNeighbours = null)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (crops.Length % CropBytes != 0)
            throw new ArgumentException($"face crops hold {crops.Length} bytes, not a whole number of 3x160x160 crops");
        Count = crops.Length / CropBytes;
        if (Count < 2) throw new ArgumentException($"a training set needs at least 2 frames, got {Count}");
        if (audio.FrameCount != Count)
            throw new ArgumentException($"audio features have {audio.FrameCount} rows but there are {Count} face crops");
        windowShape = AudioFeatureWindow.InputShape(audio.Kind).Select(d => (long)d).ToArray();
        if (AudioFeatureWindow.Length(audio) != windowShape.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException(
                $"{audio.Kind} rows of shape [{string.Join(", ", audio.RowShape)}] do not make a [{string.Join(", ", windowShape)}] window");

        Audio = audio.Kind;
        HeldOutFrames = heldOut.Distinct().Order().ToArray();
        if (HeldOutFrames.Any(i => i < 0 || i >= Count))
            throw new ArgumentException($"held-out frame indices must lie in [0, {Count})");
        var held = HeldOutFrames.ToHashSet();
        TrainFrames = Enumerable.Range(0, Count).Where(i => !held.Contains(i)).ToArray();
        if (TrainFrames.Count < 2) throw new ArgumentException("fewer than 2 frames are left for training");

        this.crops = tensor(crops.ToArray(), [Count, 3, CropSize, CropSize], ScalarType.Byte);
        PoseNeighbours = poseNeighbours;
        Profile = profile;
        Mask = MouthMask.For(profile);
        if (profile == Model.ModelProfile.Cpu)
        {
            if (sketches is null || predictedSketches is null)
                throw new ArgumentException("the CPU profile trains on mouth sketches: give both the frames' and the predicted ones");
            if (sketches.Length != Count * CropSize * CropSize || predictedSketches.Length != sketches.Length)
                throw new ArgumentException($"sketches must hold {Count} x {CropSize} x {CropSize} bytes");
            this.sketches = tensor(sketches, [Count, 1, CropSize, CropSize], ScalarType.Byte);
            this.predictedSketches = tensor(predictedSketches, [Count, 1, CropSize, CropSize], ScalarType.Byte);
        }
        var padded = new float[(AudioFeatureWindow.RowCount - 1 + Count) * audio.RowLength];
        audio.Data.AsSpan(0, Count * audio.RowLength).CopyTo(padded.AsSpan(AudioFeatureWindow.RowsBefore * audio.RowLength));
        paddedRows = tensor(padded, [AudioFeatureWindow.RowCount - 1 + Count, audio.RowLength]);
    }

    public int Count { get; }

    public Model.ModelProfile Profile { get; }

    public MouthMask Mask { get; }

    public AudioFeatureKind Audio { get; }

    public IReadOnlyList<int> TrainFrames { get; }

    public IReadOnlyList<int> HeldOutFrames { get; }

    /// <summary>Each frame's pose-nearest training frames, when references are chosen by pose; null: any other training frame.</summary>
    public PoseNeighbours? PoseNeighbours { get; }

    public ReferenceChoice References => PoseNeighbours is null ? ReferenceChoice.Random : ReferenceChoice.Pose;

    /// <summary>Batch for <paramref name="frames"/>, each paired with the reference crop of the same position in <paramref name="references"/>.</summary>
    /// <param name="predicted">CPU profile: draw the mouth-shape model's points (as at inference) instead of the frames' own.</param>
    public TrainingBatch Batch(IReadOnlyList<int> frames, IReadOnlyList<int> references, bool predicted = false)
    {
        if (frames.Count != references.Count) throw new ArgumentException("one reference frame is needed per frame");
        using var scope = NewDisposeScope();
        var current = Crops(frames);
        var reference = Crops(references);
        var masked = Mask.Apply(current);
        if ((predicted ? predictedSketches : sketches) is { } drawn)
        {
            // The sketch lies inside the blacked-out rectangle only: adding it there is drawing it in.
            using var index = Index(frames);
            masked = masked + drawn.index_select(0, index).to_type(ScalarType.Float32).div_(255f);
        }
        var face = cat([reference, masked], 1);
        var batch = new TrainingBatch(face.MoveToOuterDisposeScope(), AudioWindows(frames).MoveToOuterDisposeScope(),
            current.MoveToOuterDisposeScope());
        return batch;
    }

    /// <summary>Crops as float [B, 3, 160, 160] in [0, 1].</summary>
    public Tensor Crops(IReadOnlyList<int> frames)
    {
        using var index = Index(frames);
        using var bytes = crops.index_select(0, index);
        return bytes.to_type(ScalarType.Float32).div_(255f);
    }

    /// <summary>Audio windows [B, ...window]: rows i-4 .. i+3 per frame, zeros outside the clip.</summary>
    public Tensor AudioWindows(IReadOnlyList<int> frames)
    {
        using var scope = NewDisposeScope();
        // Row r of the padded table is feature row r - 4, so frame i's window is padded rows i .. i+7.
        var starts = Index(frames).unsqueeze(1);
        var rows = (starts + arange(AudioFeatureWindow.RowCount, ScalarType.Int64).unsqueeze(0)).reshape(-1);
        var window = paddedRows.index_select(0, rows).reshape([frames.Count, .. windowShape]);
        return window.MoveToOuterDisposeScope();
    }

    private static Tensor Index(IReadOnlyList<int> frames) => tensor(frames.Select(i => (long)i).ToArray(), ScalarType.Int64);

    public void Dispose()
    {
        crops.Dispose();
        paddedRows.Dispose();
        sketches?.Dispose();
        predictedSketches?.Dispose();
    }
}
