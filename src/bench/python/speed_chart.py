"""Draws src/site/images/speed.png for the README: ours / reference per workload (higher is better, 1 = parity), the
median over the given benchmark runs as a dot and their range as a bar, from the runs' results.json files; below
them, the first calls in a fresh process (results.json's "first_calls", when the runs have them).

/usr/bin/python3 src/bench/python/speed_chart.py src/bench/runs/results-*.json
(Debian's python3-matplotlib.)
"""
import json
import pathlib
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

runs = [json.loads(pathlib.Path(p).read_text()) for p in sys.argv[1:]]
if not runs:
    sys.exit("give one or more results.json files")
ratios = {}
for key, label in (("workloads", "%s"), ("first_calls", "%s (first call)")):
    for w in runs[0].get(key, []):
        n = w["name"][len("first_"):] if key == "first_calls" else w["name"]
        ratios[label % n] = [x["ratio"] for r in runs for x in r.get(key, []) if x["name"] == w["name"]
                             and x["ratio"] is not None]
names = [n for n in ratios if ratios[n]][::-1]  # top to bottom in the files' order

fig, ax = plt.subplots(figsize=(7.5, 0.36 * len(names) + 1.2), dpi=110)
for y, n in enumerate(names):
    r = ratios[n]
    colour = "#2a7" if statistics.median(r) >= 1 else "#d62"
    ax.plot([min(r), max(r)], [y, y], color=colour, linewidth=5, alpha=0.35, solid_capstyle="butt")
    ax.plot([statistics.median(r)], [y], "o", color=colour, markersize=6)
    ax.text(max(r) * 1.06, y, "%.2f–%.2f" % (min(r), max(r)), va="center", fontsize=8)
ax.axvline(1, color="black", linewidth=1)
ax.set_xscale("log")
ax.set_xticks([0.125, 0.25, 0.5, 1, 2, 4, 8, 16])
ax.set_xticklabels(["0.125", "0.25", "0.5", "1 (parity)", "2", "4", "8", "16"])
ax.set_xlim(0.1, 40)
ax.set_yticks(range(len(names)))
ax.set_yticklabels(names, fontsize=8)
ax.set_xlabel("ours ÷ reference (PyTorch; NumPy/SciPy for RDM and CKA): higher is better")
ax.set_title("In Silico against PyTorch and NumPy, %d full runs on 2 cores (dot: median, bar: range)" % len(runs),
             fontsize=9)
ax.grid(axis="x", which="both", alpha=0.2)
fig.tight_layout()
out = pathlib.Path(__file__).resolve().parents[2] / "site" / "images" / "speed.png"
fig.savefig(out)
print("wrote", out)
