"""The training benchmark's PyTorch side (run by scripts/bench.mjs): the reference CNN of issue 6,
trained on CPU with 2 threads; prints one JSON line {"img_per_s": ..., ...}.

Input 28x28x1, batch 64, float32: conv 3x3, 16 filters, same padding -> ReLU -> batchnorm ->
max-pool 2 -> conv 3x3, 32 filters, same -> ReLU -> max-pool 2 -> flatten -> dropout 0.5 ->
dense 10 -> softmax cross-entropy; Adam, learning rate 1e-3.
"""
import argparse
import json
import time

import torch
from torch import nn


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--max-steps", type=int, default=400)
    p.add_argument("--max-seconds", type=float, default=5.0)
    # --profile N: N timed steps, then N steps under torch.profiler; prints the per-step table
    # (self CPU time per op) before the JSON line (scripts/bench-profile.mjs reads both).
    p.add_argument("--profile", type=int, default=0)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1),
        nn.ReLU(),
        nn.BatchNorm2d(16, eps=1e-5, momentum=0.1),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Dropout(0.5),
        nn.Linear(32 * 7 * 7, 10),
    )
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(64, 1, 28, 28) * 2 - 1
    y = torch.arange(64) % 10

    def step() -> float:
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()  # the GradBook side reads its loss back every step too

    first = step()
    for _ in range(args.warmup - 1):
        step()
    if args.profile:
        profile(step, args)
        return
    steps = 0
    t0 = time.perf_counter()
    last = first
    while steps < args.max_steps and time.perf_counter() - t0 < args.max_seconds:
        last = step()
        steps += 1
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "backend": "pytorch-cpu",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "steps": steps,
        "seconds": seconds,
        "img_per_s": steps * 64 / seconds,
        "first_loss": first,
        "last_loss": last,
    }))


def profile(step, args) -> None:
    n = args.profile
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(n):
        step()
    seconds = time.perf_counter() - t0
    # CPU seconds (all threads): on a loaded machine less noisy than wall time.
    cpu_seconds = time.process_time() - c0
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile as torch_profile

    with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(n):
            step()
    rows = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
    total = sum(e.self_cpu_time_total for e in rows) / n / 1000
    print(f"{'op':34} {'self ms/step':>12} {'calls/step':>10} {'share':>6}")
    for e in rows:
        ms = e.self_cpu_time_total / n / 1000
        if ms < 0.01:
            continue
        print(f"{e.key[:34]:34} {ms:12.2f} {e.count / n:10.0f} {100 * ms / total:5.0f}%")
    print(f"{'total (self CPU, profiled)':34} {total:12.2f}")
    print(json.dumps({"backend": "pytorch-cpu", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "steps": n, "seconds": seconds, "cpu_seconds": cpu_seconds,
                      "img_per_s": n * 64 / seconds}))


if __name__ == "__main__":
    main()
