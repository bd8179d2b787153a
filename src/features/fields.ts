// The API field names the reader must query for a spec (Id first, no duplicates).
import type { FeatureSpec } from './spec.js';

export function requiredAccountFields(spec: FeatureSpec): string[] {
  const fields = ['Id', ...spec.numeric.map((n) => n.field), ...spec.categorical.map((c) => c.field)];
  for (const kind of [spec.boolean, spec.date, spec.textLength, spec.presence]) for (const f of kind) fields.push(f.field);
  if (spec.notes) fields.push(spec.notes.field);
  return [...new Set(fields)];
}

export function requiredContactFields(spec: FeatureSpec): string[] {
  if (!spec.contacts) return [];
  const c = spec.contacts;
  return [...new Set(['Id', c.accountIdField, c.titleField, c.emailField])];
}

/** Opportunity fields for the roll-ups (Id first); empty when the spec has none. */
export function requiredOpportunityFields(spec: FeatureSpec): string[] {
  if (!spec.opportunities) return [];
  return [...new Set(['Id', spec.opportunities.accountIdField, 'IsWon', 'IsClosed'])];
}
