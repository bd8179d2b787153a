import type { Tree } from '../../../src/model/ensemble.js';
import type { BinMapper } from './binning.js';
import { buildHistogram, subtractInPlace, histSize } from './histogram.js';
import { findBestSplit, type SplitCandidate, type SplitConstraints } from './split.js';

/** Threshold for a split that sends every finite value right (NaN-only split). */
export const NAN_ONLY_THRESHOLD = -3.4028234663852886e38; // -FLT_MAX, float32-exact

export interface GrowOptions extends SplitConstraints {
  maxDepth: number;
  maxLeaves: number;
  learningRate: number;
}

/** A tree plus the binned split per node, for fast prediction on binned rows. */
export interface GrownTree {
  tree: Tree;
  /** Per node: value bins 1..splitBin go left (-1 for leaves). */
  splitBin: number[];
}

interface Open {
  node: number;
  start: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  hist: Float64Array;
  split: SplitCandidate | null;
}

/** Recycles histogram buffers so a tree allocates a handful, not one per node. */
class HistPool {
  private free: Float64Array[] = [];
  constructor(private readonly size: number) {}
  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }
  give(h: Float64Array): void {
    this.free.push(h);
  }
}

/**
 * Leaf-wise (best-first) growth limited by maxLeaves and maxDepth. idx[0..n) are the rows
 * used for this tree; it is partitioned in place as nodes split. Child histograms: build
 * the smaller child, the larger one is parent minus smaller.
 */
export function growTree(
  bins: Uint8Array,
  cols: number,
  mapper: BinMapper,
  idx: Int32Array,
  n: number,
  grad: Float64Array,
  hess: Float64Array,
  feats: Int32Array,
  opt: GrowOptions,
  gainImportance: Float64Array,
  pool?: HistPoolLike,
): GrownTree {
  const hp = (pool as HistPool | undefined) ?? new HistPool(histSize(cols));
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], missingLeft: [], value: [], cover: [] };
  const splitBin: number[] = [];
  const nodeG: number[] = [];
  const addNode = (G: number, H: number): number => {
    nodeG.push(G);
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.missingLeft.push(0);
    tree.value.push(0);
    tree.cover.push(H);
    splitBin.push(-1);
    return tree.feature.length - 1;
  };
  const leafValue = (G: number, H: number): number => (-G / (H + opt.lambdaL2)) * opt.learningRate;

  let G = 0;
  let H = 0;
  for (let k = 0; k < n; k++) {
    G += grad[idx[k]];
    H += hess[idx[k]];
  }
  const rootHist = hp.take();
  buildHistogram(rootHist, bins, cols, idx, 0, n, grad, hess, feats);
  const root: Open = { node: addNode(G, H), start: 0, end: n, depth: 0, G, H, hist: rootHist, split: null };
  const canSplit = (o: Open) => o.depth < opt.maxDepth && o.end - o.start >= 2;
  if (canSplit(root)) root.split = findBestSplit(root.hist, G, H, feats, mapper.nBins, opt);
  const open: Open[] = [root];
  let leaves = 1;

  while (leaves < opt.maxLeaves) {
    let bi = -1;
    for (let i = 0; i < open.length; i++) {
      const s = open[i].split;
      if (s && (bi < 0 || s.gain > open[bi].split!.gain)) bi = i;
    }
    if (bi < 0) break;
    const p = open[bi];
    open.splice(bi, 1);
    const s = p.split!;
    const f = s.feature;
    // Partition rows: left first.
    let i = p.start;
    let j = p.end - 1;
    const sb = s.bin;
    const ml = s.missingLeft;
    while (i <= j) {
      const b = bins[idx[i] * cols + f];
      const goLeft = b === 0 ? ml === 1 : b <= sb;
      if (goLeft) i++;
      else {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        j--;
      }
    }
    const mid = i;
    const gR = p.G - s.gLeft;
    const hR = p.H - s.hLeft;
    const ln = addNode(s.gLeft, s.hLeft);
    const rn = addNode(gR, hR);
    tree.feature[p.node] = f;
    tree.threshold[p.node] = sb === 0 ? NAN_ONLY_THRESHOLD : mapper.cuts[f][sb - 1];
    tree.left[p.node] = ln;
    tree.right[p.node] = rn;
    tree.missingLeft[p.node] = ml;
    splitBin[p.node] = sb;
    gainImportance[f] += s.gain;

    const left: Open = { node: ln, start: p.start, end: mid, depth: p.depth + 1, G: s.gLeft, H: s.hLeft, hist: p.hist, split: null };
    const right: Open = { node: rn, start: mid, end: p.end, depth: p.depth + 1, G: gR, H: hR, hist: p.hist, split: null };
    const wantL = canSplit(left);
    const wantR = canSplit(right);
    if (wantL || wantR) {
      const [small, large] = mid - p.start <= p.end - mid ? [left, right] : [right, left];
      const h = hp.take();
      buildHistogram(h, bins, cols, idx, small.start, small.end, grad, hess, feats);
      subtractInPlace(p.hist, h, feats);
      small.hist = h;
      large.hist = p.hist;
      if (wantL) left.split = findBestSplit(left.hist, left.G, left.H, feats, mapper.nBins, opt);
      if (wantR) right.split = findBestSplit(right.hist, right.G, right.H, feats, mapper.nBins, opt);
      for (const c of [left, right]) {
        if (c.split) open.push(c);
        else hp.give(c.hist);
      }
    } else {
      hp.give(p.hist);
    }
    leaves++;
  }
  // Every node still without a split is a leaf: value = -G/(H+λ)·lr.
  for (const o of open) hp.give(o.hist);
  for (let nd = 0; nd < tree.feature.length; nd++) {
    if (tree.feature[nd] === -1) tree.value[nd] = leafValue(nodeG[nd], tree.cover[nd]);
  }
  return { tree, splitBin };
}

export type HistPoolLike = object;
export function makeHistPool(cols: number): HistPoolLike {
  return new HistPool(histSize(cols));
}

