"""Train the demo weights: MONAI DenseNet121 on PneumoniaMNIST (28 px), seen at 128 px.

    nice -n 15 python -m plugins.xray.training.train_demo --data ../shared/data/cxr-train/pneumoniamnist_28px.npz \
        --out build/xray-demo --epochs 3

Input to the network is made the way an upload is seen by the plugin: the 28 px
image is upscaled (as a user's PNG would be), area-resized to 128 px and
stretched by the plugin's own normalisation rule (plugins.xray.normalisation),
so training, evaluation and inference share one rule. Training varies the
upscaling (bilinear, bicubic, via 256 px) and shifts each image by up to 2 px.
The epoch with the best validation AUROC is kept; its threshold maximises
Youden's J on validation. The test split is scored once, at the end.

Writes to --out: model.pt (state dict, float16 unless --float32), labels.json
(the metadata the installer reads) and metrics.json (history, validation and
test figures with bootstrap intervals, float32 vs stored precision).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import time

import numpy as np
import torch
import torch.nn.functional as F

from plugins.xray.normalisation import apply_rule
from plugins.xray.training.metrics import summary, youden_threshold

IMAGE_SIZE = 128
RULE = "minmax"
INTENSITY = (0.0, 1.0)
LABEL = "Pneumonia"


def upload_view(images: torch.Tensor) -> torch.Tensor:
    """28 px (N, 1, 28, 28) in 0..1 -> what the plugin feeds the network from a 256 px 8-bit PNG upscale."""
    big = F.interpolate(images, size=(256, 256), mode="bicubic", align_corners=False).clamp(0, 1)
    big = torch.round(big * 255.0) / 255.0  # the 8-bit PNG
    return network_input(F.interpolate(big, size=(IMAGE_SIZE, IMAGE_SIZE), mode="area"))


def network_input(resized: torch.Tensor) -> torch.Tensor:
    return apply_rule(resized, RULE, *INTENSITY)


def augmented(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random +-2 px shift at 28 px, then one of three upscalings to 128 px, then the rule."""
    n = images.shape[0]
    padded = F.pad(images, (2, 2, 2, 2), mode="replicate")
    dx, dy = torch.randint(0, 5, (2,), generator=generator).tolist()
    shifted = padded[..., dy:dy + 28, dx:dx + 28]
    choice = int(torch.randint(0, 3, (1,), generator=generator))
    if choice == 0:
        return network_input(F.interpolate(shifted, size=(IMAGE_SIZE, IMAGE_SIZE), mode="bilinear",
                                           align_corners=False))
    if choice == 1:
        return network_input(F.interpolate(shifted, size=(IMAGE_SIZE, IMAGE_SIZE), mode="bicubic",
                                           align_corners=False).clamp(0, 1))
    assert shifted.shape[0] == n
    return upload_view(shifted)


def scores_of(network, inputs: torch.Tensor, batch: int = 128) -> np.ndarray:
    network.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(inputs), batch):
            out.append(torch.sigmoid(network(inputs[start:start + batch])).squeeze(1))
    return torch.cat(out).numpy()


def as_tensor(images: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="pneumoniamnist_28px.npz")
    parser.add_argument("--out", required=True)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--float32", action="store_true", help="store float32 instead of float16")
    parser.add_argument("--evaluate", metavar="CHECKPOINT",
                        help="skip training: finish from a saved best_float32.pt (threshold, test, stored files)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N images of each split (a smoke run)")
    args = parser.parse_args()

    from monai.networks.nets import DenseNet121

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(args.seed)
    data = dict(np.load(args.data))
    if args.limit:
        data = {key: value[:args.limit] for key, value in data.items()}
    train_x, train_y = as_tensor(data["train_images"]), torch.from_numpy(data["train_labels"].reshape(-1)).float()
    val_x, val_y = upload_view(as_tensor(data["val_images"])), data["val_labels"].reshape(-1)
    test_x, test_y = upload_view(as_tensor(data["test_images"])), data["test_labels"].reshape(-1)
    os.makedirs(args.out, exist_ok=True)

    network = DenseNet121(spatial_dims=2, in_channels=1, out_channels=1)
    optimiser = torch.optim.AdamW(network.parameters(), lr=args.lr, weight_decay=1e-4)
    steps_per_epoch = math.ceil(len(train_x) / args.batch)
    total = steps_per_epoch * args.epochs
    warmup = max(1, steps_per_epoch // 5)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: (step + 1) / warmup if step < warmup
        else 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup))))
    history, best_auroc, best_state, best_epoch = [], -1.0, None, 0
    started = time.perf_counter()
    if args.evaluate:
        saved = torch.load(args.evaluate, map_location="cpu", weights_only=True)
        if "state" not in saved:  # a bare state dict: history unknown
            saved = {"state": saved, "epoch": 0, "history": []}
        best_state, best_epoch, history = saved["state"], saved["epoch"], saved["history"]
        args.epochs = 0
    for epoch in range(1, args.epochs + 1):
        network.train()
        order = torch.randperm(len(train_x), generator=generator)
        epoch_start, losses = time.perf_counter(), []
        for step in range(steps_per_epoch):
            pick = order[step * args.batch:(step + 1) * args.batch]
            inputs = augmented(train_x[pick], generator)
            loss = F.binary_cross_entropy_with_logits(network(inputs).squeeze(1), train_y[pick])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            losses.append(float(loss))
            if step % 10 == 0:
                print(f"epoch {epoch} step {step}/{steps_per_epoch} loss {np.mean(losses[-10:]):.4f} "
                      f"{time.perf_counter() - epoch_start:.0f}s", flush=True)
        val_scores = scores_of(network, val_x)
        val = summary(val_y, val_scores, 0.5, rounds=200)
        record = {"epoch": epoch, "train_loss": round(float(np.mean(losses)), 4), "val_auroc": val["auroc"],
                  "seconds": round(time.perf_counter() - epoch_start, 1)}
        history.append(record)
        print(json.dumps(record), flush=True)
        if val["auroc"] > best_auroc:
            best_auroc, best_epoch = val["auroc"], epoch
            best_state = {k: v.detach().clone() for k, v in network.state_dict().items()}
            torch.save({"state": best_state, "epoch": epoch, "history": history},
                       os.path.join(args.out, "best_float32.pt"))
    train_seconds = time.perf_counter() - started if not args.evaluate else sum(r["seconds"] for r in history)

    network.load_state_dict(best_state)
    val_scores = scores_of(network, val_x)
    threshold = youden_threshold(val_y, val_scores)
    test32 = scores_of(network, test_x)
    stored = {k: (v.half() if v.is_floating_point() and not args.float32 else v) for k, v in best_state.items()}
    torch.save(stored, os.path.join(args.out, "model.pt"))
    network.load_state_dict(stored)  # copies into the float32 network, as the plugin loads it
    test_stored = scores_of(network, test_x)
    version = f"pmnist28-d121-{IMAGE_SIZE}px-e{best_epoch}"
    metrics = {
        "version": version, "best_epoch": best_epoch, "epochs": len(history), "history": history,
        "train_seconds": round(train_seconds, 1), "threads": args.threads, "seed": args.seed,
        "torch": torch.__version__, "machine": platform.processor() or platform.machine(),
        "threshold_rule": "Youden's J on the validation split", "threshold": round(threshold, 4),
        "validation": summary(val_y, val_scores, threshold),
        "test_training_preprocessing_float32": summary(test_y, test32, threshold),
        "test_training_preprocessing_stored": summary(test_y, test_stored, threshold),
        "stored_dtype": "float32" if args.float32 else "float16",
        "max_score_change_from_storing": round(float(np.abs(test32 - test_stored).max()), 6),
    }
    labels = {"labels": [LABEL], "thresholds": {LABEL: round(threshold, 4)}, "image_size": IMAGE_SIZE,
              "intensity_range": list(INTENSITY), "normalisation": RULE,
              "name": "DenseNet121 PneumoniaMNIST (28 px, research demo)", "version": version, "demo": True}
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8") as handle:
        json.dump(labels, handle, indent=2)
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as handle:
        json.dump(metrics, handle, indent=2)
    print(json.dumps(metrics, indent=2), flush=True)


if __name__ == "__main__":
    main()
