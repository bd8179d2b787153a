/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ScoreModel, { ScoreModelResult } from '../../src/commands/score/model.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { tempDir, writeTinyModel } from './fixtures.js';

describe('sf score model', () => {
  let dir: string;
  let modelFile: string;
  beforeAll(() => {
    dir = tempDir('score-model');
    modelFile = writeTinyModel(dir);
  });

  it('--json prints the version, training date, metrics and features, matching its result type', async () => {
    const run = await runCommand(ScoreModel, ['--file', modelFile, '--json']);
    expect(run.error).toBeUndefined();
    const json = parseJsonOutput(run.stdout);
    expect(json.status).toBe(0);
    const result = ScoreModelResult.parse(json.result);
    expect(result).toMatchObject({
      file: modelFile,
      modelVersion: 'tiny-1',
      trainedAt: '2026-11-01T10:00:00.000Z',
      trees: 2,
      features: ['employees', 'series_b'],
      metrics: { holdout: { auc: 0.81, averagePrecision: 0.42 }, positives: 120 },
      explanations: 'metadata',
    });
  });

  it('prints a readable summary with the metrics as dotted names', async () => {
    const run = await runCommand(ScoreModel, ['--file', modelFile]);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toContain('tiny-1');
    expect(run.stdout).toContain('holdout.auc');
    expect(run.stdout).toContain('0.8100');
    expect(run.stdout).toContain('series_b');
  });

  it('fails with a clear message naming the file when it is not an ONNX model', async () => {
    const bad = path.join(dir, 'not-a-model.onnx');
    writeFileSync(bad, 'this is a CSV, not a model\n1,2,3\n');
    const run = await runCommand(ScoreModel, ['--file', bad, '--json']);
    expect(run.error).toBeDefined();
    const json = parseJsonOutput(run.stdout);
    expect(json.status).toBe(1);
    expect(json.message).toContain('not-a-model.onnx');
  });

  it('refuses a file that does not exist before doing anything', async () => {
    const run = await runCommand(ScoreModel, ['--file', path.join(dir, 'missing.onnx')]);
    expect(run.error?.message).toMatch(/missing\.onnx/);
  });
});
