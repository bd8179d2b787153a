import type { Connection } from 'jsforce';
import { coerceLabel, createContactAggregator, requiredAccountFields, requiredContactFields, type AccountInput, type FeatureSpec } from '../features/index.js';
import { preflight } from '../salesforce/preflight.js';
import { DEFAULT_READ, openQuery } from '../salesforce/query.js';
import { describeLabel, parseLabelDefinition, type LabelDefinition } from './label-definition.js';
import { readOpportunityOutcomes, type OpportunityOutcomes } from './read-opportunity-outcomes.js';
import { readOpportunityRollups } from './read-opportunity-rollups.js';

/** Which accounts converted: a checkbox (checked) or a date field (set; optionally within N days of CreatedDate). */
export interface OrgLabelDefinition {
  field: string;
  /** date fields only: converted = the date is at most this many days after the Account's CreatedDate */
  withinDays?: number;
}

export interface OrgTrainingSet {
  ids: string[];
  inputs: AccountInput[];
  labels: Uint8Array;
  labelType: 'checkbox' | 'date' | 'opportunity';
  contacts: number;
  /** the label in words, with the stage as the org names it (e.g. "needs analysis" -> "Needs Analysis") */
  labelDescription: string;
  /** Opportunities read (Opportunity-based labels only) */
  opportunities: number;
  /** accounts left out because their outcome is not known yet (created less than withinDays ago, not converted) */
  tooRecent: number;
}

const DAY = 86_400_000;

/**
 * Reads a training set from an org through the same reader as the sync: contacts aggregated
 * per account as they stream (REST or Bulk 2.0 by size), then accounts with the fields the
 * feature spec reads and the label. A field label must be a checkbox or a date; Opportunity
 * labels read all Opportunities once (see label-definition.ts for what each kind means).
 */
export async function readTrainingSetFromOrg(
  conn: Connection,
  spec: FeatureSpec,
  labelInput: LabelDefinition | OrgLabelDefinition,
  opts: { progress?: (m: string) => void; now?: Date } = {},
): Promise<OrgTrainingSet> {
  const say = opts.progress ?? (() => {});
  const now = (opts.now ?? new Date()).getTime();
  const label = parseLabelDefinition('kind' in labelInput ? labelInput : { kind: 'field', ...labelInput });
  const withinDays = label.kind === 'opportunity-stage' ? undefined : label.withinDays;
  const labelFields = label.kind === 'field' ? [label.field] : [];
  const accountFields = [...new Set(['Id', ...requiredAccountFields(spec), ...labelFields, ...(withinDays !== undefined ? ['CreatedDate'] : [])])];
  const contactFields = spec.contacts ? [...new Set(requiredContactFields(spec).filter((f) => f !== 'Id'))] : [];
  const pf = await preflight(conn, { accountFields, contactFields, writeFields: [] });
  let labelType: OrgTrainingSet['labelType'] = 'opportunity';
  if (label.kind === 'field') {
    const type = pf.accountTypes.get(label.field.toLowerCase());
    const fieldType = type === 'boolean' ? 'checkbox' : type === 'date' || type === 'datetime' ? 'date' : null;
    if (!fieldType) throw new Error(`Account.${label.field} is a ${type} field; the label must be a checkbox or a date field`);
    if (label.withinDays !== undefined && fieldType !== 'date') throw new Error(`"within N days" needs a date field; Account.${label.field} is a checkbox`);
    labelType = fieldType;
  }
  if (label.kind !== 'field' && spec.opportunities)
    throw new Error(
      'This feature spec has Opportunity roll-ups and the label is defined from Opportunities: the roll-ups would restate the label. Remove the "opportunities" section from the spec, or use a field label.',
    );
  let outcomes: OpportunityOutcomes | undefined;
  if (label.kind !== 'field') outcomes = await readOpportunityOutcomes(conn, label, { progress: say });

  const agg = createContactAggregator(spec);
  let contacts = 0;
  const accountsQuery = await openQuery(conn, { object: 'Account', fields: accountFields }, pf.accountTypes, DEFAULT_READ);
  if (contactFields.length) {
    const cq = await openQuery(conn, { object: 'Contact', fields: contactFields, where: 'AccountId != null' }, pf.contactTypes, DEFAULT_READ, accountsQuery.mode);
    for await (const page of cq.pages) {
      for (const c of page) agg.add(c);
      contacts += page.length;
      say(`read ${contacts} contacts`);
    }
  }
  const opps = await readOpportunityRollups(conn, spec, { read: DEFAULT_READ, mode: accountsQuery.mode, say });
  const ids: string[] = [];
  const inputs: AccountInput[] = [];
  const labels: number[] = [];
  let tooRecent = 0;
  for await (const page of accountsQuery.pages) {
    for (const a of page) {
      const id = String(a.Id);
      let y: number;
      if (outcomes?.kind === 'stage') y = outcomes.reached.has(id) ? 1 : 0;
      else if (outcomes?.kind === 'created') {
        const first = outcomes.firstCreated.get(id);
        const created = Date.parse(String(a.CreatedDate));
        if (first !== undefined && Number.isNaN(created)) throw new Error(`Account ${id}: CreatedDate "${String(a.CreatedDate)}" is not a date`);
        y = first !== undefined && first - created <= withinDays! * DAY ? 1 : 0;
      } else if (label.kind === 'field') {
        const v = a[label.field];
        const set = coerceLabel(v, `Account ${id} ${label.field}`);
        if (labelType === 'checkbox' || set === 0 || label.withinDays === undefined) y = set;
        else {
          const converted = Date.parse(String(v));
          const created = Date.parse(String(a.CreatedDate));
          if (Number.isNaN(converted) || Number.isNaN(created)) throw new Error(`Account ${id}: ${label.field} "${String(v)}" or CreatedDate "${String(a.CreatedDate)}" is not a date`);
          y = converted - created <= label.withinDays * DAY ? 1 : 0;
        }
      } else throw new Error('unreachable: Opportunity outcomes were not read');
      if (y === 0 && withinDays !== undefined && now - Date.parse(String(a.CreatedDate)) < withinDays * DAY) {
        tooRecent++;
        continue;
      }
      ids.push(id);
      inputs.push({ account: a, contacts: agg.get(id), opportunities: opps?.aggregator.get(id) });
      labels.push(y);
    }
    say(`read ${ids.length + tooRecent} accounts`);
  }
  const labelDescription = describeLabel(outcomes?.kind === 'stage' ? { kind: 'opportunity-stage', stage: outcomes.stage.apiName } : label);
  return { ids, inputs, labels: Uint8Array.from(labels), labelType, labelDescription, contacts, opportunities: outcomes?.opportunities ?? 0, tooRecent };
}
