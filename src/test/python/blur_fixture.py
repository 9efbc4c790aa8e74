"""Writes src/test/resources/blur-fixture.txt: Gaussian blurs by SciPy for FiltersTest.

Each case: a seeded random image (width x height), sigma, and scipy.ndimage.gaussian_filter of it with mode='mirror'
(d c b | a b c d | c b a, In Silico's edge rule) and radius ceil(3 sigma) (In Silico's kernel size). Sizes include a
radius larger than the image (reflected more than once) and images one pixel wide or high.
Run with Debian's python3 (python3-scipy): /usr/bin/python3 src/test/python/blur_fixture.py
"""
import math
import pathlib

import numpy as np
from scipy import ndimage

rng = np.random.default_rng(20261122)
cases = [(28, 28, 0.5), (28, 28, 1.7), (9, 6, 1.0), (7, 5, 3.0), (1, 8, 1.2), (6, 1, 0.8), (3, 4, 2.5)]
out = pathlib.Path(__file__).resolve().parents[1] / "resources" / "blur-fixture.txt"
lines = []
for w, h, sigma in cases:
    img = rng.standard_normal((h, w)).astype(np.float32)
    r = math.ceil(3 * sigma)
    blurred = ndimage.gaussian_filter(img.astype(np.float64), sigma, mode="mirror", radius=r)
    lines.append("case %d %d %r" % (w, h, sigma))
    lines.append("image " + " ".join(repr(float(v)) for v in img.ravel()))
    lines.append("blurred " + " ".join(repr(float(v)) for v in blurred.ravel()))
out.write_text("\n".join(lines) + "\n")
print("wrote", out)
