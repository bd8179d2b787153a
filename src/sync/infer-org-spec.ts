// Spec inference from an org: the Account describe (types, labels, formulas) and a sample of
// records decide each field's encoding; Contacts and Opportunities add roll-ups when they are readable
// (Opportunities not when the label is defined from them).
import type { Connection } from 'jsforce';
import { defaultFeatureSpec, defaultOpportunitiesSpec, FeatureSpecSchema, type ExcludedField, type FeatureSpec } from '../features/index.js';
import { inferFeatureSpec, isDemoShaped, LEAK_AUC, rankAuc, readLabel, type FieldCandidate } from '../features/infer/index.js';
import { describeFields, sampleRecords, type DescribedField } from '../salesforce/describe-sample.js';
import { DEFAULT_READ } from '../salesforce/query.js';
import { SCORE_FIELD_NAMES } from '../salesforce/score-fields.js';
import { readOpportunityRollups } from './read-opportunity-rollups.js';

/** Standard system and audit fields: who/when edited a record says nothing about the account. */
const SYSTEM_FIELDS = new Set(
  [
    'CreatedById', 'CreatedDate', 'LastModifiedById', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted', 'MasterRecordId',
    'LastActivityDate', 'LastViewedDate', 'LastReferencedDate', 'PhotoUrl', 'Jigsaw', 'JigsawCompanyId', 'CleanStatus',
    'ConnectionReceivedId', 'ConnectionSentId', 'IsPartner', 'IsCustomerPortal', 'ChannelProgramName', 'ChannelProgramLevelName',
  ].map((f) => f.toLowerCase()),
);
const SCORE_FIELDS = new Set(SCORE_FIELD_NAMES.map((f) => f.toLowerCase()));

export const DEFAULT_SAMPLE_SIZE = 5000;

export interface InferOrgOptions {
  /** Account checkbox or date field holding the outcome: never a feature, and the leakage checks use it */
  labelField?: string;
  exclude?: readonly string[];
  /** the label is defined from Opportunities (stage reached, one created): Opportunity roll-ups would restate it */
  labelFromOpportunities?: boolean;
  sampleSize?: number;
  progress?: (m: string) => void;
}

export interface OrgSpecChoice {
  spec: FeatureSpec;
  /** "default" (the org is shaped like the demo org) or "inferred" */
  source: 'default' | 'inferred';
  excluded: ExcludedField[];
  /** sample rows read (0 for the default spec) */
  sampled: number;
  /** converted accounts in the sample (null without a label): the leakage checks need a few of each outcome */
  sampledPositives: number | null;
}

/** Why a described field can never be a feature, or undefined. */
function fixedExclusion(f: DescribedField, labelField: string | undefined, exclude: Set<string>): string | undefined {
  const name = f.name.toLowerCase();
  if (labelField && name === labelField.toLowerCase()) return 'the label';
  if (exclude.has(name)) return 'excluded with --exclude';
  if (f.type === 'id') return 'record Id';
  if (f.nameField) return "the record's name (an identifier, not a trait)";
  if (SCORE_FIELDS.has(name)) return 'written by Account Score (a score must not learn from its own output)';
  if (SYSTEM_FIELDS.has(name)) return 'system or audit field';
  if (f.calculated && labelField && f.calculatedFormula && new RegExp(`\\b${labelField}\\b`, 'i').test(f.calculatedFormula))
    return `formula field that reads the label (${f.calculatedFormula.slice(0, 80)})`;
  return undefined;
}

/** Proposes a spec from the org's Account describe and a sample of its accounts. */
export async function inferSpecFromOrg(conn: Connection, o: InferOrgOptions = {}): Promise<OrgSpecChoice> {
  const say = o.progress ?? (() => {});
  say('describing Account, Contact and Opportunity');
  const [account, contact, opportunity] = await describeAll(conn);
  return inferFromDescribe(conn, account, contact, opportunity, o);
}

// Contact and Opportunity are optional: a user who cannot read them gets a spec without their roll-ups.
function describeAll(conn: Connection): Promise<[DescribedField[], DescribedField[], DescribedField[]]> {
  const optional = (object: string) => describeFields(conn, object).catch(() => [] as DescribedField[]);
  return Promise.all([describeFields(conn, 'Account'), optional('Contact'), optional('Opportunity')]);
}

/** true to add the Opportunity roll-ups, or why they are left out. */
function opportunityChoice(opportunity: DescribedField[], o: InferOrgOptions): true | string {
  const names = new Set(opportunity.map((f) => f.name));
  if (!['AccountId', 'IsWon', 'IsClosed'].every((f) => names.has(f))) return 'Opportunity (AccountId, IsWon, IsClosed) is not readable by this user';
  if (o.labelFromOpportunities) return 'the label is defined from Opportunities: counts of won or open Opportunities would restate it (leakage)';
  return true;
}

/**
 * The leakage check the sampled fields get, for the roll-ups: with a field label, Opportunities
 * opened because of the outcome (an SQL becomes an Opportunity) would restate it. One paged
 * query over all Opportunities; a reason when one count alone separates the label almost perfectly.
 */
/** Roll-ups are a leakage suspect when at least `converted` of positives and at most `others` of negatives have an Opportunity. */
const ROLLUP_PRESENCE = { converted: 0.5, others: 0.1 } as const;
const pct = (x: number) => `${Math.round(x * 100)}%`;

async function rollupLeak(conn: Connection, rows: readonly Record<string, unknown>[], labels: Uint8Array, labelName: string): Promise<string | undefined> {
  const spec = FeatureSpecSchema.parse({ version: 1, name: 'rollups', opportunities: defaultOpportunitiesSpec() });
  const read = await readOpportunityRollups(conn, spec, { read: DEFAULT_READ });
  let pos = 0;
  for (const y of labels) pos += y;
  if (!read || pos < 5 || labels.length - pos < 5) return undefined;
  const aggs = rows.map((r) => read.aggregator.get(String(r.Id)));
  for (const f of spec.opportunities!.features) {
    const auc = rankAuc(Float64Array.from(aggs, (a) => a[f.of]), labels);
    const sep = Math.max(auc, 1 - auc);
    if (sep >= LEAK_AUC)
      return `leakage suspect: "${f.label}" alone separates ${labelName} almost perfectly (ROC-AUC ${sep.toFixed(3)} on ${rows.length} sample accounts), so Opportunities are probably opened because of the outcome`;
  }
  // An Opportunity is the usual next step of a converted account, so roll-ups get a stricter
  // presence rule than other fields (10%, not 1%): most converters with one, few others.
  let posWith = 0;
  let negWith = 0;
  aggs.forEach((a, i) => {
    if (a.opportunityCount === 0) return;
    if (labels[i]) posWith++;
    else negWith++;
  });
  const posShare = posWith / pos;
  const negShare = negWith / (labels.length - pos);
  if (posShare >= ROLLUP_PRESENCE.converted && negShare <= ROLLUP_PRESENCE.others)
    return (
      `leakage suspect: ${pct(posShare)} of the sample's ${labelName} accounts have Opportunities against ${pct(negShare)} of the others, ` +
      'so Opportunities are probably opened because of the outcome; add the "opportunities" section to the spec by hand if yours come before it'
    );
  return undefined;
}

async function inferFromDescribe(conn: Connection, account: DescribedField[], contact: DescribedField[], opportunity: DescribedField[], o: InferOrgOptions): Promise<OrgSpecChoice> {
  const say = o.progress ?? (() => {});
  const exclude = new Set((o.exclude ?? []).map((e) => e.toLowerCase()));
  const labelDescribed = o.labelField ? account.find((f) => f.name.toLowerCase() === o.labelField!.toLowerCase()) : undefined;
  if (o.labelField && !labelDescribed) throw new Error(`Account.${o.labelField} is missing or not readable by this user`);
  if (labelDescribed && !['boolean', 'date', 'datetime'].includes(labelDescribed.type))
    throw new Error(`Account.${labelDescribed.name} is a ${labelDescribed.type} field; the label must be a checkbox or a date field`);
  const candidates: FieldCandidate[] = account
    .filter((f) => !labelDescribed || f.name !== labelDescribed.name)
    .map((f) => ({ field: f.name, label: f.label, type: f.type, exclude: fixedExclusion(f, labelDescribed?.name, exclude) }));
  const sampleFields = ['Id', ...candidates.filter((c) => !c.exclude && c.field !== 'Id').map((c) => c.field), ...(labelDescribed ? [labelDescribed.name] : [])];
  const limit = o.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  say(`reading a sample of up to ${limit} accounts (${sampleFields.length} fields)`);
  const rows = await sampleRecords(conn, 'Account', [...new Set(sampleFields)], limit);
  let labels: Uint8Array | undefined;
  if (labelDescribed) {
    const isDate = labelDescribed.type !== 'boolean';
    labels = Uint8Array.from(rows, (r) => {
      const v = r[labelDescribed.name];
      return isDate ? (v === null || v === undefined || v === '' ? 0 : 1) : readLabel(v) === 1 ? 1 : 0;
    });
  }
  const has = (fields: DescribedField[], name: string) => fields.some((f) => f.name === name);
  const contacts = has(contact, 'AccountId') && has(contact, 'Title') && has(contact, 'Email');
  let opportunities = opportunityChoice(opportunity, o);
  if (opportunities === true && labels) {
    say('reading Opportunities for the roll-ups leakage check');
    opportunities = (await rollupLeak(conn, rows, labels, labelDescribed!.name)) ?? true;
  }
  const inferred = inferFeatureSpec({
    name: 'inferred-org',
    candidates,
    rows,
    labels,
    labelName: labelDescribed?.name,
    target: labelDescribed ? `${labelDescribed.label} (${labelDescribed.name})` : undefined,
    contacts,
    opportunities,
  });
  const sampledPositives = labels ? labels.reduce((a, b) => a + b, 0) : null;
  return { spec: inferred.spec, source: 'inferred', excluded: inferred.excluded, sampled: rows.length, sampledPositives };
}

/**
 * The spec to train with when none is given: the shipped spec for an org shaped like the demo
 * org (every field it reads exists), otherwise one inferred from the org's own fields.
 */
export async function chooseOrgSpec(conn: Connection, o: InferOrgOptions = {}): Promise<OrgSpecChoice> {
  const [account, contact, opportunity] = await describeAll(conn);
  if (isDemoShaped(account.map((f) => f.name)) && !(o.exclude ?? []).length) return { spec: defaultFeatureSpec(), source: 'default', excluded: [], sampled: 0, sampledPositives: null };
  return inferFromDescribe(conn, account, contact, opportunity, o);
}
