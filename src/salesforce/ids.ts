// Salesforce record Ids as the product accepts them from people and files: 15 characters
// (case-sensitive) or 18 (with the documented case-safe checksum).
const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_SHAPE = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
export const ACCOUNT_PREFIX = '001';

/** The 3 checksum characters of a 15-character Id: one per block of 5, a bit per uppercase letter. */
function checksum(id15: string): string {
  let out = '';
  for (let block = 0; block < 15; block += 5) {
    let bits = 0;
    for (let i = 0; i < 5; i++) bits += /[A-Z]/.test(id15[block + i]) ? 1 << i : 0;
    out += CHECKSUM_CHARS[bits];
  }
  return out;
}

/** True for a 15-character Id, or an 18-character Id whose checksum matches. */
export function isSalesforceId(id: string): boolean {
  return ID_SHAPE.test(id) && (id.length === 15 || checksum(id.slice(0, 15)) === id.slice(15));
}

export function isAccountId(id: string): boolean {
  return isSalesforceId(id) && id.startsWith(ACCOUNT_PREFIX);
}

/** The trimmed Id, or an error naming the text that is not an Account Id. */
export function parseAccountId(text: string): string {
  const id = text.trim();
  if (!isAccountId(id)) throw new InvalidAccountIdError(`"${id}" isn't an Account Id (15 or 18 characters starting with ${ACCOUNT_PREFIX})`);
  return id;
}

export class InvalidAccountIdError extends Error {
  override name = 'InvalidAccountIdError';
}

/** An Account Id quoted for SOQL; refuses anything else, so no text reaches a query unchecked. */
export function soqlAccountId(id: string): string {
  return `'${parseAccountId(id)}'`;
}
