// The standard Opportunity sales stages of a new Salesforce org (Setup > Opportunity Stages),
// in their sort order, with the default probability and the closed/won flags each stage sets
// on the Opportunity. The local org seeds its OpportunityStage records from this list.
export interface StageDef {
  name: string;
  probability: number;
  isClosed: boolean;
  isWon: boolean;
  forecastCategory: 'Pipeline' | 'BestCase' | 'Commit' | 'Closed' | 'Omitted';
}

export const STANDARD_STAGES: readonly StageDef[] = [
  { name: 'Prospecting', probability: 10, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Qualification', probability: 10, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Needs Analysis', probability: 20, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Value Proposition', probability: 50, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Id. Decision Makers', probability: 60, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Perception Analysis', probability: 70, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Proposal/Price Quote', probability: 75, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Negotiation/Review', probability: 90, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Closed Won', probability: 100, isClosed: true, isWon: true, forecastCategory: 'Closed' },
  { name: 'Closed Lost', probability: 0, isClosed: true, isWon: false, forecastCategory: 'Omitted' },
];

export const STANDARD_STAGE_NAMES: readonly string[] = STANDARD_STAGES.map((s) => s.name);
