#!/usr/bin/python3
"""Writes qwen25vl-batch/: the qwen25vl-tiny-a model on a left-padded batch of two prompts with two images of
different grids, computed by the NumPy reference implementation of the Qwen2.5-VL spec, in the layout of the
reference fixtures (index.json's "weights_from" names the folder holding the model).

Row 0 is tiny-a's prompt about image0.png (45x37, grid 10x12, 30 image tokens); row 1 is the same question
without the system turn about image1.png, tiny-a's image's 32x32 top-left crop (grid 8x8, 16 image tokens), left
padded by the pad id. Position ids, rope deltas, hidden states and logits of the prompt, and 10 greedy and
no-repeat-3-gram tokens per row with their step logits and scores, as the reference's check() computes them.

Run with Debian's interpreter (it has numpy and Pillow), giving the reference scripts' folder:
    /usr/bin/python3 tests/data/make_qwen25vl_batch.py ../shared/reference tests/data
"""
import json
import os
import shutil
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, sys.argv[1])
from numpy_ref_qwen25vl import (Decoder, banned_next, preprocess_image, read_safetensors, rope_index,  # noqa: E402
                                vision, vision_config)

data = sys.argv[2]
src = os.path.join(data, "qwen25vl-tiny-a")
out = os.path.join(data, "qwen25vl-batch")
os.makedirs(out, exist_ok=True)
cfg = json.load(open(os.path.join(src, "config.json")))
pp = json.load(open(os.path.join(src, "processor", "preprocessor_config.json")))
W = read_safetensors(os.path.join(src, "model.safetensors"))
shutil.copyfile(os.path.join(src, "image0.png"), os.path.join(out, "image0.png"))
img0 = np.array(Image.open(os.path.join(out, "image0.png")).convert("RGB"))
Image.fromarray(img0[:32, :32]).save(os.path.join(out, "image1.png"))
img1 = np.array(Image.open(os.path.join(out, "image1.png")).convert("RGB"))
rows, thw = [], []
for img in (img0, img1):
    r, g = preprocess_image(img, pp)
    rows.append(r)
    thw.append([int(v) for v in g])
pv = np.concatenate(rows, 0)
res = vision(W, vision_config(cfg), pv, thw)
emb_all = res["image_embeds"]

img_tok, pad_id, start = cfg["image_token_id"], cfg["pad_token_id"], 347  # 347 = <|im_start|>
m = vision_config(cfg)["spatial_merge_size"]
row0 = np.load(os.path.join(src, "input_ids.npy"))[0].tolist()
user = [i for i, t in enumerate(row0) if t == start][1]           # the user turn: the system turn dropped
first = row0.index(img_tok)
n1 = thw[1][0] * thw[1][1] * thw[1][2] // (m * m)
row1 = row0[user:first] + [img_tok] * n1 + [t for t in row0[first:] if t != img_tok]
L = max(len(row0), len(row1))
ids = np.array([[pad_id] * (L - len(r)) + r for r in (row0, row1)], dtype=np.int64)
am = np.array([[0] * (L - len(r)) + [1] * len(r) for r in (row0, row1)], dtype=np.int64)
B = 2
pos, deltas = rope_index(ids, am, thw, cfg)

dec = Decoder(W, cfg)
embeds = dec.E[ids].reshape(B * L, -1).copy()
sel = (ids == img_tok).reshape(-1)
assert sel.sum() == emb_all.shape[0]
embeds[sel] = emb_all
embeds = embeds.reshape(B, L, -1)
n = cfg["num_hidden_layers"]
hidden = np.zeros((n + 1, B, L, cfg["hidden_size"]), dtype=np.float32)
logits = np.zeros((B, L, cfg["vocab_size"]), dtype=np.float32)
prefill = []
for b in range(B):
    lg, hid, cache = dec.forward(embeds[b], pos[:, b], am[b])
    for li, h in enumerate(hid):
        hidden[li, b] = h
    logits[b] = lg
    prefill.append((lg, cache))

T = 10
gen = {}
for tag, nrng in (("greedy", 0), ("nrng3", 3)):
    new = np.zeros((B, T), dtype=np.int64)
    step_logits = np.zeros((T, B, cfg["vocab_size"]), dtype=np.float32)
    step_scores = np.zeros((T, B, cfg["vocab_size"]), dtype=np.float32)
    for b in range(B):
        lg, cache = prefill[b]
        nxt = lg[-1]
        seq, keymask = ids[b].tolist(), am[b].tolist()
        for step in range(T):
            step_logits[step, b] = nxt
            scores = nxt.copy()
            for tkn in (banned_next(seq, nrng) if nrng else ()):
                scores[tkn] = -np.inf
            step_scores[step, b] = scores
            tok = int(np.argmax(scores))
            new[b, step] = tok
            seq.append(tok)
            keymask.append(1)
            p = np.full((3, 1), L + step + deltas[b, 0])
            lgs, _, cache = dec.forward(dec.E[[tok]], p, np.array(keymask), cache)
            nxt = lgs[-1]
    gen[tag] = (new, step_logits, step_scores)

arrays = {
    "input_ids": ids, "attention_mask": am, "pixel_values": pv.astype(np.float32),
    "image_grid_thw": np.array(thw, dtype=np.int64), "image_embeds": emb_all.astype(np.float32),
    "position_ids": pos.astype(np.int64), "rope_deltas": deltas.astype(np.int64),
    "decoder_hidden_states": hidden, "logits": logits,
}
for tag, (new, sl, ss) in gen.items():
    arrays[f"gen_{tag}_new_tokens"] = new
    arrays[f"gen_{tag}_logits"] = sl
    arrays[f"gen_{tag}_scores"] = ss
for k, v in arrays.items():
    np.save(os.path.join(out, k + ".npy"), v)
prompt0 = json.load(open(os.path.join(src, "index.json")))["prompts"][0]
prompt1 = prompt0[prompt0.index("<|im_start|>user"):]
json.dump({"weights_from": "qwen25vl-tiny-a", "prompts": [prompt0, prompt1], "padding_side": "left",
           "images": {"image0.png": {"grid_thw": thw[0]}, "image1.png": {"grid_thw": thw[1]}},
           "generated_by": "tests/data/make_qwen25vl_batch.py (NumPy reference, float64)"},
          open(os.path.join(out, "index.json"), "w"), indent=1)
print("rows", [len(row0), len(row1)], "L", L, "deltas", deltas[:, 0].tolist(), "greedy", gen["greedy"][0].tolist(),
      "nrng3", gen["nrng3"][0].tolist())
