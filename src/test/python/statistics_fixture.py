#!/usr/bin/python3
"""Writes src/test/resources/spearman.csv: reference Spearman correlations from scipy.stats.spearmanr (ties
averaged), for StatisticsTest. Run: /usr/bin/python3 src/test/python/statistics_fixture.py"""
import os
import numpy as np
from scipy import stats

rng = np.random.default_rng(7)
rows = []
cases = [
    ([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]),
    ([3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8]),
    (list(rng.normal(size=30).round(4)), list(rng.normal(size=30).round(4))),
    (list(rng.integers(0, 4, size=25)), list(rng.integers(0, 5, size=25))),
]
for x, y in cases:
    rho = stats.spearmanr(x, y).correlation
    rows.append(";".join([" ".join(map(str, x)), " ".join(map(str, y)), repr(float(rho))]))
out = os.path.join(os.path.dirname(__file__), "..", "resources", "spearman.csv")
with open(out, "w") as f:
    f.write("x;y;spearman\n" + "\n".join(rows) + "\n")
print("wrote", len(rows), "cases to", out)
