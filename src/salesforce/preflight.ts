import type { Connection } from 'jsforce';

export interface PreflightNeeds {
  accountFields: readonly string[];
  contactFields: readonly string[];
  /** Account fields the writer updates */
  writeFields: readonly string[];
}

export class PreflightError extends Error {
  override name = 'PreflightError';
  constructor(readonly problems: string[]) {
    super(`Pre-flight check failed, nothing was written:\n  - ${problems.join('\n  - ')}`);
  }
}

interface FieldInfo {
  name: string;
  type: string;
  updateable: boolean;
}

/** Describe types by lower-cased field name, for typing Bulk CSV values. */
export interface PreflightResult {
  accountTypes: Map<string, string>;
  contactTypes: Map<string, string>;
}

/**
 * Describes Account and Contact and checks that every field the model reads exists and
 * is visible to the running user (describe omits fields hidden by field-level security),
 * and that every score field is updateable. Reports all problems at once.
 */
export async function preflight(conn: Connection, needs: PreflightNeeds): Promise<PreflightResult> {
  const [account, contact] = await Promise.all([conn.sobject('Account').describe(), conn.sobject('Contact').describe()]);
  const index = (fields: FieldInfo[]) => new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const accountFields = index(account.fields);
  const contactFields = index(contact.fields);
  const problems: string[] = [];
  for (const name of new Set(needs.accountFields)) {
    if (!accountFields.has(name.toLowerCase())) problems.push(`Account.${name} is missing or not readable by this user`);
  }
  for (const name of new Set(needs.contactFields)) {
    if (!contactFields.has(name.toLowerCase())) problems.push(`Contact.${name} is missing or not readable by this user`);
  }
  for (const name of new Set(needs.writeFields)) {
    const f = accountFields.get(name.toLowerCase());
    if (!f) {
      if (!needs.accountFields.includes(name)) problems.push(`Account.${name} is missing or not readable by this user`);
    } else if (!f.updateable) {
      problems.push(`Account.${name} is not updateable by this user (check field-level security / permission set)`);
    }
  }
  if (problems.length) throw new PreflightError(problems);
  const types = (m: Map<string, FieldInfo>) => new Map([...m].map(([k, f]) => [k, f.type]));
  return { accountTypes: types(accountFields), contactTypes: types(contactFields) };
}
