"""Time to 97% for PyTorch (run by scripts/bench-train.mjs): the training cell's default ConvNet
(src/nn/model.ts, DEFAULT_MODEL_CONFIG) trained on the bundled digits (public/data/mnist-10k.bin,
first 8,000 train, last 2,000 held out) from this process's start until the first end-of-epoch
evaluation on the 2,000 held-out digits reaches the target. Prints one JSON line.

Same as the browser's run: input normalised (x/255 - 0.1307) / 0.3081; [conv 3x3 16 same ->
batchnorm -> ReLU -> max-pool 2] x 2 -> dropout 0.25 -> dense 10 -> softmax cross-entropy; He-normal
conv weights (std sqrt(2 / fan-in)), dense normal std sqrt(1 / fan-in), zero biases; batchnorm eps
1e-5, running averages 0.9 old + 0.1 batch; Adam lr 0.002, betas 0.9/0.999, eps 1e-8; batch 64,
125 steps an epoch (the last partial batch dropped), the epoch order shuffled with the worker's LCG;
evaluation in eval mode (running statistics, no dropout) after each epoch. The random draws
(weights, dropout masks) are PyTorch's own, not GradBook's, and PyTorch's running variance is the
unbiased one (GradBook's divides by N): the same model and schedule, not the same bits.
"""
import time

T_START = time.perf_counter()  # before importing torch: the import is part of the time

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import struct  # noqa: E402
from pathlib import Path  # noqa: E402

import torch  # noqa: E402
from torch import nn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def load_mnist(path: Path):
    raw = path.read_bytes()
    magic, version, header, count, rows, cols = struct.unpack_from("<4sHHIHH", raw, 0)
    if magic != b"GBMN" or version != 1 or header != 16:
        raise SystemExit(f"{path} is not a GradBook MNIST asset (version 1)")
    px = rows * cols
    images = torch.frombuffer(bytearray(raw[header:header + count * px]), dtype=torch.uint8).view(count, 1, rows, cols)
    labels = torch.frombuffer(bytearray(raw[header + count * px:header + count * px + count]), dtype=torch.uint8).long()
    x = (images.float() / 255 - 0.1307) / 0.3081
    return x, labels


def shuffled(n: int, seed: int) -> list:
    """src/worker/train.worker.ts's shuffle: Fisher-Yates driven by a 32-bit LCG."""
    a = list(range(n))
    s = (seed & 0xFFFFFFFF) or 1
    for i in range(n - 1, 0, -1):
        s = (s * 1664525 + 1013904223) & 0xFFFFFFFF
        j = s % (i + 1)
        a[i], a[j] = a[j], a[i]
    return a


def build(width: int, depth: int, dropout: float) -> nn.Module:
    layers = []
    in_c, hw = 1, 28
    for _ in range(depth):
        conv = nn.Conv2d(in_c, width, 3, padding=1)
        nn.init.normal_(conv.weight, std=math.sqrt(2 / (9 * in_c)))
        nn.init.zeros_(conv.bias)
        layers += [conv, nn.BatchNorm2d(width, eps=1e-5, momentum=0.1), nn.ReLU(), nn.MaxPool2d(2)]
        in_c, hw = width, hw // 2
    fc = nn.Linear(hw * hw * in_c, 10)
    nn.init.normal_(fc.weight, std=math.sqrt(1 / (hw * hw * in_c)))
    nn.init.zeros_(fc.bias)
    layers += [nn.Flatten(), nn.Dropout(dropout), fc]
    return nn.Sequential(*layers)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--target", type=float, default=0.97)
    p.add_argument("--max-epochs", type=int, default=5)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", default=str(ROOT / "public" / "data" / "mnist-10k.bin"))
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x, y = load_mnist(Path(args.data))
    x_train, y_train, x_test, y_test = x[:8000], y[:8000], x[8000:], y[8000:]
    model = build(16, 2, 0.25)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.CrossEntropyLoss()
    steps_per_epoch = len(x_train) // args.batch
    t_train = time.perf_counter()
    accs = []
    reached = None
    steps = 0
    for epoch in range(args.max_epochs):
        model.train()
        order = torch.tensor(shuffled(len(x_train), args.seed * 7919 + epoch))
        for b in range(steps_per_epoch):
            idx = order[b * args.batch:(b + 1) * args.batch]
            opt.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            loss.item()  # the worker reads every step's loss back too
            steps += 1
        model.eval()
        with torch.no_grad():
            correct = sum(int((model(x_test[s:s + 250]).argmax(1) == y_test[s:s + 250]).sum()) for s in range(0, len(x_test), 250))
        accs.append(correct / len(x_test))
        if accs[-1] >= args.target:
            reached = epoch + 1
            break
    now = time.perf_counter()
    print(json.dumps({
        "backend": "pytorch-cpu",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "target": args.target,
        "epochs_to_target": reached,
        "epoch_accuracies": accs,
        "steps": steps,
        "seconds_to_target": now - T_START if reached else None,
        "train_seconds": now - t_train,
        "setup_seconds": t_train - T_START,
        "cpu_seconds": time.process_time(),
    }))


if __name__ == "__main__":
    main()
