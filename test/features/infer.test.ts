import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  describeValue,
  emptyContactAggregate,
  encodeBatch,
  featureColumns,
  featureNames,
  fitFeatureSpec,
  FeatureInputError,
  parseFeatureSpec,
  parseFittedFeatureSpec,
  requiredAccountFields,
} from '../../src/features/index.js';
import { checkLabelValues, featureIdOf, inferFeatureSpec, readLabel } from '../../src/features/infer/index.js';
import { loadModel, META } from '../../src/model/index.js';

const inputs = (rows: Record<string, unknown>[]) => rows.map((account) => ({ account, contacts: emptyContactAggregate() }));

describe('spec kinds: boolean, date age, text length, has a value', () => {
  const spec = parseFeatureSpec({
    version: 1,
    name: 't',
    boolean: [{ id: 'partner', field: 'Partner', label: 'Partner' }],
    date: [{ id: 'first_meeting', field: 'First_Meeting__c', label: 'First meeting' }],
    textLength: [{ id: 'summary_length', field: 'Summary__c', label: 'Summary length' }],
    presence: [{ id: 'parent_set', field: 'Parent__c', label: 'Parent set' }],
  });
  const fitted = fitFeatureSpec(spec, []);
  const asOf = new Date('2026-11-01T00:00:00Z');

  it('encodes each kind, with NaN for a blank yes/no or date and a missing flag for dates', () => {
    expect(featureNames(fitted)).toEqual(['partner', 'first_meeting', 'first_meeting_missing', 'summary_length', 'parent_set']);
    expect(requiredAccountFields(spec)).toEqual(['Id', 'Partner', 'First_Meeting__c', 'Summary__c', 'Parent__c']);
    const enc = encodeBatch(
      fitted,
      inputs([
        { Partner: 'Yes', First_Meeting__c: '2026-10-22', Summary__c: '  Reviewed.  ', Parent__c: '001000000000001AAA' },
        { Partner: false, First_Meeting__c: '2026-10-31T12:00:00.000+0000', Summary__c: null, Parent__c: ' ' },
        { Partner: '', First_Meeting__c: null, Summary__c: 'x', Parent__c: null },
      ]),
      { asOf },
    );
    expect(Array.from(enc.data.subarray(0, 5))).toEqual([1, 10, 0, 9, 1]);
    expect(Array.from(enc.data.subarray(5, 10))).toEqual([0, 0, 0, 0, 0]);
    const third = Array.from(enc.data.subarray(10, 15));
    expect(third[0]).toBeNaN();
    expect(third[1]).toBeNaN();
    expect(third.slice(2)).toEqual([1, 1, 0]);
    expect(describeValue(fitted, 1, 10)).toBe('10 days ago');
    expect(describeValue(fitted, 1, -3)).toBe('in 3 days');
    expect(describeValue(fitted, 0, 1)).toBe('yes');
  });

  it('names the record and field of a value that is not yes/no or not a date', () => {
    expect(() => encodeBatch(fitted, inputs([{ Id: '001A', Partner: 'sometimes' }]))).toThrow(FeatureInputError);
    expect(() => encodeBatch(fitted, inputs([{ Id: '001A', Partner: 'sometimes' }]))).toThrow(/Account 001A, field Partner: "sometimes" is not a yes\/no value/);
    expect(() => encodeBatch(fitted, inputs([{ First_Meeting__c: 'next week' }]))).toThrow(/Row 1, field First_Meeting__c: "next week" is not a date/);
  });

  it('an old model file (its spec has none of the new keys) loads with the same 48 columns in the same order', async () => {
    const model = await loadModel('model/account-score.onnx');
    const raw = JSON.parse(model.metadata[META.featureSpec]) as Record<string, unknown>;
    await model.session.release();
    expect('boolean' in raw).toBe(false);
    const parsed = parseFittedFeatureSpec(raw);
    expect(parsed.opportunities).toBeUndefined();
    expect(featureNames(parsed)).toEqual(model.featureNames);
    expect(featureColumns(parsed)).toHaveLength(48);
  });
});

describe('inferFeatureSpec', () => {
  const rows: Record<string, unknown>[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 400; i++) {
    const y = i % 4 === 0 ? 1 : 0;
    labels.push(y);
    rows.push({
      Ref: `R-${i}`,
      Seats: i % 7 === 0 ? '' : String((i * 37) % 500),
      Price: `${((i * 13) % 1000) / 10}`,
      Active: i % 3 === 0 ? 'Y' : 'N',
      Since: `2025-${String((i % 12) + 1).padStart(2, '0')}-15`,
      Plan: ['Basic', 'Pro', 'Team'][i % 3],
      Summary: i % 3 ? `Spoke with the team about the renewal plans and the rollout timeline for account ${i}.` : '',
      Blank: '',
      Same: 'x',
      Won_Date: y ? '2026-01-01' : '',
      Outcome: y ? 'Signed' : ['Open', 'Stalled'][i % 2],
    });
  }
  const r = inferFeatureSpec({ name: 't', candidates: Object.keys(rows[0]).map((field) => ({ field })), rows, labels: Uint8Array.from(labels), labelName: 'Won', base: parseFeatureSpec({ version: 1, name: 'empty-base' }) });
  const reason = (f: string) => r.excluded.find((e) => e.field === f)?.reason;

  it('reads each column\'s type from its values', () => {
    expect(r.spec.numeric.map((n) => [n.field, n.format, n.missingFlag])).toEqual([
      ['Seats', 'integer', true],
      ['Price', 'number', false],
    ]);
    expect(r.spec.boolean.map((b) => b.field)).toEqual(['Active']);
    expect(r.spec.date.map((d) => d.field)).toEqual(['Since']);
    expect(r.spec.categorical.map((c) => [c.field, c.topK])).toEqual([['Plan', 3]]);
    expect(r.spec.textLength.map((t) => t.field)).toEqual(['Summary']);
    expect(r.spec.presence.map((t) => t.field)).toEqual(['Summary']);
    for (const f of [...r.spec.numeric, ...r.spec.boolean, ...r.spec.date, ...r.spec.categorical]) expect(f.why).toBeTruthy();
  });

  it('leaves out identifiers, empty and constant columns and leakage suspects, each with its reason', () => {
    expect(reason('Ref')).toMatch(/an identifier or name: 400 distinct values in 400 filled rows/);
    expect(reason('Blank')).toBe('empty: no value in the 400 sample rows');
    expect(reason('Same')).toBe('constant: every sample row is "x"');
    expect(reason('Won_Date')).toMatch(/leakage suspect: filled for 100\.0% of sample rows with Won = yes and 0\.0% of the others/);
    expect(reason('Outcome')).toMatch(/leakage suspect: on its own it separates Won almost perfectly \(ROC-AUC 1\.000 on 400 sample rows\)/);
    expect(r.spec.excluded).toEqual(r.excluded);
  });

  it('feature ids are lower_snake from the field names; labels in usual spellings only', () => {
    expect(featureIdOf('Sales_Region__c')).toBe('sales_region');
    expect(featureIdOf('MonthlyCharges')).toBe('monthly_charges');
    expect(featureIdOf('2FA Enabled')).toBe('f_2fa_enabled');
    expect([readLabel('Won'), readLabel('lost'), readLabel(' YES '), readLabel('n'), readLabel('0'), readLabel(true), readLabel('maybe')]).toEqual([1, 0, 1, 0, 0, 1, null]);
    expect(() => checkLabelValues('Churn', ['Yes', 'No', '', 'Perhaps'])).toThrow(/Label column Churn holds values that are not a yes\/no outcome: \(blank\) ×1, "Perhaps" ×1/);
  });

  it('the telco export: every column but the id, types as a person would read them', async () => {
    const { inferSpecFromCsv } = await import('../../src/features/infer/index.js');
    const t = await inferSpecFromCsv('../shared/data/telco-churn.csv', { label: 'Churn', idColumn: 'customerID' });
    expect(t.rows).toBe(7043);
    expect(t.positives).toBe(1869);
    expect(t.spec.numeric.map((n) => n.field)).toEqual(['tenure', 'MonthlyCharges', 'TotalCharges']);
    expect(t.spec.boolean.map((b) => b.field)).toEqual(['SeniorCitizen', 'Partner', 'Dependents', 'PhoneService', 'PaperlessBilling']);
    expect(t.spec.categorical).toHaveLength(11);
    expect(readFileSync('../shared/data/telco-churn.csv', 'utf8').split('\n')[0].split(',')).toHaveLength(21);
  });
});
