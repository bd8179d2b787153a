// `npm run demo`: the newcomer demo (see src/demo/run-demo.ts). Options: --accounts N --seed N --top N;
// --readme writes the run's summary and its top 3 accounts into README.md (the sample there is this output).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTopAccounts, runDemo } from '../src/demo/run-demo.js';
import { summarize } from '../src/sync/report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    top: { type: 'string', default: '10' },
    readme: { type: 'boolean', default: false },
  },
});
const int = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number >= 1 (got "${v}")`);
  return n;
};

const t0 = performance.now();
let last = '';
const result = await runDemo({
  cacheDir: path.join(ROOT, '.cache', 'demo'),
  modelFile: path.join(ROOT, 'model', 'account-score.onnx'),
  accounts: int('accounts', values.accounts),
  seed: int('seed', values.seed),
  top: int('top', values.top),
  progress: (m) => {
    // one line per phase, not per page
    const phase = m.replace(/\d+/g, '#');
    if (phase !== last) console.log(`  ${m}`);
    last = phase;
  },
});
console.log('');
console.log(summarize(result.report));
console.log('');
console.log(`Top ${result.top.length} accounts (read back from the org's score fields):`);
console.log(formatTopAccounts(result.top));
console.log('');
console.log(`Done in ${((performance.now() - t0) / 1000).toFixed(1)} s. The org files are in ${path.relative(ROOT, result.orgDir)}; scores live only in the demo server's memory.`);

if (values.readme) {
  const START = '<!-- demo-output:start (npm run demo -- --readme) -->';
  const END = '<!-- demo-output:end -->';
  const file = path.join(ROOT, 'README.md');
  const md = await readFile(file, 'utf8');
  const a = md.indexOf(START), b = md.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} ... ${END} block`);
  const sample = [summarize(result.report), '', `Top ${result.top.length} accounts (read back from the org's score fields):`, formatTopAccounts(result.top.slice(0, 3)), '...'].join('\n');
  await writeFile(file, `${md.slice(0, a + START.length)}\n\n\`\`\`\n${sample}\n\`\`\`\n\n${md.slice(b)}`);
  console.log('README.md: demo sample updated');
}
