"""Put trained demo weights into their package, packages/hygeia-xray-demo/hygeia_xray_demo/.

    python -m plugins.xray.training.package_demo build/xray-demo [--bench bench.json]

Copies model.pt, writes labels.json with the model card's summary (the "card" every result shows:
data, licence and attribution, intended use, training and test figures; those measured through the API
by bench/xray_accuracy.py when --bench gives its JSON), and prints model.pt's SHA-256, which
plugins/xray/demo.py records (DEMO_SHA256) so that ``flask xray install-weights --demo`` can check it.
MODEL_CARD.md is written by hand beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil

from plugins.xray.spec import sha256_of

PACKAGE = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, os.pardir, "packages", "hygeia-xray-demo",
                       "hygeia_xray_demo")


def card(metrics: dict, bench: dict | None) -> dict:
    summary = {
        "data": "PneumoniaMNIST (MedMNIST v2): 28 px paediatric frontal chest X-rays, train split, upsampled to 128 px",
        "licence": "CC BY 4.0",
        "attribution": "Yang et al., MedMNIST v2, Scientific Data 10:41 (2023); Kermany et al., Cell 172(5) (2018), "
                       "doi:10.17632/rscbjbr9sj.3",
        "intended_use": "Demonstrations, integration tests and benchmarks of this server; not for diagnosis",
        "training": f"{metrics['epochs']} epoch(s) from scratch on CPU, {metrics['train_seconds'] / 60:.0f} min; "
                    f"best validation AUROC {metrics['validation']['auroc']}",
        "threshold_rule": f"{metrics['threshold_rule']}: {metrics['threshold']}",
        "card_file": "MODEL_CARD.md",
    }
    if bench:
        png = bench["png"]
        summary["test_through_api"] = {
            "images": bench["n"], "auroc": png["auroc"], "auroc_ci95": png["auroc_ci95"],
            "accuracy": png["accuracy"], "sensitivity": png["sensitivity"], "specificity": png["specificity"],
            "dicom_auroc": bench["dicom"]["auroc"]}
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trained", help="the training script's --out folder")
    parser.add_argument("--bench", help="bench/xray_accuracy.py --json output")
    args = parser.parse_args()
    with open(os.path.join(args.trained, "metrics.json"), encoding="utf-8") as handle:
        metrics = json.load(handle)
    with open(os.path.join(args.trained, "labels.json"), encoding="utf-8") as handle:
        labels = json.load(handle)
    bench = None
    if args.bench:
        with open(args.bench, encoding="utf-8") as handle:
            bench = json.load(handle)
    folder = os.path.normpath(PACKAGE)
    os.makedirs(folder, exist_ok=True)
    shutil.copyfile(os.path.join(args.trained, "model.pt"), os.path.join(folder, "model.pt"))
    labels["card"] = card(metrics, bench)
    with open(os.path.join(folder, "labels.json"), "w", encoding="utf-8") as handle:
        json.dump(labels, handle, indent=2)
        handle.write("\n")
    print(f"model.pt sha256 {sha256_of(os.path.join(folder, 'model.pt'))} -> DEMO_SHA256 in plugins/xray/demo.py")


if __name__ == "__main__":
    main()
