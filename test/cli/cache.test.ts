// The data side of a run: each data file is read and checked once however many indicators read it, and the workspace
// cache (.stroom-cache/) gives a repeated run the same output without reading unchanged files again. A changed file
// (even of the same size, its modification time put back) is read again; --no-cache and `"cache": false` write
// nothing; `stroom cache clear` removes it; a cache another process holds gives a note and a run in memory.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDBEngine, execute, loadWorkspace, prepare, racy, stampsOf, RACY_MS } from '@stroom/language';
import { stroom, writeFiles, type CliResult } from '../helpers.js';

// Six persons over two cohorts, one code the map lacks (a warning) and one record without a person (left out).
const ENROLLMENTS = [
    'pid,brin,opl,sector,start,eind',
    'p1,A,34001,HBO,20200901,20210831',
    'p1,A,34001,HBO,20210901,',
    'p2,A,34001,HBO,20200901,20210131',
    'p3,B,34002,HBO,20200901,',
    'p4,B,34002,XX,20200901,',
    ',B,34002,HBO,20200901,',
    'p5,A,34001,HBO,20210901,20220131',
    'p6,A,34001,HBO,20210901,',
    'p7,B,34002,HBO,20210901,20220630',
].join('\n') + '\n';

const SOURCE = `package src
source Mini {
    observed from 2015-09-01 until 2024-09-30
    file enr csv "data/enr.csv"
    enrollments from enr {
        person = pid
        institution = brin
        programme = opl
        sector = sector map { "HBO": hbo, "WO": wo }
        start = date(start, "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
}
`;

const indicator = (name: string, after: number, scope: string) =>
    `indicator ${name} {\n    cohort C\n    measure dropout\n    after ${after} year${after === 1 ? '' : 's'}\n    scope ${scope}\n    switchers count as dropout\n}\n`;
const INDICATORS = `package t\ncohort C {\n    entry first in sector hbo\n    inflow any\n    years 2020..2021\n}\n`
    + indicator('Uitval', 1, 'programme') + indicator('Uitval2', 2, 'programme') + indicator('Behoud', 1, 'institution');

function workspace(config = '{}\n'): string {
    return writeFiles({ 'stroom.json': config, 'data/enr.csv': ENROLLMENTS, 'src.stroom': SOURCE, 'uitval.stroom': INDICATORS });
}

/** Files older than the racy window: a cache entry of them is stored (git's rule, run/relations.ts). */
function settle(dir: string): void {
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, 'data', 'enr.csv'), past, past);
    // The change time cannot be set back: wait until it is out of the window too.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RACY_MS + 100);
}

const run = (dir: string, ...args: string[]): CliResult => stroom(['run', path.join(dir, 'uitval.stroom'), ...args], dir);

describe('data runs', () => {
    it('reads and checks each data file once, however many indicators read it', async () => {
        const dir = workspace();
        const ws = await loadWorkspace(dir, [path.join(dir, 'uitval.stroom')]);
        const reads = async (indicators: ReturnType<typeof prepare>) => {
            const engine = await DuckDBEngine.open();
            let n = 0;
            const query = engine.query.bind(engine);
            const runSql = engine.run.bind(engine);
            engine.query = async (sql: string) => { if (sql.includes('enr.csv')) n++; return query(sql); };
            engine.run = async (sql: string) => { if (sql.includes('enr.csv')) n++; return runSql(sql); };
            try {
                for (const p of indicators) await execute(engine, p);
            } finally {
                await engine.close();
            }
            return n;
        };
        const all = prepare(ws, path.join(dir, 'uitval.stroom'));
        assert.equal(all.length, 3);
        const one = await reads(all.slice(0, 1));
        assert.ok(one > 0);
        assert.equal(await reads(all), one, 'three indicators read the file as often as one');
    });

    it('a file modified moments ago is racy: its entry would not be trusted', () => {
        const dir = workspace();
        const file = path.join(dir, 'data', 'enr.csv');
        assert.equal(racy(stampsOf([file]), Date.now()), true);
        const past = new Date(Date.now() - 60_000);
        fs.utimesSync(file, past, past);
        // The change time is now: still racy until the window has passed.
        assert.equal(racy(stampsOf([file]), Date.now()), true);
        assert.equal(racy(stampsOf([file]), Date.now() + RACY_MS + 1000), false);
    });

    describe('the workspace cache', () => {
        let dir: string;
        let cold: CliResult;
        let warm: CliResult;
        before(() => {
            dir = workspace();
            settle(dir);
            // Person rows: every outcome shows (the tables of so few people are all hidden).
            cold = run(dir, '--records', '--format', 'csv');
            warm = run(dir, '--records', '--format', 'csv');
        });

        it('a warm run prints exactly what the cold one printed, warnings and summary included', () => {
            assert.equal(cold.status, 0, cold.stderr);
            assert.match(cold.stderr, /not in the map of 'sector'/);
            assert.match(cold.stderr, /1 record left out, 1 warning/);
            assert.equal(warm.stdout, cold.stdout);
            assert.equal(warm.stderr, cold.stderr);
            // Each warning once, though three indicators read the file.
            assert.equal(cold.stderr.split('\n').filter((l) => l.includes("not in the map of 'sector'")).length, 1);
        });

        it('is kept inside the workspace, ignored by git, and holds the relation', () => {
            const ignore = path.join(dir, '.stroom-cache', '.gitignore');
            assert.ok(fs.existsSync(ignore));
            assert.ok(fs.readFileSync(ignore, 'utf8').split('\n').includes('*'));
            const info = stroom(['cache', 'info', dir], dir);
            assert.equal(info.status, 0, info.stderr);
            assert.match(info.stdout, /1 relation\b/);
        });

        it('a cache another stroom process holds gives a one-line note and the same figures', async () => {
            const holder = await DuckDBInstance.create(path.join(dir, '.stroom-cache', 'relations.duckdb'));
            let locked: CliResult;
            try {
                const connection = await holder.connect();
                await connection.run('SELECT 1');
                locked = run(dir, '--records', '--format', 'csv');
                connection.closeSync();
            } finally {
                holder.closeSync();
            }
            assert.equal(locked.status, 0, locked.stderr);
            const notes = locked.stderr.split('\n').filter((l) => l.includes('in use by another stroom process'));
            assert.equal(notes.length, 1);
            assert.equal(locked.stdout, cold.stdout);
            assert.equal(locked.stderr.replace(`${notes[0]}\n`, ''), cold.stderr);
        });

        it('reads a file again that was rewritten with the same size and its old modification time', () => {
            const file = path.join(dir, 'data', 'enr.csv');
            assert.match(cold.stdout, /Uitval,2020,p2,A,34001,hbo,dropout/);
            const before = fs.statSync(file);
            // p2 now stays enrolled: a text of the same length, and the same mtime.
            fs.writeFileSync(file, ENROLLMENTS.replace('p2,A,34001,HBO,20200901,20210131', 'p2,A,34001,HBO,20200901,20230131'));
            fs.utimesSync(file, before.atime, before.mtime);
            assert.equal(fs.statSync(file).size, before.size);
            assert.equal(fs.statSync(file).mtimeMs, before.mtimeMs);
            const after = run(dir, '--records', '--format', 'csv');
            assert.equal(after.status, 0, after.stderr);
            assert.match(after.stdout, /Uitval,2020,p2,A,34001,hbo,retained/);
            assert.equal(after.stdout, run(dir, '--records', '--format', 'csv', '--no-cache').stdout);
        });

        it('`stroom cache clear` removes it and says so', () => {
            const cleared = stroom(['cache', 'clear'], dir);
            assert.equal(cleared.status, 0, cleared.stderr);
            assert.match(cleared.stdout, /removed .*\.stroom-cache/);
            assert.equal(fs.existsSync(path.join(dir, '.stroom-cache')), false);
        });
    });

    it('--no-cache and "cache": false write no cache, with the same output', () => {
        const dir = workspace();
        const bypassed = run(dir, '--no-cache');
        assert.equal(bypassed.status, 0, bypassed.stderr);
        assert.equal(fs.existsSync(path.join(dir, '.stroom-cache')), false);
        const off = workspace('{ "cache": false }\n');
        const configured = run(off);
        assert.equal(fs.existsSync(path.join(off, '.stroom-cache')), false);
        assert.equal(configured.stdout, bypassed.stdout);
        assert.equal(configured.stderr, bypassed.stderr);
    });
});
