// The browser page (packages/web/dist/index.html) for the test/web suites: built at most once per mocha process (when
// it is missing or older than what it is built from), opened from disk in headless Chromium with every request that
// is not file:, blob: or data: aborted and recorded, page errors and Content-Security-Policy violations collected.
// Tests assert that `blocked`, `errors` and `csp` stay empty. Screenshots go to test/output/web-*.png.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromiumOrSkip, REPO } from '../helpers.js';

export const WEB_DIST = path.join(REPO, 'packages', 'web', 'dist', 'index.html');
const OUTPUT = path.join(REPO, 'test', 'output');

/** What the page is built from: its sources and build script, the language package, the grammar and the examples. */
const INPUTS = [
    path.join(REPO, 'packages', 'web', 'src'), path.join(REPO, 'packages', 'web', 'build.mjs'),
    path.join(REPO, 'packages', 'language', 'src'), path.join(REPO, 'packages', 'language', 'out'), path.join(REPO, 'packages', 'cli', 'src'),
    path.join(REPO, 'syntaxes'), path.join(REPO, 'examples'),
];

function newest(p: string): number {
    if (!fs.existsSync(p)) return 0;
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    let max = 0;
    for (const e of fs.readdirSync(p)) if (e !== 'node_modules' && e !== 'output') max = Math.max(max, newest(path.join(p, e)));
    return max;
}

let built: Promise<void> | undefined;

/** Builds the page unless it is newer than everything it is built from (once per process). */
export function buildPage(): Promise<void> {
    built ??= (async () => {
        const page = fs.existsSync(WEB_DIST) ? fs.statSync(WEB_DIST).mtimeMs : 0;
        if (page > Math.max(...INPUTS.map(newest))) return;
        execFileSync(process.execPath, [path.join(REPO, 'packages', 'web', 'build.mjs')], { cwd: REPO, stdio: 'pipe', timeout: 180_000 });
    })();
    return built;
}

export interface WebPage {
    readonly browser: Browser;
    readonly page: Page;
    /** Requests the page attempted to anything but file:, blob: or data: (all aborted). */
    readonly blocked: string[];
    /** Uncaught exceptions and console errors. */
    readonly errors: string[];
    /** Content-Security-Policy violations (the page's own report, and Chromium's console message). */
    readonly csp: string[];
    /** Date.now() when navigation started. */
    readonly startedAt: number;
    /** Milliseconds from navigation start until `stroom.ready`. */
    readonly readyMs: number;
    screenshot(name: string): Promise<string>;
    close(): Promise<void>;
}

/** Chromium on the built page, until `globalThis.stroom.ready`; skips the suite without Chromium (see helpers.ts). */
/** `url`: the page as `stroom serve` serves it (its own origin is let through), instead of the built file. */
export async function openPage(suite: Mocha.Context, options: { viewport?: { width: number; height: number }; url?: string } = {}): Promise<WebPage> {
    const browser = await launchChromiumOrSkip(suite);
    try {
        await buildPage();
        const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 }, acceptDownloads: true });
        const blocked: string[] = [];
        const errors: string[] = [];
        const csp: string[] = [];
        await context.route('**/*', (route) => {
            const url = route.request().url();
            if (/^(file|blob|data):/.test(url) || (options.url && url.startsWith(`${new URL(options.url).origin}/`))) return route.continue();
            blocked.push(url);
            return route.abort('blockedbyclient');
        });
        await context.addInitScript(() => {
            document.addEventListener('securitypolicyviolation', (e) => {
                console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
            });
        });
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
        page.on('console', (m) => {
            if (m.type() !== 'error') return;
            if (/Content[- ]Security[- ]Policy|CSP violation/i.test(m.text())) csp.push(m.text());
            else errors.push(m.text());
        });
        page.on('worker', (w) => w.on('console', (m) => {
            if (m.type() === 'error') (/Content[- ]Security[- ]Policy/i.test(m.text()) ? csp : errors).push(`worker ${w.url()}: ${m.text()}`);
        }));
        const started = Date.now();
        await page.goto(options.url ?? pathToFileURL(WEB_DIST).href);
        await page.waitForFunction(() => globalThis.stroom?.ready, undefined, { timeout: 60_000 });
        const readyMs = Date.now() - started;
        return {
            browser, page, blocked, errors, csp, readyMs, startedAt: started,
            async screenshot(name) {
                fs.mkdirSync(OUTPUT, { recursive: true });
                const file = path.join(OUTPUT, `web-${name}.png`);
                await page.screenshot({ path: file });
                return file;
            },
            close: () => browser.close(),
        };
    } catch (e) {
        await browser.close();
        throw e;
    }
}
