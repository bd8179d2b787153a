// SOQL the local org does not evaluate. Salesforce would answer these, so silently dropping a
// clause would hand a client wrong data: each is refused with Salesforce's error shape
// (MALFORMED_QUERY, the query with a caret under the construct) and a message that says the
// local org, not the query, is the limit.
import type { Query } from '@jetstreamapp/soql-parser-js';

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'NUMBER_OUTSIDE_VALID_RANGE' | 'INVALID_QUERY_FILTER_OPERATOR',
    message: string,
  ) {
    super(message);
    this.name = errorCode;
  }
}

/** Salesforce's query error text: the query, a caret under the token, row and column. */
export function errorAt(soql: string, token: string, message: string): string {
  const idx = soql.toLowerCase().indexOf(token.toLowerCase());
  const col = idx < 0 ? 1 : idx + 1;
  return `\n${soql}\n${' '.repeat(Math.max(0, col - 1))}^\nERROR at Row:1:Column:${col}\n${message}`;
}

/** The error for a construct Salesforce supports and the local org does not. */
export function unsupported(soql: string, token: string, what: string): SoqlError {
  return new SoqlError('MALFORMED_QUERY', errorAt(soql, token, `${what} is not supported by the local org (Salesforce supports it; the local org refuses it rather than ignore it)`));
}

// Clauses runSoql evaluates; any other key the parser produces is a clause it would otherwise drop.
const EVALUATED = new Set(['fields', 'sObject', 'where', 'groupBy', 'having', 'orderBy', 'limit', 'offset', 'usingScope']);

const CLAUSE_TEXT: Record<string, { token: string; what: string }> = {
  withSecurityEnforced: { token: 'WITH', what: 'WITH SECURITY_ENFORCED' },
  withAccessLevel: { token: 'WITH', what: 'WITH USER_MODE / SYSTEM_MODE' },
  withDataCategory: { token: 'WITH', what: 'WITH DATA CATEGORY' },
  for: { token: 'FOR', what: 'FOR VIEW / FOR REFERENCE / FOR UPDATE' },
  update: { token: 'UPDATE', what: 'UPDATE TRACKING / UPDATE VIEWSTAT' },
  sObjectAlias: { token: 'FROM', what: 'An alias for the FROM object' },
  sObjectPrefix: { token: 'FROM', what: 'A FROM clause with several objects' },
};

/** Throws for any clause or select item the local org would not apply. */
export function refuseUnsupported(q: Query, soql: string): void {
  for (const [key, value] of Object.entries(q)) {
    if (EVALUATED.has(key) || value === undefined || value === false) continue;
    const c = CLAUSE_TEXT[key] ?? { token: key, what: `The ${key} clause` };
    throw unsupported(soql, c.token, c.what);
  }
  for (const f of q.fields ?? []) {
    if (f.type === 'FieldTypeof') throw unsupported(soql, 'TYPEOF', 'TYPEOF');
  }
  for (const g of q.groupBy ? (Array.isArray(q.groupBy) ? q.groupBy : [q.groupBy]) : []) {
    const name = ('fn' in g ? g.fn?.functionName : undefined)?.toUpperCase();
    if (name === 'ROLLUP' || name === 'CUBE') throw unsupported(soql, name, `GROUP BY ${name}`);
  }
}
