// Researcher-notes signals: free text -> flags, round, amount raised, hiring locations.
// All vocabulary comes from the spec (spec.notes); this file only knows the four signal kinds.
// Every regex is linear-time on its input (no nested quantifiers), and each scan is one pass,
// so a 50 KB note parses in milliseconds.
import type { AmountSignal, CountSignal, FeatureSpec, MonthsAgoSignal, NotesSignal, NotesSpec } from './spec.js';
import { compileWordPattern, escapeRegex, foldText, WORD_AFTER, type WordPattern } from './text.js';

export type NotesSignalValue = boolean | number | string | null;

export interface NotesResult {
  /** Notes were null, empty or whitespace. */
  missing: boolean;
  /** signal id -> flag: boolean; ordinal: level id ("B"); amount: USD or null when not stated; count: number. Null when notes are missing. */
  signals: Record<string, NotesSignalValue>;
  /** signal id -> the folded text that decided a positive value (for explanations and debugging). */
  evidence: Record<string, string>;
}

interface Span {
  start: number;
  end: number;
  text: string;
}

interface CompiledFlag {
  kind: 'flag';
  s: Extract<NotesSignal, { kind: 'flag' }>;
  pos: WordPattern;
  neg: WordPattern;
}
interface CompiledOrdinal {
  kind: 'ordinal';
  s: Extract<NotesSignal, { kind: 'ordinal' }>;
  rules: { level: number; re: WordPattern }[];
}
interface CompiledAmount {
  kind: 'amount';
  s: AmountSignal;
  re: RegExp;
  currencies: Map<string, number>;
  magnitudes: Map<string, number>;
}
interface CompiledCount {
  kind: 'count';
  s: CountSignal;
  counts: WordPattern;
  places: WordPattern;
  placeOf: Map<string, string>;
}
interface CompiledMonthsAgo {
  kind: 'months_ago';
  s: MonthsAgoSignal;
  /** Absolute dates: month name [year], Q1-4 [year], m/yy, a bare year. */
  date: RegExp;
  monthOf: Map<string, number>;
  relative: { re: WordPattern; months: number }[];
}
type CompiledSignal = CompiledFlag | CompiledOrdinal | CompiledAmount | CompiledCount | CompiledMonthsAgo;

export interface CompiledNotes {
  spec: NotesSpec;
  signals: CompiledSignal[];
  negBefore: WordPattern;
  negAfter: RegExp | null;
}

const cache = new WeakMap<NotesSpec, CompiledNotes>();

function sortedKeys(rec: Record<string, number>): string[] {
  // Longest first so "million" wins over "m" and "us$" over "$".
  return Object.keys(rec).sort((a, b) => b.length - a.length || a.localeCompare(b));
}

function compileAmount(s: AmountSignal): CompiledAmount {
  const cur = sortedKeys(s.currencies).map((k) => escapeRegex(foldText(k))).join('|');
  const mag = sortedKeys(s.magnitudes).map((k) => escapeRegex(foldText(k))).join('|');
  // Number: 1,200,000 | 1.2 | 1,2 (decimal comma) | 40. The lookbehind stops matches starting inside
  // a digit run, which keeps the scan linear on pathological input (50 KB of digits).
  const num = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:[.,]\\d+)?)';
  const src = `(?<![\\p{L}\\p{N}.,])(?:(${cur})\\s?)?${num}(?:\\s?(${mag}))?(?:\\s?(${cur}))?(?![\\p{L}\\p{N}])`;
  return {
    kind: 'amount',
    s,
    re: new RegExp(src, 'gu'),
    currencies: new Map(Object.entries(s.currencies).map(([k, v]) => [foldText(k), v])),
    magnitudes: new Map(Object.entries(s.magnitudes).map(([k, v]) => [foldText(k), v])),
  };
}

function compileCount(s: CountSignal, macros: Record<string, string>, where: string): CompiledCount {
  const placeOf = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(s.places)) {
    placeOf.set(foldText(canonical), canonical);
    for (const a of aliases) placeOf.set(foldText(a), canonical);
  }
  const names = [...placeOf.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRegex);
  return {
    kind: 'count',
    s,
    counts: compileWordPattern(s.countPatterns, macros, `${where}.countPatterns`),
    places: compileWordPattern(names, {}, `${where}.places`),
    placeOf,
  };
}

function compileMonthsAgo(s: MonthsAgoSignal, macros: Record<string, string>, where: string): CompiledMonthsAgo {
  const monthOf = new Map<string, number>();
  s.monthNames.forEach((names, m) => names.forEach((n) => monthOf.set(foldText(n), m)));
  const names = [...monthOf.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRegex).join('|');
  // Groups: 1 month name, 2 its year; 3 quarter, 4 its year; 5/6 numeric m/yy; 7 bare year.
  // A year is 4 digits or '26 (a bare "12" after a month is more often a count than a year).
  const year = "'?(\\d{4}|(?<=')\\d{2})";
  const src =
    `(?<![\\p{L}\\p{N}])(?:(${names})\\.?(?:,?\\s${year}(?![\\p{L}\\p{N}/]))?|q([1-4])(?:\\s?${year})?|(\\d{1,2})/(\\d{2}|\\d{4})|((?:19|20)\\d{2}))(?![\\p{L}\\p{N}/])`;
  return {
    kind: 'months_ago',
    s,
    date: new RegExp(src, 'gu'),
    monthOf,
    relative: s.relative.map((r, i) => ({ re: compileWordPattern([r.pattern], macros, `${where}.relative[${i}]`), months: r.months })),
  };
}

/** Months from a stated date to `asOf` (null for a future or impossible date). Month-only dates are the latest past one. */
function monthsAgoOf(c: CompiledMonthsAgo, m: RegExpExecArray, asOf: Date): number | null {
  const nowY = asOf.getUTCFullYear();
  const nowM = asOf.getUTCMonth();
  const fullYear = (y: string | undefined) => (y === undefined ? null : y.length === 2 ? 2000 + Number(y) : Number(y));
  const back = (y: number | null, month: number) => {
    if (y === null) return (nowM - month + 12) % 12;
    const d = nowY * 12 + nowM - (y * 12 + month);
    return d >= 0 ? d : null;
  };
  if (m[1] !== undefined) return back(fullYear(m[2]), c.monthOf.get(m[1].replace(/\.$/, '')) ?? 0);
  if (m[3] !== undefined) return back(fullYear(m[4]), 3 * (Number(m[3]) - 1)); // a quarter counts from its first month
  if (m[5] !== undefined) {
    const month = Number(m[5]);
    return month >= 1 && month <= 12 ? back(fullYear(m[6]), month - 1) : null;
  }
  if (m[7] !== undefined) {
    const y = Number(m[7]);
    if (y > nowY) return null;
    return y === nowY ? Math.floor(nowM / 2) : back(y, 5); // a bare year: its middle
  }
  return null;
}

/** The earliest date stated in `text` (offset 0 = right after the context match), as months ago. */
function firstDate(c: CompiledMonthsAgo, text: string, asOf: Date): { at: number; months: number; text: string } | null {
  let best: { at: number; months: number; text: string } | null = null;
  c.date.lastIndex = 0;
  for (let m = c.date.exec(text); m; m = c.date.exec(text)) {
    const v = monthsAgoOf(c, m, asOf);
    if (v !== null) {
      best = { at: m.index, months: v, text: m[0] };
      break;
    }
  }
  for (const r of c.relative) {
    const hit = r.re.all(text)[0];
    if (!hit || (best && best.at <= hit.start)) continue;
    const n = hit.groups.find((g) => g !== undefined);
    const k = n === undefined ? 1 : /^\d+$/.test(n) ? Number(n) : n === 'a' || n === 'an' || n === 'one' ? 1 : NaN;
    if (Number.isFinite(k)) best = { at: hit.start, months: r.months * k, text: hit.text };
  }
  return best;
}

/** Compiles (once per spec object) every notes pattern; throws naming the signal and pattern on a bad regex. */
export function compileNotes(notes: NotesSpec): CompiledNotes {
  const hit = cache.get(notes);
  if (hit) return hit;
  const m = notes.macros;
  const signals: CompiledSignal[] = notes.signals.map((s, i): CompiledSignal => {
    const where = `notes.signals[${i}] (${s.id})`;
    switch (s.kind) {
      case 'flag':
        return {
          kind: 'flag',
          s,
          pos: compileWordPattern([...s.patterns, ...s.typos], m, `${where}.patterns`),
          neg: compileWordPattern(s.negativePatterns, m, `${where}.negativePatterns`),
        };
      case 'ordinal': {
        const ids = s.levels.map((l) => l.id);
        return {
          kind: 'ordinal',
          s,
          rules: s.rules.map((r, j) => {
            const level = ids.indexOf(r.level);
            if (level < 0) throw new Error(`${where}.rules[${j}]: level "${r.level}" is not one of ${ids.join(', ')}`);
            return { level, re: compileWordPattern(r.patterns, m, `${where}.rules[${j}].patterns`) };
          }),
        };
      }
      case 'amount':
        return compileAmount(s);
      case 'count':
        return compileCount(s, m, where);
      case 'months_ago':
        return compileMonthsAgo(s, m, where);
    }
  });
  const negAfter =
    notes.negation.after.length > 0
      ? // "Hiring: none" / "hiring - no", but not "actively hiring - no tool, all via email" (" - " also separates fragments).
        new RegExp(`^\\s*[:?\\-\\u2013=]\\s*(?:${notes.negation.after.join('|')})${WORD_AFTER}(?!\\s+(?!(?:yet|atm|now|currently|so far|for now|found|listed|stated)${WORD_AFTER})[\\p{L}\\p{N}])`, 'u')
      : null;
  const compiled: CompiledNotes = {
    spec: notes,
    signals,
    negBefore: compileWordPattern(notes.negation.before, m, 'notes.negation.before'),
    negAfter,
  };
  cache.set(notes, compiled);
  return compiled;
}

// Sentence breaks: ". " "! " "? " ";" newlines and the " | " " // " separators researchers use. A bare "." inside "$1.2B" is not a break.
const SENTENCE_BREAK = /[.!?](?=\s|$)|[;\n\u3002\uff01\uff1f]|\s\|\s|\s\/\/\s/gu;
// Clause breaks bound negation: "No layoffs, hiring fast" / "no ATS and hiring" must not negate "hiring".
const CLAUSE_BREAK = /[.!?;,:()\n\u3001\u3002]|\b(?:and|but|however|although|though|while)\b/gu;

function sentenceStarts(t: string): number[] {
  const starts = [0];
  SENTENCE_BREAK.lastIndex = 0;
  for (let m = SENTENCE_BREAK.exec(t); m; m = SENTENCE_BREAK.exec(t)) starts.push(m.index + 1);
  return starts;
}

function sentenceOf(starts: number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function allMatches(p: WordPattern, t: string): Span[] {
  return p.all(t);
}

/** The text of the given sentences, with their offsets (scans limited to context sentences). */
function sentenceSlices(t: string, starts: number[], which: Iterable<number>): { offset: number; text: string }[] {
  return [...which].sort((a, b) => a - b).map((i) => ({ offset: starts[i], text: t.slice(starts[i], starts[i + 1] ?? t.length) }));
}

function isNegated(c: CompiledNotes, t: string, span: Span): boolean {
  const window = c.spec.negation.window;
  if (window > 0) {
    let before = t.slice(Math.max(0, span.start - 80), span.start);
    let cut = -1;
    CLAUSE_BREAK.lastIndex = 0;
    for (let m = CLAUSE_BREAK.exec(before); m; m = CLAUSE_BREAK.exec(before)) cut = m.index + m[0].length;
    if (cut >= 0) before = before.slice(cut);
    const words = before.trim().split(/\s+/).filter(Boolean);
    const last = words.slice(-window).join(' ');
    if (last && c.negBefore.test(last)) return true;
  }
  if (c.negAfter) return c.negAfter.test(t.slice(span.end, span.end + 24));
  return false;
}

/** Positive, non-negated matches of a flag signal (matches inside a negative phrase are dropped). */
function flagSpans(c: CompiledNotes, f: CompiledFlag, t: string): { pos: Span[]; neg: boolean } {
  const negSpans = allMatches(f.neg, t);
  const candidates = allMatches(f.pos, t).filter((p) => !negSpans.some((n) => p.start < n.end && n.start < p.end));
  const pos = f.s.negatable ? candidates.filter((p) => !isNegated(c, t, p)) : candidates;
  return { pos, neg: negSpans.length > 0 || pos.length < candidates.length };
}

function parseAmount(a: CompiledAmount, m: RegExpExecArray): number | null {
  const [, cur1, digits, mag, cur2] = m;
  if (!cur1 && !mag && !cur2) return null; // a bare number ("12 SDRs") is not an amount
  let n: number;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) n = Number(digits.replace(/,/g, ''));
  else n = Number(digits.replace(',', '.'));
  if (!Number.isFinite(n)) return null;
  const rate = a.currencies.get(cur1 ?? cur2 ?? '') ?? a.s.defaultRate;
  // Whole dollars: float rates would otherwise show 16200000.000000002.
  return Math.round(n * (mag ? (a.magnitudes.get(mag) ?? 1) : 1) * rate);
}

function numberValue(word: string, words: Record<string, number>): number | null {
  if (/^\d+$/.test(word)) return Number(word);
  return words[word] ?? null;
}

function specNotes(spec: FeatureSpec | NotesSpec): NotesSpec {
  if ('signals' in spec) return spec;
  if (!spec.notes) throw new Error('This feature spec has no notes section');
  return spec.notes;
}

export interface ParseNotesOptions {
  /** "Today" for relative dates ("in March" -> months ago). Defaults to the current date. */
  asOf?: Date;
}

/** Parses researcher notes into the spec's signals. Null/empty text -> missing: true and null signals. */
export function parseNotes(spec: FeatureSpec | NotesSpec, text: unknown, options: ParseNotesOptions = {}): NotesResult {
  const c = compileNotes(specNotes(spec));
  const signals: Record<string, NotesSignalValue> = {};
  const evidence: Record<string, string> = {};
  if (text === null || text === undefined || (typeof text === 'string' && text.trim() === '')) {
    for (const s of c.spec.signals) signals[s.id] = null;
    return { missing: true, signals, evidence };
  }
  const t = foldText(typeof text === 'string' ? text : String(text));
  const starts = sentenceStarts(t);
  // Sentences holding a positive match, per signal: the context for amounts and place counts.
  const positiveSentences = new Map<string, Set<number>>();
  // Positive spans per signal: where dates are looked for.
  const positiveSpans = new Map<string, Span[]>();
  const mark = (id: string, spans: Span[]) => {
    positiveSpans.set(id, spans);
    const set = new Set<number>();
    for (const s of spans) set.add(sentenceOf(starts, s.start));
    positiveSentences.set(id, set);
  };

  for (const cs of c.signals) {
    if (cs.kind === 'flag') {
      const { pos } = flagSpans(c, cs, t);
      mark(cs.s.id, pos);
      signals[cs.s.id] = pos.length > 0;
      if (pos.length > 0) evidence[cs.s.id] = pos[0].text;
    } else if (cs.kind === 'ordinal') {
      let best = 0;
      const all: Span[] = [];
      for (const r of cs.rules) {
        const spans = allMatches(r.re, t).filter((sp) => !cs.s.negatable || !isNegated(c, t, sp));
        all.push(...spans);
        if (spans.length > 0 && r.level > best) {
          best = r.level;
          evidence[cs.s.id] = spans[0].text;
        }
      }
      mark(cs.s.id, all);
      signals[cs.s.id] = cs.s.levels[best].id;
    }
  }
  for (const cs of c.signals) {
    if (cs.kind === 'amount') {
      const ctx = new Set<number>();
      for (const id of cs.s.contextSignals) for (const n of positiveSentences.get(id) ?? []) ctx.add(n);
      let best: number | null = null;
      const spans: Span[] = [];
      for (const { offset, text } of sentenceSlices(t, starts, ctx)) {
        cs.re.lastIndex = 0;
        for (let m = cs.re.exec(text); m; m = cs.re.exec(text)) {
          const v = parseAmount(cs, m);
          if (v !== null) spans.push({ start: offset + m.index, end: offset + m.index + m[0].length, text: m[0] });
          if (v !== null && (best === null || v > best)) {
            best = v;
            evidence[cs.s.id] = m[0];
          }
        }
      }
      signals[cs.s.id] = best;
      positiveSentences.set(cs.s.id, new Set());
      positiveSpans.set(cs.s.id, spans);
    } else if (cs.kind === 'count') {
      const ctx = new Set<number>();
      for (const id of cs.s.contextSignals) for (const n of positiveSentences.get(id) ?? []) ctx.add(n);
      let explicit = 0;
      const named = new Set<string>();
      for (const { text } of sentenceSlices(t, starts, ctx)) {
        for (const m of cs.counts.all(text)) {
          const n = m.groups.find((x) => x !== undefined);
          const v = n === undefined ? null : numberValue(n, cs.s.numberWords);
          if (v !== null && v > explicit) {
            explicit = v;
            evidence[cs.s.id] = m.text;
          }
        }
        for (const m of cs.places.all(text)) named.add(cs.placeOf.get(m.text) ?? m.text);
      }
      if (named.size > explicit) evidence[cs.s.id] = [...named].join(', ');
      signals[cs.s.id] = Math.max(explicit, named.size);
    }
  }
  const asOf = options.asOf ?? new Date();
  for (const cs of c.signals) {
    if (cs.kind !== 'months_ago') continue;
    // The most recent date stated right after any context match ("Seed in 2019. Raised $30M Series A last year" -> 12).
    let best: number | null = null;
    for (const id of cs.s.contextSignals) {
      for (const sp of positiveSpans.get(id) ?? []) {
        const sentenceEnd = starts[sentenceOf(starts, sp.start) + 1] ?? t.length;
        const d = firstDate(cs, t.slice(sp.end, Math.min(sentenceEnd, sp.end + cs.s.window)), asOf);
        if (d && (best === null || d.months < best)) {
          best = d.months;
          evidence[cs.s.id] = d.text;
        }
      }
    }
    signals[cs.s.id] = best;
  }
  // Implications last: "Seires C (120m)" states funding without the word "funding".
  for (const cs of c.signals) {
    if (cs.kind !== 'flag' || signals[cs.s.id] === true) continue;
    for (const id of cs.s.impliedBy) {
      const v = signals[id];
      const src = c.spec.signals.find((s) => s.id === id);
      const positive =
        src?.kind === 'ordinal' ? v !== src.levels[0].id : typeof v === 'number' ? v > 0 : v === true;
      if (positive) {
        signals[cs.s.id] = true;
        evidence[cs.s.id] = evidence[id] ?? id;
        break;
      }
    }
  }
  return { missing: false, signals, evidence };
}
