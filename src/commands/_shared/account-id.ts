import type { Messages } from '@salesforce/core';
import { isValidId } from '../../local-org/ids.js';

/**
 * Flag parser for an Account Id: trimmed, a valid 15- or 18-character Id starting with 001;
 * anything else throws the command's own `error.InvalidId` (each command words its actions).
 */
export function accountIdParser(messages: Messages<string>): (input: string) => Promise<string> {
  return async (id) => {
    const trimmed = id.trim();
    if (!isValidId(trimmed) || !trimmed.startsWith('001')) throw messages.createError('error.InvalidId', [trimmed]);
    return trimmed;
  };
}
