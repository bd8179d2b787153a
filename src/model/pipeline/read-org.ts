import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { coerceLabel, createContactAggregator, createOpportunityAggregator, type AccountInput, type FeatureSpec } from '../../features/index.js';
import { readNdjsonObjects } from '../../util/ndjson.js';

export interface OrgData {
  ids: string[];
  inputs: AccountInput[];
  /** 0/1 per account when a label field was asked for. */
  labels: Uint8Array | null;
  contacts: number;
  /** Contacts without an AccountId (reported, not fatal). */
  unassignedContacts: number;
  deletedAccounts: number;
}

/**
 * Streams an org directory (Account.ndjson, Contact.ndjson; see docs/TEAM_NOTES.md) into
 * feature inputs: contacts are folded into per-account aggregates as they stream, so only
 * the accounts are held in memory.
 */
export async function readOrgDir(dir: string, spec: FeatureSpec, opts: { label?: string } = {}): Promise<OrgData> {
  const accountsFile = join(dir, 'Account.ndjson');
  const contactsFile = join(dir, 'Contact.ndjson');
  if (!existsSync(accountsFile)) throw new Error(`${dir}: no Account.ndjson (expected an org directory, see docs/TEAM_NOTES.md)`);
  const agg = createContactAggregator(spec);
  let contacts = 0;
  if (existsSync(contactsFile)) {
    for await (const [, c] of readNdjsonObjects(contactsFile)) {
      if (c.IsDeleted === true) continue;
      agg.add(c);
      contacts++;
    }
  }
  const oppsFile = join(dir, 'Opportunity.ndjson');
  const opps = spec.opportunities ? createOpportunityAggregator(spec) : null;
  if (opps) {
    if (!existsSync(oppsFile)) throw new Error(`${dir}: no Opportunity.ndjson, and the feature spec has Opportunity roll-ups`);
    for await (const [, o] of readNdjsonObjects(oppsFile)) if (o.IsDeleted !== true) opps.add(o);
  }
  const ids: string[] = [];
  const inputs: AccountInput[] = [];
  const labels: number[] = [];
  const seen = new Set<string>();
  let deletedAccounts = 0;
  for await (const [line, a] of readNdjsonObjects(accountsFile)) {
    const id = a.Id;
    if (typeof id !== 'string' || id.length === 0) throw new Error(`${accountsFile}:${line}: Account has no Id`);
    if (seen.has(id)) throw new Error(`${accountsFile}:${line}: duplicate Account Id ${id}`);
    seen.add(id);
    if (a.IsDeleted === true) {
      deletedAccounts++;
      continue;
    }
    if (opts.label) {
      labels.push(coerceLabel(a[opts.label], `${accountsFile}:${line}: Account ${id} field ${opts.label}`));
    }
    ids.push(id);
    inputs.push({ account: a, contacts: agg.get(id), ...(opps ? { opportunities: opps.get(id) } : {}) });
  }
  return { ids, inputs, labels: opts.label ? Uint8Array.from(labels) : null, contacts, unassignedContacts: agg.unassigned, deletedAccounts };
}
