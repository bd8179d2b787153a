// The feature spec: a JSON document (stored in the ONNX model's metadata) that says which org
// fields become which model inputs. Every encoder decision is read from here, so admins can
// add or drop features by editing JSON. Patterns are regex sources matched against folded
// text (lowercase, accents stripped; see text.ts), wrapped in Unicode word boundaries.
import { z } from 'zod';

const FeatureId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'feature ids are lower_snake_case (letters, digits, _)')
  .max(64);
const Label = z.string().min(1).max(120);
const Patterns = z.array(z.string().min(1));

export const NumericFeature = z
  .object({
    id: FeatureId,
    /** Account API field name, e.g. AnnualRevenue */
    field: z.string().min(1),
    label: Label,
    /** log1p compresses long tails for linear baselines; trees are indifferent. describeValue undoes it. */
    transform: z.enum(['none', 'log1p']).default('none'),
    /** Adds a `<id>_missing` 0/1 column. The value column keeps NaN either way. */
    missingFlag: z.boolean().default(false),
    format: z.enum(['usd', 'integer', 'number']).default('number'),
    why: z.string().max(500).optional(),
  })
  .strict();

export const CategoryAlias = z
  .object({
    /** Regex source matched against the whole folded value (anchored). */
    pattern: z.string().min(1),
    /** Canonical value; null means "treat as missing". */
    value: z.string().min(1).nullable(),
  })
  .strict();

export const CategoricalFeature = z
  .object({
    id: FeatureId,
    field: z.string().min(1),
    label: Label,
    /** Vocabulary size learned at fit time; the rest encodes as "other". */
    topK: z.number().int().min(1).max(500).default(20),
    /** Values seen fewer times than this at fit time go to "other". */
    minCount: z.number().int().min(1).default(1),
    /** First matching alias wins; normalises variants ("greenhouse.io" -> "Greenhouse"). */
    aliases: z.array(CategoryAlias).default([]),
    why: z.string().max(500).optional(),
  })
  .strict();

const SignalBase = { id: FeatureId, label: Label };

export const FlagSignal = z
  .object({
    ...SignalBase,
    kind: z.literal('flag'),
    patterns: Patterns.min(1),
    /** Common misspellings seen in notes; treated exactly like patterns. */
    typos: Patterns.default([]),
    /** Phrases that assert "no" (e.g. "bootstrapped", "hiring freeze"); positives inside them are ignored. */
    negativePatterns: Patterns.default([]),
    negatable: z.boolean().default(true),
    /** Signals whose positive value implies this one (a stated round implies funding). */
    impliedBy: z.array(FeatureId).default([]),
  })
  .strict();

export const OrdinalSignal = z
  .object({
    ...SignalBase,
    kind: z.literal('ordinal'),
    /** Ordered levels; the first is "none" (value 0). Value = index of the highest level stated. */
    levels: z.array(z.object({ id: z.string().min(1), label: Label }).strict()).min(2),
    rules: z.array(z.object({ level: z.string().min(1), patterns: Patterns.min(1) }).strict()).min(1),
    negatable: z.boolean().default(true),
  })
  .strict();

export const AmountSignal = z
  .object({
    ...SignalBase,
    kind: z.literal('amount'),
    /** Currency marker (folded, e.g. "$", "usd", "€", "eur") -> USD per unit. Approximate, documented rates. */
    currencies: z.record(z.string().min(1), z.number().positive()),
    /** Rate for amounts with a magnitude but no currency ("120m"). */
    defaultRate: z.number().positive().default(1),
    /** Magnitude word (folded) -> multiplier: k, m, mm, million, b, bn, billion... */
    magnitudes: z.record(z.string().min(1), z.number().positive()),
    /** Only amounts in a sentence with a positive match of one of these signals count. */
    contextSignals: z.array(FeatureId).min(1),
    transform: z.enum(['none', 'log1p']).default('none'),
  })
  .strict();

export const CountSignal = z
  .object({
    ...SignalBase,
    kind: z.literal('count'),
    /** Counting happens only in sentences with a positive match of one of these signals. */
    contextSignals: z.array(FeatureId).min(1),
    /** Patterns with one capture group holding a number or a number word ("3 locations"). */
    countPatterns: Patterns.default([]),
    numberWords: z.record(z.string().min(1), z.number().int().nonnegative()).default({}),
    /** Canonical place -> folded aliases; distinct places named in context sentences are counted. */
    places: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
  })
  .strict();

export const MonthsAgoSignal = z
  .object({
    ...SignalBase,
    kind: z.literal('months_ago'),
    /** Dates are read just after a positive match of one of these signals ("Raised $40M Series B in March"). */
    contextSignals: z.array(FeatureId).min(1),
    /** Characters after the match (within its sentence) where the date may be. */
    window: z.number().int().min(1).max(200).default(48),
    /** Folded names of each month, January first ("march", "mar", "marzo"). */
    monthNames: z.array(z.array(z.string().min(1)).min(1)).length(12),
    /** Relative phrases -> months ago; with a capture group the number it holds is multiplied ("(\\d+) months ago"). */
    relative: z.array(z.object({ pattern: z.string().min(1), months: z.number().nonnegative() }).strict()).default([]),
  })
  .strict();

export const NotesSignal = z.discriminatedUnion('kind', [FlagSignal, OrdinalSignal, AmountSignal, CountSignal, MonthsAgoSignal]);

export const NotesSpec = z
  .object({
    field: z.string().min(1),
    /** When notes are empty/null: signals become NaN ("unknown") or 0 ("not stated"). */
    missingAs: z.enum(['nan', 'zero']).default('nan'),
    missingFeature: z.object({ id: FeatureId, label: Label }).strict().nullable().default(null),
    lengthFeature: z.object({ id: FeatureId, label: Label }).strict().nullable().default(null),
    /** {NAME} in any pattern expands to (?:body). Keeps typo lists in one place. */
    macros: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string().min(1)).default({}),
    negation: z
      .object({
        /** Cues looked for among the `window` words before a match, within its clause. */
        before: Patterns.default([]),
        window: z.number().int().min(0).max(10).default(3),
        /** Cues right after a match, following ":" "-" or "?" ("funding: none"). */
        after: Patterns.default([]),
      })
      .strict()
      .default({}),
    signals: z.array(NotesSignal),
    why: z.string().max(500).optional(),
  })
  .strict();

export const AGGREGATE_KEYS = ['contactCount', 'atlCount', 'btlCount', 'otherCount', 'freeMailCount', 'withEmailCount'] as const;
const AggregateKey = z.enum(AGGREGATE_KEYS);

export const ContactFeature = z.discriminatedUnion('kind', [
  z.object({ id: FeatureId, label: Label, kind: z.literal('count'), of: AggregateKey }).strict(),
  z.object({ id: FeatureId, label: Label, kind: z.literal('flag'), of: AggregateKey, min: z.number().default(1) }).strict(),
  z
    .object({ id: FeatureId, label: Label, kind: z.literal('ratio'), numerator: AggregateKey, denominator: AggregateKey })
    .strict(),
]);

export const TitleClass = z.enum(['atl', 'btl', 'other']);
export type TitleClass = z.infer<typeof TitleClass>;

export const ContactsSpec = z
  .object({
    accountIdField: z.string().min(1).default('AccountId'),
    titleField: z.string().min(1).default('Title'),
    emailField: z.string().min(1).default('Email'),
    /** Ordered: the first rule with a matching pattern decides; no match -> "other". */
    titleRules: z.array(z.object({ class: TitleClass, patterns: Patterns.min(1), why: z.string().optional() }).strict()),
    freeMailDomains: z.array(z.string().min(3)),
    features: z.array(ContactFeature),
  })
  .strict();

export const OPPORTUNITY_KEYS = ['opportunityCount', 'wonCount', 'openCount'] as const;
const OpportunityKey = z.enum(OPPORTUNITY_KEYS);

export const OpportunityFeature = z.discriminatedUnion('kind', [
  z.object({ id: FeatureId, label: Label, kind: z.literal('count'), of: OpportunityKey }).strict(),
  z.object({ id: FeatureId, label: Label, kind: z.literal('flag'), of: OpportunityKey, min: z.number().default(1) }).strict(),
]);

/**
 * Opportunity roll-ups per account: every Opportunity the org holds when the account is scored
 * (AccountId, IsWon, IsClosed). Never use them with a label defined from Opportunities: they
 * would restate the label.
 */
export const OpportunitiesSpec = z
  .object({
    accountIdField: z.string().min(1).default('AccountId'),
    features: z.array(OpportunityFeature).min(1),
    why: z.string().max(500).optional(),
  })
  .strict();

export const DerivedFeature = z.discriminatedUnion('kind', [
  z
    .object({
      id: FeatureId,
      label: Label,
      kind: z.literal('threshold'),
      /** Id of an earlier feature (its raw value, before any log transform). */
      source: FeatureId,
      /** Inclusive. For an ordinal source, a level id ("B") or its index. */
      min: z.union([z.number(), z.string().min(1)]),
    })
    .strict(),
  z
    .object({
      id: FeatureId,
      label: Label,
      kind: z.literal('ratio'),
      numerator: FeatureId,
      denominator: FeatureId,
      format: z.enum(['number', 'usd', 'percent']).default('number'),
    })
    .strict(),
]);

/** Why inference chose (or an admin wrote) this feature; shown by `sf score spec init`, ignored by the encoder. */
const Why = z.string().max(500).optional();

/** A checkbox (or a yes/no column): 1, 0, NaN when blank. Reads true/false, yes/no, y/n, 1/0 in any case. */
export const BooleanFeature = z.object({ id: FeatureId, field: z.string().min(1), label: Label, why: Why }).strict();

/** A date or datetime field: its age in days at the as-of date (negative for a future date), NaN when blank. */
export const DateFeature = z
  .object({ id: FeatureId, field: z.string().min(1), label: Label, missingFlag: z.boolean().default(true), why: Why })
  .strict();

/** A text field (free text, notes, descriptions): its length in characters (0 when blank). */
export const TextLengthFeature = z.object({ id: FeatureId, field: z.string().min(1), label: Label, why: Why }).strict();

/** Any field (a lookup, a free-text field): 1 when it has a value, 0 when blank. */
export const PresenceFeature = z.object({ id: FeatureId, field: z.string().min(1), label: Label, why: Why }).strict();

/** A field left out of the spec on purpose, with the reason (inference writes these for the admin to review). */
export const ExcludedField = z.object({ field: z.string().min(1), reason: z.string().min(1) }).strict();

export const FeatureSpecSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    /** Folded category values that mean "missing" for every categorical field. */
    missingTokens: z.array(z.string()).default(['', 'n/a', 'na', 'null', 'none provided', '-', '--', 'unknown', 'tbd', '?']),
    numeric: z.array(NumericFeature).default([]),
    categorical: z.array(CategoricalFeature).default([]),
    boolean: z.array(BooleanFeature).default([]),
    date: z.array(DateFeature).default([]),
    textLength: z.array(TextLengthFeature).default([]),
    presence: z.array(PresenceFeature).default([]),
    notes: NotesSpec.nullable().default(null),
    contacts: ContactsSpec.nullable().default(null),
    /** Absent in older specs (and their models): no columns, same order as before. */
    opportunities: OpportunitiesSpec.optional(),
    derived: z.array(DerivedFeature).default([]),
    /** What the model predicts, in words, for the model card ("an account converting to a sales-qualified lead"). */
    target: z.string().min(1).max(200).optional(),
    excluded: z.array(ExcludedField).default([]),
  })
  .strict();

export const VocabularyEntry = z.object({ key: z.string(), label: z.string(), count: z.number().int().nonnegative() }).strict();

export const FittedFeatureSpecSchema = FeatureSpecSchema.extend({
  /** categorical feature id -> learned vocabulary (code = index; then "other", then "missing"). */
  vocabularies: z.record(FeatureId, z.array(VocabularyEntry)),
  fittedRows: z.number().int().nonnegative(),
}).strict();

export type NumericFeature = z.infer<typeof NumericFeature>;
export type CategoricalFeature = z.infer<typeof CategoricalFeature>;
export type BooleanFeature = z.infer<typeof BooleanFeature>;
export type DateFeature = z.infer<typeof DateFeature>;
export type TextLengthFeature = z.infer<typeof TextLengthFeature>;
export type PresenceFeature = z.infer<typeof PresenceFeature>;
export type ExcludedField = z.infer<typeof ExcludedField>;
export type NotesSignal = z.infer<typeof NotesSignal>;
export type FlagSignal = z.infer<typeof FlagSignal>;
export type OrdinalSignal = z.infer<typeof OrdinalSignal>;
export type AmountSignal = z.infer<typeof AmountSignal>;
export type CountSignal = z.infer<typeof CountSignal>;
export type MonthsAgoSignal = z.infer<typeof MonthsAgoSignal>;
export type NotesSpec = z.infer<typeof NotesSpec>;
export type ContactsSpec = z.infer<typeof ContactsSpec>;
export type ContactFeature = z.infer<typeof ContactFeature>;
export type DerivedFeature = z.infer<typeof DerivedFeature>;
export type OpportunitiesSpec = z.infer<typeof OpportunitiesSpec>;
export type OpportunityFeature = z.infer<typeof OpportunityFeature>;
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>;
/** What a spec JSON may omit (defaults filled by the schema). */
export type FeatureSpecInput = z.input<typeof FeatureSpecSchema>;
export type FittedFeatureSpec = z.infer<typeof FittedFeatureSpecSchema>;
export type VocabularyEntry = z.infer<typeof VocabularyEntry>;
