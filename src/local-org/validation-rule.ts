// A validation rule on a custom metadata type, as the org enforces it on every save.
import type { Stored } from './values.js';

export interface ValidationRule {
  fullName: string;
  errorDisplayField: string;
  errorMessage: string;
  /** the rule's errorConditionFormula: true = the record is rejected */
  fails(v: Record<string, Stored>): boolean;
}
