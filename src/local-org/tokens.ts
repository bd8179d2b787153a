// Access and refresh tokens. Tokens look like Salesforce's (<orgId>!<opaque>) and are
// random: they are secrets, never logged.
import { randomBytes } from 'node:crypto';

export class TokenStore {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Set<string>();

  constructor(
    private readonly orgId: string,
    private readonly ttlMs: number,
    private readonly fixed?: string,
  ) {}

  issue(): string {
    const t = `${this.orgId.slice(0, 15)}!${randomBytes(42).toString('base64url')}`;
    this.access.set(t, Date.now() + this.ttlMs);
    return t;
  }

  issueRefresh(): string {
    const t = `5Aep${randomBytes(40).toString('base64url')}`;
    this.refresh.add(t);
    return t;
  }

  isValid(token: string): boolean {
    if (this.fixed !== undefined && token === this.fixed) return true;
    const exp = this.access.get(token);
    if (exp === undefined) return false;
    if (exp <= Date.now()) {
      this.access.delete(token);
      return false;
    }
    return true;
  }

  isRefreshValid(token: string): boolean {
    return this.refresh.has(token);
  }

  /** Expires every issued access token (the fixed one stays valid); refresh tokens survive. */
  expireAll() {
    this.access.clear();
  }

  revoke(token: string) {
    this.access.delete(token);
    this.refresh.delete(token);
  }
}
