// CSV the way Bulk API 2.0 writes it: every value quoted, empty for null.

export const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  SEMICOLON: ';',
  PIPE: '|',
  CARET: '^',
  BACKQUOTE: '`',
};

export function csvLine(values: readonly (string | null)[], delimiter = ',', eol = '\n'): string {
  let s = '';
  for (let i = 0; i < values.length; i++) {
    if (i) s += delimiter;
    const v = values[i];
    if (v !== null) s += '"' + (v.includes('"') ? v.replace(/"/g, '""') : v) + '"';
  }
  return s + eol;
}
