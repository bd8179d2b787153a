import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeOrgDir, RENAMED_FIELDS, LABEL_FORMULA_FIELD, LEAKAGE_FIELD, UNRELATED_FIELDS } from '../../src/local-org/generate/index.js';
import { OrgStore } from '../../src/local-org/index.js';

const readNdjson = (f: string) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('generator: customSchema (the customer\'s own field names)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gen-custom-'));
  it('renames the eleven demo fields, adds ten unrelated fields and a leakage field, and writes schema.json for them', async () => {
    const orgDir = path.join(dir, 'org');
    await writeOrgDir(orgDir, { seed: 5, accounts: 400, positiveRate: 0.2, calibrationSample: 1000, customSchema: true }, { truthFile: path.join(dir, 'truth.csv') });
    const plain = path.join(dir, 'plain');
    await writeOrgDir(plain, { seed: 5, accounts: 400, positiveRate: 0.2, calibrationSample: 1000 }, { truthFile: path.join(dir, 'truth2.csv') });
    const custom = readNdjson(path.join(orgDir, 'Account.ndjson'));
    const demo = readNdjson(path.join(plain, 'Account.ndjson'));
    const schema = JSON.parse(readFileSync(path.join(orgDir, 'schema.json'), 'utf8')) as {
      objects: { Account: { removeFields: string[]; addFields: { name: string; type: string }[] } };
    };
    const added = new Map(schema.objects.Account.addFields.map((f) => [f.name, f.type]));
    expect(Object.keys(RENAMED_FIELDS)).toHaveLength(11);
    expect(UNRELATED_FIELDS).toHaveLength(10);
    // the same accounts: each demo value is now under its new name; standard fields are empty, custom ones gone
    custom.forEach((a, i) => {
      for (const [from, to] of Object.entries(RENAMED_FIELDS)) {
        expect(a[to] ?? null).toEqual(demo[i][from] ?? null);
        if (from.endsWith('__c')) expect(from in a).toBe(false);
        else expect(a[from]).toBeNull();
      }
      for (const f of [...UNRELATED_FIELDS, LEAKAGE_FIELD]) expect(added.has(f)).toBe(true);
      expect(a[LEAKAGE_FIELD] === 'Sales Qualified').toBe(a.Converted_To_SQL__c === true);
      expect(a[LABEL_FORMULA_FIELD]).toBe(a.Converted_To_SQL__c === true ? 1 : 0);
    });
    for (const to of Object.values(RENAMED_FIELDS)) expect(added.has(to)).toBe(true);
    expect(schema.objects.Account.removeFields.sort()).toEqual(Object.keys(RENAMED_FIELDS).filter((f) => f.endsWith('__c')).sort());
    // mixed types, as a real org's custom fields are
    expect(new Set(UNRELATED_FIELDS.map((f) => added.get(f)))).toEqual(new Set(['picklist', 'double', 'currency', 'percent', 'boolean', 'date', 'textarea', 'string']));
    // the local org serves it: describe shows the new fields (the formula as calculated), not the removed ones
    const store = await OrgStore.loadDir(orgDir);
    const account = store.findObject('Account')!;
    expect(account.fields.some((f) => f.name === 'Region__c')).toBe(false);
    expect(account.fields.find((f) => f.name === 'Sales_Region__c')?.type).toBe('picklist');
    expect(account.fields.find((f) => f.name === LABEL_FORMULA_FIELD)).toMatchObject({ calculated: true, calculatedFormula: 'IF(Converted_To_SQL__c, 1, 0)' });
    expect(store.get('Account', String(custom[0].Id))?.Sales_Region__c).toEqual(custom[0].Sales_Region__c);
    // unrelated fields are filled in part, never from the label
    const filled = (f: string) => custom.filter((a) => a[f] !== null && a[f] !== undefined).length;
    expect(filled('Seats_Licensed__c')).toBeGreaterThan(200);
    expect(filled('Seats_Licensed__c')).toBeLessThan(400);
  });
});
