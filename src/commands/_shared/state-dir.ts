import path from 'node:path';
import type { Org } from '@salesforce/core';

/** One state directory per org (checkpoints, score population, cached model files), under the CLI's cache dir. */
export const orgStateDir = (cacheDir: string, org: Org): string => path.join(cacheDir, 'account-score', org.getOrgId());
