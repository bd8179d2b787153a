import { describe, expect, it } from '@jest/globals';
import * as ort from 'onnxruntime-node';
import jsforce from 'jsforce';

describe('toolchain', () => {
  it('loads jsforce and onnxruntime-node as ESM', () => {
    expect(typeof jsforce.Connection).toBe('function');
    expect(typeof ort.InferenceSession.create).toBe('function');
  });
});
