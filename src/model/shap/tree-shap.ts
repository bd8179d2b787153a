import type { Ensemble } from '../ensemble.js';

/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2018) for the shared Ensemble.
 *
 * For one leaf with value v, its root path has d unique features j with
 * z_j = product of cover(child)/cover(node) over the path's splits on j (the share of training
 * data that follows the path) and o_j = 1 if the row follows all those splits, else 0 (NaN uses
 * missingLeft, exactly like scoring). The leaf's part of E[f(x) | x_S] is v·Π_{j∈S} o_j·Π_{j∉S} z_j,
 * and its Shapley value for path feature k is
 *   φ_k = v (o_k − z_k) Σ_{S ⊆ P∖{k}} |S|!(d−1−|S|)!/d! · Π_{j∈S} o_j · Π_{j∈P∖S∖{k}} z_j,
 * the quantity Algorithm 2 computes with EXTEND/UNWIND. φ depends on the row only through the
 * d-bit hot pattern, so (as in Fast TreeSHAP v2, Yang 2021) every leaf gets a precomputed table
 * [2^d][d]; per row a tree costs one walk of its nodes (carrying the hot mask) plus d additions
 * per leaf. Leaves deeper than TABLE_MAX_D unique features are evaluated per row instead.
 * Output per row: cols contributions (log-odds) then the expected value, which sum to the margin.
 */
const TABLE_MAX_D = 10;

export interface CompiledShap {
  nFeatures: number;
  expectedValue: number;
  roots: Int32Array;
  feature: Int32Array; // -1 leaf
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  bit: Int32Array; // internal: bit index of its feature in the path; leaf: leaf index
  leafD: Int32Array;
  leafElemOff: Int32Array; // into elemFeature / elemZ
  leafTableOff: Float64Array; // into table, -1 = compute per row
  leafValue: Float64Array;
  elemFeature: Int32Array;
  elemZ: Float64Array;
  table: Float64Array;
  maxDepth: number;
  /** per node: offset of the merged table when both children are leaves, else -1 */
  pairTableOff: Float64Array;
  pairD: Int32Array;
}

/** Shapley weights w[d][s] = s!(d-1-s)!/d!. */
function shapleyWeights(maxD: number): Float64Array[] {
  const fact = [1];
  for (let i = 1; i <= maxD; i++) fact.push(fact[i - 1] * i);
  const w: Float64Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    const row = new Float64Array(Math.max(d, 1));
    for (let s = 0; s < d; s++) row[s] = (fact[s] * fact[d - 1 - s]) / fact[d];
    w.push(row);
  }
  return w;
}

/** φ for every path element of one leaf given a hot pattern; writes d values to out[off..]. */
function leafContrib(d: number, z: Float64Array, zOff: number, v: number, pattern: number, w: Float64Array, out: Float64Array, off: number, poly: Float64Array): void {
  for (let k = 0; k < d; k++) {
    // poly(t) = Π_{j≠k} (z_j + o_j t); φ_k = v (o_k − z_k) Σ_s w_s coef_s
    poly[0] = 1;
    let deg = 0;
    for (let j = 0; j < d; j++) {
      if (j === k) continue;
      const zj = z[zOff + j];
      if ((pattern >>> j) & 1) {
        poly[deg + 1] = poly[deg];
        for (let s = deg; s > 0; s--) poly[s] = poly[s] * zj + poly[s - 1];
        poly[0] *= zj;
        deg++;
      } else {
        for (let s = 0; s <= deg; s++) poly[s] *= zj;
      }
    }
    let sum = 0;
    for (let s = 0; s <= deg; s++) sum += w[s] * poly[s];
    const ok = (pattern >>> k) & 1;
    out[off + k] = v * (ok - z[zOff + k]) * sum;
  }
}

export function compileTreeShap(ensemble: Ensemble): CompiledShap {
  let nNodes = 0;
  for (const t of ensemble.trees) nNodes += t.feature.length;
  const feature = new Int32Array(nNodes), left = new Int32Array(nNodes), right = new Int32Array(nNodes);
  const threshold = new Float64Array(nNodes), missingLeft = new Uint8Array(nNodes), bit = new Int32Array(nNodes);
  const roots = new Int32Array(ensemble.trees.length);
  const leafD: number[] = [], leafElemOff: number[] = [], leafValue: number[] = [], elemFeature: number[] = [], elemZ: number[] = [];
  let expected = ensemble.baseScore;
  let maxDepth = 0;
  let base = 0;
  // Per-DFS path state (unique features and their z products), reused across trees.
  const pathFeat: number[] = [], pathZ: number[] = [];
  ensemble.trees.forEach((t, ti) => {
    const n = t.feature.length;
    roots[ti] = base;
    const visit = (i: number, depth: number): void => {
      if (depth > 64) throw new Error(`TreeSHAP: tree ${ti} is deeper than 64 levels (or has a cycle)`);
      maxDepth = Math.max(maxDepth, depth);
      const g = base + i;
      const f = t.feature[i];
      feature[g] = f;
      if (f < 0) {
        const d = pathFeat.length;
        bit[g] = leafD.length;
        leafD.push(d);
        leafElemOff.push(elemFeature.length);
        leafValue.push(t.value[i]);
        let prod = 1;
        for (let j = 0; j < d; j++) { elemFeature.push(pathFeat[j]); elemZ.push(pathZ[j]); prod *= pathZ[j]; }
        expected += t.value[i] * prod;
        return;
      }
      const l = t.left[i], r = t.right[i];
      if (l < 0 || r < 0 || l >= n || r >= n) throw new Error(`TreeSHAP: tree ${ti} node ${i} has invalid children`);
      threshold[g] = t.threshold[i];
      missingLeft[g] = t.missingLeft[i];
      left[g] = base + l;
      right[g] = base + r;
      const cov = t.cover[i];
      if (!(cov > 0)) throw new Error(`TreeSHAP: tree ${ti} node ${i} has cover ${cov}; covers must be positive`);
      let k = pathFeat.indexOf(f);
      const isNew = k < 0;
      if (isNew) {
        k = pathFeat.length;
        if (k >= 30) throw new Error(`TreeSHAP: tree ${ti} has a path with more than 30 distinct features`);
        pathFeat.push(f);
        pathZ.push(1);
      }
      bit[g] = k;
      const zBefore = pathZ[k];
      for (const [c, cc] of [[l, t.cover[l]], [r, t.cover[r]]] as const) {
        pathZ[k] = zBefore * (cc / cov);
        visit(c, depth + 1);
      }
      pathZ[k] = zBefore;
      if (isNew) { pathFeat.pop(); pathZ.pop(); }
    };
    visit(0, 0);
    base += n;
  });

  const weights = shapleyWeights(Math.max(1, Math.min(31, maxDepth + 1)));
  const nLeaves = leafD.length;
  // A node whose children are both leaves gets one merged table indexed by (mask, went left):
  // one lookup and d additions instead of two of each (the leaves share their path elements).
  const pairTableOff = new Float64Array(nNodes).fill(-1);
  const pairD = new Int32Array(nNodes);
  const leafTableOff = new Float64Array(nLeaves).fill(-1);
  let tableSize = 0;
  for (let g = 0; g < nNodes; g++) {
    if (feature[g] < 0 || feature[left[g]] >= 0 || feature[right[g]] >= 0) continue;
    const d = leafD[bit[left[g]]];
    if (d > TABLE_MAX_D) continue;
    pairTableOff[g] = tableSize;
    pairD[g] = d;
    leafTableOff[bit[left[g]]] = -2;
    leafTableOff[bit[right[g]]] = -2;
    tableSize += (1 << d) * 2 * d;
  }
  for (let L = 0; L < nLeaves; L++) {
    const d = leafD[L];
    if (leafTableOff[L] === -2) continue;
    if (d <= TABLE_MAX_D) { leafTableOff[L] = tableSize; tableSize += (1 << d) * d; }
  }
  const table = new Float64Array(tableSize);
  const zArr = Float64Array.from(elemZ);
  const poly = new Float64Array(32);
  for (let L = 0; L < nLeaves; L++) {
    const d = leafD[L];
    if (leafTableOff[L] < 0 || d === 0) continue;
    for (let p = 0; p < 1 << d; p++) {
      leafContrib(d, zArr, leafElemOff[L], leafValue[L], p, weights[d], table, leafTableOff[L] + p * d, poly);
    }
  }
  const tmpL = new Float64Array(32), tmpR = new Float64Array(32);
  for (let g = 0; g < nNodes; g++) {
    const off = pairTableOff[g];
    if (off < 0) continue;
    const d = pairD[g];
    const Ll = bit[left[g]], Lr = bit[right[g]], b = 1 << bit[g];
    for (let m = 0; m < 1 << d; m++) {
      for (let go = 0; go < 2; go++) {
        const pl = go ? m : m & ~b, pr = go ? m & ~b : m;
        leafContrib(d, zArr, leafElemOff[Ll], leafValue[Ll], pl, weights[d], tmpL, 0, poly);
        leafContrib(d, zArr, leafElemOff[Lr], leafValue[Lr], pr, weights[d], tmpR, 0, poly);
        const o = off + (m * 2 + go) * d;
        for (let k = 0; k < d; k++) table[o + k] = tmpL[k] + tmpR[k];
      }
    }
  }
  return {
    nFeatures: ensemble.nFeatures, expectedValue: expected, roots, feature, threshold, left, right, missingLeft, bit,
    leafD: Int32Array.from(leafD), leafElemOff: Int32Array.from(leafElemOff), leafTableOff, leafValue: Float64Array.from(leafValue),
    elemFeature: Int32Array.from(elemFeature), elemZ: zArr, table, maxDepth, pairTableOff, pairD,
  };
}

/** Per-compiled-model scratch (Shapley weights, stacks), so one-row calls allocate nothing. */
interface Scratch {
  weights: Float64Array[];
  stackNode: Int32Array;
  stackMask: Int32Array;
  scratch: Float64Array;
  poly: Float64Array;
  /** trees with at least one non-zero leaf (all-zero trees add exactly 0 and are skipped) */
  liveTrees: Int32Array;
  /** features some tree splits on (only these are gathered into the block) */
  usedFeatures: Int32Array;
}
const scratchCache = new WeakMap<CompiledShap, Scratch>();

function scratchFor(c: CompiledShap): Scratch {
  let s = scratchCache.get(c);
  if (s) return s;
  const nTrees = c.roots.length;
  const live: number[] = [];
  const used = new Uint8Array(c.nFeatures);
  for (let t = 0; t < nTrees; t++) {
    const end = t + 1 < nTrees ? c.roots[t + 1] : c.feature.length;
    let nonZero = false;
    for (let g = c.roots[t]; g < end; g++) {
      const f = c.feature[g];
      if (f >= 0) used[f] = 1;
      else if (c.leafValue[c.bit[g]] !== 0) nonZero = true;
    }
    if (nonZero) live.push(t);
  }
  const usedFeatures: number[] = [];
  for (let f = 0; f < c.nFeatures; f++) if (used[f]) usedFeatures.push(f);
  s = {
    weights: shapleyWeights(Math.min(31, c.maxDepth + 1)),
    stackNode: new Int32Array(c.maxDepth * 2 + 4),
    stackMask: new Int32Array(c.maxDepth * 2 + 4),
    scratch: new Float64Array(32),
    poly: new Float64Array(32),
    liveTrees: Int32Array.from(live),
    usedFeatures: Int32Array.from(usedFeatures),
  };
  scratchCache.set(c, s);
  return s;
}

/** Rows per block of the node-major kernel: the block's features, masks and φ stay in L2. */
const BLOCK = 512;
/** Below this many rows the per-row kernel wins (no gather/scatter of a block). */
const ROWWISE_MAX_ROWS = 8;

/**
 * SHAP values for rows [0, rows) of the row-major matrix X (cols = nFeatures).
 * Returns rows*(cols+1) values: per row the cols contributions, then the expected value.
 */
export function treeShap(model: Ensemble | CompiledShap, X: ArrayLike<number>, rows: number, cols: number, out?: Float64Array): Float64Array {
  const c = 'roots' in model ? model : compileTreeShap(model);
  if (cols !== c.nFeatures) throw new Error(`treeShap: the model has ${c.nFeatures} features, X has ${cols} columns`);
  if (X.length < rows * cols) throw new Error(`treeShap: X has ${X.length} values, expected ${rows * cols}`);
  const width = cols + 1;
  const phi = out ?? new Float64Array(rows * width);
  if (phi.length < rows * width) throw new Error(`treeShap: output buffer too small`);
  if (rows <= ROWWISE_MAX_ROWS) treeShapRowwise(c, X, rows, cols, phi);
  else treeShapBlocked(c, X, rows, cols, phi);
  return phi;
}

/**
 * The reference kernel: rows one by one, each walking every tree with an explicit stack
 * (right child first). Exported for tests; treeShap uses it for a handful of rows.
 */
export function treeShapRowwise(c: CompiledShap, X: ArrayLike<number>, rows: number, cols: number, phi: Float64Array): Float64Array {
  const width = cols + 1;
  const { roots, feature, threshold, left, right, missingLeft, bit, leafD, leafElemOff, leafTableOff, leafValue, elemFeature, elemZ, table, pairTableOff, pairD } = c;
  const { stackNode, stackMask, scratch, poly, weights, liveTrees } = scratchFor(c);
  for (let r = 0; r < rows; r++) {
    const po = r * width;
    phi.fill(0, po, po + cols);
    phi[po + cols] = c.expectedValue;
  }
  // Trees outer, rows inner: one tree's nodes and pattern tables stay in cache while every
  // row passes through it (rows-outer was memory-bound on the tables).
  for (let ti = 0; ti < liveTrees.length; ti++) {
    const root = roots[liveTrees[ti]];
    for (let r = 0; r < rows; r++) {
      const xo = r * cols;
      const po = r * width;
      stackNode[0] = root;
      stackMask[0] = -1;
      let sp = 1;
      while (sp > 0) {
        sp--;
        const g = stackNode[sp];
        const mask = stackMask[sp];
        const f = feature[g];
        if (f >= 0) {
          const v = X[xo + f];
          const goLeft = v < threshold[g] || (v !== v && missingLeft[g] === 1);
          const pOff = pairTableOff[g];
          if (pOff >= 0) {
            const d = pairD[g];
            const to = pOff + (((mask & ((1 << d) - 1)) << 1) | (goLeft ? 1 : 0)) * d;
            const eo = leafElemOff[bit[left[g]]];
            for (let k = 0; k < d; k++) phi[po + elemFeature[eo + k]] += table[to + k];
            continue;
          }
          const cleared = mask & ~(1 << bit[g]);
          stackNode[sp] = left[g];
          stackMask[sp] = goLeft ? mask : cleared;
          stackNode[sp + 1] = right[g];
          stackMask[sp + 1] = goLeft ? cleared : mask;
          sp += 2;
        } else {
          const L = bit[g];
          const d = leafD[L];
          if (d === 0) continue;
          const pattern = mask & ((1 << d) - 1);
          const eo = leafElemOff[L];
          const off = leafTableOff[L];
          if (off >= 0) {
            const to = off + pattern * d;
            for (let k = 0; k < d; k++) phi[po + elemFeature[eo + k]] += table[to + k];
          } else {
            leafContrib(d, elemZ, eo, leafValue[L], pattern, weights[d], scratch, 0, poly);
            for (let k = 0; k < d; k++) phi[po + elemFeature[eo + k]] += scratch[k];
          }
        }
      }
    }
  }
  return phi;
}

/**
 * Node-major kernel, bit-identical to treeShapRowwise: for a block of rows, each tree is
 * walked once in the same order (right subtree first) and every node runs a tight loop over
 * the block's rows (no per-row stack, branches predictable per node). The block's used
 * features and its φ are kept column-major so those loops read and write contiguously;
 * every φ entry receives the same additions in the same order as the row-wise walk.
 */
function treeShapBlocked(c: CompiledShap, X: ArrayLike<number>, rows: number, cols: number, phi: Float64Array): void {
  const width = cols + 1;
  const { roots, feature, threshold, left, right, missingLeft, bit, leafD, leafElemOff, leafTableOff, leafValue, elemFeature, elemZ, table, pairTableOff, pairD } = c;
  const { scratch, poly, weights, liveTrees, usedFeatures } = scratchFor(c);
  const B = Math.min(BLOCK, rows);
  const xT = new Float64Array(cols * B); // features column-major (exact copies of X's values)
  const phiT = new Float64Array(cols * B);
  const masks = new Int32Array((c.maxDepth + 2) * B);
  const idx = new Int32Array(B);
  let n = 0;

  /** Adds the d table entries at idx[r] + k to φ of the path's features, for every row. */
  const accumulate = (eo: number, d: number): void => {
    for (let k = 0; k < d; k++) {
      const fo = elemFeature[eo + k] * B;
      for (let r = 0; r < n; r++) phiT[fo + r] += table[idx[r] + k];
    }
  };
  const visit = (g: number, mo: number): void => {
    const f = feature[g];
    if (f < 0) {
      const L = bit[g];
      const d = leafD[L];
      if (d === 0) return;
      const pm = (1 << d) - 1;
      const eo = leafElemOff[L];
      const off = leafTableOff[L];
      if (off >= 0) {
        for (let r = 0; r < n; r++) idx[r] = off + (masks[mo + r] & pm) * d;
        accumulate(eo, d);
      } else {
        for (let r = 0; r < n; r++) {
          leafContrib(d, elemZ, eo, leafValue[L], masks[mo + r] & pm, weights[d], scratch, 0, poly);
          for (let k = 0; k < d; k++) phiT[elemFeature[eo + k] * B + r] += scratch[k];
        }
      }
      return;
    }
    const xo = f * B;
    const thr = threshold[g];
    const nanLeft = missingLeft[g] === 1 ? 1 : 0;
    const pOff = pairTableOff[g];
    if (pOff >= 0) {
      const d = pairD[g];
      const pm = (1 << d) - 1;
      for (let r = 0; r < n; r++) {
        const v = xT[xo + r];
        const goLeft = +(v < thr) | (+(v !== v) & nanLeft);
        idx[r] = pOff + (((masks[mo + r] & pm) << 1) | goLeft) * d;
      }
      accumulate(leafElemOff[bit[left[g]]], d);
      return;
    }
    // Branch-free: which way a row goes is data-dependent (mispredicted half the time), so
    // the child's mask is m & (keep | all-ones-or-zero) computed arithmetically.
    const keep = ~(1 << bit[g]);
    const co = mo + B;
    for (let r = 0; r < n; r++) {
      const v = xT[xo + r];
      const goLeft = +(v < thr) | (+(v !== v) & nanLeft);
      masks[co + r] = masks[mo + r] & (keep | (goLeft - 1));
    }
    visit(right[g], co);
    for (let r = 0; r < n; r++) {
      const v = xT[xo + r];
      const goLeft = +(v < thr) | (+(v !== v) & nanLeft);
      masks[co + r] = masks[mo + r] & (keep | -goLeft);
    }
    visit(left[g], co);
  };

  for (let r0 = 0; r0 < rows; r0 += B) {
    n = Math.min(B, rows - r0);
    for (let u = 0; u < usedFeatures.length; u++) {
      const f = usedFeatures[u];
      const fo = f * B;
      for (let r = 0; r < n; r++) xT[fo + r] = X[(r0 + r) * cols + f];
    }
    phiT.fill(0);
    for (let ti = 0; ti < liveTrees.length; ti++) {
      masks.fill(-1, 0, n);
      visit(roots[liveTrees[ti]], 0);
    }
    for (let r = 0; r < n; r++) {
      const po = (r0 + r) * width;
      for (let f = 0; f < cols; f++) phi[po + f] = phiT[f * B + r];
      phi[po + cols] = c.expectedValue;
    }
  }
}

/** Mean |SHAP| per feature over the rows of a treeShap result (global importance, log-odds). */
export function globalImportance(phi: Float64Array, rows: number, cols: number): Float64Array {
  const imp = new Float64Array(cols);
  const width = cols + 1;
  for (let r = 0; r < rows; r++) for (let f = 0; f < cols; f++) imp[f] += Math.abs(phi[r * width + f]);
  if (rows > 0) for (let f = 0; f < cols; f++) imp[f] /= rows;
  return imp;
}
