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

/** Compiles alternatives into one global, unicode, word-bounded regex; `where` names the spec location on error. */
export function compileWordPattern(sources: readonly string[], macros: Record<string, string>, where: string): RegExp {
  const alts = sources.map((s, i) => {
    const expanded = expandMacros(s, macros, `${where}[${i}]`);
    try {
      new RegExp(expanded, 'u');
    } catch (e) {
      throw new Error(`${where}[${i}]: pattern "${s}" is not a valid regular expression (${(e as Error).message})`);
    }
    return expanded;
  });
  // A pattern that never matches when the list is empty keeps callers simple.
  if (alts.length === 0) return /(?!)/gu;
  return new RegExp(`${WORD_BEFORE}(?:${alts.join('|')})${WORD_AFTER}`, 'gu');
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
