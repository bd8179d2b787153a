import { describe, expect, it } from '@jest/globals';
import { parseLabelDefinition, describeLabel } from '../../src/sync/label-definition.js';
import { missingOpportunityFields, reachedStage, resolveStage, type StageInfo } from '../../src/sync/read-opportunity-outcomes.js';
import { STANDARD_STAGES } from '../../src/local-org/opportunity-stages.js';

const stages: StageInfo[] = STANDARD_STAGES.map((s, i) => ({ apiName: s.name, label: s.name, sortOrder: i + 1, isClosed: s.isClosed, isWon: s.isWon }));
const order = new Map(stages.map((s) => [s.apiName, s.sortOrder]));
const opp = (stageName: string) => {
  const s = stages.find((x) => x.apiName === stageName)!;
  return { stageName, isWon: s.isWon, isClosed: s.isClosed };
};

describe('label definitions', () => {
  it('validates the three kinds and rejects anything else with the problem named', () => {
    expect(parseLabelDefinition({ kind: 'opportunity-created', withinDays: 90 })).toEqual({ kind: 'opportunity-created', withinDays: 90 });
    expect(describeLabel(parseLabelDefinition({ kind: 'opportunity-stage', stage: 'Closed Won' }))).toBe('Opportunity reached stage "Closed Won"');
    expect(describeLabel({ kind: 'field', field: 'Converted_To_SQL_Date__c', withinDays: 30 })).toBe('Converted_To_SQL_Date__c within 30 days of CreatedDate');
    expect(() => parseLabelDefinition({ kind: 'opportunity-created' })).toThrow(/withinDays/);
    expect(() => parseLabelDefinition({ kind: 'opportunity-created', withinDays: 0 })).toThrow(/withinDays/);
    expect(() => parseLabelDefinition({ kind: 'opportunity-stage', stage: 'Won', field: 'x' })).toThrow(/field/);
    expect(() => parseLabelDefinition({ kind: 'lead' })).toThrow(/kind/);
  });
});

describe('Opportunity stage rules', () => {
  it('resolves a stage by API name or label in any case, and lists the valid stages in order otherwise', () => {
    expect(resolveStage(stages, 'closed won').apiName).toBe('Closed Won');
    expect(() => resolveStage(stages, 'Won')).toThrow(
      '"Won" is not an active Opportunity stage in this org. Valid stages, in order: Prospecting, Qualification, Needs Analysis, Value Proposition, Id. Decision Makers, Perception Analysis, Proposal/Price Quote, Negotiation/Review, Closed Won, Closed Lost.',
    );
  });

  it('open stage: that stage, a later open one or a won one; never a lost one', () => {
    const target = resolveStage(stages, 'Proposal/Price Quote');
    expect(reachedStage(target, order, opp('Proposal/Price Quote'))).toBe(true);
    expect(reachedStage(target, order, opp('Negotiation/Review'))).toBe(true);
    expect(reachedStage(target, order, opp('Closed Won'))).toBe(true);
    expect(reachedStage(target, order, opp('Perception Analysis'))).toBe(false);
    expect(reachedStage(target, order, opp('Closed Lost'))).toBe(false);
    expect(reachedStage(target, order, { stageName: 'Retired stage', isWon: false, isClosed: false })).toBe(false);
  });

  it('won stage: IsWon; lost stage: that stage only', () => {
    const won = resolveStage(stages, 'Closed Won');
    expect(reachedStage(won, order, opp('Closed Won'))).toBe(true);
    expect(reachedStage(won, order, opp('Negotiation/Review'))).toBe(false);
    expect(reachedStage(won, order, opp('Closed Lost'))).toBe(false);
    const lost = resolveStage(stages, 'Closed Lost');
    expect(reachedStage(lost, order, opp('Closed Lost'))).toBe(true);
    expect(reachedStage(lost, order, opp('Closed Won'))).toBe(false);
  });

  it('names every Opportunity field the running user cannot read', () => {
    expect(missingOpportunityFields([{ name: 'AccountId', type: 'reference' }, { name: 'CreatedDate', type: 'datetime' }, { name: 'StageName', type: 'picklist' }])).toEqual([
      'Opportunity.IsWon is missing or not readable by this user',
      'Opportunity.IsClosed is missing or not readable by this user',
    ]);
  });
});
