// Text folding and word-bounded pattern compilation shared by notes, titles and categories.
// Patterns in a feature spec are written against folded text: lowercase, accents removed.

/** Lowercases and strips accents/compatibility forms so "Série" matches "serie" and "ＶＰ" matches "vp". */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'");
}

// Unicode-aware word boundaries: JS `\b` only knows ASCII, so "é" or "東" would break it.
export const WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
export const WORD_AFTER = '(?![\\p{L}\\p{N}])';

const MACRO = /\{([A-Z][A-Z0-9_]*)\}/g;

/** Replaces {NAME} with (?:macro body). Regex quantifiers like {1,3} are untouched (not uppercase names). */
export function expandMacros(source: string, macros: Record<string, string>, where: string): string {
  return source.replace(MACRO, (_m, name: string) => {
    const body = macros[name];
    if (body === undefined) throw new Error(`${where}: unknown macro {${name}} in pattern "${source}"`);
    return `(?:${body})`;
  });
}

/** A match of a word pattern: start offset, end offset, matched text and capture groups. */
export interface WordMatch {
  start: number;
  end: number;
  text: string;
  groups: (string | undefined)[];
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isWordCharBefore(t: string, i: number): boolean {
  if (i <= 0) return false;
  const c = t.charCodeAt(i - 1);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  // Astral characters (emoji, rare scripts) end in a low surrogate: look at the whole code point.
  const ch = c >= 0xdc00 && c <= 0xdfff && i >= 2 ? t.slice(i - 2, i) : t[i - 1];
  return LETTER_OR_DIGIT.test(ch);
}

// A pattern that starts with a literal letter/digit can be scanned fast by V8 and cannot start a
// long quantified run. Others (\\d+..., groups, classes) keep a lookbehind so that a scan over
// 50 KB of digits does not retry a quantifier from every position (quadratic time).
function literalLed(src: string): boolean {
  return /^[\p{L}\p{N}'&]/u.test(src) && !/^.[?*+{]/u.test(src);
}

function scan(re: RegExp, t: string, checkBefore: boolean, out: WordMatch[] | null): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    if (m[0].length === 0 || (checkBefore && isWordCharBefore(t, m.index))) {
      re.lastIndex = m.index + 1;
      continue;
    }
    if (!out) return true;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], groups: m.slice(1) });
  }
  return out !== null && out.length > 0;
}

/**
 * Alternatives compiled into regexes with Unicode word boundaries. For literal-led
 * alternatives the leading boundary is checked in code rather than as a regex lookbehind: a
 * lookbehind first defeats V8's fast first-character scan and made notes parsing ~2x slower.
 * The trailing boundary stays a lookahead so backtracking can still pick "hires" over "hire".
 */
export class WordPattern {
  private readonly fast: RegExp | null;
  private readonly guarded: RegExp | null;
  constructor(alternatives: readonly string[]) {
    const lit = alternatives.filter(literalLed);
    const other = alternatives.filter((a) => !literalLed(a));
    this.fast = lit.length ? new RegExp(`(?:${lit.join('|')})${WORD_AFTER}`, 'gu') : null;
    this.guarded = other.length ? new RegExp(`${WORD_BEFORE}(?:${other.join('|')})${WORD_AFTER}`, 'gu') : null;
  }

  /** Every word-bounded match, by start offset (non-overlapping within each regex). */
  all(t: string): WordMatch[] {
    const out: WordMatch[] = [];
    if (this.fast) scan(this.fast, t, true, out);
    if (this.guarded) {
      const n = out.length;
      scan(this.guarded, t, false, out);
      if (n > 0 && out.length > n) out.sort((a, b) => a.start - b.start);
    }
    return out;
  }

  test(t: string): boolean {
    return (this.fast !== null && scan(this.fast, t, true, null)) || (this.guarded !== null && scan(this.guarded, t, false, null));
  }
}

/** Compiles alternatives into one word-bounded pattern; `where` names the spec location on error. */
export function compileWordPattern(sources: readonly string[], macros: Record<string, string>, where: string): WordPattern {
  const alts = sources.map((s, i) => {
    const expanded = expandMacros(s, macros, `${where}[${i}]`);
    try {
      new RegExp(expanded, 'u');
    } catch (e) {
      throw new Error(`${where}[${i}]: pattern "${s}" is not a valid regular expression (${(e as Error).message})`);
    }
    return expanded;
  });
  return new WordPattern(alts);
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
