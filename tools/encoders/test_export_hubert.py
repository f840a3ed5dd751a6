"""Checks of export_hubert.py that need no download: python3 tools/encoders/test_export_hubert.py"""
import os
import sys
import tempfile
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_hubert as eh  # noqa: E402


def as_transformers_checkpoint(model):
    """model's tensors named and shaped as a transformers HubertForCTC checkpoint stores them: the 'hubert.' prefix,
    the positional convolution as weight norm (weight_g, weight_v), plus the CTC head and the mask embedding."""
    state = {}
    for name, tensor in model.state_dict().items():
        if name == "encoder.pos_conv_embed.conv.weight":
            v = tensor * 3.0  # any v with the same direction; g restores the length per kernel position
            g = tensor.pow(2).sum(dim=(0, 1), keepdim=True).sqrt()
            state["hubert.encoder.pos_conv_embed.conv.weight_g"] = g
            state["hubert.encoder.pos_conv_embed.conv.weight_v"] = v
        else:
            state["hubert." + name] = tensor.clone()
    state["hubert.masked_spec_embed"] = torch.zeros(eh.HIDDEN)
    state["lm_head.weight"] = torch.zeros(32, eh.HIDDEN)
    state["lm_head.bias"] = torch.zeros(32)
    return state


class ExportHubertTests(unittest.TestCase):
    def test_a_transformers_checkpoint_loads_to_the_same_function(self):
        original = eh.randomised(2).eval()
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "pytorch_model.bin")
            torch.save(as_transformers_checkpoint(original), path)
            loaded = eh.load(path, None).eval()
        self.assertEqual(2, len(loaded.encoder.layers))
        audio = torch.randn(1, 16000)
        with torch.no_grad():
            self.assertLess((original(audio) - loaded(audio)).abs().max().item(), 1e-4)

    def test_a_checkpoint_of_another_model_is_refused(self):
        state = as_transformers_checkpoint(eh.randomised(1))
        del state["hubert.encoder.layers.0.attention.q_proj.weight"]
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "other.bin")
            torch.save(state, path)
            with self.assertRaises(SystemExit) as refused:
                eh.load(path, None)
        self.assertIn("not a hubert-large checkpoint", str(refused.exception))

    def test_rows_follow_the_window_and_hop(self):
        model = eh.randomised(1).eval()
        with torch.no_grad():
            for samples in (400, 719, 720, 16000):
                self.assertEqual((samples - 400) // 320 + 1, model(torch.randn(1, samples)).shape[1])


if __name__ == "__main__":
    unittest.main()
