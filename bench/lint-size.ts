// Benchmark: `stroom lint` on one big generated file of N elements (a cohort and an indicator per pair), to show
// that lint time grows linearly with the size of a file (issue 12: 4,000 elements took 91 s, 1,000 took 5 s).
// Run: npx tsx bench/lint-size.ts [elements ...]   (after `npm run build`; default 0 1000 2000 4000 and a 5 MB file).
// Each size runs `stroom lint` in its own `node` process next to the example sources and conventions. Printed: the
// wall time of that process (with Node's start) and its CPU time (user + system, read from process.cpuUsage() when it
// exits), which other jobs on a shared machine disturb much less than the wall time.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'stroom.js');
const EXAMPLES = path.join(REPO, 'examples');

/** A file of `elements` elements: pairs of a cohort and an indicator on it, each pair with its own names. */
export function bigFile(elements: number): string {
    const lines = ['package big', 'import sources.Voorbeeld', 'import conventions.{CBS, ResearchNed}', ''];
    for (let j = 0; j < elements / 2; j++) {
        lines.push(`cohort C${j} "Cohort ${j}" {`, '    sector hbo', '    prior havo', '    inflow direct gap 0 years', '    mode fulltime',
            '    years 2016..2022', '}', '',
            `indicator U${j} "Uitval ${j}" using CBS {`, `    cohort C${j}`, '    measure dropout', '    after 1 year', '    by institution', '}', '');
    }
    return lines.join('\n');
}

function lintSeconds(dir: string, hook: string, elements: number): { seconds: number; cpu: number; bytes: number } {
    const file = path.join(dir, 'big.stroom');
    fs.writeFileSync(file, bigFile(elements));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', hook, BIN, 'lint', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = /BENCH cpu (\d+)/.exec(r.stderr);
    if (r.status !== 0 || !cpu) throw new Error(`stroom lint failed on ${elements} elements (${r.status}):\n${r.stdout.slice(0, 2000)}${r.stderr.slice(0, 2000)}`);
    return { seconds, cpu: Number(cpu[1]) / 1e6, bytes: fs.statSync(file).size };
}

/** Elements that make a file of about `bytes` bytes. */
function elementsFor(bytes: number): number {
    return 2 * Math.round(bytes / (bigFile(1000).length / 500));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-bench-lint-'));
    try {
        for (const sub of ['sources', 'conventions', 'data']) fs.cpSync(path.join(EXAMPLES, sub), path.join(dir, sub), { recursive: true });
        fs.writeFileSync(path.join(dir, 'stroom.json'), '{"defaultSource": "sources.Voorbeeld"}');
        const hook = path.join(os.tmpdir(), `stroom-bench-cpu-${process.pid}.mjs`);
        fs.writeFileSync(hook, "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`BENCH cpu ${u.user + u.system}\\n`); });\n");
        console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}, ${os.platform()}`);
        const asked = process.argv.slice(2).map(Number).filter((n) => Number.isSafeInteger(n) && n >= 0);
        // 0: the example sources and conventions alone (Node's start, loading, linting them): the fixed part.
        const sizes = asked.length ? asked : [0, 1000, 2000, 4000, elementsFor(5e6)];
        for (const n of sizes) {
            const r = lintSeconds(dir, hook, n);
            console.log(`${n.toLocaleString('en-US')} elements (${(r.bytes / 1e6).toFixed(2)} MB): lint ${r.seconds.toFixed(1)} s, CPU ${r.cpu.toFixed(1)} s`);
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(path.join(os.tmpdir(), `stroom-bench-cpu-${process.pid}.mjs`), { force: true });
    }
}
