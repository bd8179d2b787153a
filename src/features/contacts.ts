// Per-account contact aggregates. The sync streams every Contact of the org (bulk pages) through
// one aggregator, so per-account state is six counters and nothing else.
import { AGGREGATE_KEYS, type ContactsSpec, type FeatureSpec } from './spec.js';
import { classifyTitle } from './titles.js';

/** Counts per account. NaN everywhere means "contacts unknown" (e.g. a CSV without contact data). */
export interface ContactAggregate {
  contactCount: number;
  atlCount: number;
  btlCount: number;
  otherCount: number;
  /** Contacts whose email domain is a free-mail provider (gmail.com...). */
  freeMailCount: number;
  /** Contacts with a syntactically usable email (something@domain). */
  withEmailCount: number;
}
export type AggregateKey = (typeof AGGREGATE_KEYS)[number];

export function emptyContactAggregate(): ContactAggregate {
  return { contactCount: 0, atlCount: 0, btlCount: 0, otherCount: 0, freeMailCount: 0, withEmailCount: 0 };
}

/** Contacts not known at all: contact features encode as NaN (missing), not as zero. */
export function unknownContactAggregate(): ContactAggregate {
  return { contactCount: NaN, atlCount: NaN, btlCount: NaN, otherCount: NaN, freeMailCount: NaN, withEmailCount: NaN };
}

export interface ContactAggregator {
  /** Adds one Contact record. Returns false (and counts it in `unassigned`) when it has no AccountId. */
  add(contact: Record<string, unknown>): boolean;
  /** The aggregate for an account; an empty (all-zero) aggregate when it has no contacts. */
  get(accountId: string): ContactAggregate;
  /** Number of accounts with at least one contact. */
  readonly size: number;
  /** Contacts seen without an AccountId (private contacts); not attributed to any account. */
  readonly unassigned: number;
}

const KEY_INDEX: Record<AggregateKey, number> = Object.fromEntries(AGGREGATE_KEYS.map((k, i) => [k, i])) as Record<
  AggregateKey,
  number
>;

/** Email domain, lowercased; null when the value is not an email. */
export function emailDomain(email: unknown): string | null {
  if (typeof email !== 'string') return null;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return null;
  const d = email.slice(at + 1).trim().toLowerCase();
  return d.includes('.') ? d : null;
}

function contactsSpec(spec: FeatureSpec | ContactsSpec): ContactsSpec {
  if ('titleRules' in spec) return spec;
  if (!spec.contacts) throw new Error('This feature spec has no contacts section');
  return spec.contacts;
}

export function createContactAggregator(spec: FeatureSpec | ContactsSpec): ContactAggregator {
  const cs = contactsSpec(spec);
  const freeMail = new Set(cs.freeMailDomains.map((d) => d.toLowerCase()));
  const byAccount = new Map<string, Uint32Array>();
  let unassigned = 0;
  const roleIndex = { atl: KEY_INDEX.atlCount, btl: KEY_INDEX.btlCount, other: KEY_INDEX.otherCount };
  return {
    add(contact) {
      const id = contact[cs.accountIdField];
      if (typeof id !== 'string' || id === '') {
        unassigned++;
        return false;
      }
      // 15- and 18-char forms of one Id must land on the same account.
      const key = id.length === 18 ? id.slice(0, 15) : id;
      let c = byAccount.get(key);
      if (!c) {
        c = new Uint32Array(AGGREGATE_KEYS.length);
        byAccount.set(key, c);
      }
      c[KEY_INDEX.contactCount]++;
      c[roleIndex[classifyTitle(cs, contact[cs.titleField])]]++;
      const domain = emailDomain(contact[cs.emailField]);
      if (domain) {
        c[KEY_INDEX.withEmailCount]++;
        if (freeMail.has(domain)) c[KEY_INDEX.freeMailCount]++;
      }
      return true;
    },
    get(accountId) {
      const c = byAccount.get(accountId.length === 18 ? accountId.slice(0, 15) : accountId);
      const out = emptyContactAggregate();
      if (c) for (const k of AGGREGATE_KEYS) out[k] = c[KEY_INDEX[k]];
      return out;
    },
    get size() {
      return byAccount.size;
    },
    get unassigned() {
      return unassigned;
    },
  };
}
