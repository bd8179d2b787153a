// Splits CSV text (RFC 4180: comma, double quotes, "" inside quotes, LF or CRLF, fields may
// span lines inside quotes) into records with the line each starts on. A broken record never
// takes good ones down with it: it is reported on the line where it starts and reading resumes
// on the next line, so one unclosed quote costs one record, not the rest of the file.
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export interface CsvRecord {
  /** 1-based line where the record starts */
  line: number;
  /** last line of the record (> line when a quoted field spans lines) */
  endLine: number;
  /** the fields; empty for a record that could not be read */
  cells: string[];
  /** why the record could not be read; the cells are then unusable */
  error?: string;
}

interface Parsed {
  cells: string[];
  /** offset just past the record's line end */
  end: number;
  endLine: number;
  error?: string;
  /** line of the quote that caused the error, when a quote did */
  quoteLine?: number;
}

/** Reads a file path or stream whole, as UTF-8 without a byte-order mark. */
export async function readCsvText(source: string | Readable): Promise<string> {
  let text: string;
  if (typeof source === 'string') text = await readFile(source, 'utf8');
  else {
    const parts: Buffer[] = [];
    for await (const chunk of source) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    text = Buffer.concat(parts).toString('utf8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const countNewlines = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

function parseRecord(text: string, start: number, line: number): Parsed {
  const n = text.length;
  const cells: string[] = [];
  let pos = start;
  let cur = line;
  const fieldEnd = /[,\n"]/g;
  for (;;) {
    if (text[pos] === '"') {
      const openLine = cur;
      let buf = '';
      pos++;
      for (;;) {
        const q = text.indexOf('"', pos);
        if (q === -1) {
          return { cells, end: n, endLine: cur + countNewlines(text.slice(pos)), quoteLine: openLine, error: `unbalanced quote: the quoted field opened on line ${openLine} is never closed` };
        }
        const chunk = text.slice(pos, q);
        buf += chunk;
        cur += countNewlines(chunk);
        if (text[q + 1] === '"') {
          buf += '"';
          pos = q + 2;
          continue;
        }
        pos = q + 1;
        break;
      }
      cells.push(buf);
      const next = text[pos];
      if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[pos + 1] === '\n')) {
        return {
          cells,
          end: pos,
          endLine: cur,
          quoteLine: openLine,
          error:
            openLine === cur
              ? `malformed CSV: the quoted field ends with a quote followed by ${JSON.stringify(text.slice(pos, pos + 10))} instead of a comma or a line end`
              : `unbalanced quote: the quoted field opened on line ${openLine} is not closed on that line (the next quote, on line ${cur}, is followed by ${JSON.stringify(text.slice(pos, pos + 10))})`,
        };
      }
    } else {
      fieldEnd.lastIndex = pos;
      const m = fieldEnd.exec(text);
      const stop = m ? m.index : n;
      if (m && m[0] === '"') {
        return { cells, end: stop, endLine: cur, error: `malformed CSV: a quote inside an unquoted field (column ${cells.length + 1}); quote the whole field and double the quote ("")` };
      }
      let value = text.slice(pos, stop);
      if (m?.[0] === '\n' && value.endsWith('\r')) value = value.slice(0, -1);
      else if (!m && value.endsWith('\r')) value = value.slice(0, -1);
      cells.push(value);
      pos = stop;
    }
    if (pos >= n) return { cells, end: n, endLine: cur };
    if (text[pos] === ',') {
      pos++;
      // a trailing comma at the end of the line or file is one more, empty field
      if (pos >= n || text[pos] === '\n' || (text[pos] === '\r' && text[pos + 1] === '\n')) {
        cells.push('');
        if (pos >= n) return { cells, end: n, endLine: cur };
      } else continue;
    }
    // a line end
    pos += text[pos] === '\r' ? 2 : 1;
    return { cells, end: pos, endLine: cur };
  }
}

/** Offset of the first character of the line after the one containing `at`. */
function nextLineStart(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * Every record of the text, empty lines skipped, in order. The first readable record is the
 * header; once its width is known, a record whose quoted field spans lines and which comes out
 * with a different number of fields is taken for what it almost always is (a quote that was
 * never closed and swallowed the next lines) and reported, so the next line is read again.
 */
export function splitCsvRecords(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let width: number | undefined;
  let pos = 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    if (text[pos] === '\n') {
      pos++;
      line++;
      continue;
    }
    if (text[pos] === '\r' && text[pos + 1] === '\n') {
      pos += 2;
      line++;
      continue;
    }
    const r = parseRecord(text, pos, line);
    let error = r.error;
    if (!error && width !== undefined && r.endLine > line && r.cells.length !== width) {
      error = `unbalanced quote: a quoted field spans lines ${line}-${r.endLine} and the record has ${r.cells.length} columns instead of ${width}`;
    }
    if (error) {
      // Resynchronise on the next line: the quote (or whatever broke) most likely belongs to this line only.
      pos = nextLineStart(text, pos);
      const resumed = pos < n ? ` and reading resumed on line ${line + 1}` : '';
      out.push({ line, endLine: line, cells: [], error: `${error}; line ${line} was skipped${resumed}` });
      line++;
      continue;
    }
    out.push({ line, endLine: r.endLine, cells: r.cells });
    width ??= r.cells.length;
    pos = r.end;
    line = r.endLine + 1;
  }
  return out;
}
