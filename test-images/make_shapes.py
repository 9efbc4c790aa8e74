#!/usr/bin/python3
"""Writes test-images/shapes/: a labelled image folder (one sub-folder per class) of 32x32 grayscale PNGs of
circles, squares and triangles at random positions and sizes, plus one RGB image of each class, so that a user
can try 'Train Network...' with 'Image folder' (and see the colour-to-gray note) without data of their own.
Standard library only; deterministic (seed 1). Run: /usr/bin/python3 test-images/make_shapes.py"""
import os, random, struct, zlib

SIZE, PER_CLASS = 32, 50
HERE = os.path.dirname(os.path.abspath(__file__))


def png(path, rows, rgb=False):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    head = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2 if rgb else 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def inside(shape, x, y, cx, cy, r):
    if shape == "circle":
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    if shape == "square":
        return abs(x - cx) <= r * 0.85 and abs(y - cy) <= r * 0.85
    # triangle pointing up: apex at (cx, cy - r), base at y = cy + r
    return cy - r <= y <= cy + r and abs(x - cx) <= (y - (cy - r)) / 2


rng = random.Random(1)
for shape in ("circle", "square", "triangle"):
    folder = os.path.join(HERE, "shapes", shape)
    os.makedirs(folder, exist_ok=True)
    for i in range(PER_CLASS + 1):
        r = rng.uniform(6, 10)
        cx, cy = rng.uniform(r + 1, SIZE - r - 2), rng.uniform(r + 1, SIZE - r - 2)
        gray = [[min(255, int(40 * rng.random() + (200 if inside(shape, x, y, cx, cy, r) else 0)))
                 for x in range(SIZE)] for y in range(SIZE)]
        if i < PER_CLASS:
            png(os.path.join(folder, "%s_%02d.png" % (shape, i)), gray)
        else:  # one colour image per class: a red shape on blue-ish noise
            png(os.path.join(folder, "%s_colour.png" % shape),
                [[c for v in row for c in (v, v // 3, 60)] for row in gray], rgb=True)
print("wrote", 3 * (PER_CLASS + 1), "images to", os.path.join(HERE, "shapes"))
