#!/usr/bin/env python3
"""PyTorch peer of `lessons bench`: the same figures, measured the same way, as the same JSON.

    python3 bench/pytorch_peer.py [--threads 1,2] [--quick] [--models sgemm,conv,mlp,mnist,cifar,deepcnn,memory]
                                  [--output FILE]           # JSON on stdout, table on stderr
    lessons bench --compare FILE                            # ours / PyTorch, figure by figure

Needs torch (pip install torch numpy, in a venv outside the repository). The models are
copies of the course's (shared/bench/torch_resnet.py, and the Deep_CNN lesson's ResBlock net,
the Swift twins in Sources/CourseModels/). Timing as in Engine/Bench/BenchMeasurement.swift:
warm-up (at least one call, at least WARMUP seconds), then REPEATS timed runs, each repeating
the workload until at least MIN_SECONDS have passed; median, min and max of the rates.
Peak memory: a child process (`--only resnet-train-memory`) reads its own VmHWM.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

KEYS = ["sgemm", "conv", "mlp", "mnist", "cifar", "deepcnn", "memory"]


# ---- the CIFAR ResNet (course notebook), layers=[2,2,2] ----------------------
def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)


class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv3x3(cin, cout, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(cout, cout)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = downsample

    def forward(self, x):
        residual = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample:
            residual = self.downsample(x)
        out += residual
        return self.relu(out)


class CifarResNet(nn.Module):
    def __init__(self, block=ResidualBlock, layers=(2, 2, 2), num_classes=10):
        super().__init__()
        self.in_channels = 16
        self.conv = conv3x3(3, 16)
        self.bn = nn.BatchNorm2d(16)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = self.make_layer(block, 16, layers[0])
        self.layer2 = self.make_layer(block, 32, layers[1])
        self.layer3 = self.make_layer(block, 64, layers[2])
        self.avg_pool = nn.AvgPool2d(8)
        self.fc = nn.Linear(1024, num_classes)
        self.logsoftmax = nn.LogSoftmax(dim=1)

    def make_layer(self, block, cout, blocks, stride=1):
        downsample = None
        if stride != 1 or self.in_channels != cout:
            downsample = nn.Sequential(conv3x3(self.in_channels, cout, stride), nn.BatchNorm2d(cout))
        layers = [block(self.in_channels, cout, stride, downsample)]
        self.in_channels = cout
        layers += [block(cout, cout) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        out = self.bn(self.conv(x))  # the notebook skips the relu here
        out = self.layer3(self.layer2(self.layer1(out)))
        out = self.avg_pool(out).view(out.size(0), -1)
        return self.logsoftmax(self.fc(out))


# ---- the MNIST residual CNN ---------------------------------------------------
class ResBlock(nn.Module):
    def __init__(self, cin, hidden, cout, pad):
        super().__init__()
        self.convblock = nn.Sequential(
            nn.Conv2d(cin, hidden, 3, stride=2, padding=pad), nn.BatchNorm2d(hidden), nn.ReLU(),
            nn.Conv2d(hidden, cout, 3, stride=2, padding=pad), nn.BatchNorm2d(cout), nn.ReLU())

    def forward(self, x):
        return x + self.convblock(x)  # res1: the 1-channel x broadcasts over 16 channels


class MnistResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.res1 = ResBlock(1, 8, 16, 15)
        self.res2 = ResBlock(16, 32, 16, 15)
        self.conv = nn.Conv2d(16, 10, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(10)
        self.pool = nn.AdaptiveMaxPool2d(1)

    def forward(self, x):
        return self.pool(self.bn(self.conv(self.res2(self.res1(x))))).view(-1, 10)


# ---- Deep_CNN with ResBlocks (the "residual vs skip connections" lesson) ------
class DeepResBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels // 2, 3, 1, 1)
        self.bn1 = nn.BatchNorm2d(channels // 2)
        self.conv2 = nn.Conv2d(channels // 2, channels, 3, 1, 1)

    def forward(self, x):
        return x + self.conv2(F.relu(self.bn1(self.conv1(F.relu(x)))))


class DeepCNN(nn.Module):
    def __init__(self, channels_in, num_blocks=2, ch_width=32, layer_type=DeepResBlock):
        super().__init__()
        self.conv1 = nn.Conv2d(channels_in, ch_width, 3, 1, 1)
        self.bn1 = nn.BatchNorm2d(ch_width)
        self.conv2 = nn.Conv2d(ch_width, ch_width, 3, 1, 1)
        self.bn2 = nn.BatchNorm2d(ch_width)
        self.conv3 = nn.Conv2d(ch_width, ch_width, 3, 1, 1)
        self.maxpool = nn.MaxPool2d(2)
        self.layers = nn.Sequential(*[layer_type(ch_width) for _ in range(num_blocks)]) if num_blocks > 0 else nn.Identity()
        self.drop_out = nn.Dropout(0.5)
        self.linear1 = nn.Linear(ch_width * 4 * 4, 10)

    def forward(self, x):
        h = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        h = self.maxpool(F.relu(self.bn2(self.conv2(h))))
        h = self.conv3(h)  # no activation: the blocks see the raw output
        h = self.maxpool(F.relu(self.layers(h)))
        h = self.drop_out(h.view(h.shape[0], -1))
        return self.linear1(h)


# ---- workloads: (train step, inference step) ----------------------------------
def mlp_workload():
    """torch_resnet.py's bench_linear: mnist_loss and a manual SGD update (lr 0.1)."""
    w1, b1 = torch.randn(784, 30).requires_grad_(), torch.zeros(30).requires_grad_()
    w2, b2 = torch.randn(30, 1).requires_grad_(), torch.zeros(1).requires_grad_()
    params = (w1, b1, w2, b2)
    x, y = torch.rand(256, 784), torch.randint(0, 2, (256, 1)).float()

    def forward():
        return F.relu(x @ w1 + b1) @ w2 + b2

    def train():
        p = forward().sigmoid()
        torch.where(y == 1, 1 - p, p).mean().backward()
        for w in params:
            w.data -= w.grad * 0.1
            w.grad.zero_()

    def infer():
        with torch.no_grad():
            forward()

    return train, infer


def classifier_workload(model, batch, shape, loss_fn, lr):
    x, y = torch.randn(batch, *shape), torch.randint(0, 10, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=lr)

    def train():
        model.train()
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    def infer():
        model.eval()
        with torch.no_grad():
            model(x)

    return train, infer


# key, figure label, batch, factory
MODELS = [
    ("mlp", "mlp-3v7 b256", 256, mlp_workload),
    ("mnist", "mnist-resnet b64", 64,
     lambda: classifier_workload(MnistResNet(), 64, (1, 28, 28), nn.CrossEntropyLoss(), 0.01)),
    ("cifar", "cifar-resnet222 b128", 128,
     lambda: classifier_workload(CifarResNet(), 128, (3, 32, 32), nn.NLLLoss(), 0.001)),
    ("deepcnn", "deep-cnn-res b256", 256,
     lambda: classifier_workload(DeepCNN(3, 6, 32, DeepResBlock), 256, (3, 32, 32), nn.CrossEntropyLoss(), 0.01)),
]


# ---- timing ----------------------------------------------------------------------
class Timer:
    def __init__(self, quick):
        self.warmup, self.min_seconds, self.repeats = (0.2, 0.2, 3) if quick else (1.0, 1.0, 5)

    def rate(self, name, threads, unit, work, body):
        return self.interleaved([(name, threads, unit, work, body)])[0]

    def interleaved(self, workloads, on_round=lambda r: None):
        """Times the workloads (name, threads, unit, work, body) in turns, as lessons bench's
        BenchTimer.interleaved does: each warms up, then every round gives each one timed run
        on its own thread count, so that their ratios compare the same minutes of the machine."""
        for _, threads, _, _, body in workloads:
            torch.set_num_threads(threads)
            start = time.perf_counter()
            while True:
                body()
                if time.perf_counter() - start >= self.warmup:
                    break
        rates = [[] for _ in workloads]
        for r in range(self.repeats):
            on_round(r)
            for i, (_, threads, _, work, body) in enumerate(workloads):
                torch.set_num_threads(threads)
                start, calls = time.perf_counter(), 0
                while True:
                    body()
                    calls += 1
                    elapsed = time.perf_counter() - start
                    if elapsed >= self.min_seconds:
                        break
                rates[i].append(calls * work / elapsed)
        return [figure(name, threads, unit, values) for (name, threads, unit, _, _), values in zip(workloads, rates)]


def figure(name, threads, unit, values, higher_is_better=True):
    v = sorted(values)
    return {"name": name, "threads": threads, "unit": unit, "higher_is_better": higher_is_better,
            "median": v[len(v) // 2], "min": v[0], "max": v[-1], "repeats": len(v)}


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def status_mib(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def new_run(threads):
    return {"schema": "lessons-bench/1", "engine": "pytorch", "version": torch.__version__,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "cpu": cpu_model(), "cores": len(os.sched_getaffinity(0)), "threads": threads,
            "isa": torch.backends.cpu.get_cpu_capability(),
            "load_average": [float(x) for x in open("/proc/loadavg").read().split()[:3]], "figures": []}


def progress(line):
    print(line, file=sys.stderr, flush=True)


def resnet_train_memory(threads, steps):
    """The child's side: peak RSS of CIFAR ResNet training at batch 128 in a fresh process."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    train, _ = MODELS[2][3]()
    before = status_mib("VmRSS")
    for _ in range(steps + 1):
        train()
    peak = status_mib("VmHWM")
    run = new_run([threads])
    run["figures"] = [
        figure("cifar-resnet222 b128 train peak RSS", threads, "MiB", [peak], False),
        figure("cifar-resnet222 b128 train peak RSS over start", threads, "MiB", [peak - before], False),
    ]
    return run


def conv_workloads(cin, thread_counts):
    """conv2d forward, and forward + backward, at each thread count (operands shared)."""
    x = torch.randn(128, cin, 32, 32).requires_grad_()
    w = (torch.randn(cin, cin, 3, 3) * 0.1).requires_grad_()
    b = torch.zeros(cin).requires_grad_()
    g = torch.randn(128, cin, 32, 32)
    flops = 2.0 * cin * cin * 9 * 32 * 32 * 128
    name = f"conv3x3 {cin}->{cin} @32x32 b128"

    def forward():
        with torch.no_grad():
            F.conv2d(x, w, b, stride=1, padding=1)

    def training():
        x.grad = w.grad = b.grad = None
        F.conv2d(x, w, b, stride=1, padding=1).backward(g)

    return {t: [(f"{name} forward", t, "GFLOP/s", flops / 1e9, forward),
                (f"{name} fwd+bwd", t, "GFLOP/s", 3 * flops / 1e9, training)] for t in thread_counts}


def kernel_workloads(keys, thread_counts):
    """sgemm and conv2d at every thread count, thread count by thread count."""
    matrices = [(n, torch.randn(n, n), torch.randn(n, n)) for n in (512, 1024, 2048)] if "sgemm" in keys else []
    convs = [conv_workloads(cin, thread_counts) for cin in (16, 32, 64)] if "conv" in keys else []
    workloads = []
    for t in thread_counts:
        workloads += [(f"sgemm {n}", t, "GFLOP/s", 2.0 * n ** 3 / 1e9, lambda a_=a_, b_=b_: torch.mm(a_, b_))
                      for n, a_, b_ in matrices]
        for c in convs:
            workloads += c[t]
    return workloads


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default=None, help="comma-separated (default: 1 and all cores)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--models", default=",".join(KEYS))
    ap.add_argument("--output", help="also write the JSON to this file")
    ap.add_argument("--only", help=argparse.SUPPRESS)
    ap.add_argument("--memory-steps", type=int, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    cores = len(os.sched_getaffinity(0))
    threads = [int(t) for t in a.threads.split(",")] if a.threads else sorted({1, cores})
    steps = a.memory_steps if a.memory_steps is not None else (1 if a.quick else 3)
    if a.only == "resnet-train-memory":
        print(json.dumps(resnet_train_memory(threads[-1], steps)))
        return
    keys = set(a.models.split(","))
    unknown = keys - set(KEYS)
    if unknown:
        ap.error(f"unknown --models {', '.join(sorted(unknown))}; known: {', '.join(KEYS)}")

    timer, run = Timer(a.quick), new_run(threads)
    progress(f"torch {torch.__version__}  capability={torch.backends.cpu.get_cpu_capability()}  "
             f"mkldnn={torch.backends.mkldnn.is_available()}  mkl={torch.backends.mkl.is_available()}")

    def add(f):
        run["figures"].append(f)
        progress(f"  {f['name']} ({f['threads']}t): {f['median']:.2f} {f['unit']}")

    kernels = kernel_workloads(keys, threads)
    if kernels:
        # As lessons bench: four times as many turns, a quarter as long.
        turns = Timer(a.quick)
        turns.min_seconds, turns.repeats = timer.min_seconds / 4, timer.repeats * 4
        progress(f"kernels at {', '.join(map(str, threads))} threads, in turns")
        for f in turns.interleaved(kernels, lambda r: progress(f"  round {r + 1} of {turns.repeats}")):
            add(f)
    for t in threads:
        torch.set_num_threads(t)
        progress(f"threads = {torch.get_num_threads()}")
        for key, label, batch, make in MODELS:
            if key not in keys:
                continue
            torch.manual_seed(0)
            train, infer = make()
            add(timer.rate(f"{label} train", t, "img/s", batch, train))
            add(timer.rate(f"{label} inference", t, "img/s", batch, infer))
        if "memory" in keys:
            out = subprocess.run([sys.executable, os.path.abspath(__file__), "--only", "resnet-train-memory",
                                  "--threads", str(t), "--memory-steps", str(steps)],
                                 check=True, capture_output=True, text=True).stdout
            for f in json.loads(out)["figures"]:
                add(f)

    text = json.dumps(run, indent=2, sort_keys=True)
    print(text)
    if a.output:
        tmp = a.output + ".tmp"
        with open(tmp, "w") as fh:
            fh.write(text + "\n")
        os.replace(tmp, a.output)
    progress("\n".join(f"{f['name']:48}{f['threads']:>4}{f['median']:>12.2f}  {f['min']:.2f}–{f['max']:.2f} {f['unit']}"
                       for f in run["figures"]))


if __name__ == "__main__":
    main()
