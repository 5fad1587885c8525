#!/usr/bin/python3
"""Tiny random weights for Ferret's region modules and the features a plain NumPy walk through Ferret's
inference (apple/ml-ferret ferret/model/ferret_arch.py: GeoRegionSampler.forward and extract_region_feature;
ferret/eval/model_gpt4eval_3newclass.py: generate_mask_for_feature) gives for a few regions.

Where Ferret draws at random, this follows GroundChat's fixed rule (ferret_region_sampler.h): the mask's pixels
in order, repeated from the first up to 512, or 512 of them evenly spaced; farthest point sampling from the first
point; nearest neighbours by squared distance, ties to the lower index. The geometry is float32 (as torch's
points are), the layers float64.

Writes region_sampler.safetensors (the weights under GroundChat's names, the patch features as "patches", each
case's expected feature as "expected.<case>") and region_sampler.json (the cases). Run with /usr/bin/python3.
"""
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
C, D, SIDE = 6, 10, 4          # tower width, language model width, the patch grid's side
POINTS, ANCHORS, NEIGHBOURS = 512, (128, 32), 24
rng = np.random.default_rng(20240607)


def rand(*shape, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


weights = {}
for i in range(2):
    p = f"ferret_region_sampler.diff_projector_list.{i}."
    weights[p + "weight"], weights[p + "bias"] = rand(C + 2, C + 2), rand(C + 2)
    p = f"ferret_region_sampler.agg_projector_list.{i}."
    weights[p + "net.0.weight"], weights[p + "net.0.bias"] = rand(C, 2 * (C + 2), 1), rand(C)
    weights[p + "norm.weight"], weights[p + "norm.bias"] = 1 + rand(C, scale=0.1), rand(C, scale=0.1)
weights["ferret_region_sampler.flatten_projector.weight"] = rand(C, C * ANCHORS[-1], scale=0.1)
weights["ferret_region_sampler.flatten_projector.bias"] = rand(C)
weights["ferret_region_sampler.dim_projector.weight"], weights["ferret_region_sampler.dim_projector.bias"] = rand(D, C), rand(D)
weights["ferret_region_adapter.weight"], weights["ferret_region_adapter.bias"] = rand(D, C), rand(D)
patches = rand(SIDE * SIDE, C, scale=1.0)


def mask_of(case):
    """generate_mask_for_feature: a (W, H) array, indexed [x, y]."""
    w, h = case["width"], case["height"]
    m = np.zeros((w, h))
    if case["point"]:
        x, y, span = case["x1"], case["y1"], 5
        m[max(0, x - span):min(w, x + span + 1), max(0, y - span):min(h, y + span + 1)] = 1
    else:
        m[case["x1"]:case["x2"] + 1, case["y1"]:case["y2"] + 1] = 1
    return m


def mask_points(case, repeat):
    """m.nonzero() / (W, H), then rand_sample_repeat (repeat) or rand_sample, by the fixed rule."""
    pos = np.argwhere(mask_of(case)).astype(np.float32) / np.array([case["width"], case["height"]], np.float32)
    n = len(pos)
    if n < POINTS:
        return np.concatenate([pos, pos[np.arange(POINTS - n) % n]]) if repeat else pos
    return pos[(np.arange(POINTS) * n) // POINTS]


def bilinear(points):
    """point_sample: grid_sample(map [C, H, W], 2 * points.flip(-1) - 1, align_corners=True)."""
    grid = patches.astype(np.float64).reshape(SIDE, SIDE, C)  # [row, col, C]
    out = []
    for px, py in points.astype(np.float64):
        col, row = py * (SIDE - 1), px * (SIDE - 1)  # flipped: the first coordinate goes down
        c0, r0 = int(np.floor(col)), int(np.floor(row))
        fc, fr = col - c0, row - r0
        v = np.zeros(C)
        for dr, wr in ((0, 1 - fr), (1, fr)):
            for dc, wc in ((0, 1 - fc), (1, fc)):
                r, c = r0 + dr, c0 + dc
                if 0 <= r < SIDE and 0 <= c < SIDE:
                    v += wr * wc * grid[r, c]
        out.append(v)
    return np.array(out)


def sq(a, b):
    d = (a - b).astype(np.float32)
    return d[..., 0] * d[..., 0] + d[..., 1] * d[..., 1]


def farthest(points, count):
    nearest = np.full(len(points), 1e10, np.float32)
    taken, nxt = [], 0
    for _ in range(count):
        taken.append(nxt)
        nearest = np.minimum(nearest, sq(points, points[nxt]))
        nxt = int(np.argmax(nearest))
    return np.array(taken)


def linear(x, name):
    return x @ weights[name + ".weight"].astype(np.float64).T + weights[name + ".bias"]


def layer_norm(x, name):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-5) * weights[name + ".weight"] + weights[name + ".bias"]


def geo_sampler(case, max_pool):
    points = mask_points(case, True)
    features = bilinear(points)
    for i, count in enumerate(ANCHORS):
        at = farthest(points, count)
        anchors = points[at]
        near = np.array([np.argsort(sq(points, a), kind="stable")[:NEIGHBOURS] for a in anchors])
        local = np.concatenate([features[near], points[near].astype(np.float64)], -1)
        anchor = np.concatenate([features[at], anchors.astype(np.float64)], -1)[:, None, :]
        offset = linear(local - anchor, f"ferret_region_sampler.diff_projector_list.{i}")
        both = np.concatenate([offset, np.broadcast_to(anchor, offset.shape)], -1)
        p = f"ferret_region_sampler.agg_projector_list.{i}"
        y = both @ weights[p + ".net.0.weight"][:, :, 0].astype(np.float64).T + weights[p + ".net.0.bias"]
        y = layer_norm(np.maximum(y, 0), p + ".norm")
        features = y.max(1) if max_pool else y.mean(1)
        points = anchors
    x = linear(features.reshape(-1), "ferret_region_sampler.flatten_projector")
    return linear(x, "ferret_region_sampler.dim_projector")


def adapter(case):
    return linear(bilinear(mask_points(case, False)).mean(0), "ferret_region_adapter")


cases = [
    # more pixels than points: 512 evenly spaced
    {"name": "wide_box_max", "x1": 3, "y1": 5, "x2": 40, "y2": 30, "point": False, "width": 48, "height": 36, "pool": "max"},
    {"name": "wide_box_mean", "x1": 3, "y1": 5, "x2": 40, "y2": 30, "point": False, "width": 48, "height": 36, "pool": "mean"},
    # fewer: repeated from the first
    {"name": "small_box_max", "x1": 10, "y1": 2, "x2": 19, "y2": 12, "point": False, "width": 48, "height": 36, "pool": "max"},
    # a point near the corner: its 11x11 window clipped
    {"name": "point_max", "x1": 2, "y1": 33, "x2": 2, "y2": 33, "point": True, "width": 48, "height": 36, "pool": "max"},
    {"name": "wide_box_adapter", "x1": 3, "y1": 5, "x2": 40, "y2": 30, "point": False, "width": 48, "height": 36, "pool": "adapter"},
    {"name": "point_adapter", "x1": 2, "y1": 33, "x2": 2, "y2": 33, "point": True, "width": 48, "height": 36, "pool": "adapter"},
]
tensors = dict(weights)
tensors["patches"] = patches
for case in cases:
    out = adapter(case) if case["pool"] == "adapter" else geo_sampler(case, case["pool"] == "max")
    tensors["expected." + case["name"]] = out.astype(np.float32)

header, blobs, offset = {}, [], 0
for name in sorted(tensors):
    data = np.ascontiguousarray(tensors[name], np.float32).tobytes()
    header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * (-len(text) % 8)
with open(os.path.join(HERE, "region_sampler.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
with open(os.path.join(HERE, "region_sampler.json"), "w") as f:
    json.dump({"vision_width": C, "text_width": D, "cases": cases}, f, indent=1)
