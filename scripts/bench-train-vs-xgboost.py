"""XGBoost side of scripts/bench-train-vs-xgboost.ts (run by it; not a standalone tool).

Reads a matrix and fold assignment the TypeScript side wrote (argv: meta.json, dataset index,
fold) and fits XGBoost's hist method single-threaded on that fold; prints one JSON line.
Needs Debian's python3-xgboost and python3-sklearn (run with /usr/bin/python3).
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score


def main() -> None:
    meta = json.load(open(sys.argv[1]))
    p = meta["params"]
    ds = meta["datasets"][int(sys.argv[2])]
    k = int(sys.argv[3])
    X = np.fromfile(ds["X"], dtype=np.float32).reshape(ds["rows"], ds["cols"])
    y = np.fromfile(ds["y"], dtype=np.uint8)
    fold = np.fromfile(ds["folds"], dtype=np.int32)
    tr = fold != k
    te = fold == k
    Xtr, ytr, Xte, yte = X[tr], y[tr], X[te], y[te]
    def make():
        return xgb.XGBClassifier(
            n_estimators=p["trees"],
            max_depth=p["maxDepth"],
            learning_rate=p["learningRate"],
            subsample=p["subsample"],
            colsample_bytree=p["colsample"],
            tree_method="hist",
            max_bin=p["maxBins"],
            n_jobs=1,
            random_state=p["seed"],
        )

    # Warm-up fit on a small slice (the TypeScript side does the same: its JIT compiles on first use).
    make().set_params(n_estimators=10).fit(Xtr[:1000], ytr[:1000])
    model = make()
    t0 = time.perf_counter()
    c0 = time.process_time()
    model.fit(Xtr, ytr)
    fit = time.perf_counter() - t0
    cpu = time.process_time() - c0
    auc = roc_auc_score(yte, model.predict_proba(Xte)[:, 1])
    print(json.dumps({"auc": float(auc), "fitSeconds": fit, "cpuSeconds": cpu, "xgboost": xgb.__version__}), flush=True)


if __name__ == "__main__":
    main()
