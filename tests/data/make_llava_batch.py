#!/usr/bin/python3
"""Writes llava-tiny-gqa/: a LLaVA-1.5 model with the shapes of the held-back acceptance fixture, its outputs
computed by the NumPy reference implementation of the LLaVA spec, in the layout of the reference fixtures.

What differs from llava-tiny-a: batch 2, left padded (row 1 is 6 ids shorter); two non-square images (60x44
landscape, 39x52 portrait); CLIP patch 14 on 42 px (9 image tokens per image); grouped-query attention 6 query / 2
kv heads (head_dim 12); rope_theta 5e5; rms_norm_eps left out (LlamaConfig's 1e-6); the embedding and head padded
to 352 rows. Random weights as the fixtures' randomize_params draws them, seed 21; tiny-a's tokenizer.

Row 0's prompt is tiny-a's; row 1 drops the words "shown in". Its ids are tiny-a's with those words' pieces left
out: sentencepiece splits on whitespace before merging, so a word's pieces do not depend on its neighbours.

Tensors, as numpy_ref_llava.py checks them:
  * the processor's centre crop (HF): pixel_values, the CLIP states, the selected layer, the projector output,
    the merged mask / positions / image slots, logits over the merged sequence, greedy and no-repeat-3-gram
    tokens (10 per row);
  * the original repo's pad-to-square (image_aspect_ratio "pad", spec §3.1): the same with the prefix pad_;
  * rope_scaling (transformers' modeling_rope_utils: default, linear, dynamic, llama3) on the text alone (row 0's ids,
    positions 0..L-1): rope_<type>_logits [4, V], the prefill's last position and three cached steps, each call
    computing its frequencies as transformers does (dynamic: from that call's largest position + 1).

Run with Debian's interpreter (numpy and Pillow), giving the reference scripts' folder:
    /usr/bin/python3 tests/data/make_llava_batch.py ../shared/reference tests/data
"""
import json
import math
import os
import shutil
import struct
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, sys.argv[1])
from numpy_ref_llava import Llama, clip_preprocess, clip_vision, configs, merge  # noqa: E402
from numpy_ref_qwen25vl import banned_next, gelu_erf, inv_freq32, linear  # noqa: E402

data = sys.argv[2]
src = os.path.join(data, "llava-tiny-a")
out = os.path.join(data, "llava-tiny-gqa")
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(21)

VISION = dict(hidden_size=32, image_size=42, intermediate_size=64, model_type="clip_vision_model", num_attention_heads=4,
              num_hidden_layers=3, patch_size=14, projection_dim=32)
TEXT = dict(hidden_size=72, intermediate_size=112, max_position_embeddings=64, model_type="llama", num_attention_heads=6,
            num_hidden_layers=2, num_key_value_heads=2, pad_token_id=331, rope_theta=500000.0, vocab_size=352)
cfg = dict(architectures=["LlavaForConditionalGeneration"], ignore_index=-100, image_token_index=330, model_type="llava",
           pad_token_id=331, projector_hidden_act="gelu", text_config=TEXT, torch_dtype="float32",
           transformers_version="4.41.0.dev0", vision_config=VISION, vision_feature_layer=-2,
           vision_feature_select_strategy="default")
vc, tc = configs(cfg)


# ----------------------------------------------------------------------------------------------- weights
def normal(shape, std):
    return (rng.standard_normal(shape) * std).astype(np.float32)


def uniform(shape, lo, hi):
    return rng.uniform(lo, hi, shape).astype(np.float32)


W = {}


def lin(name, o, i, bias=True):
    W[name + ".weight"] = normal((o, i), 1 / math.sqrt(i))
    if bias:
        W[name + ".bias"] = normal((o,), 0.05)


def norm(name, bias=True):
    d = TEXT["hidden_size"] if name.startswith("language_model") else VISION["hidden_size"]
    W[name + ".weight"] = 1 + uniform((d,), -0.1, 0.1)
    if bias:
        W[name + ".bias"] = uniform((d,), -0.1, 0.1)


v = "vision_tower.vision_model."
Dv, P = VISION["hidden_size"], VISION["patch_size"]
W[v + "embeddings.patch_embedding.weight"] = normal((Dv, 3, P, P), 1 / math.sqrt(3 * P * P))
W[v + "embeddings.class_embedding"] = normal((Dv,), 1 / math.sqrt(Dv))
W[v + "embeddings.position_embedding.weight"] = normal(((VISION["image_size"] // P) ** 2 + 1, Dv), 1 / math.sqrt(Dv))
norm(v + "pre_layrnorm")
for i in range(VISION["num_hidden_layers"]):
    p = v + f"encoder.layers.{i}."
    norm(p + "layer_norm1")
    norm(p + "layer_norm2")
    for m in ("q_proj", "k_proj", "v_proj", "out_proj"):
        lin(p + "self_attn." + m, Dv, Dv)
    lin(p + "mlp.fc1", VISION["intermediate_size"], Dv)
    lin(p + "mlp.fc2", Dv, VISION["intermediate_size"])
norm(v + "post_layernorm")
D, I, V = TEXT["hidden_size"], TEXT["intermediate_size"], TEXT["vocab_size"]
hd = D // TEXT["num_attention_heads"]
lin("multi_modal_projector.linear_1", D, Dv)
lin("multi_modal_projector.linear_2", D, D)
t = "language_model.model."
W[t + "embed_tokens.weight"] = normal((V, D), 1 / math.sqrt(D))
for i in range(TEXT["num_hidden_layers"]):
    p = t + f"layers.{i}."
    norm(p + "input_layernorm", False)
    norm(p + "post_attention_layernorm", False)
    lin(p + "self_attn.q_proj", TEXT["num_attention_heads"] * hd, D, False)
    lin(p + "self_attn.k_proj", TEXT["num_key_value_heads"] * hd, D, False)
    lin(p + "self_attn.v_proj", TEXT["num_key_value_heads"] * hd, D, False)
    lin(p + "self_attn.o_proj", D, TEXT["num_attention_heads"] * hd, False)
    lin(p + "mlp.gate_proj", I, D, False)
    lin(p + "mlp.up_proj", I, D, False)
    lin(p + "mlp.down_proj", D, I, False)
norm(t + "norm", False)
lin("language_model.lm_head", V, D, False)


def write_safetensors(path, tensors):
    """save_pretrained's layout: all float32, so ordered by name; header padded with spaces to 8 bytes."""
    header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
    for k in sorted(tensors):
        b = np.ascontiguousarray(tensors[k], dtype="<f4").tobytes()
        header[k] = {"dtype": "F32", "shape": list(tensors[k].shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


write_safetensors(os.path.join(out, "model.safetensors"), W)
json.dump(cfg, open(os.path.join(out, "config.json"), "w"), indent=2)
shutil.copyfile(os.path.join(src, "generation_config.json"), os.path.join(out, "generation_config.json"))
shutil.rmtree(os.path.join(out, "processor"), ignore_errors=True)
shutil.copytree(os.path.join(src, "processor"), os.path.join(out, "processor"))
pp_path = os.path.join(out, "processor", "preprocessor_config.json")
pp = json.load(open(pp_path))
pp["size"] = {"shortest_edge": VISION["image_size"]}
pp["crop_size"] = {"height": VISION["image_size"], "width": VISION["image_size"]}
json.dump(pp, open(pp_path, "w"), indent=2)

# ----------------------------------------------------------------------------------------------- inputs
def scene(w, h, seed):
    """A gradient with a bright disc and a dark bar placed off-centre, so crops and pads see different content."""
    r = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x + y) * 127 // (w + h)], -1).astype(np.int64)
    cx, cy = r.integers(w // 5, w // 3), r.integers(h // 5, h // 3)
    img[(x - cx) ** 2 + (y - cy) ** 2 < (min(w, h) // 5) ** 2] = [250, 240, 30]
    img[(x > w * 2 // 3) & (y > h // 2)] = [20, 30, 90]
    img += r.integers(-12, 13, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


names = ["image0.png", "image1.png"]
for name, (w, h), seed in zip(names, [(60, 44), (39, 52)], [3, 4]):
    Image.fromarray(scene(w, h, seed)).save(os.path.join(out, name))
imgs = [np.array(Image.open(os.path.join(out, n)).convert("RGB")) for n in names]

MEAN_BYTES = tuple(int(m * 255) for m in pp["image_mean"])  # (122, 116, 104), spec §3.1


def expand2square(img):
    h, w = img.shape[:2]
    s = max(w, h)
    canvas = np.empty((s, s, 3), np.uint8)
    canvas[:] = MEAN_BYTES
    x0, y0 = (s - w) // 2, (s - h) // 2
    canvas[y0:y0 + h, x0:x0 + w] = img
    return canvas


prompts = [json.load(open(os.path.join(src, "index.json")))["prompts"][0]]
prompts.append(prompts[0].replace("shown in ", ""))
row0 = np.load(os.path.join(src, "input_ids.npy"))[0].tolist()
pieces = json.load(open(os.path.join(src, "index.json")))["prompt_tokens"][0]
# "▁s h ow n" and "▁i n" are the words "shown" and "in": drop those ids
start = pieces.index("\u2581s")
assert pieces[start:start + 6] == ["\u2581s", "h", "ow", "n", "\u2581i", "n"], pieces
row1 = row0[:start] + row0[start + 6:]
L = max(len(row0), len(row1))
pad_id, image_id = cfg["pad_token_id"], cfg["image_token_index"]
ids = np.array([[pad_id] * (L - len(r)) + r for r in (row0, row1)], dtype=np.int64)
am = np.array([[0] * (L - len(r)) + [1] * len(r) for r in (row0, row1)], dtype=np.int64)
B = 2
lm = Llama(W, tc)
assert abs(lm.eps - 1e-6) < 1e-12 and lm.KV == 2


def run(pv, T=10):
    """The checks of numpy_ref_llava.check() as values: vision, merge, teacher-forced logits, generation."""
    states, sels = [], []
    for img in pv.astype(np.float64):
        st = clip_vision(W, vc, img)
        states.append(st)
        sels.append(st[cfg["vision_feature_layer"]][1:])
    sel = np.stack(sels)
    proj = linear(gelu_erf(linear(sel, W, "multi_modal_projector.linear_1")), W, "multi_modal_projector.linear_2")
    E, M, pos, Im = merge(ids, am, proj, lm.E, image_id, pad_id)
    S = M.shape[1]
    logits = np.zeros((B, S, V), np.float32)
    prefill, lens, attn = [], [], []
    for b in range(B):
        lg, _, raw, probs, cache = lm.forward(E[b], pos[b], M[b])
        logits[b] = lg
        prefill.append((lg, cache))
        # the logit lens at the image positions and the last position's head-averaged attention to them
        img = Im[b] == 1
        lens.append([lm.norm_head(r[img]) for r in raw])
        attn.append([p[:, S - 1, img].mean(0) for p in probs])
    gen = {}
    for tag, nrng in (("greedy", 0), ("nrng3", 3)):
        new = np.zeros((B, T), np.int64)
        margin = np.inf
        for b in range(B):
            lg, cache = prefill[b]
            nxt, seq, keymask, nvalid = lg[-1], ids[b].tolist(), M[b].tolist(), int(M[b].sum())
            for step in range(T):
                scores = nxt.copy()
                for tkn in (banned_next(seq, nrng) if nrng else ()):
                    scores[tkn] = -np.inf
                top2 = np.sort(scores)[-2:]
                margin = min(margin, float(top2[1] - top2[0]))
                tok = int(np.argmax(scores))
                new[b, step] = tok
                seq.append(tok)
                keymask.append(1)
                lgs, _, _, _, cache = lm.forward(lm.E[[tok]], [nvalid + step], np.array(keymask), cache)
                nxt = lgs[-1]
        gen[tag] = (new, margin)
    return dict(vision_hidden_states=np.stack([np.stack(s) for s in states], 1).astype(np.float32),
                selected_image_feature=sel.astype(np.float32), image_features=proj.astype(np.float32),
                merged_attention_mask=M, merged_position_ids=pos.astype(np.int64), image_token_mask=Im,
                logits=logits, logit_lens_image=np.array(lens).transpose(1, 0, 2, 3).astype(np.float32),
                attn_last_to_image=np.array(attn).transpose(1, 0, 2).astype(np.float32)), gen


crop = np.stack([clip_preprocess(im, pp) for im in imgs]).astype(np.float32)
padded = np.stack([clip_preprocess(expand2square(im), pp) for im in imgs]).astype(np.float32)
arrays = {"input_ids": ids, "attention_mask": am, "pixel_values": crop}
margins = {}
for prefix, pv in (("", crop), ("pad_", padded)):
    tensors, gen = run(pv)
    if prefix:
        arrays["pad_pixel_values"] = pv
        tensors = {k: tensors[k] for k in ("image_features", "logits")}
    for k, val in tensors.items():
        arrays[prefix + k] = val
    for tag, (new, margin) in gen.items():
        arrays[f"{prefix}gen_{tag}_new_tokens"] = new
        margins[f"{prefix}gen_{tag}"] = margin


# ----------------------------------------------------------------------------------------------- rope_scaling
def scaled_inv_freq(scaling, seq_len):
    """modeling_rope_utils' ROPE_INIT_FUNCTIONS in float32 as torch computes them (python scalars in double)."""
    theta, maxpos = tc["rope_theta"], tc["max_position_embeddings"]
    kind = scaling["rope_type"]
    if kind == "dynamic":
        s = seq_len if seq_len > maxpos else maxpos
        f = scaling["factor"]
        theta = theta * ((f * s / maxpos) - (f - 1)) ** (hd / (hd - 2))
    inv = inv_freq32(hd, theta)
    if kind == "linear":
        inv = (inv / np.float32(scaling["factor"])).astype(np.float32)
    if kind == "llama3":
        f, lo, hi = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
        old = scaling["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / lo, old / hi
        wavelen = (np.float32(2 * math.pi) / inv).astype(np.float32)
        llama = np.where(wavelen > low_wavelen, (inv / np.float32(f)).astype(np.float32), inv)
        smooth = ((np.float32(old) / wavelen - np.float32(lo)) / np.float32(hi - lo)).astype(np.float32)
        smoothed = ((np.float32(1) - smooth) * llama / np.float32(f) + smooth * llama).astype(np.float32)
        medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
        inv = np.where(medium, smoothed, llama).astype(np.float32)
    return inv


ROPE = {
    "default": {"rope_type": "default"},
    "linear": {"rope_type": "linear", "factor": 2.0},
    "dynamic": {"type": "dynamic", "factor": 3.0},
    "llama3": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
               "original_max_position_embeddings": 64},
}
# the text alone: row 0's ids, the last three taken one at a time through the cache; with 64 positions and 30
# tokens dynamic would never scale, so the positions start at 40 (as after a long image)
text_ids = row0
offset = 40
for kind, scaling in ROPE.items():
    norm_scaling = dict(scaling)
    norm_scaling["rope_type"] = norm_scaling.pop("type", norm_scaling.get("rope_type"))
    n_pre = len(text_ids) - 3
    rows = []
    pos = list(range(offset, offset + n_pre))
    lm.inv = scaled_inv_freq(norm_scaling, max(pos) + 1)
    lg, _, _, _, cache = lm.forward(lm.E[text_ids[:n_pre]], pos, np.ones(n_pre, np.int64))
    rows.append(lg[-1])
    for k in range(3):
        p = offset + n_pre + k
        lm.inv = scaled_inv_freq(norm_scaling, p + 1)
        lg, _, _, _, cache = lm.forward(lm.E[[text_ids[n_pre + k]]], [p], np.ones(n_pre + k + 1, np.int64), cache)
        rows.append(lg[-1])
    arrays[f"rope_{kind}_logits"] = np.stack(rows).astype(np.float32)
    arrays[f"rope_{kind}_inv_freq"] = scaled_inv_freq(norm_scaling, offset + len(text_ids))
lm.inv = inv_freq32(hd, tc["rope_theta"])

for k, val in arrays.items():
    np.save(os.path.join(out, k + ".npy"), val)
json.dump({"weights": "random, seed 21 (randomize_params recipe)", "prompts": prompts, "padding_side": "left",
           "images": {n: {"width": int(im.shape[1]), "height": int(im.shape[0])} for n, im in zip(names, imgs)},
           "pad_prefix": "pad_* tensors: the images centred on a mean-colour square first (image_aspect_ratio pad)",
           "rope_scaling": {"cases": ROPE, "text_ids": text_ids, "first_position": offset, "cached_steps": 3,
                            "max_position_embeddings": tc["max_position_embeddings"]},
           "min_top1_top2_margin": margins,
           "generated_by": "tests/data/make_llava_batch.py (NumPy reference, float64)"},
          open(os.path.join(out, "index.json"), "w"), indent=1)
print("rows", [len(row0), len(row1)], "merged", arrays["logits"].shape, "greedy", arrays["gen_greedy_new_tokens"].tolist(),
      "pad greedy", arrays["pad_gen_greedy_new_tokens"].tolist(), "margins", margins)
