#!/usr/bin/python3
"""Writes src/test/resources/compare-fixture.txt: reference RDMs from scipy.spatial.distance.pdist (metric
'correlation' and 'euclidean', condensed form) and linear CKA in NumPy (Kornblith et al. 2019, feature space),
for RepresentationalDissimilarityTest and CenteredKernelAlignmentTest. Run:
/usr/bin/python3 src/test/python/compare_fixture.py

Format, one item per line, values separated by spaces (repr, exact round trip):
  matrix NAME ROWS COLUMNS v00 v01 ...           (row-major)
  rdm NAME METRIC d01 d02 ... d(n-2)(n-1)         (pdist's condensed order)
  cka X Y cka hsic_xy hsic_xx hsic_yy            (hsic = ||.||_F^2 / (n-1)^2, the biased linear HSIC)
"""
import os
import numpy as np
from scipy.spatial.distance import pdist

rng = np.random.default_rng(2019)
matrices = {}
# 12 stimuli x 7 features, features on different scales and offsets
matrices["A"] = rng.normal(size=(12, 7)) * rng.uniform(0.1, 3, size=7) + rng.normal(0, 2, size=7)
# 30 x 5 with a large common offset: tests centring (correlation: rows; euclidean: accuracy of the gemm form)
matrices["B"] = rng.normal(50, 1, size=(30, 5)) + rng.normal(size=(30, 1))
# CKA pairs: a linear mix of B plus noise (related), an independent matrix, and more features than stimuli
matrices["C"] = matrices["B"] @ rng.normal(size=(5, 3)) + 0.5 * rng.normal(size=(30, 3))
matrices["D"] = rng.normal(size=(30, 4))
matrices["P"] = rng.normal(size=(10, 25))
matrices["Q"] = np.tanh(matrices["P"] @ rng.normal(size=(25, 8)) / 5) + 0.3 * rng.normal(size=(10, 8))


def linear_cka(x, y):
    x = x - x.mean(axis=0)
    y = y - y.mean(axis=0)
    n = x.shape[0]
    xy = np.linalg.norm(y.T @ x) ** 2
    xx = np.linalg.norm(x.T @ x)
    yy = np.linalg.norm(y.T @ y)
    return xy / (xx * yy), xy / (n - 1) ** 2, xx ** 2 / (n - 1) ** 2, yy ** 2 / (n - 1) ** 2


def values(a):
    return " ".join(repr(float(v)) for v in np.asarray(a).ravel())


lines = []
for name, m in matrices.items():
    lines.append(f"matrix {name} {m.shape[0]} {m.shape[1]} {values(m)}")
for name in ["A", "B", "P"]:
    for metric in ["correlation", "euclidean"]:
        lines.append(f"rdm {name} {metric} {values(pdist(matrices[name], metric=metric))}")
for x, y in [("B", "C"), ("B", "D"), ("A", "A"), ("P", "Q")]:
    lines.append(f"cka {x} {y} {values(linear_cka(matrices[x], matrices[y]))}")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "compare-fixture.txt")
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
print("wrote", len(lines), "lines to", os.path.normpath(out))
