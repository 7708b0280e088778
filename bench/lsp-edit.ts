// Benchmark: how long the language server takes from an edit (didChange) to the diagnostics of the edited file, in a
// 5,000-line file and in a workspace of 300 files (issue 15: within 50 ms, p95).
// Run: npx tsx bench/lsp-edit.ts [edits] [big|workspace]   (after `npm run build`; default 40 edits, both cases).
// The real server (`stroom lsp --stdio`, test/lsp/client.ts) runs on a temporary copy of the example sources,
// conventions and data plus generated files. Each edit replaces the whole text (as the test client does) and is
// timed from sending didChange to the first publishDiagnostics for that file; then the benchmark waits until the
// server has been quiet for a while (no diagnostics for 400 ms) so that one edit's background work does not land in
// the next edit's time. Printed per case: median, p95 and the slowest edit. For edits whose change other files must
// see (a convention that all 300 files use), also the time until every dependent file was published again. On Linux
// also the server's CPU time over the same span (all its threads, from /proc/<pid>/task/*/schedstat), which other
// jobs on a shared machine disturb much less than the wall time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspClient } from '../test/lsp/client.js';
import { bigFile } from './lint-size.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = path.join(REPO, 'examples');
const QUIET_MS = 400;

function copyExamples(root: string): void {
    for (const sub of ['sources', 'conventions', 'data']) fs.cpSync(path.join(EXAMPLES, sub), path.join(root, sub), { recursive: true });
    fs.writeFileSync(path.join(root, 'stroom.json'), '{"defaultSource": "sources.Voorbeeld"}');
}

/** One of the 300 workspace files: `pairs` cohorts and indicators on the CBS convention (as bench/workspace.ts). */
function workspaceFile(pkg: string, pairs: number): string {
    const lines = [`package ${pkg}`, 'import sources.Voorbeeld', 'import conventions.{CBS, ResearchNed}', ''];
    for (let j = 0; j < pairs; j++) {
        lines.push(`cohort C${j} {`, '    sector hbo', '    prior havo', '    inflow direct gap 0 years', '    mode fulltime', '    years 2016..2022', '}', '',
            `indicator U${j} using CBS {`, `    cohort C${j}`, '    measure dropout', '    after 1 year', '    by institution', '}', '');
    }
    return lines.join('\n');
}

/** A seeded pseudo-random generator (mulberry32), so that every run makes the same edits. */
function random(seed: number): () => number {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

async function quiet(client: LspClient): Promise<void> {
    let seen = client.published.length;
    let since = performance.now();
    while (performance.now() - since < QUIET_MS) {
        await new Promise((r) => setTimeout(r, 25));
        if (client.published.length !== seen) {
            seen = client.published.length;
            since = performance.now();
        }
    }
}

interface Timing { edit: number; cpu?: number; dependents?: number }

/** CPU time (ms) of all threads of a process so far, or undefined where /proc does not say. */
function cpuMs(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        const dir = `/proc/${pid}/task`;
        return fs.readdirSync(dir).reduce((sum, t) => sum + Number(fs.readFileSync(`${dir}/${t}/schedstat`, 'utf8').split(' ')[0]), 0) / 1e6;
    } catch {
        return undefined;
    }
}

/** didChange of `file` to `text`; the time to its diagnostics, and to `dependents` other files' diagnostics. */
async function timedEdit(client: LspClient, file: string, text: string, dependents = 0): Promise<Timing> {
    const mark = client.published.length;
    const c0 = cpuMs(client.pid);
    const t0 = performance.now();
    await client.change(file, text);
    const edit = performance.now() - t0;
    const c1 = cpuMs(client.pid);
    let result: Timing = { edit, cpu: c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined };
    if (dependents > 0) {
        const uri = client.uri(file);
        while (new Set(client.published.slice(mark).filter((p) => p.uri !== uri).map((p) => p.uri)).size < dependents) {
            await new Promise((r) => setTimeout(r, 5));
        }
        result = { ...result, dependents: performance.now() - t0 };
    }
    await quiet(client);
    return result;
}

function summary(label: string, times: number[]): string {
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    return `${label}: median ${Math.round(at(0.5))} ms, p95 ${Math.round(at(0.95))} ms, slowest ${Math.round(sorted[sorted.length - 1])} ms (${times.length} edits)`;
}

function report(label: string, timings: Timing[]): void {
    console.log(summary(label, timings.map((t) => t.edit)));
    const cpu = timings.flatMap((t) => (t.cpu === undefined ? [] : [t.cpu]));
    if (cpu.length) console.log(`  ${summary('server CPU time', cpu)}`);
    const dependents = timings.flatMap((t) => (t.dependents === undefined ? [] : [t.dependents]));
    if (dependents.length) console.log(`  ${summary('every dependent file published again', dependents)}`);
}

/** A 5,000-line file: values changed, titles typed in and indicators renamed at random places. */
async function bigFileCase(edits: number): Promise<void> {
    const pairs = 333; // 4 + 333 x 15 lines
    const lines = bigFile(2 * pairs).split('\n');
    const client = await LspClient.start({ setup: copyExamples, timeout: 120_000 });
    try {
        await client.open('big.stroom', lines.join('\n'));
        await quiet(client);
        const next = random(15);
        const timings: Timing[] = [];
        for (let k = 0; k < edits + 3; k++) {
            const j = Math.floor(next() * pairs);
            const at = 4 + j * 15;
            switch (k % 3) {
                case 0: // a value: `after 1 year` <-> `after 2 years`
                    lines[at + 11] = lines[at + 11].includes('1 year') ? '    after 2 years' : '    after 1 year';
                    break;
                case 1: // typing in a title
                    lines[at + 8] = lines[at + 8].replace(/" using/, 'x" using');
                    break;
                default: // renaming an indicator (its exported name changes)
                    lines[at + 8] = lines[at + 8].replace(/^indicator (\S+)/, (_, name: string) => `indicator ${name}r`);
            }
            const t = await timedEdit(client, 'big.stroom', lines.join('\n'));
            if (k >= 3) timings.push(t); // the first edits load code: not measured
        }
        report(`5,000-line file (${lines.length} lines)`, timings);
    } finally {
        await client.stop();
    }
}

/** 300 files of 5 cohorts and 5 indicators each, all on the CBS convention. */
async function workspaceCase(edits: number): Promise<void> {
    const files = 300;
    const client = await LspClient.start({
        setup: (root) => {
            copyExamples(root);
            for (let i = 0; i < files; i++) fs.writeFileSync(path.join(root, `f${String(i).padStart(3, '0')}.stroom`), workspaceFile(`p${i}`, 5));
        },
        timeout: 120_000,
    });
    try {
        const conventions = path.join('conventions', 'published.stroom');
        let text = client.text(conventions);
        let own = client.text('f150.stroom');
        await client.open('f150.stroom');
        await client.open(conventions);
        await quiet(client);
        const cases: Array<{ label: string; edit: (k: number) => Promise<Timing> }> = [
            {
                label: 'one of the 300 files (a value)',
                edit: (k) => {
                    own = own.replace(/after \d+ years?/, k % 2 ? 'after 1 year' : 'after 2 years');
                    return timedEdit(client, 'f150.stroom', own);
                },
            },
            {
                label: 'conventions: a comment',
                edit: (k) => {
                    text = text.replace(/^\/\/ How published figures are defined(\S*)/m, `// How published figures are defined${k % 2 ? '' : '!'}`);
                    return timedEdit(client, conventions, text);
                },
            },
            {
                label: 'conventions: a convention the 300 files do not use',
                edit: (k) => {
                    text = text.replace(/(convention VH "Vereniging Hogescholen, dashboard studiesucces)( v\d+)?"/, `$1 v${k}"`);
                    return timedEdit(client, conventions, text);
                },
            },
            {
                label: 'conventions: CBS, which all 300 files use',
                edit: (k) => {
                    text = text.replace(/convention CBS "CBS studieuitval( v\d+)?"/, `convention CBS "CBS studieuitval v${k}"`);
                    return timedEdit(client, conventions, text, files);
                },
            },
        ];
        const per = Math.max(1, Math.round(edits / 2));
        for (const c of cases) {
            const timings: Timing[] = [];
            for (let k = 0; k < per + 2; k++) {
                const t = await c.edit(k);
                if (k >= 2) timings.push(t);
            }
            report(`300-file workspace, ${c.label}`, timings);
        }
    } finally {
        await client.stop();
    }
}

console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}, ${os.platform()}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const args = process.argv.slice(2);
const edits = Number(args.find((a) => Number(a) > 0) ?? 40);
const only = args.find((a) => a === 'big' || a === 'workspace');
if (only !== 'workspace') await bigFileCase(edits);
if (only !== 'big') await workspaceCase(edits);
