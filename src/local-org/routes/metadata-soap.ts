// The Metadata API's SOAP endpoint (POST /services/Soap/m/{version}) for what the product
// needs: upsertMetadata and readMetadata of CustomMetadata records, which is how custom
// metadata is changed in Salesforce (REST DML refuses it). Envelopes are as jsforce's
// conn.metadata sends and parses them; authentication is the SessionHeader's sessionId.
import type { ServerResponse } from 'node:http';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ApiError, Ctx, Router, readBody } from '../http.js';
import type { OrgState } from '../options.js';
import {
  MetadataFault,
  readCustomMetadata,
  splitFullName,
  upsertCustomMetadata,
  type CustomMetadataInput,
  type CustomMetadataRecord,
  type InputValue,
  type UpsertResult,
} from '../custom-metadata.js';

const MD_NS = 'http://soap.sforce.com/2006/04/metadata';
const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  `xmlns="${MD_NS}" xmlns:sf="${MD_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">`;
const MAX_BODY = 10 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // soapenv:Body -> Body, xsi:type -> type: prefixes vary between clients, names don't.
  removeNSPrefix: true,
  // keep text as sent: '070' or '1e2' are the client's to choose, the field decides
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name: string) => name === 'metadata' || name === 'values' || name === 'fullNames',
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

export function registerMetadataSoap(router: Router, org: OrgState) {
  // The session travels in the body, so the route authenticates and charges the call itself.
  router.add('POST', '/services/Soap/m/:version', (ctx: Ctx) => handleSoap(ctx, org), { auth: false, apiCall: false });
}

async function handleSoap(ctx: Ctx, org: OrgState): Promise<void> {
  const { res } = ctx;
  const text = (await readBody(ctx.req, MAX_BODY)).toString('utf8');
  const valid = XMLValidator.validate(text);
  if (valid !== true) return sendFault(res, 500, 'soapenv:Client', `Unable to parse the request: ${valid.err.msg} (line ${valid.err.line})`);
  const body = soapBody(parser.parse(text) as unknown);
  if (!body) return sendFault(res, 500, 'soapenv:Client', 'The request is not a SOAP envelope with a Body');

  const header = isNode(body.header) ? body.header : {};
  const session = isNode(header.SessionHeader) ? header.SessionHeader.sessionId : undefined;
  if (typeof session !== 'string' || !org.tokens.isValid(session.trim())) {
    return sendFault(res, 500, 'sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session');
  }
  const refusal = await ctx.chargeApiCall();
  if (refusal) return sendFault(res, refusal.status === 503 ? 503 : 500, `sf:${refusal.errorCode}`, `${refusal.errorCode}: ${refusal.message}`);

  const [op, args] = Object.entries(body.body).find(([k]) => !k.startsWith('@_')) ?? [];
  try {
    if (op === 'upsertMetadata' && isNode(args)) return sendResponse(res, op, upsert(org, args).map(upsertResultXml).join(''));
    if (op === 'readMetadata' && isNode(args)) return sendResponse(res, op, `<result>${read(org, args)}</result>`);
  } catch (e) {
    if (e instanceof MetadataFault) return sendFault(res, 500, e.faultcode, e.message);
    throw e;
  }
  return sendFault(res, 500, 'soapenv:Client', `No operation available for request {${MD_NS}}${op ?? ''}`);
}

function soapBody(doc: unknown): { header: unknown; body: Node } | undefined {
  const env = isNode(doc) ? doc.Envelope : undefined;
  if (!isNode(env) || !isNode(env.Body)) return undefined;
  return { header: env.Header, body: env.Body };
}

/** The Metadata API works on one component type per call; this org knows CustomMetadata only. */
function requireCustomMetadata(type: unknown) {
  if (type !== 'CustomMetadata') {
    throw new MetadataFault('sf:INVALID_TYPE', `INVALID_TYPE: the local org's Metadata API handles CustomMetadata only, not ${String(type ?? '(no type)')}`);
  }
}

function upsert(org: OrgState, args: Node): UpsertResult[] {
  const items = (args.metadata as unknown[] | undefined) ?? [];
  const inputs = items.map((m): CustomMetadataInput => {
    const node = isNode(m) ? m : {};
    requireCustomMetadata(node['@_type']);
    const fullName = textOf(node.fullName);
    // the call is refused as a whole before any component is saved
    if (fullName) splitFullName(fullName);
    return {
      fullName,
      label: textOf(node.label),
      values: ((node.values as unknown[] | undefined) ?? []).map(inputValue),
    };
  });
  return inputs.map((input) => upsertCustomMetadata(org.store, input));
}

function read(org: OrgState, args: Node): string {
  requireCustomMetadata(textOf(args.type));
  const names = ((args.fullNames as unknown[] | undefined) ?? []).map((n) => textOf(n) ?? '');
  // A name with no record reads as an empty (nil) record, as Salesforce answers it.
  return names.map((n) => {
    const rec = readCustomMetadata(org.store, n);
    return rec ? recordXml(rec) : '<records xsi:nil="true"/>';
  }).join('');
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isNode(v) && typeof v['#text'] === 'string') return v['#text'];
  return undefined;
}

const NUMERIC_XSD = new Set(['xsd:double', 'xsd:int', 'xsd:long', 'xsd:decimal', 'xsd:float', 'xsd:short']);

/**
 * One CustomMetadataValue. `value` is xsd:anyType: with an xsi:type the SOAP layer checks the
 * text against it (a mismatch faults the whole call); untyped text is left for the field
 * to interpret, which is what jsforce sends.
 */
function inputValue(v: unknown): InputValue {
  const node = isNode(v) ? v : {};
  const field = textOf(node.field) ?? '';
  const raw = node.value;
  if (raw === undefined) return { field, value: undefined };
  if (isNode(raw)) {
    if (raw['@_nil'] === 'true') return { field, value: null };
    const type = typeof raw['@_type'] === 'string' ? raw['@_type'] : undefined;
    const text = textOf(raw) ?? '';
    if (type !== undefined) checkXsd(type, text);
    return { field, value: text };
  }
  return { field, value: typeof raw === 'string' ? raw : String(raw) };
}

function checkXsd(type: string, text: string) {
  const bad = () => new MetadataFault('soapenv:Client', `'${text}' is not valid for the type ${type}`);
  if (NUMERIC_XSD.has(type)) {
    if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) throw bad();
  } else if (type === 'xsd:boolean') {
    if (!/^(true|false|1|0)$/.test(text.trim())) throw bad();
  } else if (type === 'xsd:date') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) throw bad();
  } else if (type === 'xsd:dateTime') {
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) throw bad();
  } else if (type !== 'xsd:string' && type !== 'xsd:anyType') {
    throw new MetadataFault('soapenv:Client', `Unable to find type ${type} for the value of a CustomMetadataValue`);
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function upsertResultXml(r: UpsertResult): string {
  const errors = r.errors
    .map((e) => `<errors>${e.fields.map((f) => `<fields>${esc(f)}</fields>`).join('')}<message>${esc(e.message)}</message><statusCode>${e.statusCode}</statusCode></errors>`)
    .join('');
  return `<result><created>${r.created}</created>${errors}<fullName>${esc(r.fullName)}</fullName><success>${r.success}</success></result>`;
}

/** Salesforce writes doubles the Java way: 70 -> 70.0. */
const javaDouble = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

function recordXml(rec: CustomMetadataRecord): string {
  const values = rec.values
    .map(({ field, value }) => {
      const v =
        value === null
          ? '<value xsi:nil="true"/>'
          : typeof value === 'number'
            ? `<value xsi:type="xsd:double">${javaDouble(value)}</value>`
            : typeof value === 'boolean'
              ? `<value xsi:type="xsd:boolean">${value}</value>`
              : `<value xsi:type="xsd:string">${esc(value)}</value>`;
      return `<values><field>${esc(field)}</field>${v}</values>`;
    })
    .join('');
  return `<records xsi:type="CustomMetadata"><fullName>${esc(rec.fullName)}</fullName><label>${esc(rec.label)}</label><protected>${rec.protected}</protected>${values}</records>`;
}

function sendResponse(res: ServerResponse, op: string, inner: string) {
  send(res, 200, `${ENVELOPE_OPEN}<soapenv:Body><${op}Response>${inner}</${op}Response></soapenv:Body></soapenv:Envelope>`);
}

/** A SOAP fault: HTTP 500 (jsforce reads faultcode/faultstring; INVALID_SESSION_ID triggers its refresh). */
function sendFault(res: ServerResponse, status: number, faultcode: string, faultstring: string) {
  send(res, status, `${ENVELOPE_OPEN}<soapenv:Body><soapenv:Fault><faultcode>${faultcode}</faultcode><faultstring>${esc(faultstring)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`);
}

function send(res: ServerResponse, status: number, xml: string) {
  if (res.headersSent) throw new ApiError(500, 'UNKNOWN_EXCEPTION', 'response already started');
  res.writeHead(status, { 'Content-Type': 'text/xml;charset=UTF-8' });
  res.end(xml);
}
