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

/**
 * Flag parser for one --ids value: a single Account Id, or several separated by commas (kept
 * for scripts written that way). Returns the checked Ids joined by commas; `splitIds` undoes it.
 * The flag must not declare `delimiter: ','`: the sf CLI then warns about the array format on
 * any comma on the command line.
 */
export function accountIdsParser(messages: Messages<string>): (input: string) => Promise<string> {
  const one = accountIdParser(messages);
  return async (input) => {
    const ids: string[] = [];
    for (const part of input.split(',')) if (part.trim()) ids.push(await one(part));
    if (!ids.length) throw messages.createError('error.InvalidId', [input]);
    return ids.join(',');
  };
}

/** The Ids of a repeated --ids flag (each value one Id or a comma-separated list), in order, without repeats. */
export function splitIds(values: readonly string[] | undefined): string[] | undefined {
  return values ? [...new Set(values.flatMap((v) => v.split(',')))] : undefined;
}
