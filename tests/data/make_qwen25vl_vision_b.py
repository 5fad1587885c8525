#!/usr/bin/python3
"""Writes qwen25vl-vision-b/: a second Qwen2.5-VL vision tower of other shapes, with random weights, and its
outputs on two images of different grids computed by the NumPy reference implementation of the spec.

The shapes are those the spec gives for the held-back tiny-b fixture: depth 4, width 48, 3 heads of 16, MLP 80,
output 96, full attention in blocks 1 and 3, 24 px windows (3x3 merged tokens). image0.png (90x70) is shrunk
below max_pixels 3072 to 56x48 and image1.png (20x17) grown above min_pixels 512 to 32x24, so one resize
downscales and one upscales, and both grids' heights are multiples of the window (an empty padded window row).

Run with Debian's interpreter (it has numpy and Pillow), giving the reference scripts' folder:
    /usr/bin/python3 tests/data/make_qwen25vl_vision_b.py ../shared/reference tests/data
"""
import json
import os
import struct
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, sys.argv[1])
from numpy_ref_qwen25vl import preprocess_image, read_safetensors, vision, vision_config  # noqa: E402

out = os.path.join(sys.argv[2], "qwen25vl-vision-b")
os.makedirs(os.path.join(out, "processor"), exist_ok=True)
rng = np.random.default_rng(16)

cfg = {"model_type": "qwen2_5_vl", "hidden_size": 96,
       "vision_config": {"depth": 4, "hidden_size": 48, "intermediate_size": 80, "num_heads": 3,
                         "out_hidden_size": 96, "patch_size": 4, "window_size": 24, "fullatt_block_indexes": [1, 3]}}
pp = {"image_processor_type": "Qwen2VLImageProcessor", "min_pixels": 512, "max_pixels": 3072, "patch_size": 4,
      "temporal_patch_size": 2, "merge_size": 2, "resample": 3, "rescale_factor": 1 / 255,
      "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_std": [0.26862954, 0.26130258, 0.27577711],
      "size": {"shortest_edge": 512, "longest_edge": 3072}}
json.dump(cfg, open(os.path.join(out, "config.json"), "w"), indent=1)
json.dump(pp, open(os.path.join(out, "processor", "preprocessor_config.json"), "w"), indent=1)

vc = vision_config(cfg)
D, I, O, m = vc["hidden_size"], vc["intermediate_size"], vc["out_hidden_size"], vc["spatial_merge_size"]
tensors = {}


def linear(name, o, i):
    tensors[name + ".weight"] = rng.normal(0, 1 / np.sqrt(i), (o, i))
    tensors[name + ".bias"] = rng.normal(0, 0.05, (o,))


def norm(name, d):
    tensors[name + ".weight"] = 1 + rng.uniform(-0.1, 0.1, (d,))


P, T = vc["patch_size"], vc["temporal_patch_size"]
tensors["visual.patch_embed.proj.weight"] = rng.normal(0, 1 / np.sqrt(3 * T * P * P), (D, 3, T, P, P))
for b in range(vc["depth"]):
    p = f"visual.blocks.{b}."
    norm(p + "norm1", D)
    norm(p + "norm2", D)
    linear(p + "attn.qkv", 3 * D, D)
    linear(p + "attn.proj", D, D)
    linear(p + "mlp.gate_proj", I, D)
    linear(p + "mlp.up_proj", I, D)
    linear(p + "mlp.down_proj", D, I)
norm("visual.merger.ln_q", D)
linear("visual.merger.mlp.0", D * m * m, D * m * m)
linear("visual.merger.mlp.2", O, D * m * m)

header, blobs, offset = {}, [], 0
for name in sorted(tensors):
    a = np.ascontiguousarray(tensors[name], dtype="<f4")
    header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
    blobs.append(a.tobytes())
    offset += a.nbytes
hjson = json.dumps(header).encode()
hjson += b" " * (-len(hjson) % 8)
with open(os.path.join(out, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(hjson)) + hjson + b"".join(blobs))

# smooth gradients with noise, so that the resize has structure to interpolate
for k, (w, h) in enumerate(((90, 70), (20, 17))):
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.stack([xx * 255 / w, yy * 255 / h, (xx + yy) * 127 / (w + h)], -1) + rng.normal(0, 30, (h, w, 3))
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(os.path.join(out, f"image{k}.png"))

W = read_safetensors(os.path.join(out, "model.safetensors"))
rows, thw = [], []
for k in range(2):
    r, g = preprocess_image(np.array(Image.open(os.path.join(out, f"image{k}.png")).convert("RGB")), pp)
    rows.append(r)
    thw.append(g)
pv = np.concatenate(rows, 0)
res = vision(W, vc, pv, thw)
np.save(os.path.join(out, "pixel_values.npy"), pv.astype(np.float32))
np.save(os.path.join(out, "image_grid_thw.npy"), np.array(thw, dtype=np.int64))
for k in ("vision_window_index", "vision_cu_window_seqlens"):
    np.save(os.path.join(out, k + ".npy"), res[k].astype(np.int64))
for k in ("vision_patch_embed", "vision_block_outputs", "vision_merger_out_window_order", "image_embeds"):
    np.save(os.path.join(out, k + ".npy"), res[k].astype(np.float32))
