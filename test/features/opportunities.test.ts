import { describe, it, expect } from '@jest/globals';
import { Readable } from 'node:stream';
import {
  createOpportunityAggregator,
  defaultFeatureSpec,
  defaultOpportunitiesSpec,
  describeValue,
  emptyContactAggregate,
  encodeBatch,
  featureNames,
  fitFeatureSpec,
  parseFeatureSpec,
  requiredOpportunityFields,
  unknownOpportunityAggregate,
  FeatureInputError,
  type AccountInput,
  type FeatureSpecInput,
} from '../../src/features/index.js';
import { readAccountCsv } from '../../src/features/csv.js';
import { inferFeatureSpec } from '../../src/features/infer/index.js';

const withOpps = (extra: Partial<FeatureSpecInput> = {}) =>
  parseFeatureSpec({
    version: 1,
    name: 'opps',
    numeric: [{ id: 'employees', field: 'NumberOfEmployees', label: 'Employees' }],
    opportunities: {
      features: [
        ...defaultOpportunitiesSpec().features,
        { id: 'has_won_opportunity', label: 'Has a won opportunity', kind: 'flag', of: 'wonCount' },
      ],
    },
    derived: [{ id: 'big', label: 'Big', kind: 'threshold', source: 'employees', min: 100 }],
    ...extra,
  });

describe('Opportunity aggregator', () => {
  it('counts all, won and open Opportunities per account; 15- and 18-char Ids match; Bulk text checkboxes read', () => {
    const agg = createOpportunityAggregator(withOpps());
    agg.add({ AccountId: '001000000000001AAA', IsWon: true, IsClosed: true });
    agg.add({ AccountId: '001000000000001', IsWon: false, IsClosed: false });
    agg.add({ AccountId: '001000000000001AAA', IsWon: 'false', IsClosed: 'true' });
    expect(agg.add({ AccountId: null, IsWon: false, IsClosed: false })).toBe(false);
    expect(agg.get('001000000000001AAA')).toEqual({ opportunityCount: 3, wonCount: 1, openCount: 1 });
    expect(agg.get('001000000000009AAA')).toEqual({ opportunityCount: 0, wonCount: 0, openCount: 0 });
    expect(agg.size).toBe(1);
  });

  it('names the Opportunity and field of a value that is not a checkbox', () => {
    const agg = createOpportunityAggregator(withOpps());
    expect(() => agg.add({ Id: '006000000000001AAA', AccountId: '001000000000001AAA', IsWon: 'maybe', IsClosed: true })).toThrow(
      'Opportunity 006000000000001AAA, field IsWon: "maybe" is not a checkbox value',
    );
  });

  it('reads only what the spec needs: nothing without an opportunities section', () => {
    expect(requiredOpportunityFields(withOpps())).toEqual(['Id', 'AccountId', 'IsWon', 'IsClosed']);
    expect(requiredOpportunityFields(defaultFeatureSpec())).toEqual([]);
  });
});

describe('encoding Opportunity roll-ups', () => {
  const fitted = fitFeatureSpec(withOpps(), []);
  const input = (opportunities?: AccountInput['opportunities']): AccountInput => ({
    account: { Id: '001000000000001AAA', NumberOfEmployees: 250 },
    contacts: emptyContactAggregate(),
    ...(opportunities ? { opportunities } : {}),
  });

  it('adds one column per roll-up after the contacts and before the derived features', () => {
    expect(featureNames(fitted)).toEqual(['employees', 'opportunity_count', 'won_opportunity_count', 'open_opportunity_count', 'has_won_opportunity', 'big']);
    const b = encodeBatch(fitted, [input({ opportunityCount: 3, wonCount: 1, openCount: 2 }), input({ opportunityCount: 0, wonCount: 0, openCount: 0 })]);
    expect(Array.from(b.data)).toEqual([250, 3, 1, 2, 1, 1, 250, 0, 0, 0, 0, 1]);
    expect(describeValue(fitted, 3, 2)).toBe('2');
    expect(describeValue(fitted, 4, 1)).toBe('yes');
  });

  it('encodes unknown Opportunities as missing, not as zero', () => {
    const b = encodeBatch(fitted, [input(unknownOpportunityAggregate())]);
    expect(Array.from(b.data.slice(1, 5)).every(Number.isNaN)).toBe(true);
  });

  it('fails, naming the account, when a reader did not read the roll-ups the spec needs', () => {
    expect(() => encodeBatch(fitted, [input()])).toThrow(FeatureInputError);
    expect(() => encodeBatch(fitted, [input()])).toThrow('Account 001000000000001AAA, field Opportunities: the feature spec has Opportunity roll-ups but none were read');
  });

  it('a spec without the section (every model before it) has the same columns as before and ignores Opportunities', () => {
    const plain = fitFeatureSpec(defaultFeatureSpec(), []);
    expect('opportunities' in JSON.parse(JSON.stringify(plain))).toBe(false);
    const names = featureNames(plain);
    expect(names.some((n) => n.includes('opportunit'))).toBe(false);
    const a: AccountInput = { account: { Id: '001000000000001AAA' }, contacts: emptyContactAggregate() };
    const b1 = encodeBatch(plain, [a]);
    const b2 = encodeBatch(plain, [{ ...a, opportunities: { opportunityCount: 5, wonCount: 5, openCount: 0 } }]);
    expect(b2.cols).toBe(names.length);
    expect(Array.from(b2.data)).toEqual(Array.from(b1.data));
  });

  it('rejects a roll-up of an unknown count and duplicate ids', () => {
    expect(() => withOpps({ opportunities: { features: [{ id: 'x', label: 'X', kind: 'count', of: 'lostCount' as 'wonCount' }] } })).toThrow(/opportunities\.features\.0\.of/);
    expect(() =>
      withOpps({ opportunities: { features: [{ id: 'employees', label: 'Dup', kind: 'count', of: 'wonCount' }] } }),
    ).toThrow(/feature id "employees" is used twice/);
  });
});

describe('CSV Opportunity count columns', () => {
  const spec = withOpps();
  it('reads OpportunityCount/WonOpportunityCount/OpenOpportunityCount; a missing column is unknown', async () => {
    const csv = 'Id,NumberOfEmployees,OpportunityCount,WonOpportunityCount\nA1,10,3,1\nA2,20,,0\n';
    const r = await readAccountCsv(Readable.from([csv]), { spec });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.rows[0].input.opportunities).toEqual({ opportunityCount: 3, wonCount: 1, openCount: NaN });
    expect(r.rows[1].input.opportunities).toEqual({ opportunityCount: NaN, wonCount: 0, openCount: NaN });
    const b = encodeBatch(fitFeatureSpec(spec, []), r.rows.map((x) => x.input));
    expect(b.data[1]).toBe(3);
  });

  it('names the line and column of a bad count, and warns when no column is there', async () => {
    const bad = await readAccountCsv(Readable.from(['Id,NumberOfEmployees,OpenOpportunityCount\nA1,10,2.5\nA2,20,x\n']), { spec });
    expect(bad.errors).toEqual([
      { line: 2, field: 'OpenOpportunityCount', message: '"2.5" is not a count (whole number >= 0)' },
      { line: 3, field: 'OpenOpportunityCount', message: '"x" is not a number' },
    ]);
    const none = await readAccountCsv(Readable.from(['Id,NumberOfEmployees\nA1,10\n']), { spec });
    expect(none.warnings.join('\n')).toMatch(/No Opportunity data .*Opportunity features are missing for every row/);
    expect(Number.isNaN(none.rows[0].input.opportunities!.openCount)).toBe(true);
  });
});

describe('inferring Opportunity roll-ups', () => {
  const rows = Array.from({ length: 40 }, (_, i) => ({ Seats: String(i * 7) }));
  const base = parseFeatureSpec({ version: 1, name: 'empty-base' });
  it('adds them when Opportunities are readable, with why they are there', () => {
    const r = inferFeatureSpec({ name: 't', candidates: [{ field: 'Seats' }], rows, opportunities: true, base });
    expect(r.spec.opportunities?.features.map((f) => f.label)).toEqual(['Opportunities', 'Won opportunities', 'Open opportunities']);
    expect(r.spec.opportunities?.why).toMatch(/history at scoring time/);
  });
  it('lists them as excluded with the reason otherwise', () => {
    const r = inferFeatureSpec({ name: 't', candidates: [{ field: 'Seats' }], rows, opportunities: 'the label is defined from Opportunities', base });
    expect(r.spec.opportunities).toBeUndefined();
    expect(r.excluded).toContainEqual({ field: 'Opportunity roll-ups', reason: 'the label is defined from Opportunities' });
  });
});
