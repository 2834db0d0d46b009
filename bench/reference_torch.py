#!/usr/bin/python3
"""reference_torch.py: the PyTorch side of `make bench` (shared/BENCH.md).

What it does: trains one benchmark workload (W1, W2 or W3) with PyTorch on one
thread, from the same initial weights and in the same minibatch order as the
engine's bench/train_bench.cpp, and prints one JSON line per epoch:
  {"workload": "W1", "target": "pytorch", "epoch": 1, "samples": 10000,
   "seconds": 0.13, "samples_per_s": 76923.1, "test_acc": 0.6525, ...}
so that scripts/bench.sh can compare speeds and check that the test
accuracies agree (they only do when both sides compute the same math).

What it does not do: tune PyTorch, use more than one thread, or time anything
but the training loop (batch gathering, forward, backward, update). Shuffling
and test evaluation happen outside the timed region.

Use (Debian's python3-torch, so /usr/bin/python3):
  /usr/bin/python3 bench/reference_torch.py --workload W1 --epochs 5 --data .cache/mnist
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

# The three workloads of shared/BENCH.md.
WORKLOADS = {
    "W1": dict(hidden=[16, 16], act="sigmoid", loss="mse", init="glorot",
               lr=3.0, momentum=0.0, batch=10),
    "W2": dict(hidden=[128, 64], act="relu", loss="ce", init="he",
               lr=0.05, momentum=0.9, batch=64),
    "W3": dict(hidden=[512, 512], act="relu", loss="ce", init="he",
               lr=0.05, momentum=0.0, batch=256),
}
TRAIN_COUNT, TEST_COUNT = 10_000, 2_000
INIT_SEED, ORDER_SEED = 42, 7


# ---- mulberry32 (shared/BENCH.md), vectorised ----------------------------------------
# The generator's state after k draws is seed + k * 0x6D2B79F5 (mod 2^32), so a
# block of draws is computed at once with numpy's wrapping uint32 arithmetic:
#   a += 0x6D2B79F5; t = a; t = (t ^ (t >> 15)) * (t | 1);
#   t ^= t + (t ^ (t >> 7)) * (t | 61); return t ^ (t >> 14);
class Mulberry32:
    STEP = 0x6D2B79F5

    def __init__(self, seed):
        self.seed = seed & 0xFFFFFFFF
        self.drawn = 0  # draws taken so far

    def next_u32(self, n):
        """The next n draws as a uint32 array."""
        k = np.arange(self.drawn + 1, self.drawn + n + 1, dtype=np.uint64)
        self.drawn += n
        a = ((self.seed + k * np.uint64(self.STEP)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        with np.errstate(over="ignore"):
            t = (a ^ (a >> np.uint32(15))) * (a | np.uint32(1))
            t ^= t + (t ^ (t >> np.uint32(7))) * (t | np.uint32(61))
            return t ^ (t >> np.uint32(14))


def mulberry32_scalar(seed, n):
    """Plain-Python mulberry32, used once as a self-check of the vectorised one."""
    a, out = seed & 0xFFFFFFFF, []
    for _ in range(n):
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF
        out.append(t ^ (t >> 14))
    return out


# ---- data -----------------------------------------------------------------------------
def read_idx(path, magic, count):
    with open(path, "rb") as f:
        data = f.read()
    got = struct.unpack(">I", data[:4])[0]
    if got != magic:
        sys.exit(f"{path}: magic number {got:#010x}, expected {magic:#010x} (not an IDX file?)")
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    if dims[0] < count:
        sys.exit(f"{path}: holds {dims[0]} items, the benchmark needs {count}")
    per_item = int(np.prod(dims[1:])) if ndim > 1 else 1
    start = 4 + 4 * ndim
    body = np.frombuffer(data, dtype=np.uint8, count=count * per_item, offset=start)
    return body.reshape((count,) + tuple(dims[1:]))


def load_mnist(folder):
    def images(name, n):
        x = read_idx(os.path.join(folder, name), 0x00000803, n).reshape(n, 784)
        return (x.astype(np.float32) / np.float32(255.0))

    def labels(name, n):
        return read_idx(os.path.join(folder, name), 0x00000801, n).astype(np.int64)

    return (images("train-images-idx3-ubyte", TRAIN_COUNT), labels("train-labels-idx1-ubyte", TRAIN_COUNT),
            images("t10k-images-idx3-ubyte", TEST_COUNT), labels("t10k-labels-idx1-ubyte", TEST_COUNT))


# ---- model ----------------------------------------------------------------------------
def build_model(w):
    """nn.Sequential of Linear layers and activations, weights drawn as BENCH.md says:
    one stream seeded 42, layer by layer, each matrix in (fan_in, fan_out) row-major
    order, w = (u / 2^32 * 2 - 1) * l in double, stored as float32; biases 0."""
    widths = [784] + w["hidden"] + [10]
    rng = Mulberry32(INIT_SEED)
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(widths[:-1], widths[1:])):
        lin = torch.nn.Linear(fan_in, fan_out)
        if w["init"] == "glorot":
            limit = math.sqrt(6.0 / (fan_in + fan_out))
        else:
            limit = math.sqrt(6.0 / fan_in)
        u = rng.next_u32(fan_in * fan_out).astype(np.float64)
        m = ((u / 4294967296.0 * 2.0 - 1.0) * limit).astype(np.float32).reshape(fan_in, fan_out)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(m.T)))  # nn.Linear's (out, in)
            lin.bias.zero_()
        layers.append(lin)
        last = i == len(widths) - 2
        if w["act"] == "sigmoid":
            layers.append(torch.nn.Sigmoid())        # W1: sigmoid on the output layer too
        elif not last:
            layers.append(torch.nn.ReLU())           # W2, W3: logits out, softmax in the loss
    return torch.nn.Sequential(*layers)


def epoch_order(rng, n):
    """Identity order, then Fisher-Yates from i = n-1 down to 1 with
    j = (u32 * (i + 1)) >> 32; the draws come first (vectorised), the swaps after."""
    order = np.arange(n, dtype=np.int64)
    u = rng.next_u32(n - 1).astype(np.uint64)
    i = np.arange(n - 1, 0, -1, dtype=np.uint64)
    js = ((u * (i + np.uint64(1))) >> np.uint64(32)).astype(np.int64)
    for i_, j_ in zip(range(n - 1, 0, -1), js.tolist()):
        order[i_], order[j_] = order[j_], order[i_]
    return order


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workload", required=True, choices=sorted(WORKLOADS))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--data", required=True, help="folder with MNIST's four IDX files")
    args = ap.parse_args()
    if args.epochs < 1:
        sys.exit("--epochs must be at least 1")

    torch.set_num_threads(1)
    # The vectorised generator must be the specified one (cheap, outside timing).
    assert Mulberry32(42).next_u32(64).tolist() == mulberry32_scalar(42, 64), "mulberry32 mismatch"

    w = WORKLOADS[args.workload]
    xtr, ytr, xte, yte = load_mnist(args.data)
    X = torch.from_numpy(xtr)
    Y = torch.from_numpy(ytr)
    Y1 = F.one_hot(Y, 10).to(torch.float32)       # one-hot targets for MSE
    Xte, Yte = torch.from_numpy(xte), torch.from_numpy(yte)

    model = build_model(w)
    opt = torch.optim.SGD(model.parameters(), lr=w["lr"], momentum=w["momentum"])
    B, n = w["batch"], TRAIN_COUNT
    mse = w["loss"] == "mse"
    order_rng = Mulberry32(ORDER_SEED)

    for epoch in range(1, args.epochs + 1):
        order = torch.from_numpy(epoch_order(order_rng, n))   # outside the timed region
        model.train()
        t0 = time.perf_counter()
        for s in range(0, n, B):                              # the last partial batch is kept
            idx = order[s:s + B]
            xb = X.index_select(0, idx)
            out = model(xb)
            if mse:
                # 1/10 sum over outputs, then mean over the batch = mean over all B*10 terms
                loss = F.mse_loss(out, Y1.index_select(0, idx))
            else:
                loss = F.cross_entropy(out, Y.index_select(0, idx))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - t0
        model.eval()
        with torch.no_grad():
            correct = int((model(Xte).argmax(1) == Yte).sum())
        print(json.dumps({
            "workload": args.workload, "target": "pytorch", "epoch": epoch, "samples": n,
            "seconds": seconds, "samples_per_s": n / seconds, "test_acc": correct / TEST_COUNT,
            "test_correct": correct, "train_loss_last_batch": float(loss)}), flush=True)


if __name__ == "__main__":
    main()
