import { describe, it, expect } from '@jest/globals';
import { createServer } from 'node:net';
import { connect, redact } from '../../src/salesforce/connection.js';
import { parseWorkerConfig } from '../../src/worker.js';

/** A port on 127.0.0.1 that nothing listens on (bound, read, released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('credentials in the instance URL', () => {
  it.each([
    ['instanceUrl', { instanceUrl: 'https://admin:Hunter2-secret@acme.my.salesforce.com', accessToken: '00Dxx0000000001!AQ0' }],
    ['loginUrl', { loginUrl: 'https://admin:Hunter2-secret@login.salesforce.com', clientId: 'id', clientSecret: 'x-secret', grant: 'client_credentials' }],
  ])('a %s with user:password@ is refused before any request, without repeating it', async (_key, config) => {
    const err = (await connect(config).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/must not contain a user name or password/);
    expect(err.message).not.toMatch(/Hunter2|admin:/);
    let workerError = '';
    try {
      parseWorkerConfig({ connection: config });
    } catch (e) {
      workerError = (e as Error).message;
    }
    expect(workerError).toMatch(/Invalid worker configuration/);
    expect(workerError).not.toMatch(/Hunter2|admin:/);
  });

  it('redact() removes user info from any URL in a message, and bearer tokens', () => {
    const text = 'GET https://admin:Hunter2@acme.my.salesforce.com/services/data failed; see http://u@host:8080/x; Authorization: Bearer 00Dabc!xyz';
    const out = redact(text);
    expect(out).toBe('GET https://[REDACTED]@acme.my.salesforce.com/services/data failed; see http://[REDACTED]@host:8080/x; Authorization: Bearer [REDACTED]');
  });
});

describe('a refused connection', () => {
  it('names the host that refused, for an OAuth login', async () => {
    const port = await closedPort();
    const err = (await connect({ loginUrl: `http://127.0.0.1:${port}`, clientId: 'id', clientSecret: 'sekrit-1', grant: 'client_credentials' }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(`Could not reach http://127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
  });

  it('names the host that refused, for an API call on a token session', async () => {
    const port = await closedPort();
    const { conn } = await connect({ instanceUrl: `http://127.0.0.1:${port}`, accessToken: '00D000000000001!tok' }, { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 });
    const err = (await conn.request('/services/data/v62.0/limits').catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(`Could not reach http://127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
    expect(err.message).not.toContain('00D000000000001!tok');
  });
});
