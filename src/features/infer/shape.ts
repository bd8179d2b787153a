import { defaultFeatureSpec } from '../default-spec.js';
import { requiredAccountFields } from '../fields.js';
import type { FeatureSpec } from '../spec.js';

/** True when every Account field the shipped spec reads is among `fields` (case-insensitive, as Salesforce names are). */
export function isDemoShaped(fields: Iterable<string>): boolean {
  const have = new Set([...fields].map((f) => f.toLowerCase()));
  return requiredAccountFields(defaultFeatureSpec())
    .filter((f) => f !== 'Id')
    .every((f) => have.has(f.toLowerCase()));
}

/** The fields a spec reads, in spec order, with contact roll-ups named once ("Contacts (title, email)"). */
export function specFieldSummary(spec: FeatureSpec): string[] {
  const fields = requiredAccountFields(spec).filter((f) => f !== 'Id');
  if (spec.contacts) fields.push('Contacts (title, email)');
  if (spec.opportunities) fields.push('Opportunities (won, open)');
  return fields;
}

export interface SpecChoice {
  field: string;
  /** the encoding: numeric, categorical, boolean, date, text length, presence, notes, contacts, opportunities, derived */
  kind: string;
  features: string[];
  why: string;
}

/** One line per field the spec reads: how it is encoded ("text length + has a value") and why (for review before training). */
export function specChoices(spec: FeatureSpec): SpecChoice[] {
  const out: SpecChoice[] = [];
  const add = (field: string, kind: string, id: string, why: string | undefined) => {
    const hit = out.find((c) => c.field === field);
    if (hit) {
      hit.features.push(id);
      if (!hit.kind.split(' + ').includes(kind)) hit.kind = `${hit.kind} + ${kind}`;
    } else out.push({ field, kind, features: [id], why: why ?? '' });
  };
  for (const f of spec.numeric) add(f.field, 'numeric', f.id, f.why);
  for (const f of spec.categorical) add(f.field, 'categorical', f.id, f.why);
  for (const f of spec.boolean) add(f.field, 'boolean', f.id, f.why);
  for (const f of spec.date) add(f.field, 'date (age in days)', f.id, f.why);
  for (const f of spec.textLength) add(f.field, 'text length', f.id, f.why);
  for (const f of spec.presence) add(f.field, 'has a value', f.id, f.why);
  if (spec.notes) for (const s of spec.notes.signals) add(spec.notes.field, 'notes signals', s.id, spec.notes.why ?? 'notes rules of the default spec');
  for (const f of spec.contacts?.features ?? []) add('Contact (Title, Email)', 'contact roll-ups', f.id, 'Contacts are readable: counts by title class and email domain');
  for (const f of spec.opportunities?.features ?? [])
    add('Opportunity (IsWon, IsClosed)', 'opportunity roll-ups', f.id, spec.opportunities?.why ?? 'Opportunities are readable: counts per account');
  for (const d of spec.derived) add('(derived)', 'derived', d.id, 'from the default spec: its inputs are all in this spec');
  return out;
}
