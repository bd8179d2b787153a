import { z } from 'zod';

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*__c$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Generator options, validated at the boundary so bad input fails with the field named. */
export const GenerateOptionsSchema = z
  .object({
    seed: z.number().int().min(-2147483648).max(4294967295),
    accounts: z.number().int().min(0).max(100_000_000),
    positiveRate: z.number().min(0.001).max(0.5).default(0.03),
    contactsPerAccount: z.number().min(0).max(500).default(5),
    labelField: z.string().regex(API_NAME, 'must be a custom field API name like Converted_To_SQL__c').default('Converted_To_SQL__c'),
    labelDateField: z.string().regex(API_NAME, 'must be a custom field API name like Converted_To_SQL_Date__c').default('Converted_To_SQL_Date__c'),
    asOf: z
      .string()
      .regex(DATE, 'must be a date YYYY-MM-DD')
      .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real calendar date')
      .default('2026-11-01'),
    /** Latent draws used to solve the intercept and contact scale (not part of the org). */
    calibrationSample: z.number().int().min(1000).max(1_000_000).default(20_000),
    /** Also make Opportunities (Opportunity.ndjson): converted accounts get one after their conversion date, a few others old or lost ones. */
    opportunities: z.boolean().default(false),
    /**
     * The customer's-own-schema variant (custom-schema.ts): the eleven demo fields renamed, ten
     * unrelated custom fields and a leakage field added; written with `<dir>/schema.json`.
     */
    customSchema: z.boolean().default(false),
    /**
     * Give accounts real owners (User.ndjson and the role/group/permission set files): a pool user
     * holds `poolShare` of the accounts, the rest belong to `reps` SDRs (of the account's region
     * when `regions`). Off by default: OwnerIds then point at 25 users the org does not hold.
     */
    owners: z
      .object({
        reps: z.number().int().min(1).max(500).default(10),
        poolShare: z.number().min(0).max(1).default(0.7),
        regions: z.boolean().default(true),
      })
      .strict()
      .optional(),
    /** Also make Tasks and Events (needs `owners`): reps work their books, a few pool accounts are being worked. */
    activity: z.boolean().default(false),
    /** Also yield each account's hidden profile (diagnostics only; never written into the org). */
    withLatent: z.boolean().default(false),
  })
  .strict()
  .refine((o) => o.labelField !== o.labelDateField, { message: 'labelField and labelDateField must differ', path: ['labelDateField'] })
  .refine((o) => !o.activity || o.owners !== undefined, { message: 'activity needs owners (tasks are owned by reps)', path: ['activity'] });

export type GenerateOptionsInput = z.input<typeof GenerateOptionsSchema>;
export type GenerateOptions = z.output<typeof GenerateOptionsSchema>;

export function parseGenerateOptions(input: unknown): GenerateOptions {
  const r = GenerateOptionsSchema.safeParse(input);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid generator options: ${issues}`);
  }
  return r.data;
}
