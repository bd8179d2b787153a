/** Row order by score descending; ties by row index so results are deterministic. */
export function orderDesc(scores: ArrayLike<number>): Int32Array {
  const n = scores.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`score at row ${i} is NaN`);
    order[i] = i;
  }
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order;
}

export function checkLabels(scores: ArrayLike<number>, y: ArrayLike<number>): { nPos: number; nNeg: number } {
  if (scores.length !== y.length) throw new Error(`scores has ${scores.length} rows but labels has ${y.length}`);
  let nPos = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`label at row ${i} is ${y[i]}; labels must be 0 or 1`);
    nPos += y[i];
  }
  return { nPos, nNeg: y.length - nPos };
}
