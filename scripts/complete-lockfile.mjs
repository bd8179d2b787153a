#!/usr/bin/env node
// Makes package-lock.json acceptable to `npm ci` again after an `npm install`.
//
// Why: this project's registry mirror serves only some platform builds of packages that ship
// native binaries as per-platform optional dependencies (@swc/core-*, @rollup/rollup-*). npm
// leaves the ones it cannot fetch out of the lock, and `npm ci` then reports the lock as out
// of sync ("Missing: @swc/core-darwin-arm64@ from lock file"). Those packages are never
// installed on this platform, so an entry with their version and os/cpu/libc is all npm ci
// needs: it skips them as it skips any optional dependency for another platform.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

function missingFromLock() {
  let out = '';
  try {
    execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'pipe' });
  } catch (e) {
    out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  return [...out.matchAll(/Missing: (@?[^@\s]+)@\S* from lock file/g)].map((m) => m[1]);
}

const OSES = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'openharmony', 'sunos', 'aix'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64', 'mips64el'];

/** os/cpu/libc from the platform suffix these packages use, e.g. rollup-linux-arm-musleabihf. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OSES.filter((o) => parts.includes(o));
  const cpu = CPUS.filter((c) => parts.includes(c));
  const suffix = parts.at(-1);
  const libc = os[0] === 'linux' ? (suffix.startsWith('musl') ? ['musl'] : suffix.startsWith('gnu') ? ['glibc'] : []) : [];
  if (os.length !== 1 || cpu.length !== 1) throw new Error(`can't tell the platform of ${name}: add its lock entry by hand`);
  return { os, cpu, libc };
}

const missing = missingFromLock();
if (missing.length === 0) {
  console.log('package-lock.json: npm ci accepts it; nothing to add');
  process.exit(0);
}
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
for (const name of missing) {
  const parent = Object.values(packages).find((p) => p.optionalDependencies?.[name]);
  if (!parent) throw new Error(`${name} is missing from the lock but no package lists it as optional: run npm install`);
  const { os, cpu, libc } = platformOf(name);
  packages[`node_modules/${name}`] = { version: parent.optionalDependencies[name], cpu, optional: true, os, ...(libc.length ? { libc } : {}) };
}
// npm orders lock entries with localeCompare ('en'); keep its order so the diff is only the additions
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b, 'en')));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
const still = missingFromLock();
if (still.length) throw new Error(`npm ci still refuses the lock: ${still.join(', ')}`);
console.log(`package-lock.json: added ${missing.length} platform entries; npm ci accepts it`);
