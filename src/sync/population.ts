import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BINS, Population } from '../model/index.js';
import { ensurePrivateDir, STATE_FILE_MODE } from './state-files.js';

const PopulationFile = z.object({
  version: z.literal(1),
  modelVersion: z.string(),
  /** sha256 of the model file (absent in files written before it was recorded) */
  modelDigest: z.string().optional(),
  computedAt: z.string(),
  size: z.number().int().nonnegative(),
  /** sparse histogram: [bin, count] */
  bins: z.array(z.tuple([z.number().int().min(0).max(BINS - 1), z.number().int().positive()])),
});

const FILE = 'population.json';

/** Keeps a full run's scores so later on-demand runs rank against all accounts. */
export async function savePopulation(stateDir: string, pop: Population, modelVersion: string, at: Date, modelDigest?: string): Promise<void> {
  const bins: [number, number][] = [];
  pop.counts.forEach((c, i) => {
    if (c) bins.push([i, c]);
  });
  await ensurePrivateDir(stateDir);
  const tmp = join(stateDir, `${FILE}.tmp`);
  await writeFile(tmp, JSON.stringify({ version: 1, modelVersion, modelDigest, computedAt: at.toISOString(), size: pop.size, bins }), { mode: STATE_FILE_MODE });
  await rename(tmp, join(stateDir, FILE));
}

/** The population of the last full run for `modelVersion` (and `modelDigest`, when given); null when there is none. */
export async function loadPopulation(stateDir: string, modelVersion: string, modelDigest?: string): Promise<{ pop: Population; computedAt: string } | null> {
  let text: string;
  try {
    text = await readFile(join(stateDir, FILE), 'utf8');
  } catch {
    return null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = null;
  }
  const parsed = PopulationFile.safeParse(raw);
  if (!parsed.success) throw new Error(`${join(stateDir, FILE)} is corrupt: ${parsed.error.issues[0]?.message}. Run a full sync to rebuild it.`);
  if (parsed.data.modelVersion !== modelVersion) return null;
  // same version string, other bytes (a same-day retrain): that population is not this model's
  if (modelDigest !== undefined && parsed.data.modelDigest !== modelDigest) return null;
  const counts = new Uint32Array(BINS);
  for (const [bin, c] of parsed.data.bins) counts[bin] = c;
  return { pop: new Population(counts), computedAt: parsed.data.computedAt };
}
