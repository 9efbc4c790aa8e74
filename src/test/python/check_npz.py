#!/usr/bin/python3
"""Checks an In Silico .npz export with NumPy itself (run by hand: /usr/bin/python3 check_npz.py network.npz).

Prints every array with dtype and shape, and checks the layer list against the weights present."""
import sys
import numpy as np

z = np.load(sys.argv[1])
for k in sorted(z.files):
    a = z[k]
    print(f"{k:16s} {str(a.dtype):6s} {a.shape}")
names = list(z["layer_names"])
kinds = list(z["layer_kinds"])
for n, k in zip(names, kinds):
    has = f"{n}.W" in z.files
    assert has == (k in ("convolution", "dense", "output")), (n, k)
print("layers:", names, "classes:", list(z["class_names"]), "input:", tuple(z["input_shape"]))
