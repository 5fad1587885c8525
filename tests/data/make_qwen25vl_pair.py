#!/usr/bin/python3
"""Writes qwen25vl-pair/: the qwen25vl-tiny-a model's vision tower on two images with different grids in one
call, computed by the NumPy reference implementation of the Qwen2.5-VL spec.

image0.png is the fixture's 45x37 image (grid 10x12, merged 5x6: ragged windows); image1.png is its 32x32
top-left crop (grid 8x8, merged 4x4: both sides a multiple of the 2x2 windows, so the reference pads a whole
empty window row and column and drops them again). Together they check the per-image window offsets and that
full attention stays within each image.

Run with Debian's interpreter (it has numpy and Pillow), giving the reference scripts' folder:
    /usr/bin/python3 tests/data/make_qwen25vl_pair.py ../shared/reference tests/data
"""
import json
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, sys.argv[1])
from numpy_ref_qwen25vl import preprocess_image, read_safetensors, vision, vision_config  # noqa: E402

data = sys.argv[2]
src = os.path.join(data, "qwen25vl-tiny-a")
out = os.path.join(data, "qwen25vl-pair")
os.makedirs(out, exist_ok=True)
cfg = json.load(open(os.path.join(src, "config.json")))
pp = json.load(open(os.path.join(src, "processor", "preprocessor_config.json")))
W = read_safetensors(os.path.join(src, "model.safetensors"))
img0 = np.array(Image.open(os.path.join(src, "image0.png")).convert("RGB"))
Image.fromarray(img0[:32, :32]).save(os.path.join(out, "image1.png"))
img1 = np.array(Image.open(os.path.join(out, "image1.png")).convert("RGB"))
rows, thw = [], []
for img in (img0, img1):
    r, g = preprocess_image(img, pp)
    rows.append(r)
    thw.append(g)
pv = np.concatenate(rows, 0)
res = vision(W, vision_config(cfg), pv, thw)
np.save(os.path.join(out, "pixel_values.npy"), pv.astype(np.float32))
np.save(os.path.join(out, "image_grid_thw.npy"), np.array(thw, dtype=np.int64))
np.save(os.path.join(out, "vision_window_index.npy"), res["vision_window_index"].astype(np.int64))
np.save(os.path.join(out, "vision_cu_window_seqlens.npy"), res["vision_cu_window_seqlens"].astype(np.int64))
for k in ("vision_block_outputs", "image_embeds"):
    np.save(os.path.join(out, k + ".npy"), res[k].astype(np.float32))
