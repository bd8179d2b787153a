// How a blank and a yes/no are spelled in exports. One list for the readers (CSV numbers, booleans,
// dates) and for inference: a column inference types by ignoring these words must read with them.

/** Cell texts that mean "no value" (compared trimmed, lower case). */
export const MISSING_WORDS: ReadonlySet<string> = new Set(['', 'na', 'n/a', '#n/a', 'null', 'nan', '-', '--', 'none', '?']);
export const TRUE_WORDS: ReadonlySet<string> = new Set(['true', 'yes', 'y', '1', 't']);
export const FALSE_WORDS: ReadonlySet<string> = new Set(['false', 'no', 'n', '0', 'f']);

export const isMissingWord = (s: string): boolean => MISSING_WORDS.has(s.trim().toLowerCase());
