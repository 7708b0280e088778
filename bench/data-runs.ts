// Benchmark: the data side of a run (BENCHMARKS.md, "Data runs"). Whole `stroom` processes on a copy of examples/
// whose CSV files are replaced by `stroom generate` output: one havo-hbo indicator against all four, with the
// workspace cache cold (cleared before each run), warm, and bypassed (--no-cache), and `compare "CBS vs OCW"` against
// one run. Each case runs N times; the medians of wall time, CPU time (user + system: steadier on a shared, loaded
// machine) and peak memory (GNU time's maximum resident set) are printed.
//
// Run (after `npm run build`):
//   node packages/cli/bin/stroom.js generate --out /tmp/data-300k --persons 300000 --seed 1
//   npx tsx bench/data-runs.ts /tmp/data-300k [runs=5] [stroom.js of another build, to compare with] [its runs=runs]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [data, runsArg, other, otherRunsArg] = process.argv.slice(2);
if (!data) throw new Error('usage: npx tsx bench/data-runs.ts <generated data folder> [runs] [other stroom.js]');
const RUNS = Number(runsArg ?? 5);
const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'stroom.js');

// The example workspace with the generated CSV files in place of examples/data/*.csv (the file names are the same).
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-bench-'));
fs.cpSync(path.join(REPO, 'examples'), ws, { recursive: true, filter: (f) => !f.includes('.stroom-cache') });
for (const f of fs.readdirSync(data).filter((f) => f.endsWith('.csv'))) fs.copyFileSync(path.join(data, f), path.join(ws, 'data', f));
// Files older than the cache's racy window, as delivered data is.
const past = new Date(Date.now() - 3_600_000);
for (const f of fs.readdirSync(path.join(ws, 'data')).filter((f) => f.endsWith('.csv'))) fs.utimesSync(path.join(ws, 'data', f), past, past);
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2500);

function once(bin: string, args: string[], clear: boolean): { seconds: number; cpu: number; mb: number } {
    if (clear) fs.rmSync(path.join(ws, '.stroom-cache'), { recursive: true, force: true });
    const r = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %M %U %S', process.execPath, bin, ...args], { cwd: ws, encoding: 'utf8' });
    const m = /BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
    if (!m || r.status !== 0) throw new Error(`stroom ${args.join(' ')} failed:\n${r.stderr}`);
    return { seconds: Number(m[1]), cpu: Number(m[3]) + Number(m[4]), mb: Number(m[2]) / 1024 };
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The median CPU seconds of the case (wall time and memory are printed beside it). */
function bench(label: string, bin: string, args: string[], clear: boolean, runs = RUNS): number {
    const results = Array.from({ length: runs }, () => once(bin, args, clear));
    const cpu = median(results.map((r) => r.cpu));
    console.log(`${label.padEnd(40)} wall ${median(results.map((r) => r.seconds)).toFixed(1).padStart(6)} s  cpu ${cpu.toFixed(1).padStart(6)} s `
        + `${median(results.map((r) => r.mb)).toFixed(0).padStart(6)} MB   (wall ${results.map((r) => r.seconds.toFixed(1)).join(', ')})`);
    return cpu;
}

const ONE = ['run', 'havo-hbo.stroom', '--indicator', 'UitvalOCW'];
const FOUR = ['run', 'havo-hbo.stroom'];
console.log(`${RUNS} runs each, medians; ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB; data ${data}`);
if (other) {
    const runs = Number(otherRunsArg ?? RUNS);
    const one = bench('before: one indicator', other, ONE, true, runs);
    const four = bench('before: four indicators', other, FOUR, true, runs);
    const compare = bench('before: compare "CBS vs OCW"', other, ['compare', 'compare.stroom', 'CBS vs OCW'], true, runs);
    console.log(`before (cpu): four / one ${(four / one).toFixed(2)}x; compare / one run ${(compare / one).toFixed(2)}x`);
}
const one = bench('one indicator, cold cache', BIN, ONE, true);
const four = bench('four indicators, cold cache', BIN, FOUR, true);
bench('four indicators, --no-cache', BIN, [...FOUR, '--no-cache'], true);
once(BIN, FOUR, true);
const warm = bench('four indicators, warm cache', BIN, FOUR, false);
const compare = bench('compare "CBS vs OCW", cold cache', BIN, ['compare', 'compare.stroom', 'CBS vs OCW'], true);
console.log(`after (cpu): four / one ${(four / one).toFixed(2)}x; warm / cold ${(warm / four).toFixed(2)}x; compare / one run ${(compare / one).toFixed(2)}x`);
fs.rmSync(ws, { recursive: true, force: true });
