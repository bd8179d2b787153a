import { describe, it, expect } from '@jest/globals';
import {
  defaultFeatureSpec,
  describeValue,
  emptyContactAggregate,
  encodeBatch,
  featureLabels,
  featureNames,
  fitFeatureSpec,
  parseFeatureSpec,
  parseFittedFeatureSpec,
  requiredAccountFields,
  requiredContactFields,
  unknownContactAggregate,
  FeatureSpecError,
  type AccountInput,
} from '../../src/features/index.js';

const acct = (account: Record<string, unknown>, contacts = emptyContactAggregate()): AccountInput => ({ account, contacts });

const inputs: AccountInput[] = [
  acct(
    {
      Id: '001000000000001AAA',
      AnnualRevenue: 40_000_000,
      NumberOfEmployees: 1200,
      Industry: 'Software',
      BillingCountry: 'USA',
      GTM_Segment__c: 'Enterprise',
      Current_Technology__c: 'greenhouse.io',
      Researcher_Notes__c: 'Raised $40M Series B in March; hiring 12 SDRs across Austin and Dublin; new VP Talent since Q2',
    },
    { contactCount: 4, atlCount: 1, btlCount: 2, otherCount: 1, freeMailCount: 1, withEmailCount: 2 },
  ),
  acct({ Id: '001000000000002AAA', Industry: 'Retail', BillingCountry: 'United States', Current_Technology__c: 'Greenhouse ATS' }),
  acct({ Id: '001000000000003AAA', Industry: 'Software', BillingCountry: 'Germany', Current_Technology__c: 'Lever', GTM_Segment__c: 'SMB' }),
  acct({ Id: '001000000000004AAA', Industry: 'Healthcare', BillingCountry: 'N/A', Current_Technology__c: 'Taleo', NumberOfEmployees: 0 }),
];

function row(fitted: ReturnType<typeof fitFeatureSpec>, r: number): Record<string, string> {
  const b = encodeBatch(fitted, inputs);
  return Object.fromEntries(featureNames(fitted).map((n, i) => [n, describeValue(fitted, i, b.data[r * b.cols + i])]));
}

describe('default spec', () => {
  it('ships 40-60 features with unique ids and human labels', () => {
    const fitted = fitFeatureSpec(defaultFeatureSpec(), inputs);
    const names = featureNames(fitted);
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names.length).toBeLessThanOrEqual(60);
    expect(new Set(names).size).toBe(names.length);
    const labels = featureLabels(fitted);
    expect(labels).toContain('Series B or later raised');
    expect(labels).toContain('Employees');
    expect(labels).toContain('Decision makers (ATL) contacts');
  });

  it('names the fields the reader must query', () => {
    const spec = defaultFeatureSpec();
    expect(requiredAccountFields(spec)).toEqual(
      expect.arrayContaining(['Id', 'AnnualRevenue', 'NumberOfEmployees', 'Industry', 'Current_Technology__c', 'Researcher_Notes__c']),
    );
    expect(requiredAccountFields(spec)).not.toContain('Converted_To_SQL__c');
    expect(requiredContactFields(spec)).toEqual(['Id', 'AccountId', 'Title', 'Email']);
  });
});

describe('fitFeatureSpec', () => {
  it('learns top-K vocabularies by count with alphabetical ties, normalising variants', () => {
    const fitted = fitFeatureSpec(defaultFeatureSpec(), inputs);
    expect(fitted.vocabularies.current_technology.map((e) => [e.label, e.count])).toEqual([
      ['Greenhouse', 2],
      ['Lever', 1],
      ['Taleo', 1],
    ]);
    expect(fitted.vocabularies.billing_country.map((e) => e.label)).toEqual(['United States', 'Germany']);
    expect(fitted.vocabularies.industry.map((e) => e.label)).toEqual(['Software', 'Healthcare', 'Retail']);
  });

  it('is deterministic and round-trips through JSON (as stored in model metadata)', () => {
    const a = fitFeatureSpec(defaultFeatureSpec(), inputs);
    const b = fitFeatureSpec(defaultFeatureSpec(), [...inputs].reverse());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const loaded = parseFittedFeatureSpec(JSON.stringify(a));
    expect(Array.from(encodeBatch(loaded, inputs).data)).toEqual(Array.from(encodeBatch(a, inputs).data));
  });

  it('puts unseen values in "other" and blanks in "missing"', () => {
    const spec = defaultFeatureSpec();
    spec.categorical.find((c) => c.id === 'current_technology')!.topK = 1;
    const fitted = fitFeatureSpec(spec, inputs);
    const i = featureNames(fitted).indexOf('current_technology');
    const b = encodeBatch(fitted, [acct({ Current_Technology__c: 'Lever' }), acct({ Current_Technology__c: 'n/a' }), acct({})]);
    expect([0, 1, 2].map((r) => describeValue(fitted, i, b.data[r * b.cols + i]))).toEqual(['(other)', '(missing)', '(missing)']);
  });
});

describe('encodeBatch', () => {
  const fitted = fitFeatureSpec(defaultFeatureSpec(), inputs);

  it('produces a row-major Float32Array with readable values', () => {
    const b = encodeBatch(fitted, inputs);
    expect(b.data).toBeInstanceOf(Float32Array);
    expect([b.rows, b.cols, b.data.length]).toEqual([4, featureNames(fitted).length, 4 * featureNames(fitted).length]);
    expect(row(fitted, 0)).toMatchObject({
      annual_revenue: '$40M',
      annual_revenue_missing: 'no',
      employees: '1,200',
      industry: 'Software',
      current_technology: 'Greenhouse',
      notes_missing: 'no',
      notes_funding: 'yes',
      notes_round: 'Series B',
      notes_amount: '$40M',
      notes_hiring_locations: '2',
      notes_series_b_plus: 'yes',
      notes_multi_location: 'yes',
      contacts_atl: '1',
      contacts_has_atl: 'yes',
      contacts_atl_share: '25%',
      contacts_freemail_share: '50%',
      revenue_per_employee: '$33.3K',
    });
  });

  it('keeps NaN for missing numerics and sets the explicit missing flags', () => {
    const b = encodeBatch(fitted, inputs);
    const names = featureNames(fitted);
    const at = (r: number, id: string) => b.data[r * b.cols + names.indexOf(id)];
    expect(at(1, 'annual_revenue')).toBeNaN();
    expect(at(1, 'annual_revenue_missing')).toBe(1);
    expect(at(1, 'notes_missing')).toBe(1);
    expect(at(1, 'notes_hiring')).toBeNaN();
    expect(at(1, 'notes_series_b_plus')).toBeNaN();
    expect(row(fitted, 1).notes_round).toBe('(missing)');
    // Zero employees is a value, not missing; revenue per employee is undefined then.
    expect(at(3, 'employees')).toBe(0);
    expect(at(3, 'revenue_per_employee')).toBeNaN();
  });

  it('encodes unknown contacts as missing, not as zero', () => {
    const b = encodeBatch(fitted, [acct({}, unknownContactAggregate())]);
    const names = featureNames(fitted);
    expect(b.data[names.indexOf('contacts_total')]).toBeNaN();
    expect(b.data[names.indexOf('contacts_has_atl')]).toBeNaN();
  });

  it('names the account and field of a non-numeric value', () => {
    expect(() => encodeBatch(fitted, [acct({ Id: '001000000000009AAA', AnnualRevenue: 'abc' })])).toThrow(
      /Account 001000000000009AAA, field AnnualRevenue: "abc" is not a number/,
    );
    expect(() => encodeBatch(fitted, [acct({ NumberOfEmployees: true })])).toThrow(/Row 1, field NumberOfEmployees/);
  });

  it('follows an edited spec: dropping a field and adding one needs no code', () => {
    const spec = defaultFeatureSpec();
    spec.categorical = spec.categorical.filter((c) => c.id !== 'persona');
    spec.numeric.push({ id: 'open_roles', field: 'Open_Roles__c', label: 'Open roles', transform: 'none', missingFlag: false, format: 'integer' });
    const f = fitFeatureSpec(parseFeatureSpec(JSON.stringify(spec)), inputs);
    expect(featureNames(f)).not.toContain('persona');
    const b = encodeBatch(f, [acct({ Open_Roles__c: 7 })]);
    expect(b.data[featureNames(f).indexOf('open_roles')]).toBe(7);
  });
});

describe('spec validation', () => {
  it('reports every problem with its location', () => {
    const spec = JSON.parse(JSON.stringify(defaultFeatureSpec()));
    spec.numeric[0].id = 'Bad Id';
    spec.notes.signals[0].patterns.push('([unclosed');
    spec.derived.push({ id: 'x', label: 'X', kind: 'threshold', source: 'nope', min: 1 });
    expect(() => parseFeatureSpec(spec)).toThrow(FeatureSpecError);
    try {
      parseFeatureSpec(spec);
    } catch (e) {
      expect((e as Error).message).toMatch(/numeric\.0\.id/);
    }
    spec.numeric[0].id = 'annual_revenue';
    expect(() => parseFeatureSpec(spec)).toThrow(/notes_funding.*\(\[unclosed/s);
    expect(() => parseFeatureSpec(spec)).toThrow(/derived feature x refers to unknown feature "nope"/);
  });

  it('rejects duplicate ids, bad JSON and a fitted spec without vocabularies', () => {
    const spec = defaultFeatureSpec();
    spec.numeric.push({ ...spec.numeric[0] });
    expect(() => parseFeatureSpec(spec)).toThrow(/"annual_revenue" is used twice/);
    expect(() => parseFittedFeatureSpec('{not json')).toThrow(/not valid JSON/);
    expect(() => parseFittedFeatureSpec(defaultFeatureSpec())).toThrow(/vocabularies/);
  });
});
