using TorchSharp;
using ATSync.Core.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ATSync.Core.Export;

/// <summary>
/// Writes a <see cref="LipSyncNet"/> as an ONNX model (opset 17) with our own protobuf encoder: inputs <c>face</c>
/// [batch, 6, 160, 160] and <c>audio</c> [batch, window...], output <c>output</c> [batch, 3, 160, 160]. The graph
/// mirrors the TorchSharp forward module by module (eval mode: BatchNorm folded into the preceding convolution).
/// Modules it does not know are refused, never skipped.
/// </summary>
public static class LipSyncOnnxExporter
{
    public const string FaceInput = "face";
    public const string AudioInput = "audio";
    public const string Output = "output";
    private const string Batch = "batch";

    /// <summary>
    /// Exports <paramref name="model"/> to the file <paramref name="outputPath"/> (written atomically). The graph is
    /// the eval-mode function (running BatchNorm statistics) whatever the model's training flag.
    /// </summary>
    public static void Export(LipSyncNet model, string outputPath, CancellationToken cancellationToken = default) =>
        WriteAtomically(outputPath, file => Export(model, file, cancellationToken));

    /// <summary>Exports <paramref name="model"/> as ONNX bytes (for loading straight into ONNX Runtime).</summary>
    public static byte[] ExportToBytes(LipSyncNet model, CancellationToken cancellationToken = default)
    {
        using var memory = new MemoryStream();
        Export(model, memory, cancellationToken);
        return memory.ToArray();
    }

    /// <summary>Exports <paramref name="model"/> to <paramref name="destination"/>.</summary>
    public static void Export(LipSyncNet model, Stream destination, CancellationToken cancellationToken = default) =>
        Write(model, destination, ActivationTaps.None, cancellationToken);

    /// <summary>
    /// Exports <paramref name="model"/> as a statically quantised int8 model (QDQ format: per-channel symmetric int8
    /// weights, per-tensor uint8 activations from <paramref name="calibration"/>; the last 1x1 convolution and the
    /// sigmoid stay float, and so do the calibration's <see cref="Int8Calibration.FloatTaps"/>). The file is written atomically.
    /// </summary>
    public static void ExportInt8(LipSyncNet model, Int8Calibration calibration, string outputPath, CancellationToken cancellationToken = default) =>
        WriteAtomically(outputPath, file => ExportInt8(model, calibration, file, cancellationToken));

    /// <summary>The int8 model as ONNX bytes.</summary>
    public static byte[] ExportInt8ToBytes(LipSyncNet model, Int8Calibration calibration, CancellationToken cancellationToken = default)
    {
        using var memory = new MemoryStream();
        ExportInt8(model, calibration, memory, cancellationToken);
        return memory.ToArray();
    }

    /// <summary>Exports the int8 model to <paramref name="destination"/>.</summary>
    public static void ExportInt8(LipSyncNet model, Int8Calibration calibration, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        Write(model, destination, builder => new QdqTaps(builder, calibration.Ranges, calibration.FloatTaps, calibration.WeightBits), taps =>
        {
            var visited = ((QdqTaps)taps).Visited;
            if (visited != calibration.Ranges.Count)
                throw new InvalidOperationException($"the calibration has {calibration.Ranges.Count} activation ranges but this model has {visited} taps; calibrate this model again");
        }, cancellationToken);
    }

    /// <summary>The float graph with every quantisation point also a graph output (in tap order), for calibration.</summary>
    internal static byte[] ExportCalibrationProbe(LipSyncNet model, out CalibrationProbeTaps probes)
    {
        using var memory = new MemoryStream();
        CalibrationProbeTaps? found = null;
        Write(model, memory, builder => new CalibrationProbeTaps(builder), taps => found = (CalibrationProbeTaps)taps, default);
        probes = found!;
        return memory.ToArray();
    }

    private static void Write(LipSyncNet model, Stream destination, ActivationTaps taps, CancellationToken cancellationToken) =>
        Write(model, destination, _ => taps, _ => { }, cancellationToken);

    private static void WriteAtomically(string outputPath, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var temporary = outputPath + ".partial";
        try
        {
            using (var file = File.Create(temporary)) write(file);
            File.Move(temporary, outputPath, overwrite: true);
        }
        catch
        {
            // Never leave a half-written model behind (cancellation, unsupported module, full disk).
            File.Delete(temporary);
            throw;
        }
    }

    private static void Write(LipSyncNet model, Stream destination, Func<OnnxGraphBuilder, ActivationTaps> createTaps,
        Action<ActivationTaps> completed, CancellationToken cancellationToken)
    {
        var builder = new OnnxGraphBuilder($"atsync_lipsync_{model.Audio.ToString().ToLowerInvariant()}");
        var taps = createTaps(builder);
        var emitter = new GraphEmitter(builder, taps, cancellationToken);
        var children = model.named_children().ToDictionary(c => c.name, c => c.module);
        string[] expected = ["inc", "down1", "down2", "down3", "down4", "audio_model", "fuse_conv", "up1", "up2", "up3", "up4", "outc"];
        var unexpected = children.Keys.Except(expected).ToArray();
        var missing = expected.Except(children.Keys).ToArray();
        if (unexpected.Length > 0 || missing.Length > 0)
            throw new NotSupportedException(
                $"cannot export this LipSyncNet: unknown sub-modules [{string.Join(", ", unexpected)}], missing [{string.Join(", ", missing)}]");

        OnnxDimension[] faceShape = [Batch, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize];
        var face = builder.AddInput(FaceInput, faceShape);
        var audio = builder.AddInput(AudioInput, [Batch, .. model.AudioWindowShape.Select(d => (OnnxDimension)d)]);

        // The same data flow as LipSyncNet.forward.
        var x1 = emitter.Emit(children["inc"], taps.Tap(face, "face"), "inc");
        var x2 = emitter.Emit(children["down1"], x1, "down1");
        var x3 = emitter.Emit(children["down2"], x2, "down2");
        var x4 = emitter.Emit(children["down3"], x3, "down3");
        var x5 = emitter.Emit(children["down4"], x4, "down4");
        var a = emitter.Emit(children["audio_model"], audio, "audio_model");
        var joined = taps.Tap(builder.AddNode("Concat", [x5, a], "fuse_in", OnnxAttribute.Int("axis", 1)), "fuse_in");
        var y = emitter.Emit(children["fuse_conv"], joined, "fuse_conv");
        y = emitter.EmitUp(children["up1"], y, x4, "up1");
        y = emitter.EmitUp(children["up2"], y, x3, "up2");
        y = emitter.EmitUp(children["up3"], y, x2, "up3");
        y = emitter.EmitUp(children["up4"], y, x1, "up4");
        taps.FeedsFloatOutput(y);
        y = emitter.Emit(children["outc"], y, "outc");
        var output = builder.AddNode("Identity", [y], Output);
        builder.AddOutput(output, [Batch, 3, LipSyncNet.ImageSize, LipSyncNet.ImageSize]);
        completed(taps);

        cancellationToken.ThrowIfCancellationRequested();
        builder.WriteModel(destination, "ATSync", typeof(LipSyncOnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            $"ATSync lip-sync network, {model.Audio.ToString().ToLowerInvariant()} audio, window [{string.Join(", ", model.AudioWindowShape)}]" +
            (taps is QdqTaps ? ", int8 (QDQ)" : ""));
    }

    /// <summary>Turns modules into nodes; one method per module type, following that type's forward.</summary>
    private sealed class GraphEmitter(OnnxGraphBuilder builder, ActivationTaps taps, CancellationToken cancellationToken)
    {
        public string Emit(nn.Module module, string input, string scope)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return module switch
            {
                // Containers whose forward applies their children in order.
                InputBlock or DownBlock or DoubleConvDepthwise or Sequential => EmitSequence(module, input, scope),
                InvertedResidual block => EmitInvertedResidual(block, input, scope),
                AudioEncoder encoder => EmitAudioEncoder(encoder, input, scope),
                MelAudioEncoder encoder => EmitMelAudioEncoder(encoder, input, scope),
                OutputBlock block => EmitOutputBlock(block, input, scope),
                Conv2d conv => taps.Tap(EmitConvolution(conv, null, input, scope), scope),
                BatchNorm2d norm => taps.Tap(EmitBatchNorm(norm, input, scope), scope),
                ReLU => taps.Tap(builder.AddNode("Relu", [input], scope), scope),
                Sigmoid => builder.AddNode("Sigmoid", [input], scope),
                _ => throw Unsupported(module, scope),
            };
        }

        /// <summary>UpBlock: bilinear resize (align_corners) of <paramref name="deep"/> to the skip's size, concat, double conv.</summary>
        public string EmitUp(nn.Module module, string deep, string skip, string scope)
        {
            if (module is not UpBlock) throw Unsupported(module, scope);
            var batchAndChannels = builder.AddNode("Shape", [deep], $"{scope}.deep_shape",
                OnnxAttribute.Int("start", 0), OnnxAttribute.Int("end", 2));
            var skipSize = builder.AddNode("Shape", [skip], $"{scope}.skip_size",
                OnnxAttribute.Int("start", 2), OnnxAttribute.Int("end", 4));
            var sizes = builder.AddNode("Concat", [batchAndChannels, skipSize], $"{scope}.sizes", OnnxAttribute.Int("axis", 0));
            var up = taps.TapLike(builder.AddNode("Resize", [deep, "", "", sizes], $"{scope}.up",
                OnnxAttribute.String("mode", "linear"),
                OnnxAttribute.String("coordinate_transformation_mode", "align_corners")), deep, $"{scope}.up");
            var joined = taps.Tap(builder.AddNode("Concat", [up, skip], $"{scope}.cat", OnnxAttribute.Int("axis", 1)), $"{scope}.cat");
            return Emit(Child(module, "conv", scope), joined, $"{scope}.conv");
        }

        private string EmitSequence(nn.Module container, string input, string scope)
        {
            var children = container.named_children().ToList();
            var x = input;
            for (var i = 0; i < children.Count; i++)
            {
                var (name, child) = children[i];
                // A convolution directly followed by its BatchNorm becomes one convolution with folded weights.
                if (child is Conv2d conv && i + 1 < children.Count && children[i + 1].module is BatchNorm2d norm)
                {
                    x = EmitConvolution(conv, norm, x, $"{scope}.{name}");
                    i++;
                    // Quantised after the ReLU when one follows (the ReLU taps), else here.
                    if (i + 1 >= children.Count || children[i + 1].module is not ReLU) x = taps.Tap(x, $"{scope}.{name}");
                    continue;
                }
                x = Emit(child, x, $"{scope}.{name}");
            }
            return x;
        }

        private string EmitInvertedResidual(InvertedResidual block, string input, string scope)
        {
            var y = Emit(Child(block, "conv", scope), input, $"{scope}.conv");
            return block.Residual ? taps.Tap(builder.AddNode("Add", [input, y], $"{scope}.add"), $"{scope}.add") : y;
        }

        private string EmitAudioEncoder(AudioEncoder encoder, string input, string scope)
        {
            var y = EmitChildren(encoder, taps.Tap(input, scope), scope, "conv1", "conv2");
            y = EmitConvNormRelu(encoder, y, scope, "conv3", "bn3");
            y = EmitChildren(encoder, y, scope, "conv4");
            y = EmitConvNormRelu(encoder, y, scope, "conv5", "bn5");
            return EmitChildren(encoder, y, scope, "conv6", "conv7");
        }

        private string EmitMelAudioEncoder(MelAudioEncoder encoder, string input, string scope)
        {
            // The graph's mel window is [B, 32, 80]; the encoder reads it as a one-channel image.
            var axes = builder.AddInitializer($"{scope}.unsqueeze_axes", [1L], 1);
            var y = taps.Tap(builder.AddNode("Unsqueeze", [input, axes], $"{scope}.image"), $"{scope}.image");
            y = EmitConvNormRelu(encoder, y, scope, "conv0", "bn0");
            y = EmitChildren(encoder, y, scope, "conv1", "conv2", "conv3", "conv4");
            y = EmitConvNormRelu(encoder, y, scope, "conv5", "bn5");
            return EmitChildren(encoder, y, scope, "conv6", "conv7");
        }

        private string EmitOutputBlock(OutputBlock block, string input, string scope)
        {
            // The last 1x1 convolution (32 -> 3, a tiny share of the work) and the sigmoid stay float for accuracy.
            if (Child(block, "conv", scope) is not Conv2d conv) throw Unsupported(Child(block, "conv", scope), $"{scope}.conv");
            var logits = EmitConvolution(conv, null, input, $"{scope}.conv", quantize: false);
            return builder.AddNode("Sigmoid", [logits], $"{scope}.sigmoid");
        }

        private string EmitChildren(nn.Module parent, string input, string scope, params string[] names)
        {
            var x = input;
            foreach (var name in names) x = Emit(Child(parent, name, scope), x, $"{scope}.{name}");
            return x;
        }

        private string EmitConvNormRelu(nn.Module parent, string input, string scope, string convName, string normName)
        {
            if (Child(parent, convName, scope) is not Conv2d conv) throw Unsupported(Child(parent, convName, scope), $"{scope}.{convName}");
            if (Child(parent, normName, scope) is not BatchNorm2d norm) throw Unsupported(Child(parent, normName, scope), $"{scope}.{normName}");
            var y = EmitConvolution(conv, norm, input, $"{scope}.{convName}");
            return taps.Tap(builder.AddNode("Relu", [y], $"{scope}.relu"), $"{scope}.relu");
        }

        /// <param name="quantize">Use int8 weights when the input is quantised (QDQ export).</param>
        private string EmitConvolution(Conv2d conv, BatchNorm2d? norm, string input, string scope, bool quantize = true)
        {
            if (conv.padding is not { Length: 2 } padding || conv.padding_mode != PaddingModes.Zeros)
                throw new NotSupportedException(
                    $"cannot export convolution '{scope}': only explicit zero padding is supported (padding mode {conv.padding_mode})");
            var folded = FoldedConvolution.From(conv, norm);
            string weight, bias;
            if (quantize && taps.QuantizationOf(input) is { } inputQuantization)
            {
                // DQ(int8 weight, per output channel) and DQ(int32 bias, scale = input scale x weight scale).
                var q = QuantizedWeights.From(folded.Weight, folded.Bias, inputQuantization, taps.WeightBits);
                var channels = folded.Bias.Length;
                weight = builder.AddNode("DequantizeLinear",
                    [builder.AddInitializer($"{scope}.weight_q", q.Values, folded.WeightShape),
                        builder.AddInitializer($"{scope}.weight_scale", q.Scales, channels),
                        builder.AddInitializer($"{scope}.weight_zero", new sbyte[channels], channels)],
                    $"{scope}.weight", OnnxAttribute.Int("axis", 0));
                bias = builder.AddNode("DequantizeLinear",
                    [builder.AddInitializer($"{scope}.bias_q", q.Bias, channels),
                        builder.AddInitializer($"{scope}.bias_scale", q.BiasScales, channels),
                        builder.AddInitializer($"{scope}.bias_zero", new int[channels], channels)],
                    $"{scope}.bias", OnnxAttribute.Int("axis", 0));
            }
            else
            {
                weight = builder.AddInitializer($"{scope}.weight", folded.Weight, folded.WeightShape);
                bias = builder.AddInitializer($"{scope}.bias", folded.Bias, folded.Bias.Length);
            }
            return builder.AddNode("Conv", [input, weight, bias], scope,
                OnnxAttribute.Ints("kernel_shape", folded.WeightShape[2], folded.WeightShape[3]),
                OnnxAttribute.Ints("strides", conv.stride),
                OnnxAttribute.Ints("pads", padding[0], padding[1], padding[0], padding[1]),
                OnnxAttribute.Ints("dilations", conv.dilation),
                OnnxAttribute.Int("group", conv.groups));
        }

        /// <summary>A BatchNorm with no convolution before it (none in LipSyncNet today): eval-mode BatchNormalization.</summary>
        private string EmitBatchNorm(BatchNorm2d norm, string input, string scope)
        {
            using var noGrad = no_grad();
            float[] Values(Tensor? t, string what) =>
                t?.detach().cpu().to(float32).contiguous().data<float>().ToArray()
                ?? throw new NotSupportedException($"cannot export BatchNorm2d '{scope}': it has no {what}");
            var mean = Values(norm.running_mean, "running mean");
            var channels = mean.Length;
            var gamma = norm.weight is null ? Enumerable.Repeat(1f, channels).ToArray() : Values(norm.weight, "weight");
            var beta = norm.bias is null ? new float[channels] : Values(norm.bias, "bias");
            return builder.AddNode("BatchNormalization",
                [input,
                    builder.AddInitializer($"{scope}.weight", gamma, channels),
                    builder.AddInitializer($"{scope}.bias", beta, channels),
                    builder.AddInitializer($"{scope}.running_mean", mean, channels),
                    builder.AddInitializer($"{scope}.running_var", Values(norm.running_var, "running variance"), channels)],
                scope, OnnxAttribute.Float("epsilon", (float)norm.eps));
        }

        private static nn.Module Child(nn.Module parent, string name, string scope) =>
            parent.named_children().FirstOrDefault(c => c.name == name).module
            ?? throw new NotSupportedException($"cannot export '{scope}' ({parent.GetType().Name}): it has no sub-module '{name}'");

        private static NotSupportedException Unsupported(nn.Module module, string scope) =>
            new($"cannot export module '{scope}' of type {module.GetType().Name}: the ONNX exporter knows only the " +
                "LipSyncNet building blocks (InvertedResidual, DoubleConvDepthwise, Down/Up/Input/OutputBlock, audio " +
                "encoders, Conv2d, BatchNorm2d, ReLU, Sigmoid). Extend LipSyncOnnxExporter before exporting this model.");
    }
}
