/**
 * The Account fields `sf score assign --apply` writes beside OwnerId, in the same update, so
 * each move carries its own history: who owned the account before and which plan moved it.
 * force-app metadata and the local org's describe are checked against this list by tests.
 */
export const ASSIGNMENT_FIELDS = {
  previousOwner: {
    name: 'Account_Score_Previous_Owner__c',
    type: 'string',
    length: 18,
    label: 'Account Score Previous Owner',
    help: 'Owner (User Id) before Account Score assignment last moved this account; sf score assign undo restores it.',
  },
  plan: {
    name: 'Account_Score_Assignment__c',
    type: 'string',
    length: 80,
    label: 'Account Score Assignment',
    help: 'The assignment plan that last moved this account, and when: "<plan id> <date time>".',
  },
} as const;

export const ASSIGNMENT_FIELD_NAMES = Object.values(ASSIGNMENT_FIELDS).map((f) => f.name);
