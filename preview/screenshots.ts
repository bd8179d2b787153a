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

/** Visit ?record=<state> for each state, wait until the panel has settled, capture text and a PNG. */
export async function captureStates(browser: Browser, baseUrl: string, outDir: string, states: readonly string[] = PREVIEW_STATES): Promise<StateCapture[]> {
    await mkdir(outDir, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 420, height: 900 }, deviceScaleFactor: 2, locale: 'en-US', timezoneId: 'UTC' });
    const errors: string[] = [];
    try {
        const captures: StateCapture[] = [];
        for (const state of states) {
            const page = await context.newPage();
            page.on('pageerror', (e) => errors.push(`${state}: ${e.message}`));
            await page.goto(`${baseUrl}/?record=${encodeURIComponent(state)}`);
            const panel = page.locator('c-account-score-panel');
            // Loading has its own text; wait for any settled state.
            await panel.locator('.state_unscored, .state_error, svg.ring').first().waitFor({ timeout: 15000 });
            await page.evaluate(() => document.fonts.ready);
            const ring = panel.locator('svg.ring');
            const screenshot = join(outDir, `accountScorePanel-${state}.png`);
            await page.locator('#root').screenshot({ path: screenshot });
            captures.push({
                state,
                text: ((await panel.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
                ringLabel: (await ring.count()) ? await ring.getAttribute('aria-label') : null,
                screenshot,
            });
            await page.close();
        }
        if (errors.length) throw new Error(`the panel raised errors in the browser:\n${errors.join('\n')}`);
        return captures;
    } finally {
        await context.close();
    }
}

/** Board fixtures the preview shows, plus one with no fixture to show the error state. */
export const BOARD_STATES = ['team', 'manyReps', 'emptyTeam', 'missingBoard'] as const;

/** Visit ?board=<state> for each state in an App page column, capture text and a PNG. */
export async function captureBoardStates(browser: Browser, baseUrl: string, outDir: string, states: readonly string[] = BOARD_STATES): Promise<StateCapture[]> {
    await mkdir(outDir, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 900, height: 1200 }, deviceScaleFactor: 2, locale: 'en-US', timezoneId: 'UTC' });
    const errors: string[] = [];
    try {
        const captures: StateCapture[] = [];
        for (const state of states) {
            const page = await context.newPage();
            page.on('pageerror', (e) => errors.push(`${state}: ${e.message}`));
            await page.goto(`${baseUrl}/?board=${encodeURIComponent(state)}`);
            const board = page.locator('c-account-score-board');
            await board.locator('.state_empty, .state_error, .book-table').first().waitFor({ timeout: 15000 });
            await page.evaluate(() => document.fonts.ready);
            const screenshot = join(outDir, `accountScoreBoard-${state}.png`);
            await page.locator('#root').screenshot({ path: screenshot });
            captures.push({ state, text: ((await board.textContent()) ?? '').replace(/\s+/g, ' ').trim(), ringLabel: null, screenshot });
            await page.close();
        }
        if (errors.length) throw new Error(`the board raised errors in the browser:\n${errors.join('\n')}`);
        return captures;
    } finally {
        await context.close();
    }
}
