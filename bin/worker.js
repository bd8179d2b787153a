#!/usr/bin/env node
// Thin launcher: the built worker (lib/) when present, else the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'lib', 'worker.js');
process.argv[1] = existsSync(built) ? built : join(root, 'src', 'worker.ts');
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'worker.ts')).href);
}
