// A tiny router over node:http plus the response helpers every API area shares.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** named groups of the route's pattern */
  params: Record<string, string>;
  /** API version from the path (e.g. '62.0'), when the route has one */
  version: string;
  /**
   * Counts this request as an API call (faults, daily limit), for routes that authenticate
   * inside the body (SOAP SessionHeader) and so can't let the server do it up front.
   * Returns the refusal to answer with, or undefined when the call may proceed.
   */
  chargeApiCall(): Promise<ApiCallRefusal | undefined>;
}

/** Why the server refused an API call before its handler ran. */
export interface ApiCallRefusal {
  status: number;
  errorCode: string;
  message: string;
}

export type Handler = (ctx: Ctx) => unknown;

export interface RouteOptions {
  /** needs a valid Bearer token */
  auth: boolean;
  /** counts against DailyApiRequests and is subject to fault injection */
  apiCall: boolean;
}

export interface Route extends RouteOptions {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export class Router {
  readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler, opts: RouteOptions = { auth: true, apiCall: true }) {
    // ':name' matches one segment; 'v:version' matches v62.0 etc.
    const src = path
      .replace(/[.]/g, '\\.')
      .replace(/v:version/g, 'v(?<version>\\d+\\.\\d)')
      .replace(/:(\w+)/g, '(?<$1>[^/]+)');
    this.routes.push({ method, pattern: new RegExp(`^${src}/?$`), handler, ...opts });
  }

  /** The route for a request, or 'method' when only the method is wrong. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
    let pathOnly = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      if (r.method !== method) {
        pathOnly = true;
        continue;
      }
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
      return { route: r, params };
    }
    return pathOnly ? 'method' : undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(text);
}

/** Salesforce's REST error body: [{"message", "errorCode", "fields"?}] */
export function sendError(res: ServerResponse, status: number, errorCode: string, message: string, fields?: string[]) {
  const err: Record<string, unknown> = { message, errorCode };
  if (fields) err.fields = fields;
  sendJson(res, status, [err]);
}

/** An error a handler throws to answer with Salesforce's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > maxBytes) {
      req.resume();
      throw new ApiError(413, 'REQUEST_ENTITY_TOO_LARGE', `Request body exceeds the ${maxBytes}-byte limit`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const buf = await readBody(req, 50 * 1024 * 1024);
  if (buf.length === 0) return undefined;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', `Unexpected character in request body: ${(e as Error).message}`);
  }
}
