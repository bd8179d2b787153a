// Contact title -> above-the-line (decision maker), below-the-line (practitioner) or other,
// by the spec's ordered rules. Titles repeat a lot across an org, so results are memoised.
import type { ContactsSpec, FeatureSpec, TitleClass } from './spec.js';
import { compileWordPattern, foldText, type WordPattern } from './text.js';

interface CompiledTitles {
  rules: { cls: TitleClass; re: WordPattern }[];
  memo: Map<string, TitleClass>;
}
const cache = new WeakMap<ContactsSpec, CompiledTitles>();
const MEMO_LIMIT = 50_000;

export function compileTitles(contacts: ContactsSpec): CompiledTitles {
  let c = cache.get(contacts);
  if (!c) {
    c = {
      rules: contacts.titleRules.map((r, i) => ({
        cls: r.class,
        re: compileWordPattern(r.patterns, {}, `contacts.titleRules[${i}].patterns`),
      })),
      memo: new Map(),
    };
    cache.set(contacts, c);
  }
  return c;
}

/**
 * Folds a title and turns punctuation into spaces, joining dotted initials first so
 * "V.P." -> "vp", "C.E.O." -> "ceo", "Dir." -> "dir", "SVP, People" -> "svp people".
 */
export function normalizeTitle(title: string): string {
  return foldText(title)
    .replace(/\b([a-z])\.(?=[a-z]\b)/g, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function contactsSpec(spec: FeatureSpec | ContactsSpec): ContactsSpec {
  if ('titleRules' in spec) return spec;
  if (!spec.contacts) throw new Error('This feature spec has no contacts section');
  return spec.contacts;
}

/** Classifies a contact title; blank, null or unmatched -> 'other'. */
export function classifyTitle(spec: FeatureSpec | ContactsSpec, title: unknown): TitleClass {
  if (typeof title !== 'string') return 'other';
  const c = compileTitles(contactsSpec(spec));
  const memo = c.memo.get(title);
  if (memo) return memo;
  const t = normalizeTitle(title);
  let cls: TitleClass = 'other';
  if (t) {
    for (const r of c.rules) {
      if (r.re.test(t)) {
        cls = r.cls;
        break;
      }
    }
  }
  if (c.memo.size < MEMO_LIMIT) c.memo.set(title, cls);
  return cls;
}
