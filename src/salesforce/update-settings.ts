// Changes the org's Account Score settings (custom metadata record Account_Score_Setting.Default).
//
// Custom metadata records can't be written with REST/SOAP DML: Salesforce changes them
// through the Metadata API. upsertMetadata on a CustomMetadata component replaces the whole
// record (like deploying its file), so the current record is read first and sent back with
// the new values. In a real org the change is carried out by a deployment Salesforce runs
// behind the call: upsertMetadata answers success at once, but SOQL may return the old
// values for a moment, so the read-back polls until the org shows the new ones.
import type { Connection } from 'jsforce';
import { setTimeout as sleep } from 'node:timers/promises';
import { SETTINGS_OBJECT, SETTINGS_RECORD, SETTING_DEFAULTS, ScoreSettings, readSettings } from './settings.js';

/** The record's Metadata API name: the type without `__mdt`, a dot, the record name. */
export const SETTINGS_FULL_NAME = `${SETTINGS_OBJECT.replace(/__mdt$/, '')}.${SETTINGS_RECORD}`;

/** New values; anything left out keeps the org's current value. */
export interface SettingsUpdate {
  hot: number;
  warm: number;
  tolerance?: number;
  apiReservePercent?: number;
  topFactorCount?: number;
}

type UpdatableKey = 'hotThreshold' | 'warmThreshold' | 'tolerance' | 'apiReservePercent' | 'topFactorCount';

/** API name and decimal places (the field's scale: Salesforce rounds to it when saving). */
const FIELDS: Record<UpdatableKey, { api: string; scale: number }> = {
  hotThreshold: { api: 'Hot_Threshold__c', scale: 2 },
  warmThreshold: { api: 'Warm_Threshold__c', scale: 2 },
  tolerance: { api: 'Score_Change_Tolerance__c', scale: 2 },
  apiReservePercent: { api: 'Api_Reserve_Percent__c', scale: 0 },
  topFactorCount: { api: 'Top_Factor_Count__c', scale: 0 },
};

/** The record's values before the change, as stored (null = blank); they may be invalid. */
export type PreviousSettings = Record<UpdatableKey, number | null> & { modelVersion: string | null; exists: boolean };

export interface SettingsUpdateResult {
  previous: PreviousSettings;
  /** the settings as the org now returns them, validated by the settings reader */
  settings: ScoreSettings;
  /** the record didn't exist and was created */
  created: boolean;
}

export class SettingsUpdateError extends Error {
  override name = 'SettingsUpdateError';
  constructor(
    message: string,
    /** API names of the fields at fault */
    readonly fields: string[],
  ) {
    super(message);
  }
}

export interface UpdateOptions {
  /** how long to wait for the org to show the new values (ms) */
  readBackTimeoutMs?: number;
  readBackIntervalMs?: number;
}

const round = (n: number, scale: number) => Math.round(n * 10 ** scale) / 10 ** scale;

/**
 * Validates the new values with the settings reader's own rules (before any call), then
 * upserts the record through the Metadata API and returns the settings read back.
 */
export async function updateThresholds(conn: Connection, update: SettingsUpdate, opts: UpdateOptions = {}): Promise<SettingsUpdateResult> {
  const wanted = validateUpdate(update);

  const changes = new Map<string, string>();
  for (const [key, v] of Object.entries(wanted) as [UpdatableKey, number][]) changes.set(FIELDS[key].api, String(v));
  const { current, created } = await upsertValues(conn, changes);

  const settings = await readBack(conn, wanted, opts);
  return { previous: previousOf(current), settings, created };
}

/**
 * Sends the whole record back with `changes` applied (an upsert replaces the record, so
 * fields left out would become blank).
 */
async function upsertValues(conn: Connection, changes: Map<string, string | null>): Promise<{ current: CurrentRecord; created: boolean }> {
  const current = await readRecord(conn);
  const values = new Map(current.values);
  for (const [field, v] of changes) values.set(field, v);

  // Element order follows the Metadata WSDL (fullName, description, label, protected, values).
  const metadata = {
    fullName: SETTINGS_FULL_NAME,
    ...(current.description !== undefined ? { description: current.description } : {}),
    label: current.label ?? SETTINGS_RECORD,
    protected: current.protected ?? false,
    // Untyped values: the Metadata API reads them by the field's type (jsforce can't send
    // an xsi:type together with text).
    values: [...values].map(([field, value]) => ({ field, value })),
  };
  const res = await conn.metadata.upsert('CustomMetadata', metadata);
  const result = Array.isArray(res) ? res[0] : res;
  if (!result || String(result.success) !== 'true') {
    const errors = [result?.errors ?? []].flat();
    const fields = [...new Set(errors.flatMap((e) => [e.fields ?? []].flat()))];
    const detail = errors.map((e) => `${[e.fields ?? []].flat().join(', ') || SETTINGS_FULL_NAME}: ${e.message} (${e.statusCode})`).join('; ');
    throw new SettingsUpdateError(`The org rejected the new ${SETTINGS_FULL_NAME} values: ${detail || 'no reason given'}`, fields);
  }
  return { current, created: String(result.created) === 'true' };
}

/** Model_Version__c holds at most 80 characters (its field length). */
export const MODEL_VERSION_MAX = 80;

/**
 * Sets Model_Version__c (the org's active model) through the Metadata API, keeping every other
 * value, and waits until the org returns it. Returns the version it replaced (null = blank).
 */
export async function updateModelVersion(conn: Connection, version: string, opts: UpdateOptions = {}): Promise<{ previous: string | null; settings: ScoreSettings }> {
  const v = version.trim();
  if (v === '' || v.length > MODEL_VERSION_MAX) {
    throw new SettingsUpdateError(`Model_Version__c = ${JSON.stringify(version)}: a model version is 1-${MODEL_VERSION_MAX} characters. Nothing was changed in the org.`, ['Model_Version__c']);
  }
  const { current } = await upsertValues(conn, new Map([['Model_Version__c', v]]));
  const timeout = opts.readBackTimeoutMs ?? 30_000;
  const interval = opts.readBackIntervalMs ?? 2_000;
  const started = Date.now();
  for (;;) {
    const settings = await readSettings(conn);
    if (settings.modelVersion === v) return { previous: previousOf(current).modelVersion, settings };
    if (Date.now() - started >= timeout) {
      throw new SettingsUpdateError(
        `The org accepted Model_Version__c = ${v} but still returns ${JSON.stringify(settings.modelVersion)} after ${Math.round(timeout / 1000)}s. Check Setup > Deployment Status.`,
        ['Model_Version__c'],
      );
    }
    await sleep(interval);
  }
}

/** The update as the fields will hold it, or a SettingsUpdateError naming every bad field. */
export function validateUpdate(update: SettingsUpdate): Partial<Record<UpdatableKey, number>> {
  const given: Partial<Record<UpdatableKey, number>> = {
    hotThreshold: update.hot,
    warmThreshold: update.warm,
    tolerance: update.tolerance,
    apiReservePercent: update.apiReservePercent,
    topFactorCount: update.topFactorCount,
  };
  // The reader's schema checks the whole record; settings not being changed stand in with
  // defaults (always valid), so any issue belongs to a value given here.
  const parsed = ScoreSettings.safeParse({
    modelVersion: null,
    ...SETTING_DEFAULTS,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  });
  if (!parsed.success) {
    const keys = parsed.error.issues.map((i) => i.path[0] as UpdatableKey);
    const problems = parsed.error.issues.map((i) => {
      const key = i.path[0] as UpdatableKey;
      return `${FIELDS[key]?.api ?? String(key)} = ${JSON.stringify(given[key] ?? null)}: ${i.message}`;
    });
    throw new SettingsUpdateError(`Invalid settings: ${problems.join('; ')}. Nothing was changed in the org.`, [...new Set(keys.map((k) => FIELDS[k]?.api ?? String(k)))]);
  }
  const out: Partial<Record<UpdatableKey, number>> = {};
  for (const [key, v] of Object.entries(given) as [UpdatableKey, number | undefined][]) if (v !== undefined) out[key] = round(v, FIELDS[key].scale);
  return out;
}

interface CurrentRecord {
  exists: boolean;
  label?: string;
  description?: string;
  protected?: boolean;
  /** field API name -> value text (null = blank), in the org's order */
  values: [string, string | null][];
}

/** A CustomMetadataValue's value as jsforce parses it: text, {_: text, $: attrs}, or nil. */
function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') {
    const o = v as { _?: unknown; $?: Record<string, string> };
    if (o.$?.['xsi:nil'] === 'true') return null;
    return o._ === undefined ? '' : String(o._);
  }
  return String(v);
}

async function readRecord(conn: Connection): Promise<CurrentRecord> {
  const rec = (await conn.metadata.read('CustomMetadata', SETTINGS_FULL_NAME)) as unknown as {
    fullName?: string;
    label?: string;
    description?: string;
    protected?: boolean | string;
    values?: { field: string; value?: unknown }[] | { field: string; value?: unknown };
  };
  // Salesforce answers a name with no record with an empty record (no fullName).
  if (!rec?.fullName) return { exists: false, values: [] };
  return {
    exists: true,
    label: rec.label,
    description: rec.description || undefined,
    protected: String(rec.protected) === 'true',
    values: [rec.values ?? []].flat().map((v) => [v.field, valueText(v.value)]),
  };
}

function previousOf(current: CurrentRecord): PreviousSettings {
  const raw = new Map(current.values);
  const num = (api: string) => {
    const t = raw.get(api);
    return t === null || t === undefined || t.trim() === '' || Number.isNaN(Number(t)) ? null : Number(t);
  };
  const out = { exists: current.exists, modelVersion: raw.get('Model_Version__c') ?? null } as PreviousSettings;
  for (const [key, f] of Object.entries(FIELDS) as [UpdatableKey, { api: string }][]) out[key] = num(f.api);
  return out;
}

async function readBack(conn: Connection, wanted: Partial<Record<UpdatableKey, number>>, opts: UpdateOptions): Promise<ScoreSettings> {
  const timeout = opts.readBackTimeoutMs ?? 30_000;
  const interval = opts.readBackIntervalMs ?? 2_000;
  const started = Date.now();
  for (;;) {
    const settings = await readSettings(conn);
    const stale = (Object.entries(wanted) as [UpdatableKey, number][]).filter(([k, v]) => settings[k] !== v);
    if (stale.length === 0) return settings;
    if (Date.now() - started >= timeout) {
      throw new SettingsUpdateError(
        `The org accepted the new ${SETTINGS_FULL_NAME} values but still returns ${stale.map(([k]) => `${FIELDS[k].api} = ${settings[k]}`).join(', ')} after ${Math.round(timeout / 1000)}s. ` +
          'Check Setup > Deployment Status, then run "sf score thresholds" to see the values in effect.',
        stale.map(([k]) => FIELDS[k].api),
      );
    }
    await sleep(interval);
  }
}
