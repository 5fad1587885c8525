#!/usr/bin/env python3
"""Writes resources/images/demo-shapes.png: a small synthetic scene (stdlib only, deterministic).

The shapes' pixel boxes are printed so that demo prompts and tests can refer to them.
"""
import struct
import sys
import zlib

W, H = 640, 427
img = bytearray(W * H * 3)


def put(x, y, c):
    i = (y * W + x) * 3
    img[i:i + 3] = bytes(c)


for y in range(H):
    for x in range(W):
        g = 205 + (x * 30) // W
        put(x, y, (g, g - 4, 196 + (y * 40) // H))

shapes = []


def circle(cx, cy, r, c, name):
    for y in range(cy - r, cy + r + 1):
        for x in range(cx - r, cx + r + 1):
            if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
                put(x, y, c)
    shapes.append((name, cx - r, cy - r, cx + r + 1, cy + r + 1))


def rect(x1, y1, x2, y2, c, name):
    for y in range(y1, y2):
        for x in range(x1, x2):
            put(x, y, c)
    shapes.append((name, x1, y1, x2, y2))


def triangle(x1, y1, x2, y2, c, name):
    # apex at top centre, base at the bottom
    for y in range(y1, y2):
        t = (y - y1) / max(1, y2 - y1 - 1)
        half = t * (x2 - x1) / 2
        cx = (x1 + x2) / 2
        for x in range(int(cx - half), int(cx + half) + 1):
            put(x, y, c)
    shapes.append((name, x1, y1, x2, y2))


circle(150, 140, 70, (220, 40, 40), "a red circle")
rect(380, 60, 560, 220, (40, 80, 210), "a blue square")
triangle(240, 250, 420, 400, (40, 170, 70), "a green triangle")
rect(40, 300, 130, 390, (240, 190, 30), "a yellow square")

raw = b"".join(b"\x00" + bytes(img[y * W * 3:(y + 1) * W * 3]) for y in range(H))


def chunk(tag, data):
    c = struct.pack(">I", len(data)) + tag + data
    return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
out = sys.argv[1] if len(sys.argv) > 1 else "resources/images/demo-shapes.png"
with open(out, "wb") as f:
    f.write(png)
for s in shapes:
    print(*s, sep="\t")
