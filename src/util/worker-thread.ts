import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` (without extension) next to the module at `from` (its
 * import.meta.url). From compiled JS (lib/) that is the sibling .js file; from TypeScript sources
 * (tsx scripts, jest) the worker registers tsx's loader itself first, since neither jest's
 * transform nor (reliably) the parent's --import hooks reach a worker thread.
 */
export function startModuleWorker(from: string, name: string, options: WorkerOptions = {}): Worker {
  const opts = { execArgv: [] as string[], ...options };
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), opts);
  const entry = new URL(`./${name}.ts`, from).href;
  const boot =
    `import(${JSON.stringify(tsxEsmApi(from))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })` +
    `.catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(boot, { ...opts, eval: true });
}

/** file: URL of tsx's ESM loader API (its `import` export; require.resolve would give the CJS build). */
function tsxEsmApi(from: string): string {
  const req = createRequire(from);
  const pkgPath = req.resolve('tsx/package.json');
  const pkg = req(pkgPath) as { exports?: Record<string, { import?: { default?: string } | string }> };
  const entry = pkg.exports?.['./esm/api']?.import;
  const rel = typeof entry === 'string' ? entry : (entry?.default ?? './dist/esm/api/index.mjs');
  return new URL(rel, pathToFileURL(pkgPath)).href;
}

/** Resolves with the worker once it posts { ready: true }, or null if it fails to start. */
export function whenWorkerReady(w: Worker): Promise<Worker | null> {
  return new Promise((resolve) => {
    // Remove only our listeners: removeAllListeners() would also drop node's own
    // newListener hooks that start the worker's message port.
    const done = (ok: boolean): void => {
      w.off('error', fail);
      w.off('exit', fail);
      w.off('message', onMessage);
      if (ok) resolve(w);
      else {
        void w.terminate();
        resolve(null);
      }
    };
    const fail = (): void => done(false);
    const onMessage = (m: { ready?: boolean }): void => done(m?.ready === true);
    w.on('error', fail);
    w.on('exit', fail);
    w.on('message', onMessage);
  });
}
