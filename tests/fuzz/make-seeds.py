#!/usr/bin/env python3
"""Writes tests/fuzz/seeds/<dialect>/ from tests/data/dialect-examples*.jsonl (stdlib only).

Each seed is the fuzz input layout of fuzz_decoder.cpp: flags byte, image width/height (uint16 LE, -1),
then the raw model output. Two seeds per example: complete and streaming (partial) mode.
"""
import glob
import hashlib
import json
import os
import struct

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data")
alias = {"qwen2.5-vl-json": "qwen2.5-vl", "qwen2.5-vl-plain": "qwen2.5-vl", "qwen3-vl-json": "qwen3-vl",
         "gemini-box_2d": "gemini"}
for path in sorted(glob.glob(os.path.join(data, "dialect-examples*.jsonl"))):
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        ex = json.loads(line)
        text = ex.get("text")
        if not text:
            continue
        dialect = alias.get(ex["dialect"], ex["dialect"])
        w, h = ex.get("image_size") or [640, 480]
        out = os.path.join(here, "seeds", dialect)
        os.makedirs(out, exist_ok=True)
        for flags in (2, 3):
            blob = bytes([flags]) + struct.pack("<HH", w - 1, h - 1) + text.encode("utf-8")
            name = hashlib.sha1(blob).hexdigest()[:16]
            with open(os.path.join(out, name), "wb") as f:
                f.write(blob)
