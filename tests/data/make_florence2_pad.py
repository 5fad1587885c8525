#!/usr/bin/python3
"""Writes florence2-pad100/: the florence2-tiny model's vision side on image0.png preprocessed to 100x100
instead of 96x96, computed by the NumPy reference implementation of the Florence-2 spec.

At 100 px the DaViT grids are 25, 13, 7 and 4, none a multiple of the 3x3 windows, so every window
attention pads its grid and crops it back: the path the 96 px fixture never takes.

Run with Debian's interpreter (it has numpy and Pillow), giving the reference scripts' folder:
    /usr/bin/python3 tests/data/make_florence2_pad.py ../shared/reference tests/data
"""
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, sys.argv[1])
from numpy_ref_florence2 import encode_image  # noqa: E402
from numpy_ref_kosmos2 import load_safetensors  # noqa: E402
from numpy_ref_preprocess import preprocess  # noqa: E402
import json  # noqa: E402

data = sys.argv[2]
src = os.path.join(data, "florence2-tiny")
out = os.path.join(data, "florence2-pad100")
os.makedirs(out, exist_ok=True)
cfg = json.load(open(os.path.join(src, "config.json")))
W = load_safetensors(os.path.join(src, "model.safetensors"))
img = np.array(Image.open(os.path.join(src, "image0.png")).convert("RGB"))
pv = preprocess(img, 100, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
feats, tokens, outs = encode_image(W, cfg, pv[0].astype(np.float64))
np.save(os.path.join(out, "pixel_values.npy"), pv.astype(np.float32))
for s in range(len(outs) // 2):
    np.save(os.path.join(out, f"davit_stage{s}_out.npy"), outs[2 * s + 1][None].astype(np.float32))
np.save(os.path.join(out, "vision_tower_unpooled.npy"), tokens[None].astype(np.float32))
np.save(os.path.join(out, "image_features.npy"), feats[None].astype(np.float32))
