#!/usr/bin/python3
"""Reference workloads for In Silico's benchmark (issue 6): PyTorch 1.13 and NumPy/SciPy doing what
org.insilico.bench.Benchmarks measures on our side, with the same architectures, optimizer, batch sizes and
amounts of work.

Run one workload alone, e.g.
    /usr/bin/python3 src/bench/python/reference.py --workload train_lenet_b64 --repeats 1
which prints one JSON object: {"workload", "unit", "values" (one per repeat), "median", "threads", "versions",
"params"}. `--list` lists the workloads. With `--serve`, reads one such command line per line on stdin and answers
each with one JSON line on stdout (Benchmarks keeps one process and interleaves its calls with ours).

Threads: torch.set_num_threads(--threads) and, for NumPy's BLAS, OMP/OPENBLAS/MKL_NUM_THREADS set before NumPy is
imported (both default 2, the Java side's thread count).

Warm-up (not timed): every call first runs --warmup untimed iterations of its own work (batches, steps), so that
PyTorch's first-call costs (oneDNN primitive creation, allocator growth) are not measured; Benchmarks also makes one
untimed warm-up call of every workload before the timed rounds. Training builds a fresh network per repeat; its
first --warmup batches are untimed.

The networks (org.insilico.model.Architectures; DL4J ConvolutionLayer default = no padding, stride 1):
  lenet: conv1 5x5x8 ReLU -> max-pool 2x2/2 -> conv2 5x5x16 ReLU -> max-pool 2x2/2 -> dense1 64 ReLU -> output 10
  mlp:   dense1 256 ReLU -> dense2 128 ReLU -> output 10 (on the flattened 28x28 image)
  init: He normal (DL4J WeightInit.RELU) for hidden layers, Xavier normal for the output layer, zero biases;
  loss: softmax cross-entropy (DL4J MCXENT on a softmax output); optimizer: Adam, lr 1e-3, betas (0.9, 0.999),
  eps 1e-8 (Trainer.Options.defaults).
Inputs are seeded uniform [0, 1) images with seeded random labels: the speed of these dense float operations does
not depend on the values.
"""
import argparse
import json
import os
import shlex
import sys
import time

UNITS = {
    "train": "images/s", "infer": "images/s", "gradient": "images/s", "maximize": "steps/s",
    "ablation": "s", "rdm": "s", "cka": "s",
}
WORKLOADS = [
    "train_lenet_b64", "train_lenet_b256", "train_mlp_b64", "train_mlp_b256",
    "infer_lenet_b64", "infer_lenet_b256", "infer_mlp_b64", "infer_mlp_b256",
    "gradient_class_lenet", "gradient_conv2_lenet", "maximize_conv2_lenet", "ablation_conv2_lenet",
    "rdm_correlation_2000x4096", "rdm_correlation_2000x4096_pdist", "cka_linear_10000x1024",
]


def parser(exit_on_error=True):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], exit_on_error=exit_on_error)
    p.add_argument("--workload", choices=WORKLOADS)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--images", type=int, default=None, help="images per repeat (default per workload)")
    p.add_argument("--batch", type=int, default=None, help="batch size of gradient and ablation workloads (512)")
    p.add_argument("--steps", type=int, default=64, help="activation maximization steps")
    p.add_argument("--rows", type=int, default=None)
    p.add_argument("--columns", type=int, default=None)
    p.add_argument("--warmup", type=int, default=3, help="untimed iterations at the start of each call")
    p.add_argument("--passes", type=int, default=1, help="inference: timed passes over the images")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--serve", action="store_true", help="answer command lines from stdin, one JSON line each")
    p.add_argument("--list", action="store_true", help="list the workloads")
    return p


ARGS = parser().parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402  (after the thread variables)
import scipy  # noqa: E402
from scipy.spatial.distance import pdist  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(ARGS.threads)


def versions():
    libraries = {line.split()[-1].rsplit("/", 1)[-1] for line in open("/proc/self/maps") if ".so" in line}
    blas = sorted(name for name in libraries if name.startswith("lib") and "blas" in name.lower())
    return {"python": sys.version.split()[0], "torch": torch.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "blas": blas}


# -- the networks --

def network(preset, seed):
    torch.manual_seed(seed)
    if preset == "lenet":
        net = nn.Sequential(
            nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2, 2),       # conv1, pool1
            nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),      # conv2, pool2
            nn.Flatten(), nn.Linear(16 * 4 * 4, 64), nn.ReLU(),      # dense1
            nn.Linear(64, 10))                                       # output (logits; softmax in the loss)
    elif preset == "mlp":
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                            nn.Linear(128, 10))
    else:
        raise ValueError(preset)
    layers = [m for m in net if isinstance(m, (nn.Conv2d, nn.Linear))]
    for m in layers[:-1]:
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")  # N(0, 2 / fan_in)
        nn.init.zeros_(m.bias)
    nn.init.xavier_normal_(layers[-1].weight)  # N(0, 2 / (fan_in + fan_out))
    nn.init.zeros_(layers[-1].bias)
    return net


def conv2_trunk(net):
    """conv1 -> relu -> pool1 -> conv2 -> relu: the layer 'conv2' of our Network (DL4J applies the activation)."""
    return net[:5]


def images(n, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(n, 1, 28, 28, generator=g), torch.randint(0, 10, (n,), generator=g)


def median(v):
    return float(np.median(v))


# -- the workloads: each returns one value per call --

def train(preset, batch, a, seed):
    """Images/s of Trainer.train's loop: shuffle, gather a batch, forward, cross-entropy, backward, Adam step."""
    n = a.images or 64 * batch
    x, y = images(n, seed)
    net = network(preset, seed)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    batches = n // batch
    warm = min(a.warmup, batches - 1)
    start = None
    loss_sum = 0.0
    for b in range(batches):
        if b == warm:
            start = time.perf_counter()
        idx = order[b * batch:(b + 1) * batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x[idx]), y[idx])
        loss.backward()
        opt.step()
        loss_sum += loss.item() * batch  # as Trainer sums the batch losses (a synchronization point)
    return (batches - warm) * batch / (time.perf_counter() - start)


def infer(preset, batch, a, seed):
    """Images/s of Network.output: class probabilities (softmax) for pre-made batches, --passes times over them."""
    n = a.images or 10_000
    x, _ = images(n, seed)
    net = network(preset, seed).eval()
    batches = [x[i:i + batch] for i in range(0, n - batch + 1, batch)]
    with torch.inference_mode():
        for b in batches[:a.warmup]:
            torch.softmax(net(b), dim=1)
        start = time.perf_counter()
        for _ in range(a.passes):
            for b in batches:
                torch.softmax(net(b), dim=1)
        return a.passes * len(batches) * batch / (time.perf_counter() - start)


def gradient(kind, a, seed):
    """Images/s of the vanilla gradient (Captum's Saliency): d t / d x per image, for t a class logit (class 3) or
    conv2 channel 5's spatial mean (Target conv2:channel:5 = mean over the 8x8 map after ReLU)."""
    n, batch = a.images or 5000, a.batch or 512
    x, _ = images(n, seed)
    net = network("lenet", seed).eval()
    for p in net.parameters():
        p.requires_grad_(False)
    trunk = conv2_trunk(net)

    def one(xb):
        xb = xb.clone().requires_grad_(True)
        t = net(xb)[:, 3] if kind == "class" else trunk(xb)[:, 5].mean(dim=(1, 2))
        return torch.autograd.grad(t.sum(), xb)[0]

    for i in range(min(a.warmup, 1)):
        one(x[:batch])
    start = time.perf_counter()
    for i in range(0, n, batch):
        one(x[i:i + batch])
    return n / (time.perf_counter() - start)


def maximize(a, seed):
    """Steps/s of ActivationMaximization.units(net, "conv2", defaults): 16 images at once, image k climbing conv2
    channel k's spatial mean; Adam (lr 0.05, betas 0.9/0.999, eps 1e-8) on the pixels, clip to [0, 1] after each
    step, start = 0.5 + uniform noise of +-0.05."""
    net = network("lenet", seed).eval()
    for p in net.parameters():
        p.requires_grad_(False)
    trunk = conv2_trunk(net)
    k = torch.arange(16)
    g = torch.Generator().manual_seed(seed)

    def climb(steps):
        x = (0.5 + 0.05 * (2 * torch.rand(16, 1, 28, 28, generator=g) - 1)).requires_grad_(True)
        opt = torch.optim.Adam([x], lr=0.05, betas=(0.9, 0.999), eps=1e-8)
        for _ in range(steps):
            opt.zero_grad(set_to_none=True)
            objective = trunk(x)[k, k].mean(dim=(1, 2)).sum()
            (-objective).backward()  # Adam minimizes: ascend the objective
            opt.step()
            with torch.no_grad():
                x.clamp_(0, 1)
        return x

    climb(a.warmup)
    start = time.perf_counter()
    climb(a.steps)
    return a.steps / (time.perf_counter() - start)


def ablation(a, seed):
    """Seconds for the ablation map of conv2 the naive way (as Captum's feature ablation): the intact network, then
    each of the 16 channels set to zero in turn (a forward hook after conv2's ReLU), a full forward pass over all
    images each time; accuracy and mean cross-entropy per class."""
    n, batch = a.images or 10_000, a.batch or 512
    x, y = images(n, seed)
    net = network("lenet", seed).eval()
    relu2 = net[4]

    def evaluate(channel):
        hook = None if channel is None else relu2.register_forward_hook(
            lambda m, i, o: o.index_fill(1, torch.tensor([channel]), 0.0))
        correct = torch.zeros(10, dtype=torch.float64)
        loss = torch.zeros(10, dtype=torch.float64)
        with torch.inference_mode():
            for i in range(0, n, batch):
                yb = y[i:i + batch]
                logp = torch.log_softmax(net(x[i:i + batch]), dim=1)
                right = (logp.argmax(dim=1) == yb).double()
                correct += torch.bincount(yb, weights=right, minlength=10)
                loss += torch.bincount(yb, weights=-logp.gather(1, yb[:, None])[:, 0].double(), minlength=10)
        if hook is not None:
            hook.remove()
        count = torch.bincount(y, minlength=10).double()
        return correct / count, loss / count

    start = time.perf_counter()
    evaluate(None)
    for c in range(16):
        evaluate(c)
    return time.perf_counter() - start


def random_matrix(rows, columns, seed):
    return np.random.default_rng(seed).standard_normal((rows, columns))


def rdm(a, seed, method):
    """Seconds for the correlation-distance RDM (condensed, n(n-1)/2 values) of rows x columns float64 patterns.
    numpy: rsatoolbox's calc_rdm_correlation formula, with the BLAS product `ma @ ma.T` (rsatoolbox itself writes
    np.einsum('ik,jk'), which does not use BLAS and is much slower), then the upper triangle as rsatoolbox stores it.
    pdist: scipy.spatial.distance.pdist(X, 'correlation')."""
    x = random_matrix(a.rows or 2000, a.columns or 4096, seed)
    start = time.perf_counter()
    if method == "pdist":
        pdist(x, "correlation")
    else:
        ma = x - x.mean(axis=1, keepdims=True)
        ma /= np.sqrt(np.einsum("ij,ij->i", ma, ma))[:, None]
        d = 1 - ma @ ma.T
        d[np.triu_indices(d.shape[0], 1)]
    return time.perf_counter() - start


def cka(a, seed):
    """Seconds for linear CKA of two rows x columns float64 matrices, feature space (Kornblith et al.'s
    feature_space_linear_cka): centre the columns, ||Y'X||_F^2 / (||X'X||_F ||Y'Y||_F)."""
    rows, columns = a.rows or 10_000, a.columns or 1024
    x, y = random_matrix(rows, columns, seed), random_matrix(rows, columns, seed + 1)
    start = time.perf_counter()
    x = x - x.mean(axis=0)
    y = y - y.mean(axis=0)
    value = np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))
    assert 0 <= value <= 1
    return time.perf_counter() - start


def once(name, a, seed):
    kind = name.split("_")[0]
    if kind in ("train", "infer"):
        _, preset, b = name.split("_")
        return (train if kind == "train" else infer)(preset, int(b[1:]), a, seed)
    if kind == "gradient":
        return gradient(name.split("_")[1], a, seed)
    if kind == "maximize":
        return maximize(a, seed)
    if kind == "ablation":
        return ablation(a, seed)
    if kind == "rdm":
        return rdm(a, seed, "pdist" if name.endswith("_pdist") else "numpy")
    if kind == "cka":
        return cka(a, seed)
    raise ValueError(name)


def run(a):
    if a.list:
        return {"workloads": [{"name": w, "unit": UNITS[w.split("_")[0]]} for w in WORKLOADS]}
    if not a.workload:
        raise ValueError("--workload is required (or --list)")
    values = [once(a.workload, a, a.seed + r) for r in range(a.repeats)]
    params = {k: v for k, v in vars(a).items() if k not in ("serve", "list", "workload", "repeats")}
    result = {"workload": a.workload, "unit": UNITS[a.workload.split("_")[0]], "values": values,
              "median": median(values), "threads": torch.get_num_threads(), "versions": versions(), "params": params}
    preset = "mlp" if "_mlp_" in a.workload else "lenet" if "lenet" in a.workload else None
    if preset:  # for the caller to check that the architectures agree
        result["network_parameters"] = sum(p.numel() for p in network(preset, 0).parameters())
    return result


def main():
    if not ARGS.serve:
        print(json.dumps(run(ARGS)))
        return
    p = parser(exit_on_error=False)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        if line == "quit":
            break
        try:
            result = run(p.parse_args(shlex.split(line) + ["--threads", str(ARGS.threads)]))
        except (Exception, SystemExit) as e:  # argparse exits on bad arguments
            result = {"error": repr(e), "command": line}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
