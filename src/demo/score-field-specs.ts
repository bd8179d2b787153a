// The product's score fields as the local org's field specs: the local org does not import the
// product, so whoever starts it passes what the product writes (as force-app deploys it).
import type { FieldSpecInput } from '../local-org/index.js';
import { ASSIGNMENT_FIELDS } from '../salesforce/assignment-fields.js';
import { SCORE_FIELDS } from '../salesforce/score-fields.js';

export function scoreFieldSpecs(): FieldSpecInput[] {
  return Object.values(SCORE_FIELDS).map((s): FieldSpecInput => {
    switch (s.type) {
      case 'double':
        return { name: s.name, label: s.label, type: 'double', precision: s.precision, scale: s.scale };
      case 'picklist':
        return { name: s.name, label: s.label, type: 'picklist', picklist: [...s.values], restricted: true };
      case 'textarea':
        return { name: s.name, label: s.label, type: 'textarea', length: s.length };
      case 'datetime':
        return { name: s.name, label: s.label, type: 'datetime' };
      case 'string':
        return { name: s.name, label: s.label, type: 'string', length: s.length };
    }
  });
}

/** The fields `sf score assign --apply` writes beside OwnerId. */
export function assignmentFieldSpecs(): FieldSpecInput[] {
  return Object.values(ASSIGNMENT_FIELDS).map((s): FieldSpecInput => ({ name: s.name, label: s.label, type: 'string', length: s.length }));
}

/** The extra fields a local org needs for the product to sync into it and assign from it. */
export function scoreOrgFields(): { Account: FieldSpecInput[] } {
  return { Account: [...scoreFieldSpecs(), ...assignmentFieldSpecs()] };
}
