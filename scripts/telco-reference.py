"""The reference models of ../shared/data/README.md (XGBoost 300 trees depth 6, standardised
logistic regression; one-hot of every categorical with a blank column) trained on the product's
own training part and scored on its own holdout rows, so the comparison is on the same rows.
Needs Debian's python3-xgboost and python3-sklearn; scripts/bench-telco.ts calls it.
  /usr/bin/python3 scripts/telco-reference.py telco-churn.csv holdout-rows.json [...]
Prints one JSON line per holdout file: {"file", "rows", "xgboost", "logistic", "tuned"}: "tuned" is
the best holdout ROC-AUC of a few other settings (XGBoost depth 1-4 with smaller learning rates,
scikit-learn's HistGradientBoosting), an upper reference: picked on the holdout itself, so optimistic."""
import csv
import json
import sys

import numpy as np
import xgboost as xgb
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

rows = list(csv.DictReader(open(sys.argv[1], newline='')))
y = np.array([1 if r['Churn'].strip().lower() == 'yes' else 0 for r in rows])
NUM = ['tenure', 'MonthlyCharges', 'TotalCharges', 'SeniorCitizen']
CAT = [c for c in rows[0] if c not in NUM + ['customerID', 'Churn']]


def number(v):
    try:
        return float(v)
    except ValueError:
        return np.nan


X = [[number(r[c]) for c in NUM] for r in rows]
for c in CAT:
    values = sorted(set(r[c] for r in rows))
    for i, r in enumerate(rows):
        X[i] += [1.0 if r[c] == v else 0.0 for v in values] + [1.0 if r[c].strip() == '' else 0.0]
X = np.array(X)
for path in sys.argv[2:]:
    holdout = np.array(json.load(open(path)))
    mask = np.zeros(len(y), bool)
    mask[holdout] = True
    Xtr, ytr, Xho, yho = X[~mask], y[~mask], X[mask], y[mask]
    model = xgb.XGBClassifier(n_estimators=300, max_depth=6, learning_rate=0.05, subsample=0.8, colsample_bytree=0.8, tree_method='hist', n_jobs=1, random_state=7)
    model.fit(Xtr, ytr)
    auc_x = roc_auc_score(yho, model.predict_proba(Xho)[:, 1])
    median = np.nanmedian(Xtr, axis=0)
    Xtr2, Xho2 = np.where(np.isnan(Xtr), median, Xtr), np.where(np.isnan(Xho), median, Xho)
    scaler = StandardScaler().fit(Xtr2)
    lr = LogisticRegression(max_iter=2000).fit(scaler.transform(Xtr2), ytr)
    auc_l = roc_auc_score(yho, lr.predict_proba(scaler.transform(Xho2))[:, 1])
    tuned = []
    for depth, rate, trees in [(1, 0.1, 400), (2, 0.05, 300), (3, 0.03, 400), (4, 0.02, 600)]:
        m = xgb.XGBClassifier(n_estimators=trees, max_depth=depth, learning_rate=rate, subsample=0.8, colsample_bytree=0.8, tree_method='hist', n_jobs=1, random_state=7, min_child_weight=5)
        tuned.append(roc_auc_score(yho, m.fit(Xtr, ytr).predict_proba(Xho)[:, 1]))
    hgb = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=8, l2_regularization=1.0, random_state=0)
    tuned.append(roc_auc_score(yho, hgb.fit(Xtr, ytr).predict_proba(Xho)[:, 1]))
    print(json.dumps({'file': path, 'rows': int(mask.sum()), 'xgboost': round(float(auc_x), 4), 'logistic': round(float(auc_l), 4), 'tuned': round(float(max(tuned)), 4)}))
