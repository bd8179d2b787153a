// Local orgs as the product's tests need them: with the Account score fields force-app deploys.
import { OrgStore, type StoreOptions } from '../../src/local-org/store.js';
import { scoreOrgFields } from '../../src/demo/score-field-specs.js';

export { scoreFieldSpecs, scoreOrgFields } from '../../src/demo/score-field-specs.js';

/** Store options with the score fields (plus the caller's). */
export function withScoreFields(opts: StoreOptions = {}): StoreOptions {
  return { ...opts, extraFields: { ...scoreOrgFields(), ...opts.extraFields } };
}

/** OrgStore.withDefaults with the score fields. */
export function scoreStore(opts: StoreOptions = {}): OrgStore {
  return OrgStore.withDefaults(withScoreFields(opts));
}

/** OrgStore.loadDir with the score fields. */
export function loadScoreOrg(dir: string): Promise<OrgStore> {
  return OrgStore.loadDir(dir, { extraFields: scoreOrgFields() });
}
