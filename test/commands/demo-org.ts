import { writeFixtureOrg } from '../fixtures/fixture-org.js';

/**
 * A small org on disk (the first `accounts` of the checked-in fixture org) and a copy of the
 * checked-in fixture model trained on it, so org command tests score with a genuine feature
 * spec without training (they don't depend on the shipped model either).
 */
export async function smallOrgWithModel(dir: string, accounts = 600): Promise<{ orgDir: string; modelFile: string }> {
  return writeFixtureOrg(dir, accounts);
}
