// Error text that is safe to print and says where a request went.

/** "scheme://user:pass@host" anywhere in the text becomes "scheme://[REDACTED]@host". */
export function redactUrlUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, '$1[REDACTED]@');
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

/**
 * fetch reports a network failure as "TypeError: fetch failed" with the reason in `cause`.
 * Returns an error naming the host and the reason ("Could not reach https://host:443:
 * connection refused (ECONNREFUSED)"), or undefined when `err` is not such a failure.
 */
export function describeNetworkError(err: unknown, target: string): Error | undefined {
  let code: string | undefined;
  let e: unknown = err;
  for (let depth = 0; e && depth < 4 && !code; depth++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string' && /^[A-Z_]+$/.test(c)) code = c;
    e = (e as { cause?: unknown }).cause;
  }
  const message = (err as { message?: unknown })?.message;
  if (!code && message !== 'fetch failed') return undefined;
  let where = target;
  try {
    const u = new URL(target);
    where = `${u.protocol}//${u.host}`;
  } catch {
    where = redactUrlUserinfo(target);
  }
  const reason = code ? `${NETWORK_REASONS[code] ?? 'network error'} (${code})` : 'network error';
  const out = new Error(`Could not reach ${where}: ${reason}`, { cause: err });
  (out as Error & { code?: string }).code = code;
  return out;
}
