// Field value validation and conversion, with Salesforce's status codes and messages.
// Stored forms: strings as strings, numbers as numbers, booleans as booleans,
// dates and datetimes as epoch milliseconds (UTC); null for no value.
import { FieldDef, storageKind } from './schema.js';

export type Stored = string | number | boolean | null;

/** A record as JSON: API field names to values. */
export type PlainRecord = Record<string, unknown>;

/** A per-record, per-field failure as Salesforce reports it in DML results. */
export class FieldError extends Error {
  constructor(
    readonly statusCode: string,
    message: string,
    readonly fields: string[],
  ) {
    super(message);
    this.name = statusCode;
  }
  toJSON() {
    return { statusCode: this.statusCode, message: this.message, fields: this.fields };
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseDate(s: string): number | undefined {
  const m = DATE_RE.exec(s);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  const d = new Date(t);
  if (d.getUTCDate() !== +m[3] || d.getUTCMonth() !== +m[2] - 1) return undefined;
  return t;
}

export function parseDateTime(s: string): number | undefined {
  if (!DATETIME_RE.test(s)) return undefined;
  // Salesforce writes offsets as +0000; Date.parse wants +00:00.
  const norm = s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = Date.parse(norm.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(norm) ? norm : norm + 'Z');
  return Number.isNaN(t) ? undefined : t;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Salesforce's REST datetime format: 2024-05-01T12:00:00.000+0000 */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Stored value -> JSON value as the REST API returns it. */
export function toJson(fd: FieldDef, v: Stored): unknown {
  if (v === null) return null;
  const kind = storageKind(fd.type);
  if (kind === 'date') return formatDate(v as number);
  if (kind === 'datetime') return formatDateTime(v as number);
  return v;
}

function shorten(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '...' : s;
}

/**
 * Validates and converts one incoming value. `fromCsv` treats '' and '#N/A' as null and
 * parses numbers/booleans from text, as Bulk API ingest does.
 */
export function coerce(fd: FieldDef, raw: unknown, fromCsv = false): Stored {
  let v = raw;
  if (fromCsv && (v === '' || v === '#N/A')) v = null;
  if (v === undefined || v === null) {
    if (!fd.nillable && fd.type !== 'boolean') {
      throw new FieldError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${fd.name}]`, [fd.name]);
    }
    return fd.type === 'boolean' ? false : null;
  }
  const kind = storageKind(fd.type);
  const typeError = () =>
    new FieldError('INVALID_TYPE_ON_FIELD_IN_RECORD', `${fd.label}: value not of required type: ${shorten(String(v))}`, [fd.name]);

  if (kind === 'boolean') {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    throw typeError();
  }
  if (kind === 'number') {
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) n = Number(v);
    else throw typeError();
    if (!Number.isFinite(n)) throw typeError();
    const scale = fd.type === 'int' ? 0 : (fd.scale ?? 0);
    const precision = fd.precision ?? 18;
    if (fd.type === 'int' && !Number.isInteger(n)) throw typeError();
    const rounded = scale === 0 ? Math.round(n) : Math.round(n * 10 ** scale) / 10 ** scale;
    if (Math.abs(rounded) >= 10 ** (precision - scale)) {
      throw new FieldError(
        'NUMBER_OUTSIDE_VALID_RANGE',
        `${fd.label}: value outside of valid range on numeric field: ${n}`,
        [fd.name],
      );
    }
    return rounded;
  }
  if (kind === 'date') {
    const t = typeof v === 'string' ? (parseDate(v) ?? parseDate(v.slice(0, 10))) : undefined;
    if (t === undefined) throw typeError();
    return t;
  }
  if (kind === 'datetime') {
    const t = typeof v === 'string' ? parseDateTime(v) : typeof v === 'number' ? v : undefined;
    if (t === undefined) throw typeError();
    return t;
  }
  // text kinds
  if (typeof v === 'object') throw typeError();
  const s = String(v);
  if (fd.type === 'id' || fd.type === 'reference') {
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(s)) {
      throw new FieldError('MALFORMED_ID', `${fd.label}: id value of incorrect type: ${shorten(s)}`, [fd.name]);
    }
    return s;
  }
  if (fd.type === 'picklist' && fd.picklist) {
    const canonical = fd.picklist.find((p) => p === s);
    if (canonical !== undefined) return canonical; // shared string instance: saves memory on 1M rows
    if (fd.restricted) {
      throw new FieldError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${fd.label}: bad value for restricted picklist field: ${shorten(s)}`,
        [fd.name],
      );
    }
  }
  if (fd.length !== undefined && s.length > fd.length) {
    throw new FieldError(
      'STRING_TOO_LONG',
      `${fd.label}: data value too large: ${shorten(s)} (max length=${fd.length})`,
      [fd.name],
    );
  }
  if (fd.type === 'email' && s !== '' && !EMAIL_RE.test(s)) {
    throw new FieldError('INVALID_EMAIL_ADDRESS', `${fd.label}: invalid email address: ${shorten(s)}`, [fd.name]);
  }
  if (s === '' && fd.nillable) return null; // Salesforce stores empty text as null
  return s;
}
