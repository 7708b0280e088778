// Benchmark: the generated SQL against a hand-written query for the same figure (bench/reference/), on DuckDB, once
// the relations exist. Target (issue 15): every generated query within 1.2x of its reference; the vsv queries peak
// under 512 MB at 300,000 people (3 GB at national scale).
//
// Run: npx tsx bench/sql.ts [--persons N] [--data FOLDER] [--runs R] [--quick]   (after `npm run build`)
//   --persons N   generate N people with `stroom generate` (default 300,000; --quick: 30,000)
//   --data DIR    use these `stroom generate` CSV files instead of generating
//   --runs R      timed runs per query (default 5; --quick: 3), alternated generated / reference; medians
// Method: one DuckDB in memory; the relation tables are built once from the printer's own mapping (as the engine
// does), then each query runs once untimed and R times timed, generated and reference in turn. Both must give the
// same counts. Memory: the vsv queries run in a child process of their own after the tables are built; its peak
// resident set size (sampled, and the kernel's maxRSS) is reported with the RSS the tables alone take.
// Exit code 1 when a ratio misses 1.2x or the vsv peak misses its limit.
import { spawnSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBEngine } from '@stroom/language';
import { buildRelations, countLines, generatedSql, plans, REFERENCE_CASES, referenceSql, workspaceOn } from './reference/harness.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'stroom.js');
const TARGET_RATIO = 1.2;

function option(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timed(engine: DuckDBEngine, sql: string): Promise<number> {
    const t0 = performance.now();
    await engine.query(sql);
    return performance.now() - t0;
}

/** Child mode: build the tables, then run the vsv queries while sampling RSS; prints one JSON line. */
async function memoryChild(data: string): Promise<void> {
    const { root, cleanup } = workspaceOn(data);
    try {
        const all = await plans(root);
        const engine = await DuckDBEngine.open();
        const relationTable = await buildRelations(engine, all);
        const tablesMb = process.memoryUsage.rss() / 2 ** 20;
        let peak = tablesMb;
        const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss() / 2 ** 20); }, 10);
        for (const [i, c] of REFERENCE_CASES.entries()) {
            if (c.file === 'vsv.stroom') await engine.query(generatedSql(all[i], relationTable));
        }
        clearInterval(timer);
        peak = Math.max(peak, process.memoryUsage.rss() / 2 ** 20);
        await engine.close();
        // maxRSS is in kilobytes.
        process.stdout.write(`${JSON.stringify({ tablesMb, peakMb: peak, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
    } finally {
        if (cleanup) fs.rmSync(cleanup, { recursive: true, force: true });
    }
}

async function main(): Promise<number> {
    const quick = process.argv.includes('--quick');
    let persons = Number(option('--persons') ?? (quick ? 30_000 : 300_000));
    const runs = Number(option('--runs') ?? (quick ? 3 : 5));
    let data = option('--data');
    let generatedDir: string | undefined;
    console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, ${os.platform()}`);
    if (!data) {
        generatedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-bench-sql-'));
        data = generatedDir;
        const r = spawnSync(process.execPath, [BIN, 'generate', '--out', data, '--persons', String(persons), '--seed', '1'], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`stroom generate failed:\n${r.stderr}`);
        console.log(r.stderr.trim().split('\n').pop());
    } else {
        // The memory limit depends on the size: people are the lines of personen.csv after its header.
        persons = fs.readFileSync(path.join(data, 'personen.csv'), 'utf8').split('\n').filter((l) => l).length - 1;
        console.log(`data: ${data} (${persons.toLocaleString('en-US')} people)`);
    }
    const { root, cleanup } = workspaceOn(data);
    let failed = false;
    try {
        const all = await plans(root);
        const engine = await DuckDBEngine.open();
        const t0 = performance.now();
        const relationTable = await buildRelations(engine, all);
        console.log(`relation tables built once in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${runs} timed runs per query, medians`);
        console.log('indicator              generated   reference   ratio');
        for (const [i, c] of REFERENCE_CASES.entries()) {
            const gen = generatedSql(all[i], relationTable);
            const ref = referenceSql(c);
            // The untimed first run of each also checks that both count the same.
            const [a, b] = [countLines(await engine.query(gen)), countLines(await engine.query(ref))];
            if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${c.indicator}: the reference counts differently from the generated SQL`);
            const g: number[] = [];
            const r: number[] = [];
            for (let k = 0; k < runs; k++) {
                g.push(await timed(engine, gen));
                r.push(await timed(engine, ref));
            }
            const ratio = median(g) / median(r);
            const ok = ratio <= TARGET_RATIO;
            failed ||= !ok;
            console.log(`${c.indicator.padEnd(22)} ${(median(g) / 1000).toFixed(3).padStart(7)} s ${(median(r) / 1000).toFixed(3).padStart(9)} s ${ratio.toFixed(2).padStart(6)}x  ${ok ? 'PASS' : 'FAIL'} (target ${TARGET_RATIO}x)`);
        }
        await engine.close();
    } finally {
        if (cleanup) fs.rmSync(cleanup, { recursive: true, force: true });
    }
    // Memory in a fresh process, so nothing the timings allocated is counted.
    const child = await new Promise<string>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', data!], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (d) => { out += d; });
        p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`memory child exited with ${code}`))));
    });
    const mem = JSON.parse(child.trim().split('\n').pop()!) as { tablesMb: number; peakMb: number; maxRssMb: number };
    const limit = persons <= 300_000 ? 512 : 3072;
    const memOk = mem.maxRssMb <= limit;
    failed ||= !memOk;
    console.log(`vsv queries: peak RSS ${mem.maxRssMb.toFixed(0)} MB (sampled ${mem.peakMb.toFixed(0)} MB; ${mem.tablesMb.toFixed(0)} MB with only the relation tables built)  ${memOk ? 'PASS' : 'FAIL'} (limit ${limit} MB)`);
    if (generatedDir) fs.rmSync(generatedDir, { recursive: true, force: true });
    return failed ? 1 : 0;
}

const childData = option('--memory-child');
if (childData) {
    await memoryChild(childData);
} else {
    process.exitCode = await main();
}
