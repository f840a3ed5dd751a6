using OpenCvSharp;

namespace ATSync.Core.Inference;

/// <summary>
/// One batch of output frames travelling through the render pipeline (prepare -> network -> composite): the decoded
/// source frames, the network's inputs for the frames that are generated, and its outputs. Reused batch after batch.
/// </summary>
internal sealed class RenderBatch(int capacity, int faceFloats, int audioFloats, int outputFloats) : IDisposable
{
    public int AudioFloats { get; } = audioFloats;
    public float[] Face { get; } = new float[capacity * faceFloats];
    public float[] Audio { get; } = new float[capacity * audioFloats];
    public float[] Output { get; } = new float[capacity * outputFloats];
    public Mat?[] Sources { get; } = new Mat?[capacity];

    /// <summary>Positions (0 .. Count-1) of the frames the network generates, in input order.</summary>
    public List<int> Generating { get; } = new(capacity);

    /// <summary>First output frame of the batch.</summary>
    public int Start { get; set; }
    public int Count { get; set; }

    /// <summary>Frees the decoded frames (the buffers stay for the next batch).</summary>
    public void ReleaseSources()
    {
        for (var i = 0; i < Sources.Length; i++)
        {
            Sources[i]?.Dispose();
            Sources[i] = null;
        }
        Generating.Clear();
    }

    public void Dispose() => ReleaseSources();
}
