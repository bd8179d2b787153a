// OAuth 2.0: token endpoint (password, client_credentials, refresh_token grants),
// userinfo and identity URL, revoke. Token calls do not count as API calls.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Ctx, Router, readBody, sendJson } from '../http.js';
import type { OrgState } from '../options.js';

const PUBLIC = { auth: false, apiCall: false };
const AUTHED = { auth: true, apiCall: false };

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerOauth(router: Router, org: OrgState) {
  const idUrl = () => `${org.url}/id/${org.orgId}/${org.userId}`;

  const tokenResponse = (withRefresh: boolean) => {
    const access = org.tokens.issue();
    const issuedAt = String(Date.now());
    const body: Record<string, string> = {
      access_token: access,
      instance_url: org.url,
      id: idUrl(),
      token_type: 'Bearer',
      issued_at: issuedAt,
      signature: createHmac('sha256', org.config.clientSecret).update(idUrl() + issuedAt).digest('base64'),
      scope: 'api refresh_token',
    };
    if (withRefresh) body.refresh_token = org.tokens.issueRefresh();
    return body;
  };

  router.add(
    'POST',
    '/services/oauth2/token',
    async (ctx: Ctx) => {
      const form = new URLSearchParams((await readBody(ctx.req, 1 << 20)).toString('utf8'));
      let clientId = form.get('client_id') ?? undefined;
      let clientSecret = form.get('client_secret') ?? undefined;
      const basic = /^Basic (.+)$/i.exec(ctx.req.headers.authorization ?? '');
      if (basic) {
        const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
        clientId ??= decodeURIComponent(id ?? '');
        clientSecret ??= decodeURIComponent(secret ?? '');
      }
      const fail = (error: string, description: string) =>
        sendJson(ctx.res, 400, { error, error_description: description });
      const grant = form.get('grant_type');
      if (!grant) return fail('unsupported_grant_type', 'grant type not supported');
      if (!same(clientId, org.config.clientId)) return fail('invalid_client_id', 'client identifier invalid');

      if (grant === 'password') {
        if (clientSecret !== undefined && !same(clientSecret, org.config.clientSecret)) {
          return fail('invalid_client', 'invalid client credentials');
        }
        if (!same(form.get('username') ?? undefined, org.config.username) || !same(form.get('password') ?? undefined, org.config.password)) {
          return fail('invalid_grant', 'authentication failure');
        }
        return sendJson(ctx.res, 200, tokenResponse(true));
      }
      if (grant === 'client_credentials') {
        if (!same(clientSecret, org.config.clientSecret)) return fail('invalid_client', 'invalid client credentials');
        return sendJson(ctx.res, 200, tokenResponse(false));
      }
      if (grant === 'refresh_token') {
        if (clientSecret !== undefined && !same(clientSecret, org.config.clientSecret)) {
          return fail('invalid_client', 'invalid client credentials');
        }
        const rt = form.get('refresh_token');
        if (!rt || !org.tokens.isRefreshValid(rt)) return fail('invalid_grant', 'expired access/refresh token');
        return sendJson(ctx.res, 200, tokenResponse(false));
      }
      return fail('unsupported_grant_type', 'grant type not supported');
    },
    PUBLIC,
  );

  router.add(
    'POST',
    '/services/oauth2/revoke',
    async (ctx: Ctx) => {
      const form = new URLSearchParams((await readBody(ctx.req, 1 << 20)).toString('utf8'));
      const t = form.get('token') ?? ctx.url.searchParams.get('token');
      if (t) org.tokens.revoke(t);
      ctx.res.writeHead(200).end();
    },
    PUBLIC,
  );

  const identity = () => {
    const user = org.store.get('User', org.userId) ?? {};
    return {
      sub: idUrl(),
      user_id: org.userId,
      organization_id: org.orgId,
      preferred_username: org.config.username,
      nickname: String(user.FirstName ?? 'admin'),
      name: String(user.Name ?? org.config.username),
      email: String(user.Email ?? org.config.username),
      email_verified: true,
      given_name: user.FirstName ?? null,
      family_name: user.LastName ?? null,
      zoneinfo: 'America/Los_Angeles',
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      is_app_installed: true,
      urls: {
        enterprise: `${org.url}/services/Soap/c/{version}/${org.orgId}`,
        rest: `${org.url}/services/data/v{version}/`,
        sobjects: `${org.url}/services/data/v{version}/sobjects/`,
        query: `${org.url}/services/data/v{version}/query/`,
        profile: `${org.url}/${org.userId}`,
      },
    };
  };

  router.add('GET', '/services/oauth2/userinfo', (ctx: Ctx) => sendJson(ctx.res, 200, identity()), AUTHED);
  // The identity URL. Salesforce accepts the token as a Bearer header or an oauth_token
  // parameter (jsforce's identity() sends both) and answers errors as plain-text codes.
  router.add(
    'GET',
    '/id/:org/:user',
    (ctx: Ctx) => {
      const fail = (status: number, code: string) => {
        ctx.res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(code);
      };
      const header = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(ctx.req.headers.authorization ?? '')?.[1]?.trim();
      const token = header ?? ctx.url.searchParams.get('oauth_token') ?? undefined;
      if (!token) return fail(403, 'Missing_OAuth_Token');
      if (!org.tokens.isValid(token)) return fail(403, 'Bad_OAuth_Token');
      const sameId = (a: string, b: string) => a.slice(0, 15) === b.slice(0, 15);
      if (!sameId(ctx.params.org, org.orgId)) return fail(403, 'Wrong_Org');
      if (!sameId(ctx.params.user, org.userId)) return fail(404, 'Bad_Id');
      const body = identity();
      const user = org.store.get('User', org.userId) ?? {};
      sendJson(ctx.res, 200, {
        id: body.sub,
        asserted_user: true,
        user_id: body.user_id,
        organization_id: body.organization_id,
        username: body.preferred_username,
        nick_name: body.nickname,
        display_name: body.name,
        email: body.email,
        email_verified: true,
        first_name: body.given_name,
        last_name: body.family_name,
        timezone: body.zoneinfo,
        active: true,
        user_type: body.user_type,
        language: body.language,
        locale: body.locale,
        utcOffset: 0,
        last_modified_date: user.LastModifiedDate ?? null,
        is_app_installed: true,
        urls: body.urls,
      });
    },
    PUBLIC,
  );
}
