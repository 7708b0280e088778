// Benchmark: time and peak memory of `stroom generate` (csv) at 100,000 people and at the size that gives about
// 10 million enrollments, to show that memory does not grow with --persons (people are written as they are made).
// Run: npx tsx bench/generate.ts [persons ...]   (after `npm run build`; numbers are printed, the README records them
// with the machine). Each size runs in its own `node` process; its peak resident set size is read from
// process.resourceUsage() when that process exits. The files go to a temporary folder that is removed afterwards.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'stroom.js');
const TARGET_ENROLLMENTS = 10_000_000;

interface Run {
    persons: number;
    enrollments: number;
    seconds: number;
    peakMb: number;
    bytes: number;
}

function generate(persons: number, dir: string, hook: string): Run {
    const out = path.join(dir, `out-${persons}`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', hook, BIN, 'generate', '--out', out, '--persons', String(persons), '--seed', '1'], { encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`stroom generate --persons ${persons} failed:\n${r.stderr}`);
    const rss = /BENCH maxRSS (\d+)/.exec(r.stderr);
    const made = /generated (\d+) people, (\d+) enrollments/.exec(r.stderr);
    if (!rss || !made) throw new Error(`unexpected output:\n${r.stderr}`);
    const bytes = fs.readdirSync(out).reduce((a, f) => a + fs.statSync(path.join(out, f)).size, 0);
    fs.rmSync(out, { recursive: true, force: true });
    // maxRSS is in kilobytes (Linux, macOS since Node 20 normalises it).
    return { persons, enrollments: Number(made[2]), seconds, peakMb: Number(rss[1]) / 1024, bytes };
}

function show(r: Run): void {
    console.log(`--persons ${r.persons.toLocaleString('en-US')}: ${r.enrollments.toLocaleString('en-US')} enrollments, `
        + `${(r.bytes / 1e6).toFixed(0)} MB of CSV, ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMb.toFixed(0)} MB`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-bench-generate-'));
try {
    const hook = path.join(dir, 'peak.mjs');
    fs.writeFileSync(hook, "process.on('exit', () => process.stderr.write(`BENCH maxRSS ${process.resourceUsage().maxRSS}\\n`));\n");
    console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, ${os.platform()}`);
    const asked = process.argv.slice(2).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    if (asked.length) {
        for (const n of asked) show(generate(n, dir, hook));
    } else {
        const small = generate(100_000, dir, hook);
        show(small);
        // the size that gives about 10 million enrollments, from the enrollments per person of the small run
        const persons = Math.round((TARGET_ENROLLMENTS / (small.enrollments / small.persons)) / 100_000) * 100_000;
        show(generate(persons, dir, hook));
    }
} finally {
    fs.rmSync(dir, { recursive: true, force: true });
}
