// The browser page under test: built once per test run when its sources are newer than the page, opened in headless
// Chromium with every request to a host refused and recorded, and with its errors and CSP violations collected.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { REPO } from '../helpers.js';

export const WEB_PAGE = path.join(REPO, 'packages', 'web', 'dist', 'index.html');

/** The newest modification time under these folders (files only). */
function newest(dirs: readonly string[]): number {
    let t = 0;
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            if (e.name === 'node_modules' || e.name === 'dist' || e.name === 'out' || e.name.startsWith('.')) continue;
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else t = Math.max(t, fs.statSync(p).mtimeMs);
        }
    };
    for (const d of dirs) walk(d);
    return t;
}

let built: Promise<string> | undefined;

/** packages/web/dist/index.html, (re)built first when a source of the page or the examples changed since. */
export function ensureBuilt(): Promise<string> {
    built ??= (async () => {
        const sources = ['packages/web/src', 'packages/web/build.mjs', 'packages/language/src', 'packages/cli/src', 'examples'].map((p) => path.join(REPO, p));
        const stale = !fs.existsSync(WEB_PAGE) || fs.statSync(WEB_PAGE).mtimeMs < Math.max(newest(sources.filter((s) => fs.statSync(s).isDirectory())),
            fs.statSync(path.join(REPO, 'packages/web/build.mjs')).mtimeMs);
        if (stale) {
            const { build } = await import('../../packages/web/build.mjs');
            await build();
        }
        return WEB_PAGE;
    })();
    return built;
}

export interface OpenedPage {
    readonly page: Page;
    /** Every request for anything that is not file:, blob: or data: (each was refused). */
    readonly requests: string[];
    /** Content-Security-Policy violations the page reported (directive and blocked URL). */
    readonly violations: string[];
    /** Uncaught errors in the page. */
    readonly errors: string[];
}

/** Opens the page (from disk unless a URL is given) and waits until it has loaded the examples. */
export async function openPage(browser: Browser, url?: string): Promise<OpenedPage> {
    const target = url ?? pathToFileURL(await ensureBuilt()).href;
    const origin = url ? new URL(url).origin : undefined;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const requests: string[] = [];
    const violations: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) => {
        const u = route.request().url();
        if (/^(file|blob|data):/.test(u) || (origin && u.startsWith(`${origin}/`))) return route.continue();
        requests.push(u);
        return route.abort('blockedbyclient');
    });
    await page.exposeFunction('__stroomViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
            (globalThis as unknown as { __stroomViolation(t: string): void }).__stroomViolation(`${e.violatedDirective} ${e.blockedURI}`);
        });
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(target);
    await page.waitForFunction(() => globalThis.stroom?.ready === true, null, { timeout: 120_000 });
    return { page, requests, violations, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
    const dir = path.join(REPO, 'test', 'output');
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
