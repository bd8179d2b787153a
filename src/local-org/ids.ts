// Salesforce record Ids: 3-char key prefix + 12-char base-62 body = 15 chars, plus the
// documented 3-char case-safe checksum suffix = 18 chars.
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export const KEY_PREFIX = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  OpportunityStage: '01J',
  Account_Score_Setting__mdt: 'm00',
  User: '005',
  Organization: '00D',
  UserRole: '00E',
  Group: '00G',
  GroupMember: '011',
  PermissionSet: '0PS',
  PermissionSetAssignment: '0Pa',
  Task: '00T',
  Event: '00U',
} as const;

/** Appends the 3-character case-insensitive checksum to a 15-character Id. */
export function to18(id15: string): string {
  if (id15.length !== 15) throw new Error(`Expected a 15-character Id, got "${id15}"`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return id15 + suffix;
}

/** Deterministic 18-char Id for the n-th record of an object (n >= 0). Pod "0" + "00" fill like real Ids. */
export function makeId(prefix: string, n: number): string {
  let body = '';
  let v = n;
  for (let i = 0; i < 9; i++) {
    body = BASE62[v % 62] + body;
    v = Math.floor(v / 62);
  }
  return to18(prefix + '000' + body);
}

export function isValidId(id: string): boolean {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return false;
  return id.length === 15 || to18(id.slice(0, 15)) === id;
}
