import type { Connection } from 'jsforce';
import { z } from 'zod';

const UserInfo = z.object({ organization_id: z.string().regex(/^00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/, 'not an organization Id') }).passthrough();

/**
 * The org's Id from the OpenID Connect userinfo endpoint: what the CLI's org auth records too,
 * so the CLI and the worker key their state (and lock) the same way for one org.
 */
export async function orgIdOf(conn: Connection): Promise<string> {
  const body = await conn.request<unknown>({ method: 'GET', url: '/services/oauth2/userinfo' });
  const r = UserInfo.safeParse(body);
  if (!r.success) throw new Error(`The org's userinfo answer has no usable organization_id (${r.error.issues[0]?.message}); cannot tell which org this is`);
  return r.data.organization_id;
}
