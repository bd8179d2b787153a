/** Hand-written SVG charts: axes, ticks, labels and a title, readable in any browser. */

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: Point[];
  color: string;
  dashed?: boolean;
  /** Draw dots at each point (calibration) instead of only a line. */
  markers?: boolean;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Format tick labels, e.g. as percents. */
  tickFormat?: (v: number) => string;
}

const W = 560;
const H = 420;
const M = { left: 70, right: 20, top: 48, bottom: 60 };
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const fmt = (v: number) => Number(v.toFixed(4)).toString();

/** Evenly spaced "nice" ticks covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function lineChart(spec: LineChartSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  const [x0, x1] = spec.xDomain ?? [Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x))];
  const [y0, y1] = spec.yDomain ?? [Math.min(0, ...all.map((p) => p.y)), Math.max(...all.map((p) => p.y))];
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number) => M.left + ((x - x0) / (x1 - x0 || 1)) * pw;
  const sy = (y: number) => M.top + ph - ((y - y0) / (y1 - y0 || 1)) * ph;
  const tf = spec.tickFormat ?? ((v: number) => String(v));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(spec.title)}">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold" ${FONT}>${escapeXml(spec.title)}</text>`);
  // grid + ticks
  for (const t of niceTicks(x0, x1)) {
    const x = fmt(sx(t));
    parts.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + ph}" stroke="#eee"/>`);
    parts.push(`<line x1="${x}" y1="${M.top + ph}" x2="${x}" y2="${M.top + ph + 5}" stroke="#333"/>`);
    parts.push(`<text x="${x}" y="${M.top + ph + 19}" text-anchor="middle" font-size="11" ${FONT}>${escapeXml(tf(t))}</text>`);
  }
  for (const t of niceTicks(y0, y1)) {
    const y = fmt(sy(t));
    parts.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<line x1="${M.left - 5}" y1="${y}" x2="${M.left}" y2="${y}" stroke="#333"/>`);
    parts.push(`<text x="${M.left - 8}" y="${y}" dy="4" text-anchor="end" font-size="11" ${FONT}>${escapeXml(tf(t))}</text>`);
  }
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${M.left + pw / 2}" y="${H - 16}" text-anchor="middle" font-size="13" ${FONT}>${escapeXml(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="13" ${FONT}>${escapeXml(spec.yLabel)}</text>`);
  // series
  spec.series.forEach((s, i) => {
    const d = s.points.map((p, k) => `${k ? 'L' : 'M'}${fmt(sx(p.x))} ${fmt(sy(p.y))}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    if (s.markers) for (const p of s.points) parts.push(`<circle cx="${fmt(sx(p.x))}" cy="${fmt(sy(p.y))}" r="3.5" fill="${s.color}"/>`);
    // legend (top-left inside the plot)
    const ly = M.top + 16 + i * 18;
    parts.push(`<line x1="${M.left + 12}" y1="${ly}" x2="${M.left + 36}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${M.left + 42}" y="${ly}" dy="4" font-size="12" ${FONT}>${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

export interface BarChartSpec {
  title: string;
  xLabel: string;
  bars: { label: string; value: number }[];
  color?: string;
}

/** Horizontal bar chart (feature importance), largest bar on top. */
export function barChart(spec: BarChartSpec): string {
  const bars = spec.bars;
  const rowH = 22;
  const left = 230;
  const h = M.top + bars.length * rowH + M.bottom;
  const pw = W - left - M.right - 30;
  const max = Math.max(1e-12, ...bars.map((b) => b.value));
  const ticks = niceTicks(0, max, 4);
  const xMax = Math.max(max, ticks[ticks.length - 1]);
  const sx = (v: number) => left + (v / xMax) * pw;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" role="img" aria-label="${escapeXml(spec.title)}">`);
  parts.push(`<rect width="${W}" height="${h}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold" ${FONT}>${escapeXml(spec.title)}</text>`);
  const bottom = M.top + bars.length * rowH;
  for (const t of ticks) {
    const x = fmt(sx(t));
    parts.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${x}" y="${bottom + 18}" text-anchor="middle" font-size="11" ${FONT}>${escapeXml(fmt(t))}</text>`);
  }
  bars.forEach((b, i) => {
    const y = M.top + i * rowH;
    parts.push(`<rect x="${left}" y="${y + 3}" width="${fmt(Math.max(0, sx(b.value) - left))}" height="${rowH - 6}" fill="${spec.color ?? '#1b6ec2'}"/>`);
    const label = b.label.length > 34 ? b.label.slice(0, 33) + '…' : b.label;
    parts.push(`<text x="${left - 8}" y="${y + rowH / 2}" dy="4" text-anchor="end" font-size="12" ${FONT}>${escapeXml(label)}</text>`);
    parts.push(`<text x="${fmt(sx(b.value) + 4)}" y="${y + rowH / 2}" dy="4" font-size="11" fill="#555" ${FONT}>${escapeXml(b.value.toFixed(3))}</text>`);
  });
  parts.push(`<line x1="${left}" y1="${M.top}" x2="${left}" y2="${bottom}" stroke="#333"/>`);
  parts.push(`<text x="${left + pw / 2}" y="${h - 16}" text-anchor="middle" font-size="13" ${FONT}>${escapeXml(spec.xLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
