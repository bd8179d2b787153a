import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import jsforce from 'jsforce';

describe('toolchain', () => {
  it('jsforce loads as ESM and builds a connection to an instance URL', () => {
    const conn = new jsforce.Connection({ instanceUrl: 'https://example.my.salesforce.com', accessToken: '00D000000000001!x', version: '62.0' });
    expect(conn.instanceUrl).toBe('https://example.my.salesforce.com');
    expect(conn.version).toBe('62.0');
  });

  it('onnxruntime-node loads as ESM and runs a tree-ensemble model: probabilities [1-p, p]', async () => {
    const session = await ort.InferenceSession.create(readFileSync('test/fixtures/models/fixture-a.onnx'));
    try {
      const input = session.inputMetadata[0];
      const cols = input.isTensor ? Number(input.shape[1]) : 0;
      expect(cols).toBeGreaterThan(10);
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', new Float32Array(cols).fill(NaN), [1, cols]) }, ['probabilities']);
      const p = out.probabilities.data as Float32Array;
      expect(p).toHaveLength(2);
      expect(p[0] + p[1]).toBeCloseTo(1, 5);
      expect(p[1]).toBeGreaterThan(0);
      expect(p[1]).toBeLessThan(1);
    } finally {
      await session.release();
    }
  });
});
