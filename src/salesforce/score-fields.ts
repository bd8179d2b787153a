import { z } from 'zod';

/**
 * The Account fields the worker writes. One source of truth: force-app metadata, the local
 * org's describe and the writer are all checked against this list by tests.
 */
export const SCORE_FIELDS = {
  score: {
    name: 'Account_Score__c',
    type: 'double',
    precision: 5,
    scale: 2,
    label: 'Account Score',
    help: 'Relative likelihood (0-100) that this account converts, from the Account Score model. Not a percent chance: compare accounts with it.',
  },
  percentile: {
    name: 'Account_Score_Percentile__c',
    type: 'double',
    precision: 3,
    scale: 0,
    label: 'Account Score Percentile',
    help: 'Where this account ranks among all scored accounts (1-100): 95 means it scores higher than about 94% of them.',
  },
  tier: {
    name: 'Account_Score_Tier__c',
    type: 'picklist',
    values: ['Hot', 'Warm', 'Cold'],
    label: 'Account Score Tier',
    help: 'Hot, Warm or Cold, from the score and the thresholds your admin set in Account Score Settings.',
  },
  factors: {
    name: 'Account_Score_Factors__c',
    type: 'textarea',
    length: 32768,
    label: 'Account Score Factors',
    help: 'The reasons behind the score, as versioned JSON written by the Account Score worker and shown by the Account Score panel. Do not edit.',
  },
  scoredAt: {
    name: 'Account_Score_Date__c',
    type: 'datetime',
    label: 'Account Score Date',
    help: 'When the Account Score worker last computed this score.',
  },
  modelVersion: {
    name: 'Account_Score_Model_Version__c',
    type: 'string',
    length: 80,
    label: 'Account Score Model Version',
    help: 'The version of the scoring model that produced the score.',
  },
  previousScore: {
    name: 'Account_Score_Previous__c',
    type: 'double',
    precision: 5,
    scale: 2,
    label: 'Previous Account Score',
    help: 'The score before the latest change, so the trend can be shown.',
  },
  probability: {
    name: 'Account_Score_Probability__c',
    type: 'double',
    precision: 6,
    scale: 5,
    label: 'Account Score Expected Conversion',
    help: "The model's estimate (0 to 1) that this account converts. Add them up over a book for its expected conversions.",
  },
} as const;

export type ScoreFieldKey = keyof typeof SCORE_FIELDS;
export const SCORE_FIELD_NAMES = Object.values(SCORE_FIELDS).map((f) => f.name);

/** Importance bucket of a factor, relative to the account's other factors. */
export const FactorImportance = z.enum(['low', 'medium', 'high']);

/**
 * Shape of Account_Score_Factors__c, version 1. Short keys keep 10 factors well under the
 * field length; the LWC reads this shape and shows an error state for anything else.
 */
export const FactorsPayloadV1 = z.object({
  v: z.literal(1),
  /** model version that produced the factors */
  m: z.string(),
  /** expected score (the model's baseline in score points) */
  b: z.number(),
  f: z.array(
    z.object({
      /** feature id in the model's feature spec */
      k: z.string(),
      /** human label, e.g. "Series B raised" */
      l: z.string(),
      /** the account's value, displayable, e.g. "yes", "$40M", "(missing)" */
      v: z.string(),
      /** signed contribution in score points */
      c: z.number(),
      i: FactorImportance,
    }),
  ),
});
export type FactorsPayloadV1 = z.infer<typeof FactorsPayloadV1>;
