import { mulberry32 } from '../util/prng.js';

/**
 * Retry policy for transient Salesforce failures: exponential backoff with full jitter,
 * bounded attempts. The jitter comes from a seedable PRNG so tests are deterministic.
 */
export interface RetryPolicy {
  /** total attempts including the first one */
  maxAttempts: number;
  /** delay before the first retry, in ms; doubles each retry */
  baseDelayMs: number;
  /** ceiling for a single delay, in ms */
  maxDelayMs: number;
  /** seed for the jitter; omit for Math.random */
  seed?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

export class Backoff {
  private readonly random: () => number;
  constructor(private readonly policy: RetryPolicy) {
    this.random = policy.seed === undefined ? Math.random : mulberry32(policy.seed);
  }
  get maxAttempts(): number {
    return this.policy.maxAttempts;
  }
  /** Delay before retry number `retry` (1-based): half fixed, half jitter, so retries spread out. */
  delayMs(retry: number): number {
    const cap = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (retry - 1));
    return Math.round(cap / 2 + (cap / 2) * this.random());
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** HTTP statuses worth retrying: rate limiting and server-side unavailability. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

const SOAP_FAULT_CODE = /<faultcode>(?:[\w-]+:)?([A-Z_]+)<\/faultcode>/;

/**
 * A response worth retrying. SOAP APIs (Metadata API) answer every fault with HTTP 500, so a
 * 500 carrying a SOAP fault is retried only when its code is one Salesforce calls transient;
 * an INVALID_SESSION_ID or a validation fault would fail the same way every time.
 */
export function isTransientResponse(res: { statusCode: number; body: string }): boolean {
  if (!isTransientStatus(res.statusCode)) return false;
  const fault = typeof res.body === 'string' ? SOAP_FAULT_CODE.exec(res.body) : null;
  return fault === null || TRANSIENT_RECORD_ERRORS.has(fault[1]);
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Network-level failure (connection reset, timeout...) as thrown by undici/fetch. */
export function isTransientNetworkError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    if ((e as { name?: unknown }).name === 'TimeoutError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Per-record error codes Salesforce documents as safe to retry. */
export const TRANSIENT_RECORD_ERRORS = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'REQUEST_RUNNING_TOO_LONG']);
