import { Connection } from 'jsforce';
import type { Schema } from 'jsforce';
import type { SessionRefreshFunc } from 'jsforce/lib/session-refresh-delegate.js';
import { z } from 'zod';
import { instrumentConnection, type ApiCallCounter } from './api-calls.js';
import { describeNetworkError, redactUrlUserinfo } from './net-errors.js';

export { describeNetworkError, redactUrlUserinfo };
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';

export const API_VERSION = '62.0';

/**
 * An https/http URL without user info: a "user:password@" part would travel in logs, reports
 * and errors wherever the URL is printed, so it is refused (without repeating it).
 */
const url = z
  .string()
  .url()
  .refine((u) => {
    try {
      const p = new URL(u);
      return p.username === '' && p.password === '';
    } catch {
      return true; // .url() reports it
    }
  }, 'must not contain a user name or password ("user:password@host"); give credentials in their own settings and the URL as https://host');
/** How the worker reaches an org. Secrets stay in this object: never print it. */
export const ConnectionConfig = z.union([
  z.object({ instanceUrl: url, accessToken: z.string().min(1) }).strict(),
  z
    .object({
      loginUrl: url,
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      grant: z.literal('client_credentials'),
    })
    .strict(),
  z
    .object({
      loginUrl: url,
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      username: z.string().min(1),
      password: z.string().min(1),
    })
    .strict(),
  z
    .object({
      loginUrl: url,
      instanceUrl: url.optional(),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1).optional(),
      refreshToken: z.string().min(1),
    })
    .strict(),
]);
export type ConnectionConfig = z.infer<typeof ConnectionConfig>;

export interface Connected {
  conn: Connection;
  /** every API request made through `conn`, counted (see api-calls.ts) */
  calls: ApiCallCounter;
}

/** Names of config keys whose values must never appear in output. */
const SECRET_KEYS = ['accessToken', 'clientSecret', 'password', 'refreshToken'] as const;

/** Replaces every occurrence of the config's secrets (bearer tokens, user info in URLs) in a message. */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text.replace(/(Bearer\s+)[A-Za-z0-9!._\-+/=]+/g, '$1[REDACTED]');
  out = redactUrlUserinfo(out);
  out = out.replace(/((?:access_token|refresh_token|client_secret|password)["'=:\s]+)[^\s"'&,}]+/gi, '$1[REDACTED]');
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[REDACTED]');
  return out;
}

/** Rethrows `err` with secrets removed from its message and stack. */
export function redactError(err: unknown, secrets: Iterable<string | undefined>): Error {
  const list = [...secrets];
  const e = err instanceof Error ? err : new Error(String(err));
  const clean = new Error(redact(e.message, list));
  clean.name = e.name;
  clean.stack = e.stack ? redact(e.stack, list) : undefined;
  const code = (e as { errorCode?: unknown }).errorCode;
  if (code !== undefined) (clean as Error & { errorCode?: unknown }).errorCode = code;
  return clean;
}

function secretsOf(config: ConnectionConfig): string[] {
  const rec = config as Record<string, unknown>;
  return SECRET_KEYS.map((k) => rec[k]).filter((v): v is string => typeof v === 'string');
}

// jsforce calls this with a callback and ignores its return value
const reauthorizeClientCredentials: SessionRefreshFunc<Schema> = (c, callback) => {
  c.authorize({ grant_type: 'client_credentials' }).then(
    () => {
      callback(null, c.accessToken ?? undefined);
    },
    (err: unknown) => {
      callback(err as Error);
    },
  );
};

/**
 * Opens a jsforce Connection: an existing session (instance URL + access token), or an
 * OAuth flow (client credentials, username-password, refresh token). The connection is
 * instrumented so every API request is counted and transient failures are retried.
 * Errors are rethrown with secrets redacted.
 */
export async function connect(input: unknown, retry: RetryPolicy = DEFAULT_RETRY): Promise<Connected> {
  const parsed = ConnectionConfig.safeParse(input);
  if (!parsed.success) {
    // zod issues name paths, never values, so nothing secret leaks here.
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new Error(`Invalid connection config: ${[...new Set(issues)].join('; ')}`);
  }
  const config = parsed.data;
  const secrets = secretsOf(config);
  try {
    let conn: Connection;
    if ('accessToken' in config) {
      conn = new Connection({ instanceUrl: config.instanceUrl, accessToken: config.accessToken, version: API_VERSION });
    } else {
      const oauth2 = { loginUrl: config.loginUrl, clientId: config.clientId, clientSecret: config.clientSecret };
      // jsforce renews refresh-token and password sessions itself; a client-credentials session
      // needs its own renewal, or an expiry fails with "No refresh token found in the connection".
      const refreshFn = 'grant' in config ? reauthorizeClientCredentials : undefined;
      conn = new Connection({ loginUrl: config.loginUrl, oauth2, version: API_VERSION, ...(refreshFn ? { refreshFn } : {}) });
      if ('grant' in config) {
        await conn.authorize({ grant_type: 'client_credentials' });
      } else if ('username' in config) {
        await conn.login(config.username, config.password);
      } else {
        const res = await conn.oauth2.refreshToken(config.refreshToken);
        secrets.push(res.access_token);
        conn = new Connection({
          instanceUrl: res.instance_url ?? config.instanceUrl,
          accessToken: res.access_token,
          refreshToken: config.refreshToken,
          oauth2,
          version: API_VERSION,
        });
      }
    }
    const calls = instrumentConnection(conn, retry);
    return { conn, calls };
  } catch (err) {
    const target = 'accessToken' in config ? config.instanceUrl : config.loginUrl;
    throw redactError(describeNetworkError(err, target) ?? err, secrets);
  }
}
