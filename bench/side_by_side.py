#!/usr/bin/env python3
"""Model rows of `lessons bench` and bench/pytorch_peer.py in pairs, one model at a time.

A full run of either side takes minutes, and on a shared or virtual machine the speed drifts
from one minute to the next (bench/results/README.md, rounds 8 and 9), so two full runs one
after the other can read a ratio 20 % off. Here each pair runs one model on both sides back to
back, the side that goes first alternating from pair to pair, and a row's ratio is the median
of its pairs' ratios (ours / PyTorch), printed with the lowest and highest pair. `--quick`
passes on to both sides. A model run on its own can read differently than after the others:
in round 9 PyTorch's Deep_CNN inference read about a third lower alone (ours about a tenth
higher), so compare those rows with the full runs too.

    python3 bench/side_by_side.py --python /tmp/torchvenv/bin/python --models mlp,cifar \\
        --threads 1,2 --pairs 3 --output bench/results/DATE-CPU-pairs.json
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = ["mlp", "mnist", "cifar", "deepcnn"]


def measure(command, output):
    """Runs one side's bench and returns its figures {(name, threads): median}."""
    result = subprocess.run(command + ["--output", output], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"side_by_side: {' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    with open(output) as f:
        figures = json.load(f)["figures"]
    return {(f["name"], f["threads"]): f["median"] for f in figures if f.get("unit") == "img/s"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", default=os.path.join(HERE, "..", ".build", "release", "lessons"))
    ap.add_argument("--python", default=sys.executable, help="the Python that has torch")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="both sides' --quick")
    ap.add_argument("--output", help="write every pair's figures and the ratios as JSON here")
    args = ap.parse_args()
    models = args.models.split(",")
    unknown = [m for m in models if m not in MODELS]
    if unknown or args.pairs < 1:
        sys.exit(f"side_by_side: models are {', '.join(MODELS)}; --pairs at least 1")
    quick = ["--quick"] if args.quick else []
    ours_cmd = [args.lessons, "bench", "--threads", args.threads] + quick
    peer_cmd = [args.python, os.path.join(HERE, "pytorch_peer.py"), "--threads", args.threads] + quick

    pairs = {}  # (name, threads) -> [(ours, peer)]
    started = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with tempfile.TemporaryDirectory() as tmp:
        for p in range(args.pairs):
            for model in models:
                sides = [("ours", ours_cmd), ("pytorch", peer_cmd)]
                if p % 2:
                    sides.reverse()
                got = {}
                for side, cmd in sides:
                    print(f"pair {p + 1}/{args.pairs}, {model}: {side}", file=sys.stderr, flush=True)
                    got[side] = measure(cmd + ["--models", model], os.path.join(tmp, f"{side}.json"))
                for key in sorted(got["ours"].keys() & got["pytorch"].keys()):
                    pairs.setdefault(key, []).append((got["ours"][key], got["pytorch"][key]))

    rows = []
    print(f"{'figure':<40} {'thr':>3} {'ours (median)':>14} {'pytorch':>12} {'ratio':>7}  pairs (lowest–highest)")
    for (name, threads), values in sorted(pairs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        ratios = [o / t for o, t in values]
        row = {"name": name, "threads": threads, "ours": [o for o, _ in values], "pytorch": [t for _, t in values],
               "ratios": ratios, "median_ratio": statistics.median(ratios)}
        rows.append(row)
        flag = "  BELOW" if row["median_ratio"] < 1 else ""
        print(f"{name:<40} {threads:>3} {statistics.median(row['ours']):>14,.1f} {statistics.median(row['pytorch']):>12,.1f} "
              f"{row['median_ratio']:>6.2f}x  {len(ratios)} ({min(ratios):.2f}–{max(ratios):.2f}x){flag}")
    if args.output:
        with open(args.output + ".tmp", "w") as f:
            json.dump({"started": started, "pairs": args.pairs, "threads": args.threads, "quick": args.quick, "rows": rows},
                      f, indent=1)
        os.replace(args.output + ".tmp", args.output)


if __name__ == "__main__":
    main()
