/**
 * Local preview of the accountScorePanel and accountScoreBoard LWCs outside Salesforce: builds it with LWC OSS,
 * serves it on 127.0.0.1 and screenshots every state in headless chromium.
 *
 *   node --import tsx scripts/preview-lwc.ts [--out out/lwc-screenshots] [--serve]
 *
 * --serve keeps the server running so you can open http://127.0.0.1:<port>/?record=scored
 * (any fixture name from force-app/main/default/lwc/accountScorePanel/__tests__/data), or
 * ?board=team (fixtures in accountScoreBoard/__tests__/data).
 */
import { parseArgs } from 'node:util';
import { join, relative } from 'node:path';
import { buildPreview, ROOT_DIR } from '../preview/build.js';
import { startPreviewServer } from '../preview/server.js';
import { captureBoardStates, captureStates, launchChromium } from '../preview/screenshots.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT_DIR, 'out/lwc-screenshots') }, serve: { type: 'boolean', default: false } } });
  const outDir = values.out!;
  let t = Date.now();
  await buildPreview();
  console.log(`built preview/dist in ${Date.now() - t} ms`);
  const server = await startPreviewServer();
  console.log(`serving ${server.url}`);
  t = Date.now();
  const browser = await launchChromium();
  try {
    for (const c of await captureStates(browser, server.url, outDir)) {
      console.log(`${c.state.padEnd(17)} ${relative(process.cwd(), c.screenshot)}  ${c.ringLabel ?? c.text.slice(0, 70)}`);
    }
    for (const c of await captureBoardStates(browser, server.url, outDir)) {
      console.log(`${c.state.padEnd(17)} ${relative(process.cwd(), c.screenshot)}  ${c.text.slice(0, 70)}`);
    }
  } finally {
    await browser.close();
  }
  console.log(`screenshots in ${Date.now() - t} ms`);
  if (values.serve) {
    console.log(`open ${server.url}/?record=scored  (Ctrl-C to stop)`);
    return;
  }
  await server.close();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
