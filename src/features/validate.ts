// Loading a spec from JSON (a model's metadata, an admin's edited file): schema checks by zod,
// then the cross-references zod cannot see, with messages that name the offending entry.
import { z } from 'zod';
import { featureColumns } from './columns.js';
import { compileNotes } from './notes.js';
import {
  FeatureSpecSchema,
  FittedFeatureSpecSchema,
  type FeatureSpec,
  type FittedFeatureSpec,
} from './spec.js';
import { compileTitles } from './titles.js';
import { compileWordPattern } from './text.js';

export class FeatureSpecError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid feature spec:\n  - ${problems.join('\n  - ')}`);
    this.name = 'FeatureSpecError';
  }
}

function zodProblems(e: z.ZodError): string[] {
  return e.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/** Cross-reference checks; returns problems (empty when the spec is usable). */
export function specProblems(spec: FeatureSpec): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const cols = featureColumns(spec);
  cols.forEach((c, i) => {
    if (seen.has(c.id)) problems.push(`feature id "${c.id}" is used twice (columns ${seen.get(c.id)} and ${i})`);
    else seen.set(c.id, i);
  });
  const signals = spec.notes?.signals ?? [];
  const signalIds = new Set(signals.map((s) => s.id));
  for (const s of signals) {
    const refs = s.kind === 'flag' ? s.impliedBy : s.kind === 'ordinal' ? [] : s.contextSignals;
    for (const r of refs) if (!signalIds.has(r)) problems.push(`notes signal ${s.id} refers to unknown signal "${r}"`);
    if (s.kind === 'count' || s.kind === 'amount' || s.kind === 'months_ago')
      for (const r of s.contextSignals) {
        const ref = signals.find((x) => x.id === r);
        // Dates may follow an amount ("$40M in March"); counts and amounts need a flag or ordinal context.
        const ok = ref?.kind === 'flag' || ref?.kind === 'ordinal' || (s.kind === 'months_ago' && ref?.kind === 'amount');
        if (ref && !ok) problems.push(`notes signal ${s.id}: context signal "${r}" must be a flag or ordinal signal`);
      }
  }
  spec.derived.forEach((d) => {
    const at = seen.get(d.id) ?? -1;
    const refs = d.kind === 'threshold' ? [d.source] : [d.numerator, d.denominator];
    for (const r of refs) {
      const ri = seen.get(r);
      if (ri === undefined) problems.push(`derived feature ${d.id} refers to unknown feature "${r}"`);
      else if (ri >= at) problems.push(`derived feature ${d.id} must come after the feature it uses ("${r}")`);
    }
    if (d.kind === 'threshold' && typeof d.min === 'string') {
      const src = signals.find((s) => s.id === d.source);
      if (src?.kind !== 'ordinal' || !src.levels.some((l) => l.id === d.min))
        problems.push(`derived feature ${d.id}: "${d.min}" is not a level of an ordinal signal ${d.source}`);
    }
  });
  // Compile every pattern now so a bad regex is reported at load time, not mid-run.
  const attempt = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      problems.push((e as Error).message);
    }
  };
  if (spec.notes) attempt(() => compileNotes(spec.notes!));
  if (spec.contacts) attempt(() => compileTitles(spec.contacts!));
  spec.categorical.forEach((c) =>
    c.aliases.forEach((a, i) => attempt(() => compileWordPattern([a.pattern], {}, `categorical ${c.id}.aliases[${i}]`))),
  );
  return problems;
}

function parseJson(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (e) {
    throw new FeatureSpecError([`not valid JSON (${(e as Error).message})`]);
  }
}

/** Validates an (unfitted) spec from JSON text or a parsed object; throws FeatureSpecError listing every problem. */
export function parseFeatureSpec(input: unknown): FeatureSpec {
  const r = FeatureSpecSchema.safeParse(parseJson(input));
  if (!r.success) throw new FeatureSpecError(zodProblems(r.error));
  const problems = specProblems(r.data);
  if (problems.length) throw new FeatureSpecError(problems);
  return r.data;
}

/** Validates a fitted spec (e.g. from an ONNX model's metadata_props). */
export function parseFittedFeatureSpec(input: unknown): FittedFeatureSpec {
  const r = FittedFeatureSpecSchema.safeParse(parseJson(input));
  if (!r.success) throw new FeatureSpecError(zodProblems(r.error));
  const problems = specProblems(r.data);
  for (const c of r.data.categorical)
    if (!r.data.vocabularies[c.id]) problems.push(`vocabularies: no vocabulary for categorical feature ${c.id}`);
  if (problems.length) throw new FeatureSpecError(problems);
  return r.data;
}
