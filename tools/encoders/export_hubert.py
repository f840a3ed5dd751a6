#!/usr/bin/env python3
"""Export facebook/hubert-large-ls960-ft to the ONNX file `atsync process --asr hubert --hubert_model` reads.

Signature (what ATSync's HubertFeatureExtractor checks): input `input_values` float32 [1, N] (16 kHz mono, normalised
to zero mean and unit variance by ATSync) -> output `last_hidden_state` float32 [1, T, 1024], T = floor((N - 400) / 320) + 1.
This is HubertModel's last_hidden_state, as the reference tool computes its features with transformers.

The network is written out here in plain PyTorch (the layers of transformers' HubertModel with the large, stable-layer-norm
configuration) and loads the checkpoint's tensors by their transformers names, so the export needs only torch and onnx:

    curl -L -o hubert-large-ls960-ft.bin \\
        https://huggingface.co/facebook/hubert-large-ls960-ft/resolve/main/pytorch_model.bin
    python3 tools/encoders/export_hubert.py --weights hubert-large-ls960-ft.bin --output hubert.onnx

Without a download (random weights, same architecture): a check of shapes and signature only.

    python3 tools/encoders/export_hubert.py --random --output /tmp/hubert_random.onnx

With transformers installed, --compare-transformers also runs transformers' own HubertModel (with --random: built from
the same configuration and randomly initialised, its weights copied in through the checkpoint name mapping; with
--weights: the published model) and fails if the outputs differ by more than 1e-3.
"""
import argparse
import sys

import torch
from torch import nn
from torch.nn import functional as F

# config.json of facebook/hubert-large-ls960-ft (the values that shape the network).
CONV_DIM = [512] * 7
CONV_KERNEL = [10, 3, 3, 3, 3, 2, 2]
CONV_STRIDE = [5, 2, 2, 2, 2, 2, 2]
HIDDEN = 1024
LAYERS = 24
HEADS = 16
INTERMEDIATE = 4096
POS_CONV_KERNEL = 128
POS_CONV_GROUPS = 16
LAYER_NORM_EPS = 1e-5


class ConvLayer(nn.Module):
    """Conv1d -> LayerNorm over channels -> GELU (feat_extract_norm "layer")."""

    def __init__(self, index):
        super().__init__()
        inputs = CONV_DIM[index - 1] if index > 0 else 1
        self.conv = nn.Conv1d(inputs, CONV_DIM[index], CONV_KERNEL[index], CONV_STRIDE[index], bias=True)
        self.layer_norm = nn.LayerNorm(CONV_DIM[index])

    def forward(self, x):
        x = self.conv(x)
        x = self.layer_norm(x.transpose(-2, -1)).transpose(-2, -1)
        return F.gelu(x)


class FeatureEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_layers = nn.ModuleList([ConvLayer(i) for i in range(len(CONV_DIM))])

    def forward(self, waveform):
        x = waveform[:, None]
        for layer in self.conv_layers:
            x = layer(x)
        return x


class FeatureProjection(nn.Module):
    def __init__(self, layer_norm=True):
        super().__init__()
        self.layer_norm = nn.LayerNorm(CONV_DIM[-1], eps=LAYER_NORM_EPS) if layer_norm else None
        self.projection = nn.Linear(CONV_DIM[-1], HIDDEN)

    def forward(self, x):
        if self.layer_norm is not None:
            x = self.layer_norm(x)
        return self.projection(x)


class PositionalConvEmbedding(nn.Module):
    """Grouped Conv1d (weight norm folded into a plain weight at load), drop the last frame (even kernel), GELU."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(HIDDEN, HIDDEN, POS_CONV_KERNEL, padding=POS_CONV_KERNEL // 2, groups=POS_CONV_GROUPS)

    def forward(self, x):
        x = self.conv(x.transpose(1, 2))[:, :, :-1]
        return F.gelu(x).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.head_dim = HIDDEN // HEADS
        self.k_proj = nn.Linear(HIDDEN, HIDDEN)
        self.v_proj = nn.Linear(HIDDEN, HIDDEN)
        self.q_proj = nn.Linear(HIDDEN, HIDDEN)
        self.out_proj = nn.Linear(HIDDEN, HIDDEN)

    def forward(self, x):
        batch, length, _ = x.shape

        def heads(t):
            return t.view(batch, length, HEADS, self.head_dim).transpose(1, 2)

        q = heads(self.q_proj(x) * self.head_dim ** -0.5)
        k, v = heads(self.k_proj(x)), heads(self.v_proj(x))
        weights = torch.softmax(q @ k.transpose(-2, -1), dim=-1)
        out = (weights @ v).transpose(1, 2).reshape(batch, length, HIDDEN)
        return self.out_proj(out)


class FeedForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.intermediate_dense = nn.Linear(HIDDEN, INTERMEDIATE)
        self.output_dense = nn.Linear(INTERMEDIATE, HIDDEN)

    def forward(self, x):
        return self.output_dense(F.gelu(self.intermediate_dense(x)))


class EncoderLayer(nn.Module):
    """Stable layer norm: x + attention(norm(x)), then x + feed_forward(norm(x))."""

    def __init__(self):
        super().__init__()
        self.attention = Attention()
        self.layer_norm = nn.LayerNorm(HIDDEN, eps=LAYER_NORM_EPS)
        self.feed_forward = FeedForward()
        self.final_layer_norm = nn.LayerNorm(HIDDEN, eps=LAYER_NORM_EPS)

    def forward(self, x):
        x = x + self.attention(self.layer_norm(x))
        return x + self.feed_forward(self.final_layer_norm(x))


class Encoder(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.pos_conv_embed = PositionalConvEmbedding()
        self.layer_norm = nn.LayerNorm(HIDDEN, eps=LAYER_NORM_EPS)
        self.layers = nn.ModuleList([EncoderLayer() for _ in range(layers)])

    def forward(self, x):
        x = x + self.pos_conv_embed(x)
        for layer in self.layers:
            x = layer(x)
        return self.layer_norm(x)


class Hubert(nn.Module):
    """HubertModel in eval mode without masking: waveform [B, N] -> last_hidden_state [B, T, 1024]."""

    def __init__(self, layers=LAYERS, projection_norm=True):
        super().__init__()
        self.feature_extractor = FeatureEncoder()
        self.feature_projection = FeatureProjection(projection_norm)
        self.encoder = Encoder(layers)

    def forward(self, input_values):
        features = self.feature_extractor(input_values).transpose(1, 2)
        return self.encoder(self.feature_projection(features))


def frames_for(samples):
    """Output rows for n samples: the conv stack's length arithmetic (400-sample window, 320-sample hop)."""
    length = samples
    for kernel, stride in zip(CONV_KERNEL, CONV_STRIDE):
        length = (length - kernel) // stride + 1
    return length


def hubert_tensors(state):
    """The HubertModel tensors of a transformers checkpoint (HubertForCTC keeps them under 'hubert.'), weight norm folded."""
    if any(k.startswith("hubert.") for k in state):
        state = {k[len("hubert."):]: v for k, v in state.items() if k.startswith("hubert.")}
    state = {k: v for k, v in state.items() if k != "masked_spec_embed"}
    prefix = "encoder.pos_conv_embed.conv."
    pairs = [("weight_g", "weight_v"), ("parametrizations.weight.original0", "parametrizations.weight.original1")]
    for g_name, v_name in pairs:
        if prefix + g_name in state:
            g, v = state.pop(prefix + g_name), state.pop(prefix + v_name)
            # torch weight_norm with dim=2: the norm of v over every dimension but the kernel position.
            norm = v.pow(2).sum(dim=(0, 1), keepdim=True).sqrt()
            state[prefix + "weight"] = g * v / norm
    return state


def load(weights, layers):
    if weights.endswith(".safetensors"):
        from safetensors.torch import load_file  # only for .safetensors checkpoints
        state = load_file(weights)
    else:
        state = torch.load(weights, map_location="cpu")
    state = hubert_tensors(state)
    found_layers = 1 + max(int(k.split(".")[2]) for k in state if k.startswith("encoder.layers."))
    if layers is not None and layers != found_layers:
        sys.exit(f"export_hubert: --layers {layers} but the checkpoint has {found_layers} encoder layers")
    model = Hubert(found_layers, projection_norm="feature_projection.layer_norm.weight" in state)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        sys.exit(f"export_hubert: {weights} is not a hubert-large checkpoint: missing {missing[:5]}, unexpected {unexpected[:5]}")
    return model


def randomised(layers):
    torch.manual_seed(0)
    model = Hubert(layers)
    # Scaled like a trained network's activations stay bounded: small weights keep 24 residual layers finite.
    for p in model.parameters():
        if p.dim() > 1:
            nn.init.normal_(p, std=0.02)
    return model


def check(model, path):
    """The exported file's signature and row counts, and torch vs the traced graph's shapes for a few lengths."""
    import onnx

    graph = onnx.load(path).graph
    inputs = [(i.name, [d.dim_value or d.dim_param for d in i.type.tensor_type.shape.dim]) for i in graph.input]
    outputs = [(o.name, [d.dim_value or d.dim_param for d in o.type.tensor_type.shape.dim]) for o in graph.output]
    if [n for n, _ in inputs] != ["input_values"] or [n for n, _ in outputs] != ["last_hidden_state"]:
        sys.exit(f"export_hubert: unexpected signature {inputs} -> {outputs}")
    if outputs[0][1][2] != HIDDEN:
        sys.exit(f"export_hubert: last_hidden_state is {outputs[0][1]}, not [1, T, {HIDDEN}]")
    with torch.no_grad():
        for samples in (400, 16000, 16000 * 3 + 123):
            rows = model(torch.randn(1, samples)).shape[1]
            if rows != frames_for(samples) or rows != (samples - 400) // 320 + 1:
                sys.exit(f"export_hubert: {samples} samples gave {rows} rows, not {(samples - 400) // 320 + 1}")
    print(f"check: {path}: {inputs} -> {outputs}; rows = floor((N - 400) / 320) + 1 for N = 400, 16000, 48123")


def transformers_reference(random, layers):
    """transformers' own HubertModel: the published weights, or (--random) the same configuration randomly initialised."""
    from transformers import HubertConfig, HubertModel  # optional: only for --compare-transformers

    if not random:
        return HubertModel.from_pretrained("facebook/hubert-large-ls960-ft").eval()
    config = HubertConfig(hidden_size=HIDDEN, num_hidden_layers=layers, num_attention_heads=HEADS, intermediate_size=INTERMEDIATE,
                          conv_dim=CONV_DIM, conv_kernel=CONV_KERNEL, conv_stride=CONV_STRIDE, conv_bias=True,
                          feat_extract_norm="layer", do_stable_layer_norm=True, num_conv_pos_embeddings=POS_CONV_KERNEL,
                          num_conv_pos_embedding_groups=POS_CONV_GROUPS, layer_norm_eps=LAYER_NORM_EPS)
    torch.manual_seed(0)
    return HubertModel(config).eval()


def compare_with_transformers(model, reference):
    audio = torch.randn(1, 16000 * 2)
    with torch.no_grad():
        difference = (reference(audio).last_hidden_state - model(audio)).abs().max().item()
    print(f"transformers HubertModel vs the exported module: max |difference| {difference:.2e}")
    if difference > 1e-3:
        sys.exit("export_hubert: the module does not compute transformers' HubertModel")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--weights", help="pytorch_model.bin (or .safetensors) of facebook/hubert-large-ls960-ft")
    source.add_argument("--random", action="store_true", help="random weights, same architecture (no download)")
    parser.add_argument("--output", required=True, help="the .onnx file to write")
    parser.add_argument("--layers", type=int, help="encoder layers (24 for the real model; fewer only for quick tests of --random)")
    parser.add_argument("--opset", type=int, default=14)
    parser.add_argument("--compare-transformers", action="store_true", help="also compare with transformers' HubertModel")
    args = parser.parse_args()

    reference = transformers_reference(args.random, args.layers or LAYERS) if args.compare_transformers else None
    if args.weights:
        model = load(args.weights, args.layers)
    elif reference is not None:
        # The same random weights as transformers' model, through the same name mapping the real checkpoint takes.
        model = Hubert(args.layers or LAYERS)
        model.load_state_dict(hubert_tensors(reference.state_dict()))
    else:
        model = randomised(args.layers or LAYERS)
    model.eval()
    example = torch.zeros(1, 16000)
    with torch.no_grad():
        torch.onnx.export(model, (example,), args.output, input_names=["input_values"], output_names=["last_hidden_state"],
                          dynamic_axes={"input_values": {1: "samples"}, "last_hidden_state": {1: "frames"}},
                          opset_version=args.opset, do_constant_folding=True)
    parameters = sum(p.numel() for p in model.parameters())
    print(f"exported {args.output}: {len(model.encoder.layers)} encoder layers, {parameters / 1e6:.1f} M parameters, "
          f"torch {torch.__version__}")
    check(model, args.output)
    if reference is not None:
        compare_with_transformers(model, reference)


if __name__ == "__main__":
    main()
