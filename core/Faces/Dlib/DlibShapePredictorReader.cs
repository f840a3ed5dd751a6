namespace ATSync.Core.Faces.Dlib;

/// <summary>
/// Loads a file written by dlib's <c>serialize(shape_predictor)</c>: version (1), the mean shape, the forests
/// (per cascade level a vector of trees; a tree = its splits (idx1, idx2, threshold) and its leaf vectors),
/// the anchor landmark of every feature pixel and the pixel offsets (dlib vector&lt;float,2&gt;: x, y).
/// </summary>
internal static class DlibShapePredictorReader
{
    // Generous bounds so a corrupt length cannot trigger a huge allocation.
    private const int MaxShapeLength = 2 * 1000;
    private const int MaxLevels = 100;
    private const int MaxTreesPerLevel = 100_000;
    private const int MaxSplitsPerTree = 1 << 16;
    private const int MaxFeatures = 1 << 20;

    public static DlibShapePredictorModel Load(string path)
    {
        byte[] bytes;
        try
        {
            // Uninitialised: the read overwrites every byte, and zeroing 100 MB first costs a noticeable part of the load.
            using var handle = File.OpenHandle(path);
            long length = RandomAccess.GetLength(handle);
            if (length > int.MaxValue) throw new InvalidDataException($"'{path}' is too large ({length} bytes) to be a dlib shape predictor.");
            bytes = GC.AllocateUninitializedArray<byte>((int)length);
            int read = 0;
            while (read < bytes.Length)
            {
                int n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                if (n == 0) throw new IOException("the file shrank while being read");
                read += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileNotFoundException($"Cannot read the dlib shape predictor '{path}': {e.Message}", path, e);
        }
        return Parse(bytes, path);
    }

    public static DlibShapePredictorModel Parse(byte[] bytes, string source)
    {
        var reader = new DlibSerializedReader(bytes, source);
        int version = reader.ReadInt32();
        if (version != 1) throw reader.Corrupt($"format version {version}, expected 1");

        float[] initialShape = reader.ReadColumnVector(MaxShapeLength, "the mean shape");
        if (initialShape.Length == 0 || initialShape.Length % 2 != 0)
            throw reader.Corrupt($"the mean shape has {initialShape.Length} values, expected (x, y) pairs");
        int shapeLength = initialShape.Length;

        int levelCount = reader.ReadCount(MaxLevels, "the number of cascade levels");
        var forests = new (int Trees, int Splits, int[] Idx1, int[] Idx2, float[] Thresh, float[] Leaves)[levelCount];
        for (int level = 0; level < levelCount; level++)
            forests[level] = ReadForest(reader, shapeLength, level);

        int anchorLevels = reader.ReadCount(MaxLevels, "the number of anchor lists");
        if (anchorLevels != levelCount) throw reader.Corrupt($"{anchorLevels} anchor lists for {levelCount} cascade levels");
        var anchors = new int[levelCount][];
        for (int level = 0; level < levelCount; level++)
        {
            int anchorCount = reader.ReadCount(MaxFeatures, "the number of feature pixels");
            reader.RequireRemaining(anchorCount, 1, "the anchor list");
            anchors[level] = new int[anchorCount];
            for (int i = 0; i < anchors[level].Length; i++)
                anchors[level][i] = reader.ReadCount(shapeLength / 2 - 1, "an anchor landmark index");
        }

        int deltaLevels = reader.ReadCount(MaxLevels, "the number of delta lists");
        if (deltaLevels != levelCount) throw reader.Corrupt($"{deltaLevels} delta lists for {levelCount} cascade levels");
        var levels = new DlibCascadeLevel[levelCount];
        for (int level = 0; level < levelCount; level++)
        {
            int count = reader.ReadCount(MaxFeatures, "the number of feature pixel offsets");
            if (count != anchors[level].Length)
                throw reader.Corrupt($"level {level} has {count} pixel offsets but {anchors[level].Length} anchors");
            reader.RequireRemaining(count, 2 * DlibSerializedReader.MinFloatBytes, "the pixel offsets");
            var dx = new float[count];
            var dy = new float[count];
            for (int i = 0; i < count; i++)
            {
                dx[i] = reader.ReadSingle();
                dy[i] = reader.ReadSingle();
            }

            var forest = forests[level];
            foreach (int[] idx in new[] { forest.Idx1, forest.Idx2 })
                foreach (int feature in idx)
                    if (feature >= count) throw reader.Corrupt($"a split of level {level} reads feature {feature} of {count}");

            levels[level] = new DlibCascadeLevel
            {
                TreeCount = forest.Trees,
                SplitsPerTree = forest.Splits,
                SplitIdx1 = forest.Idx1,
                SplitIdx2 = forest.Idx2,
                SplitThreshold = forest.Thresh,
                LeafValues = forest.Leaves,
                AnchorIndex = anchors[level],
                DeltaX = dx,
                DeltaY = dy,
            };
        }

        if (!reader.AtEnd) throw reader.Corrupt("unexpected bytes after the shape predictor");
        return new DlibShapePredictorModel(initialShape, levels);
    }

    private static (int, int, int[], int[], float[], float[]) ReadForest(DlibSerializedReader reader, int shapeLength, int level)
    {
        int trees = reader.ReadCount(MaxTreesPerLevel, "the number of trees in a cascade level");
        int splitsPerTree = -1;
        int[] idx1 = [], idx2 = [];
        float[] thresh = [], leaves = [];
        for (int t = 0; t < trees; t++)
        {
            int splits = reader.ReadCount(MaxSplitsPerTree, "the number of splits in a tree");
            if (splitsPerTree < 0)
            {
                // The least one tree takes after its split count: per split two indexes and a threshold, a leaf count,
                // per leaf a column vector (rows, cols, shapeLength floats). Checked before the forest is allocated.
                long treeBytes = 4L * splits + 1 + (splits + 1L) * (2 + (long)shapeLength * DlibSerializedReader.MinFloatBytes);
                reader.RequireRemaining(trees, treeBytes, $"the forest of level {level}");
                splitsPerTree = splits;
                idx1 = new int[trees * splits];
                idx2 = new int[trees * splits];
                thresh = new float[trees * splits];
                leaves = new float[(long)trees * (splits + 1) * shapeLength is var n && n < int.MaxValue ? (int)n
                    : throw reader.Corrupt("the forest is too large")];
            }
            else if (splits != splitsPerTree)
            {
                throw reader.Corrupt($"trees of level {level} differ in depth ({splits} vs {splitsPerTree} splits); only complete trees of equal depth are supported");
            }

            for (int s = 0; s < splits; s++)
            {
                int at = t * splits + s;
                idx1[at] = reader.ReadCount(MaxFeatures, "a split feature index");
                idx2[at] = reader.ReadCount(MaxFeatures, "a split feature index");
                thresh[at] = reader.ReadSingle();
            }

            int leafCount = reader.ReadCount(MaxSplitsPerTree + 1, "the number of leaves in a tree");
            if (leafCount != splits + 1) throw reader.Corrupt($"a tree with {splits} splits has {leafCount} leaves");
            for (int l = 0; l < leafCount; l++)
            {
                reader.ReadColumnVectorInto(leaves.AsSpan(((t * leafCount) + l) * shapeLength, shapeLength), "a leaf value");
            }
        }
        return (trees, Math.Max(splitsPerTree, 0), idx1, idx2, thresh, leaves);
    }
}
