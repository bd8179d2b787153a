import { z } from 'zod';

/**
 * What "converted" means when training on an org. Validated at the boundary (command flags,
 * library callers):
 * - field: an Account checkbox (checked) or date field (set); with withinDays, a date at most
 *   that many days after the Account's CreatedDate.
 * - opportunity-created: the account has an Opportunity whose CreatedDate is at most withinDays
 *   days after the Account's CreatedDate. Accounts created less than withinDays ago without one
 *   are left out (their outcome isn't known yet).
 * - opportunity-stage: the account has an Opportunity that reached `stage` (an OpportunityStage
 *   API name): for an open stage, an open Opportunity at that stage or a later one in the org's
 *   stage order, or a won one; for a won stage, a won Opportunity; for a lost stage, one in that
 *   stage. Lost Opportunities don't count toward open stages: their current stage doesn't say how
 *   far they got.
 */
export const LabelDefinition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), field: z.string().min(1), withinDays: z.number().int().positive().optional() }).strict(),
  z.object({ kind: z.literal('opportunity-created'), withinDays: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('opportunity-stage'), stage: z.string().min(1) }).strict(),
]);
export type LabelDefinition = z.infer<typeof LabelDefinition>;

export function parseLabelDefinition(input: unknown): LabelDefinition {
  const r = LabelDefinition.safeParse(input);
  if (!r.success) {
    throw new Error(`Invalid label definition: ${r.error.issues.map((i) => `${i.path.join('.') || '(label)'}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}

/** One line for reports and the model card. */
export function describeLabel(label: LabelDefinition): string {
  switch (label.kind) {
    case 'field':
      return label.withinDays !== undefined ? `${label.field} within ${label.withinDays} days of CreatedDate` : label.field;
    case 'opportunity-created':
      return `Opportunity created within ${label.withinDays} days of the Account's CreatedDate`;
    case 'opportunity-stage':
      return `Opportunity reached stage "${label.stage}"`;
  }
}
