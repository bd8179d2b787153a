import { PassThrough } from 'node:stream';
import type { Connection } from 'jsforce';
import { describeNetworkError } from './net-errors.js';
import { Backoff, DEFAULT_RETRY, isTransientNetworkError, isTransientResponse, sleep, type RetryPolicy } from './retry.js';

/** What the transport hands back to jsforce's HttpApi. */
interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
interface HttpRequest {
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}
type HttpRequestFn = (req: HttpRequest, options?: Record<string, unknown>) => Promise<HttpResponse>;

/** Live view of the API requests one connection has made (every HTTP attempt counts). */
export interface ApiCallCounter {
  /** requests sent to the org, including retries */
  readonly count: number;
  /** requests retried after a transient failure */
  readonly retries: number;
  /** optional hook, called before every request (tests inject crashes here) */
  onRequest?: (req: { method: string; url: string }) => void;
}

const INSTRUMENTED = Symbol.for('account-score.api-counter');

/**
 * Routes every request of `conn` (REST, Bulk 2.0, describe, limits) through one wrapper
 * that counts it and retries transient failures (5xx, 429, connection resets, timeouts)
 * with exponential backoff and jitter. jsforce's own fetch-level retry is switched off
 * so that each attempt is seen, counted and paced by our policy. OAuth token requests go
 * through jsforce's separate OAuth2 transport; Salesforce does not count them either.
 */
export function instrumentConnection(conn: Connection, policy: RetryPolicy = DEFAULT_RETRY): ApiCallCounter {
  const holder = conn as unknown as { _transport: { httpRequest: HttpRequestFn }; [INSTRUMENTED]?: ApiCallCounter };
  const existing = holder[INSTRUMENTED];
  if (existing) return existing;
  const transport = holder._transport;
  const original = transport.httpRequest.bind(transport);
  const backoff = new Backoff(policy);
  const state = { count: 0, retries: 0, onRequest: undefined as ApiCallCounter['onRequest'] };

  const send = async (req: HttpRequest, options: Record<string, unknown> = {}): Promise<HttpResponse> => {
    // A stream body cannot be replayed: send once, no retry.
    const replayable = req.body === undefined || typeof req.body === 'string' || Buffer.isBuffer(req.body);
    for (let attempt = 1; ; attempt++) {
      state.onRequest?.({ method: req.method, url: req.url });
      state.count++;
      try {
        const res = await original(req, { ...options, retry: { maxRetries: 0 } });
        if (!replayable || attempt >= backoff.maxAttempts || !isTransientResponse(res)) return res;
      } catch (err) {
        // "fetch failed" alone does not say which host refused or why
        if (!replayable || attempt >= backoff.maxAttempts || !isTransientNetworkError(err)) throw describeNetworkError(err, req.url) ?? err;
      }
      state.retries++;
      await sleep(backoff.delayMs(attempt));
    }
  };

  // HttpApi calls `.stream()` on the returned promise; we never stream responses, so a
  // promise carrying an inert stream accessor is enough.
  transport.httpRequest = ((req: HttpRequest, options?: Record<string, unknown>) => {
    const p = send(req, options) as Promise<HttpResponse> & { stream?: () => unknown };
    p.stream = () => new PassThrough();
    return p;
  });

  const counter: ApiCallCounter = {
    get count() {
      return state.count;
    },
    get retries() {
      return state.retries;
    },
    get onRequest() {
      return state.onRequest;
    },
    set onRequest(fn) {
      state.onRequest = fn;
    },
  };
  holder[INSTRUMENTED] = counter;
  (holder as unknown as Record<symbol, () => void>)[NOTE_CALL] = () => {
    state.onRequest?.({ method: 'GET', url: '(direct fetch)' });
    state.count++;
  };
  return counter;
}

const NOTE_CALL = Symbol.for('account-score.api-counter.note');

/** Counts a request sent outside jsforce's transport (binary downloads) on the connection's counter. */
export function noteApiCall(conn: Connection): void {
  (conn as unknown as Record<symbol, (() => void) | undefined>)[NOTE_CALL]?.();
}
