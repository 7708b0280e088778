// The benchmark of issue 17 (Stroom in the browser): the page in headless Chromium against the command line.
//   npm run bench:web                       the bundled examples and 100,000 generated people, 3 runs each
//   npm run bench:web -- --persons 20000 --runs 1
// Measures: page load (navigation until the examples are loaded and the editor is up), load to first diagnostic (an
// error typed right after load, until its marker shows), and `run` of havo-hbo.stroom in the page (first run, which
// starts DuckDB-Wasm, and later runs) against `stroom run --no-cache` as a whole process. Method and figures:
// BENCHMARKS.md. Needs `npm run build` and Chromium (/usr/bin/chromium or STROOM_CHROMIUM). Nothing is sent anywhere.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from '../packages/web/build.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'stroom.js');
const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? fallback : Number(process.argv[i + 1].replaceAll('_', ''));
};
const PERSONS = arg('--persons', 100_000);
const RUNS = arg('--runs', 3);
const FILE = 'havo-hbo.stroom';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function cliRun(cwd: string): number {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'run', FILE, '--format', 'json', '--no-cache'], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`stroom run failed in ${cwd}:\n${r.stderr}`);
    return performance.now() - t0;
}

async function pageRuns(page: Page): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
        times.push(await page.evaluate(async (f) => {
            globalThis.stroom.open(f);
            const t0 = performance.now();
            await globalThis.stroom.run();
            return performance.now() - t0;
        }, FILE));
    }
    return times;
}

async function main(): Promise<void> {
    // Its own copy of the page, so that tests building packages/web/dist meanwhile do not change it under the benchmark.
    const built = await build({ out: fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-bench-page-')) });
    const browser = await chromium.launch({
        executablePath: process.env.STROOM_CHROMIUM ?? '/usr/bin/chromium', headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const rows: string[][] = [];
    try {
        // Page load and first diagnostic, RUNS times each in a fresh page.
        const loads: number[] = [];
        const firsts: number[] = [];
        for (let i = 0; i < RUNS; i++) {
            const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
            await page.route('**/*', (r) => (/^(file|blob|data):/.test(r.request().url()) ? r.continue() : r.abort()));
            const t0 = Date.now();
            await page.goto(pathToFileURL(built.file).href);
            await page.waitForFunction(() => globalThis.stroom?.ready === true, null, { timeout: 120_000 });
            loads.push(Date.now() - t0);
            await page.evaluate(() => {
                const model = globalThis.stroom.editor.editor.getModel()!;
                model.setValue(model.getValue().replace('measure dropout', 'measure dropuot'));
            });
            await page.waitForFunction(() => globalThis.stroom.editor.monaco.editor.getModelMarkers({}).some((m) => m.severity === 8), null, { timeout: 120_000 });
            firsts.push(Date.now() - t0);
            await page.close();
        }
        rows.push(['page load (examples loaded, editor up)', s(median(loads)), '']);
        rows.push(['page load to first diagnostic (an error typed at once)', s(median(firsts)), '']);

        // Runs on the bundled examples.
        const page = await browser.newPage();
        await page.goto(pathToFileURL(built.file).href);
        await page.waitForFunction(() => globalThis.stroom?.ready === true, null, { timeout: 120_000 });
        const examples = await pageRuns(page);
        const cliExamples = Array.from({ length: RUNS }, () => cliRun(path.join(REPO, 'examples')));
        rows.push([`run ${FILE}, bundled examples: first Run at once after load (DuckDB-Wasm may still be starting)`, s(examples[0]), '']);
        rows.push([`run ${FILE}, bundled examples: page (median of ${RUNS}) vs stroom run --no-cache`, s(median(examples.slice(1))), s(median(cliExamples))]);

        // Runs on generated people: a copy of examples/ whose source Voorbeeld reads them, picked as a folder.
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-bench-web-'));
        try {
            const ws = path.join(scratch, 'examples');
            fs.cpSync(path.join(REPO, 'examples'), ws, { recursive: true, filter: (p) => !p.includes('.stroom-cache') });
            const r = spawnSync(process.execPath, [BIN, 'generate', '--out', path.join(scratch, 'gen'), '--persons', String(PERSONS), '--seed', '1'], { encoding: 'utf8' });
            if (r.status !== 0) throw new Error(`stroom generate failed:\n${r.stderr}`);
            for (const f of ['personen.csv', 'inschrijvingen.csv', 'diplomas.csv', 'vooropleidingen.csv']) fs.renameSync(path.join(scratch, 'gen', f), path.join(ws, 'data', f));
            const t0 = Date.now();
            await page.setInputFiles('#folder', ws);
            await page.waitForFunction(() => /definitie|definition/.test(document.getElementById('status')!.textContent ?? ''), null, { timeout: 300_000 });
            const pick = Date.now() - t0;
            const generated = await pageRuns(page);
            const cliGenerated = Array.from({ length: RUNS }, () => cliRun(ws));
            rows.push([`pick the folder (${PERSONS.toLocaleString('en-US')} people, read into the page)`, s(pick), '']);
            rows.push([`run ${FILE}, ${PERSONS.toLocaleString('en-US')} people: page (median of ${RUNS}) vs stroom run --no-cache`, s(median(generated.slice(1))), s(median(cliGenerated))]);
        } finally {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
    } finally {
        await browser.close();
    }
    console.log(`page: ${(built.bytes / 2 ** 20).toFixed(1)} MB; ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Chromium headless`);
    console.log('| what | page | CLI |\n|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

await main();
