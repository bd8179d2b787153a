import type { Messages } from '@salesforce/core';
import { InvalidAccountIdError, parseAccountId } from '../../salesforce/ids.js';

/**
 * Flag parser for an Account Id (salesforce/ids.ts decides what is one); anything else throws
 * the command's own `error.InvalidId` (each command words its actions).
 */
export function accountIdParser(messages: Messages<string>): (input: string) => Promise<string> {
  return async (id) => {
    try {
      return parseAccountId(id);
    } catch (e) {
      if (e instanceof InvalidAccountIdError) throw messages.createError('error.InvalidId', [id.trim()]);
      throw e;
    }
  };
}
