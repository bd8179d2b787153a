import type { Connection } from 'jsforce';
import { z } from 'zod';

export const SETTINGS_OBJECT = 'Account_Score_Setting__mdt';
export const SETTINGS_RECORD = 'Default';

/** Defaults for optional settings an admin left blank. */
export const SETTING_DEFAULTS = { tolerance: 0.5, apiReservePercent: 20, topFactorCount: 5 } as const;

const pct = (field: string) =>
  z.number({ invalid_type_error: `${field} must be a number`, required_error: `${field} is required` }).min(0, `${field} must be between 0 and 100`).max(100, `${field} must be between 0 and 100`);

export const ScoreSettings = z
  .object({
    hotThreshold: pct('Hot_Threshold__c'),
    warmThreshold: pct('Warm_Threshold__c'),
    /** model version the org expects; null = accept whatever model is loaded */
    modelVersion: z.string().nullable(),
    // Same bounds as the org's validation rule Tolerance_In_Range.
    tolerance: z.number().min(0, 'Score_Change_Tolerance__c must be at least 0 and below 100').lt(100, 'Score_Change_Tolerance__c must be at least 0 and below 100'),
    // Same bounds as the org's validation rule Api_Reserve_In_Range: a 100% reserve could never run.
    apiReservePercent: z
      .number({ invalid_type_error: 'Api_Reserve_Percent__c must be a number' })
      .min(0, 'Api_Reserve_Percent__c must be between 0 and 90')
      .max(90, 'Api_Reserve_Percent__c must be between 0 and 90'),
    topFactorCount: z
      .number()
      .int('Top_Factor_Count__c must be a whole number')
      .min(1, 'Top_Factor_Count__c must be between 1 and 10')
      .max(10, 'Top_Factor_Count__c must be between 1 and 10'),
  })
  .refine((s) => s.hotThreshold > s.warmThreshold, {
    message: 'Hot_Threshold__c must be greater than Warm_Threshold__c',
    path: ['hotThreshold'],
  });
export type ScoreSettings = z.infer<typeof ScoreSettings>;

const FIELD_OF: Record<keyof ScoreSettings, string> = {
  hotThreshold: 'Hot_Threshold__c',
  warmThreshold: 'Warm_Threshold__c',
  modelVersion: 'Model_Version__c',
  tolerance: 'Score_Change_Tolerance__c',
  apiReservePercent: 'Api_Reserve_Percent__c',
  topFactorCount: 'Top_Factor_Count__c',
};

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Converts a Custom Metadata record's raw field values into validated settings. */
export function parseSettings(raw: Record<string, unknown>): ScoreSettings {
  const num = (v: unknown): unknown => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);
  const orDefault = (v: unknown, d: number): unknown => (v === null || v === undefined ? d : num(v));
  const candidate = {
    hotThreshold: num(raw.Hot_Threshold__c ?? undefined),
    warmThreshold: num(raw.Warm_Threshold__c ?? undefined),
    modelVersion: typeof raw.Model_Version__c === 'string' && raw.Model_Version__c.trim() !== '' ? raw.Model_Version__c.trim() : null,
    tolerance: orDefault(raw.Score_Change_Tolerance__c, SETTING_DEFAULTS.tolerance),
    apiReservePercent: orDefault(raw.Api_Reserve_Percent__c, SETTING_DEFAULTS.apiReservePercent),
    topFactorCount: orDefault(raw.Top_Factor_Count__c, SETTING_DEFAULTS.topFactorCount),
  };
  const parsed = ScoreSettings.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = i.path[0] as keyof ScoreSettings;
      const field = FIELD_OF[key] ?? String(key);
      const value = JSON.stringify(raw[field] ?? null);
      return `${field} = ${value}: ${i.message}`;
    });
    throw new SettingsError(
      `Invalid ${SETTINGS_OBJECT} record '${SETTINGS_RECORD}': ${problems.join('; ')}. Fix it in Setup > Custom Metadata Types; nothing was written.`,
    );
  }
  return parsed.data;
}

/** Reads and validates the `Default` Account Score settings record. */
export async function readSettings(conn: Connection): Promise<ScoreSettings> {
  const soql =
    `SELECT DeveloperName, ${Object.values(FIELD_OF).join(', ')} FROM ${SETTINGS_OBJECT} ` +
    `WHERE DeveloperName = '${SETTINGS_RECORD}' LIMIT 1`;
  const res = await conn.query<Record<string, unknown>>(soql, { autoFetch: false });
  const record = res.records[0];
  if (!record) {
    throw new SettingsError(
      `No ${SETTINGS_OBJECT} record named '${SETTINGS_RECORD}' in the org: deploy the package's custom metadata record; nothing was written.`,
    );
  }
  return parseSettings(record);
}
