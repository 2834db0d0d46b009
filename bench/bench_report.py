#!/usr/bin/python3
"""bench_report.py: turns the raw output of `make bench` into one table and build/bench.json.

What it does: reads the JSON lines that bench/train_bench.cpp (native, wasm) and
bench/reference_torch.py (pytorch) printed, one file per process
(<runs>/<workload>-<target>-<rep>.jsonl), and the browser frame-rate results of
bench/browser_fps.mjs; takes medians as shared/BENCH.md asks (per process: the
first epoch, and the median of the later epochs; then the median over
processes), computes ratios to PyTorch measured in the same run (and prints
the browser's diagram-over-one-sample-view ratios), checks that
every engine test accuracy equals PyTorch's to 3 decimals (else the comparison
is VOID), prints one table and writes a list of objects to --json.

What it does not do: run anything or decide what is fast enough: the issue's
targets are printed next to the ratios for reading, they do not fail the run.
Exit status: 0 when every expected measurement is present and no comparison is
void, 1 otherwise.

Use:
  /usr/bin/python3 bench/bench_report.py --runs build/bench/runs \
      [--browser build/bench/browser.json] --json build/bench.json
"""
import argparse
import glob
import json
import os
import re
import statistics
import sys

WORKLOADS = ["W1", "W2", "W3"]
TARGETS = ["native", "wasm", "pytorch"]
ACC5_WORKLOAD = "W1"  # BENCH.md: accuracy after epoch 5 for W1
# The targets, as ratios to PyTorch (one thread) measured in the same run.
GOALS = {("native", "W1"): 12.0, ("native", "W2"): 1.6, ("native", "W3"): 1.0,
         ("wasm", "W1"): 2.5, ("wasm", "W2"): 0.4, ("wasm", "W3"): 0.25}


def read_process(path):
    """The epochs one process printed, in order; problems as a message."""
    epochs = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                epochs.append(json.loads(line))
            except json.JSONDecodeError as e:
                return epochs, f"{path}:{n}: not JSON ({e})"
    if not epochs:
        return epochs, f"{path}: no epoch lines (did the process fail? see the .err file next to it)"
    for i, e in enumerate(epochs, 1):
        if e.get("epoch") != i:
            return epochs, f"{path}: epoch {e.get('epoch')} where {i} was expected"
    return epochs, ""


def same_to_3_decimals(a, b):
    """Equal to 3 decimals: closer than half a unit of the third decimal. On 2,000
    test images accuracies are multiples of 0.0005, so this means the same count of
    correct answers (comparing rounded strings instead would let 0.5460 and 0.5465
    pass and fail 0.5465 and 0.5470, both one image apart)."""
    return abs(a - b) < 0.0005 - 1e-9


def summarise(runs_dir):
    """One object per (workload, target) with medians, plus a list of problems."""
    problems = []
    rows = []
    for w in WORKLOADS:
        for t in TARGETS:
            files = sorted(glob.glob(os.path.join(runs_dir, f"{w}-{t}-*.jsonl")),
                           key=lambda p: int(re.search(r"-(\d+)\.jsonl$", p).group(1)))
            first, later, acc1, acc5, isas, procs = [], [], [], [], set(), 0
            for path in files:
                epochs, err = read_process(path)
                if err:
                    problems.append(err)
                    continue
                procs += 1
                first.append(epochs[0]["samples_per_s"])
                if len(epochs) > 1:
                    later.append(statistics.median(e["samples_per_s"] for e in epochs[1:]))
                acc1.append(epochs[0]["test_acc"])
                if w == ACC5_WORKLOAD:
                    acc5.append(epochs[4]["test_acc"] if len(epochs) >= 5 else None)
                if "isa" in epochs[0]:
                    isas.add(epochs[0]["isa"])
            if procs == 0:
                problems.append(f"{w} {t}: no measurement")
                rows.append(dict(workload=w, target=t, samples_per_s=None, samples_per_s_epoch1=None,
                                 test_acc_epoch1=None, processes=0))
                continue
            if procs < 3:
                problems.append(f"{w} {t}: only {procs} process(es); BENCH.md asks for at least 3")
            if not later:
                problems.append(f"{w} {t}: one epoch per process, no later epochs to take a median of")
            # The same build, seeds and data must give the same accuracies in every process.
            if len(set(acc1)) > 1 or len(set(acc5)) > 1:
                problems.append(f"{w} {t}: test accuracies differ between processes "
                                f"(epoch 1: {sorted(set(acc1))}, epoch 5: {sorted(set(map(str, acc5)))}): "
                                "the run is not deterministic")
            row = dict(workload=w, target=t,
                       samples_per_s=statistics.median(later) if later else None,
                       samples_per_s_epoch1=statistics.median(first),
                       test_acc_epoch1=acc1[0])
            if w == ACC5_WORKLOAD:
                row["test_acc_epoch5"] = acc5[0]
                if acc5[0] is None:
                    problems.append(f"{w} {t}: fewer than 5 epochs, no accuracy after epoch 5")
            row["processes"] = procs
            if isas:
                row["isa"] = ",".join(sorted(isas))
            rows.append(row)

    # Ratios to PyTorch and the accuracy check.
    ref = {r["workload"]: r for r in rows if r["target"] == "pytorch"}
    for r in rows:
        p = ref.get(r["workload"])
        if r["target"] == "pytorch" or not p:
            continue
        if r.get("samples_per_s") and p.get("samples_per_s"):
            r["ratio_to_pytorch"] = r["samples_per_s"] / p["samples_per_s"]
        if r.get("samples_per_s_epoch1") and p.get("samples_per_s_epoch1"):
            r["ratio_to_pytorch_epoch1"] = r["samples_per_s_epoch1"] / p["samples_per_s_epoch1"]
        goal = GOALS.get((r["target"], r["workload"]))
        if goal is not None:
            r["target_ratio"] = goal
        keys = ["test_acc_epoch1"] + (["test_acc_epoch5"] if r["workload"] == ACC5_WORKLOAD else [])
        if any(r.get(k) is None or p.get(k) is None for k in keys):
            continue   # a missing measurement is already reported as a problem
        same = all(same_to_3_decimals(r[k], p[k]) for k in keys)
        r["acc_matches_pytorch"] = same
        if not same:
            detail = ", ".join(f"{k} {r.get(k)} vs PyTorch {p.get(k)}" for k in keys)
            problems.append(f"VOID: {r['workload']} {r['target']}: test accuracy differs from PyTorch "
                            f"to 3 decimals ({detail}): the comparison is void")
    return rows, problems


def fmt_rate(v):
    return "-" if v is None else f"{v:,.0f}"


def fmt_ratio(v):
    return "-" if v is None else f"{v:.2f}x"


def fmt_acc(v):
    return "-" if v is None else f"{v:.4f}"


def print_table(rows, browser, header):
    print(header)
    cols = ["workload", "target", "samples/s", "epoch 1", "ratio", "ratio ep1", "target",
            "acc ep1", "acc ep5", "check"]
    lines = []
    for r in rows:
        goal = r.get("target_ratio")
        ratio = r.get("ratio_to_pytorch")
        if r["target"] == "pytorch":
            check = "reference"
        elif r.get("acc_matches_pytorch") is False:
            check = "VOID (accuracy differs)"
        elif r.get("samples_per_s_epoch1") is None:
            check = "no measurement"
        elif ratio is None or goal is None:
            check = "-"
        else:
            check = "acc ok, " + ("meets target" if ratio >= goal else "below target")
        lines.append([r["workload"], r["target"], fmt_rate(r.get("samples_per_s")),
                      fmt_rate(r.get("samples_per_s_epoch1")),
                      "1.00x" if r["target"] == "pytorch" and r.get("samples_per_s") else fmt_ratio(ratio),
                      "1.00x" if r["target"] == "pytorch" and r.get("samples_per_s_epoch1")
                      else fmt_ratio(r.get("ratio_to_pytorch_epoch1")),
                      f">= {goal}x" if goal is not None else "",
                      fmt_acc(r.get("test_acc_epoch1")),
                      fmt_acc(r.get("test_acc_epoch5")) if r["workload"] == ACC5_WORKLOAD else "",
                      check])
    if browser:
        for b in browser:
            target = "browser" + (f" {b['view']}" if b.get("view") else "")
            if b.get("workload") == "ui-heavy" and not b.get("error"):
                lines.append([b["workload"], target, "", "", "", "", ">= 18/s, 30 fps", "", "",
                              f"host timer {b['host_timer_per_s']:.1f}/s, playground {b['frames_per_s']:.1f} frames/s "
                              f"({b.get('runner')}): " + ("meets target" if b.get("meets_goal") else "below target")])
                continue
            if b.get("ratio_to_engine") is not None:
                # The page against its own WebAssembly engine on the same network in this run (issue 17: >= 0.8).
                lines.append([b["workload"], target, fmt_rate(b.get("samples_per_s")), "",
                              f"{b['ratio_to_engine']:.2f}x", "", ">= 0.8x wasm", "", "",
                              f"of the wasm engine's {b['engine_samples_per_s']:,.0f}; fps median {b.get('fps_median', 0):.1f}: "
                              + ("meets target" if b.get("meets_engine_goal") else "below target")])
                continue
            if b.get("error"):
                lines.append([b.get("workload", "?"), target, "-", "", "", "", "", "", "",
                              "FAILED: " + b["error"][:60]])
                continue
            if "fps_ratio" in b:
                # The diagram against the one-sample view in the same run (the issue: >= 0.9 each).
                lines.append([b["workload"], target, "", "", f"{b['samples_ratio']:.2f}x", "", f">= {b['goal']}x",
                              "", "", f"frame rate {b['fps_ratio']:.2f}x, samples/s {b['samples_ratio']:.2f}x: "
                              + ("meets target" if b.get("meets_goal") else "below target")])
                continue
            builds = (f"; {b['diagram_builds_per_s']:.1f} diagram builds/s"
                      if b.get("view") == "diagram" and b.get("diagram_builds_per_s") is not None else "")
            lines.append([b["workload"], target, fmt_rate(b.get("samples_per_s")), "", "", "", "", "", "",
                          f"fps median {b.get('fps_median', 0):.1f}, p5 {b.get('fps_p5', 0):.1f}; "
                          f"train {b.get('train_ms', 0):.1f} ms (budget {b.get('budget_ms') or 0:.1f}), "
                          f"draw {b.get('draw_ms', 0):.1f} ms per frame; {b.get('triangles') or 0:,} triangles"
                          + builds])
    widths = [max(len(c), *(len(l[i]) for l in lines)) for i, c in enumerate(cols)]
    fmt = "  ".join("{:<%d}" % w if i in (0, 1, 6, 9) else "{:>%d}" % w for i, w in enumerate(widths))
    print(fmt.format(*cols).rstrip())
    print("  ".join("-" * w for w in widths))
    for l in lines:
        print(fmt.format(*l).rstrip())
    print("samples/s: median over processes of each process's median over epochs 2..N (the timed region is "
          "one epoch of batch gathering, forward, backward, update);\n"
          "epoch 1: the first epoch of a fresh process; ratio: to PyTorch (one thread) in this run; "
          "acc: test accuracy on the 2,000 test images.")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", required=True)
    ap.add_argument("--browser", help="browser_fps.mjs output (a JSON list)")
    ap.add_argument("--json", required=True, help="where to write the list of results")
    ap.add_argument("--header", default="nnplay benchmark (shared/BENCH.md)")
    args = ap.parse_args()

    rows, problems = summarise(args.runs)
    browser = []
    if args.browser:
        try:
            with open(args.browser) as f:
                browser = json.load(f)
            if not isinstance(browser, list):
                raise ValueError("not a JSON list")
        except (OSError, ValueError) as e:
            problems.append(f"browser frame-rate results unreadable: {args.browser}: {e}")
            browser = []
        for b in browser:
            if isinstance(b, dict) and b.get("error"):
                problems.append(f"browser {b.get('workload', '?')}: {b['error']}")

    # The page's samples/s over its own WebAssembly engine's on the same
    # network (W1 for the default, W2 for ui-W2), in this run; the goal is
    # at least 0.8 at a median of at least 55 fps (issue 17).
    wasm = {r["workload"]: r.get("samples_per_s") for r in rows if r["target"] == "wasm"}
    for b in browser:
        if not isinstance(b, dict) or b.get("error") or b.get("view") not in ("sample", "diagram"):
            continue
        engine = wasm.get({"ui-default": "W1", "ui-W2": "W2"}.get(b.get("workload")))
        if engine and b.get("samples_per_s"):
            b["engine_samples_per_s"] = engine
            b["ratio_to_engine"] = b["samples_per_s"] / engine
            b["meets_engine_goal"] = b["ratio_to_engine"] >= 0.8 and (b.get("fps_median") or 0) >= 55

    print()
    print_table(rows, browser, args.header)
    out = rows + [b for b in browser if isinstance(b, dict)]
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"\nwrote {args.json} ({len(out)} results)")
    if problems:
        print()
        for p in problems:
            print(("" if p.startswith("VOID") else "PROBLEM: ") + p)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
