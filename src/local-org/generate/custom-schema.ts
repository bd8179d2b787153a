// The "customer's own schema" variant of a generated org: the eleven fields the shipped spec
// reads are renamed (the six custom ones replaced, the five standard ones left empty with their
// values in custom fields, as orgs that track revenue or country in their own fields do), ten
// custom fields unrelated to the outcome are added, one leakage field whose value is set by
// the conversion, and a formula field that reads the label. Written as data and as `<orgdir>/schema.json` (the per-org schema the local
// org loads). It tests that a spec inferred from the org's own fields works end to end.
import { Rng } from './prng.js';

/** Where each demo field's values go. Standard fields stay in the schema, empty. */
export const RENAMED_FIELDS: Readonly<Record<string, string>> = {
  AnnualRevenue: 'Revenue_USD__c',
  NumberOfEmployees: 'Headcount__c',
  Type: 'Account_Category__c',
  Industry: 'Vertical__c',
  BillingCountry: 'HQ_Country__c',
  Region__c: 'Sales_Region__c',
  GTM_Segment__c: 'Market_Segment__c',
  ABM_Group__c: 'Target_Tier__c',
  Persona__c: 'Buyer_Persona__c',
  Current_Technology__c: 'Incumbent_Tool__c',
  Researcher_Notes__c: 'SDR_Notes__c',
};
const REMOVED_CUSTOM = ['Region__c', 'GTM_Segment__c', 'ABM_Group__c', 'Persona__c', 'Current_Technology__c', 'Researcher_Notes__c'];

/** Set from the outcome: "Sales Qualified" for every converted account, an earlier stage for the others. */
export const LEAKAGE_FIELD = 'Lifecycle_Stage__c';

/** A formula field that reads the label (as orgs have for reports): a feature must never read it. */
export const LABEL_FORMULA_FIELD = 'Converted_Flag__c';

/** Custom fields unrelated to the outcome (drawn from their own random stream). */
export const UNRELATED_FIELDS = [
  'Partner_Program__c', 'Seats_Licensed__c', 'Contract_Value__c', 'Discount_Rate__c', 'Is_Reference_Customer__c',
  'First_Meeting_Date__c', 'Account_Summary__c', 'Parent_Account_Number__c', 'Support_Tier__c', 'NPS_Score__c',
] as const;

const PICK = {
  category: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other'],
  industry: [
    'Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education', 'Electronics',
    'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage', 'Government', 'Healthcare', 'Hospitality', 'Insurance',
    'Machinery', 'Manufacturing', 'Media', 'Not For Profit', 'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation',
    'Utilities', 'Other',
  ],
  region: ['North America', 'EMEA', 'APAC', 'LATAM'],
  segment: ['SMB', 'Mid-Market', 'Enterprise'],
  tier: ['Tier 1', 'Tier 2', 'Tier 3'],
  persona: ['Talent Acquisition', 'HR Operations', 'Sales Leadership', 'Founder', 'Finance', 'IT'],
  partner: ['None', 'Silver', 'Gold', 'Platinum'],
  support: ['Basic', 'Standard', 'Premium'],
  stage: ['Lead', 'Marketing Qualified', 'Sales Qualified'],
};

/** The per-org schema (`schema.json`): the contract the local org's loader reads. */
export function customSchemaJson(labelField: string): Record<string, unknown> {
  const picklist = (name: string, label: string, values: readonly string[]) => ({ name, label, type: 'picklist', picklist: values, length: 255 });
  return {
    objects: {
      Account: {
        removeFields: REMOVED_CUSTOM,
        addFields: [
          { name: 'Revenue_USD__c', label: 'Revenue (USD)', type: 'currency', precision: 18, scale: 0 },
          { name: 'Headcount__c', label: 'Headcount', type: 'double', precision: 18, scale: 0 },
          picklist('Account_Category__c', 'Account Category', PICK.category),
          picklist('Vertical__c', 'Vertical', PICK.industry),
          { name: 'HQ_Country__c', label: 'HQ Country', type: 'string', length: 80 },
          picklist('Sales_Region__c', 'Sales Region', PICK.region),
          picklist('Market_Segment__c', 'Market Segment', PICK.segment),
          picklist('Target_Tier__c', 'Target Tier', PICK.tier),
          picklist('Buyer_Persona__c', 'Buyer Persona', PICK.persona),
          { name: 'Incumbent_Tool__c', label: 'Incumbent Tool', type: 'string', length: 255 },
          { name: 'SDR_Notes__c', label: 'SDR Notes', type: 'textarea', length: 131072 },
          picklist('Partner_Program__c', 'Partner Program', PICK.partner),
          { name: 'Seats_Licensed__c', label: 'Seats Licensed', type: 'double', precision: 18, scale: 0 },
          { name: 'Contract_Value__c', label: 'Contract Value', type: 'currency', precision: 18, scale: 2 },
          { name: 'Discount_Rate__c', label: 'Discount Rate', type: 'percent', precision: 5, scale: 2 },
          { name: 'Is_Reference_Customer__c', label: 'Reference Customer', type: 'boolean' },
          { name: 'First_Meeting_Date__c', label: 'First Meeting Date', type: 'date' },
          { name: 'Account_Summary__c', label: 'Account Summary', type: 'textarea', length: 32768 },
          { name: 'Parent_Account_Number__c', label: 'Parent Account Number', type: 'string', length: 40 },
          picklist('Support_Tier__c', 'Support Tier', PICK.support),
          { name: 'NPS_Score__c', label: 'NPS Score', type: 'double', precision: 3, scale: 0 },
          picklist(LEAKAGE_FIELD, 'Lifecycle Stage', PICK.stage),
          {
            name: LABEL_FORMULA_FIELD,
            label: 'Converted (formula)',
            type: 'double',
            precision: 1,
            scale: 0,
            calculated: true,
            calculatedFormula: `IF(${labelField}, 1, 0)`,
          },
        ],
      },
    },
  };
}

const SUMMARY = [
  'Reviewed at the quarterly account planning session.',
  'Key contacts mapped; no open items from the last review.',
  'Account moved to the new territory model this year.',
  'Billing contact changed after the office move.',
  'Legal asked for the standard data processing addendum.',
  'Shared the product roadmap deck with the team.',
];

const STREAM = 0x5c4e_a11d;

/**
 * The account as the custom-schema org holds it: demo fields under their new names (standard
 * ones emptied), unrelated fields from their own stream, the leakage field from the label.
 */
export function toCustomSchemaAccount(account: Record<string, unknown>, seed: number, index: number, labelField: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(account)) {
    const to = RENAMED_FIELDS[k];
    if (to) {
      out[to] = v;
      if (!REMOVED_CUSTOM.includes(k)) out[k] = null;
    } else out[k] = v;
  }
  const r = Rng.forKey(seed, index, STREAM);
  const maybe = <T>(p: number, v: () => T): T | null => (r.chance(p) ? v() : null);
  const day = (from: number, span: number) => new Date(Date.UTC(2024, 0, 1) + (from + r.int(0, span)) * 86_400_000).toISOString().slice(0, 10);
  out.Partner_Program__c = r.pick(PICK.partner);
  out.Seats_Licensed__c = maybe(0.7, () => r.int(1, 500));
  out.Contract_Value__c = maybe(0.5, () => Math.round(r.next() * 5_000_000) / 100);
  out.Discount_Rate__c = maybe(0.6, () => r.int(0, 40));
  out.Is_Reference_Customer__c = r.chance(0.12);
  out.First_Meeting_Date__c = maybe(0.55, () => day(0, 900));
  out.Account_Summary__c = maybe(0.4, () => `${r.pick(SUMMARY)} ${r.pick(SUMMARY)}`);
  out.Parent_Account_Number__c = maybe(0.15, () => `PA-${String(r.int(1, 99999)).padStart(5, '0')}`);
  out.Support_Tier__c = maybe(0.8, () => r.pick(PICK.support));
  out.NPS_Score__c = maybe(0.3, () => r.int(-100, 100));
  out[LEAKAGE_FIELD] = account[labelField] === true ? 'Sales Qualified' : r.chance(0.3) ? 'Marketing Qualified' : 'Lead';
  out[LABEL_FORMULA_FIELD] = account[labelField] === true ? 1 : 0;
  return out;
}
