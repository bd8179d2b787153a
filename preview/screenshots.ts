// Loads each panel state in headless Debian chromium (playwright-core) and screenshots it.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Record ids the preview knows: fixture names, plus one with no fixture to show the error state. */
export const PREVIEW_STATES = ['scored', 'manyFactors', 'unscored', 'malformedFactors', 'unknownVersion', 'sparse', 'missingRecord'] as const;

export interface StateCapture {
    state: string;
    /** visible text of the panel, whitespace collapsed */
    text: string;
    /** aria-label of the score ring, null if none rendered */
    ringLabel: string | null;
    screenshot: string;
}

export function launchChromium(): Promise<Browser> {
    return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** How one component is shown in the preview: which page, what to wait for, how to name its captures. */
interface ComponentView {
    /** query parameter that picks the fixture (?record=..., ?board=...) */
    param: string;
    /** the component's element, e.g. c-account-score-panel */
    tag: string;
    /** any of these inside the component means it has settled (loading has its own text) */
    settled: string;
    viewport: { width: number; height: number };
    /** screenshots are <prefix>-<state>.png */
    prefix: string;
    /** the component's name in error messages */
    name: string;
}

/** Visit ?<param>=<state> for each state, wait until the component has settled, capture text, ring label and a PNG. */
async function captureViews(browser: Browser, baseUrl: string, outDir: string, view: ComponentView, states: readonly string[]): Promise<StateCapture[]> {
    await mkdir(outDir, { recursive: true });
    const context = await browser.newContext({ viewport: view.viewport, deviceScaleFactor: 2, locale: 'en-US', timezoneId: 'UTC' });
    const errors: string[] = [];
    try {
        const captures: StateCapture[] = [];
        for (const state of states) {
            const page = await context.newPage();
            page.on('pageerror', (e) => errors.push(`${state}: ${e.message}`));
            await page.goto(`${baseUrl}/?${view.param}=${encodeURIComponent(state)}`);
            const component = page.locator(view.tag);
            await component.locator(view.settled).first().waitFor({ timeout: 15000 });
            await page.evaluate(() => document.fonts.ready);
            const ring = component.locator('svg.ring');
            const screenshot = join(outDir, `${view.prefix}-${state}.png`);
            await page.locator('#root').screenshot({ path: screenshot });
            captures.push({
                state,
                text: ((await component.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
                ringLabel: (await ring.count()) ? await ring.getAttribute('aria-label') : null,
                screenshot,
            });
            await page.close();
        }
        if (errors.length) throw new Error(`the ${view.name} raised errors in the browser:\n${errors.join('\n')}`);
        return captures;
    } finally {
        await context.close();
    }
}

/** Each panel state (?record=<state>). */
export function captureStates(browser: Browser, baseUrl: string, outDir: string, states: readonly string[] = PREVIEW_STATES): Promise<StateCapture[]> {
    const view = { param: 'record', tag: 'c-account-score-panel', settled: '.state_unscored, .state_error, svg.ring', viewport: { width: 420, height: 900 }, prefix: 'accountScorePanel', name: 'panel' };
    return captureViews(browser, baseUrl, outDir, view, states);
}

/** Board fixtures the preview shows, plus one with no fixture to show the error state. */
export const BOARD_STATES = ['team', 'manyReps', 'emptyTeam', 'missingBoard'] as const;

/** Each board state (?board=<state>) in an App page column. */
export function captureBoardStates(browser: Browser, baseUrl: string, outDir: string, states: readonly string[] = BOARD_STATES): Promise<StateCapture[]> {
    const view = { param: 'board', tag: 'c-account-score-board', settled: '.state_empty, .state_error, .book-table', viewport: { width: 900, height: 1200 }, prefix: 'accountScoreBoard', name: 'board' };
    return captureViews(browser, baseUrl, outDir, view, states);
}
