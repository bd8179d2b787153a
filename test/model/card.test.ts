import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { writeModelCard, withFreshOrgSection, lineChart, barChart, niceTicks, type ModelCardReport } from '../../src/model/card/index.js';
import { runExperiment, maxF1Threshold, capacityThreshold } from '../../src/model/evaluate/index.js';
import { makeRng } from '../../src/model/train/index.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function report(): ModelCardReport {
  const rng = makeRng(3);
  const rows = 2000;
  const X = new Float32Array(rows * 2);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    X[2 * i] = rng();
    X[2 * i + 1] = rng() < 0.2 ? NaN : rng();
    y[i] = rng() < 0.02 + 0.3 * X[2 * i] ** 3 ? 1 : 0;
  }
  const r = runExperiment(X, rows, 2, y, { folds: 3, params: { nEstimators: 60, learningRate: 0.2, maxDepth: 2 }, earlyStoppingRounds: 5 });
  const scale = { offset: 50, factor: 10 };
  const t = [maxF1Threshold(r.holdoutProba, r.holdoutY), capacityThreshold(r.holdoutProba, r.holdoutY, 50)].map((c) => ({ ...c, score: scale.offset + scale.factor * Math.log(c.threshold / (1 - c.threshold)) }));
  return {
    modelVersion: 'test-1',
    trainedAt: '2025-01-02T03:04:05Z',
    label: 'Converted_To_SQL__c',
    data: { source: 'unit test <synthetic>', accounts: rows, positives: y.reduce((a, b) => a + b, 0), generatorSeed: 3, features: 2 },
    split: { trainRows: r.trainRows.length, holdoutRows: r.holdoutRows.length, folds: 3, seed: 42 },
    model: { trees: r.finalTrees, params: { maxDepth: 2 } },
    cv: { gbdt: r.gbdt.summary, logistic: r.logistic.summary, baseRate: r.baseRate.summary, bestIterations: r.gbdt.bestIterations },
    holdout: { gbdt: r.gbdt.holdout, logistic: r.logistic.holdout, baseRate: r.baseRate.holdout },
    curves: { y: r.holdoutY, model: r.holdoutProba, baseline: r.logisticHoldoutProba },
    importance: { kind: 'mean-abs-shap', rows: [{ feature: 'x0', label: 'Revenue & growth', value: 0.5 }, { feature: 'x1', label: 'Noise', value: 0.1 }] },
    thresholds: t,
    scoreScale: scale,
  };
}

describe('model card', () => {
  it('writes MODEL_CARD.md and five well-formed SVG charts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'card-'));
    dirs.push(dir);
    const r = report();
    await writeModelCard(dir, r);
    const md = await readFile(join(dir, 'MODEL_CARD.md'), 'utf8');
    expect(md).toMatch(/not a percent chance/);
    expect(md).toMatch(/Synthetic generator seed \| 3/);
    expect(md).toContain(`| Boosted trees | ${r.cv.gbdt.rocAuc.mean.toFixed(4)} ± ${r.cv.gbdt.rocAuc.sd.toFixed(4)}`);
    expect(md).toMatch(/\| Base rate \| 0\.5000 ± 0\.0000/);
    expect(md).toMatch(/\| 10% \| 40 \|/); // 400 holdout rows
    expect(md).toMatch(/\| max F1 \|/);
    expect(md).toMatch(/\| top 50 accounts \|/);
    expect(md).toMatch(/Revenue & growth \(`x0`\)/);
    expect(md).toContain('![ROC](charts/roc.svg)');
    const charts = (await readdir(join(dir, 'charts'))).sort();
    expect(charts).toEqual(['calibration.svg', 'importance.svg', 'lift.svg', 'pr.svg', 'roc.svg']);
    for (const c of charts) {
      const svg = await readFile(join(dir, 'charts', c), 'utf8');
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    }
    const imp = await readFile(join(dir, 'charts', 'importance.svg'), 'utf8');
    expect(imp).toContain('Revenue &amp; growth');
  });

  it('line charts carry title, axis labels, ticks and a legend', () => {
    const svg = lineChart({ title: 'ROC <test>', xLabel: 'FPR', yLabel: 'TPR', xDomain: [0, 1], yDomain: [0, 1], series: [{ name: 'm', color: '#000', points: [{ x: 0, y: 0 }, { x: 0.5, y: 0.9 }, { x: 1, y: 1 }] }] });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('ROC &lt;test&gt;');
    expect(svg).toContain('>FPR</text>');
    expect(svg).toContain('>0.6</text>');
    expect(svg).toContain('<path d="M70 360 L305 79.2 L540 48"'); // (0,0) bottom-left, (1,1) top-right
    expect(XMLValidator.validate(barChart({ title: 't', xLabel: 'x', bars: [{ label: 'a', value: 2 }] }))).toBe(true);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('withFreshOrgSection', () => {
  const card = '# Model card\n\n## Holdout\n\n| a |\n\n## Lift (holdout)\n\n| b |\n';
  it('inserts the fresh-org result before the holdout lift table, then replaces it on a re-run', () => {
    const once = withFreshOrgSection(card, { source: 'data/orgs/seed7', rocAuc: 0.81, bestAchievableAuc: 0.85, liftTop10: 4.2 });
    expect(once).toContain('### Fresh org');
    expect(once).toContain('ROC-AUC 0.8100 vs best achievable 0.8500');
    expect(once).toContain('(95.29% of it)');
    expect(once.indexOf('### Fresh org')).toBeLessThan(once.indexOf('## Lift (holdout)'));
    const twice = withFreshOrgSection(once, { source: 'data/orgs/seed7', rocAuc: 0.82, bestAchievableAuc: 0.85, liftTop10: 4.3 });
    expect(twice.match(/### Fresh org/g)).toHaveLength(1);
    expect(twice).toContain('ROC-AUC 0.8200');
    expect(twice).not.toContain('ROC-AUC 0.8100');
    expect(twice).toContain('## Lift (holdout)\n\n| b |');
  });
});
