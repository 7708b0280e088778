// Issue 12, part A: a definition may read only what the workspace allows (docs/safety.md, "What a definition may
// read"). Each finding of the review is a named test: the path it abused, and what Stroom does now.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
    DataError, DuckDBEngine, cut, duckdb, execute, loadWorkspace, nameList, postgres, prepare, type DataFileSpec,
} from '@stroom/language';
import { MINI_CSV, MINI_INDICATOR, MINI_SOURCE, STROOM_BIN, tempDir, writeFiles } from '../helpers.js';

interface Result { status: number; stdout: string; stderr: string }

/** The CLI with a time limit: a FIFO that were opened would block for ever (spawnSync blocks mocha's own timer). */
function stroomIn(cwd: string, args: readonly string[], env: Record<string, string> = {}): Result {
    const r = spawnSync(process.execPath, [STROOM_BIN, ...args], {
        cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', ...env },
    });
    assert.equal(r.signal, null, `stroom ${args.join(' ')} was killed (${r.signal}): it hung`);
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A source over one file, as written; the mapping reads columns the real file would not have. */
function sourceOver(file: string, extra = ''): string {
    return MINI_SOURCE.replace('file enr csv "data/enr.csv"', `file enr csv "${file}"${extra}`);
}

function workspace(files: Record<string, string>, config: Record<string, unknown> = {}): string {
    return writeFiles({ 'stroom.json': JSON.stringify(config), ...MINI_CSV, ...files });
}

/** The lint lines of one code. */
function linesOf(r: Result, code: string): string[] {
    return r.stdout.split('\n').filter((l) => l.includes(` ${code} `));
}

const SECRET = 'stroom-probe-7f3a9c';

describe('safety: what a definition may read (docs/safety.md)', function () {
    this.timeout(120_000);

    describe('data paths stay in the workspace and its dataFolders', () => {
        it('finding: csv "/proc/self/environ" printed the environment in unknown-column; now refused unread', () => {
            const dir = workspace({ 'src.stroom': sourceOver('/proc/self/environ') });
            const r = stroomIn(dir, ['lint', '.'], { STROOM_PROBE: SECRET });
            assert.equal(r.status, 1);
            assert.equal(linesOf(r, 'data-path-outside-workspace').length, 1, r.stdout);
            assert.match(r.stdout, /\/proc\/self\/environ is outside the workspace/);
            assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), 'the environment is not printed');
            assert.equal(linesOf(r, 'unknown-column').length, 0, 'the file was not read for its header');
        });

        it('finding: a layout pointing at a private key printed its first line; now refused unread', () => {
            const outside = tempDir();
            fs.writeFileSync(path.join(outside, 'id_ed25519'), `-----BEGIN OPENSSH PRIVATE KEY----- ${SECRET}\nAAAA 1 10\n`);
            const dir = workspace({
                'src.stroom': sourceOver('data/enr.asc').replace('csv "data/enr.asc"', `fixed width "data/enr.asc" layout "${path.join(outside, 'id_ed25519')}"`),
                'data/enr.asc': 'p1\n',
            });
            const r = stroomIn(dir, ['lint', '.']);
            assert.equal(linesOf(r, 'data-path-outside-workspace').length, 1, r.stdout);
            assert.ok(!r.stdout.includes(SECRET) && !r.stdout.includes('BEGIN OPENSSH'), r.stdout);
            assert.equal(linesOf(r, 'invalid-layout').length, 0, 'the layout was not parsed');
        });

        it('finding: unknown-record-type listed the lines of a records layout outside (../); now refused unread', () => {
            const outside = tempDir();
            fs.writeFileSync(path.join(outside, 'passwd'), `root:x:0:0:${SECRET}:/root:/bin/bash\ndaemon:x:1:1\n`);
            const dir = workspace({ 'data/ro.csv': 'X;1\n' });
            const layout = path.relative(dir, path.join(outside, 'passwd'));
            assert.match(layout, /^\.\.\//);
            fs.writeFileSync(path.join(dir, 'src.stroom'), sourceOver('data/ro.csv').replace('csv "data/ro.csv"', `records "data/ro.csv" layout "${layout}"`));
            const r = stroomIn(dir, ['lint', '.']);
            assert.equal(linesOf(r, 'data-path-outside-workspace').length, 1, r.stdout);
            assert.ok(!r.stdout.includes('root') && !r.stdout.includes('daemon') && !r.stdout.includes(SECRET), r.stdout);
        });

        it('refuses a .. escape and a symbolic link whose real path leaves the workspace', () => {
            const outside = tempDir();
            fs.writeFileSync(path.join(outside, 'enr.csv'), MINI_CSV['data/enr.csv']);
            const dir = workspace({});
            fs.writeFileSync(path.join(dir, 'a.stroom'), sourceOver(path.relative(dir, path.join(outside, 'enr.csv'))));
            fs.symlinkSync(path.join(outside, 'enr.csv'), path.join(dir, 'data', 'link.csv'));
            fs.writeFileSync(path.join(dir, 'b.stroom'), sourceOver('data/link.csv').replace('source Mini', 'source Mini2').replace('package src', 'package src2'));
            const r = stroomIn(dir, ['lint', '.']);
            assert.equal(linesOf(r, 'data-path-outside-workspace').length, 2, r.stdout);
        });

        it('reads a folder stroom.json lists in dataFolders, also through a link in the workspace (docs blocks do so)', () => {
            const base = tempDir();
            const data = path.join(base, 'data');
            fs.mkdirSync(data);
            fs.writeFileSync(path.join(data, 'enr.csv'), MINI_CSV['data/enr.csv']);
            const ws = path.join(base, 'ws');
            writeFiles({ 'stroom.json': JSON.stringify({ dataFolders: ['../data'] }), 'a.stroom': sourceOver('../data/enr.csv') }, ws);
            fs.symlinkSync(data, path.join(ws, 'linked'), 'dir');
            fs.writeFileSync(path.join(ws, 'b.stroom'), sourceOver('linked/enr.csv').replace('source Mini', 'source Mini2').replace('package src', 'package src2'));
            const r = stroomIn(ws, ['lint', '.']);
            assert.equal(r.status, 0, r.stdout + r.stderr);
            // Without the setting, both are outside.
            fs.writeFileSync(path.join(ws, 'stroom.json'), '{}');
            assert.equal(linesOf(stroomIn(ws, ['lint', '.']), 'data-path-outside-workspace').length, 2);
        });

        it('never reads /proc, /sys or /dev, even when stroom.json lists them', () => {
            const dir = workspace({ 'src.stroom': sourceOver('/dev/zero') }, { dataFolders: ['/proc', '/dev', '/sys'] });
            fs.writeFileSync(path.join(dir, 'b.stroom'), sourceOver('/proc/self/environ').replace('source Mini', 'source Mini2').replace('package src', 'package src2'));
            const r = stroomIn(dir, ['lint', '.']);
            assert.equal(linesOf(r, 'data-path-outside-workspace').length, 2, r.stdout);
        });

        it('refuses a FIFO, a folder and a pattern matching a FIFO without opening them (data-path-not-a-file)', () => {
            const dir = workspace({ 'a.stroom': sourceOver('data/pipe.csv') });
            fs.mkdirSync(path.join(dir, 'fifo'));
            for (const p of ['data/pipe.csv', 'fifo/RO_1.csv']) {
                const made = spawnSync('mkfifo', [path.join(dir, p)]);
                assert.equal(made.status, 0, 'mkfifo is available');
            }
            fs.writeFileSync(path.join(dir, 'b.stroom'), sourceOver('data').replace('source Mini', 'source Mini2').replace('package src', 'package src2'));
            fs.writeFileSync(path.join(dir, 'c.stroom'), sourceOver('fifo/RO_*.csv').replace('source Mini', 'source Mini3').replace('package src', 'package src3'));
            const r = stroomIn(dir, ['lint', '.']);
            const lines = linesOf(r, 'data-path-not-a-file');
            assert.equal(lines.length, 3, r.stdout);
            assert.ok(lines.some((l) => l.includes('a FIFO')) && lines.some((l) => l.includes('a directory')), r.stdout);
        });

        it('run and compile refuse too (exit 1), and the engine checks again right before reading', async () => {
            const dir = workspace({ 'src.stroom': MINI_SOURCE, 'ind.stroom': MINI_INDICATOR });
            const ws = await loadWorkspace(dir);
            const [p] = prepare(ws, path.join(dir, 'ind.stroom'));
            // After lint passed: the data file becomes a link to a file outside.
            const outside = tempDir();
            fs.writeFileSync(path.join(outside, 'enr.csv'), MINI_CSV['data/enr.csv']);
            fs.rmSync(path.join(dir, 'data', 'enr.csv'));
            fs.symlinkSync(path.join(outside, 'enr.csv'), path.join(dir, 'data', 'enr.csv'));
            const engine = await DuckDBEngine.open();
            try {
                await assert.rejects(execute(engine, p), (e: Error) => e instanceof DataError && /outside the workspace/.test(e.message));
            } finally {
                await engine.close();
            }
            for (const command of ['run', 'compile', 'explain']) {
                const r = stroomIn(dir, [command, 'ind.stroom']);
                assert.equal(r.status, 1, `${command}: ${r.stderr}`);
                assert.match(r.stderr, /data-path-outside-workspace|outside the workspace/, command);
            }
        });

        it('the DuckDB dialect will not print SQL that reads a refused file', () => {
            const file: DataFileSpec = { name: 'e', format: 'csv', path: '/proc/self/environ', written: '/proc/self/environ', at: { file: path.join(tempDir(), 'x.stroom'), line: 1 } };
            assert.throws(() => duckdb.readFile(file, ','), DataError);
        });
    });

    describe('messages quote capped names and cells only', () => {
        it('cut and nameList: at most 20 names, each at most 40 characters, the list at most 300', () => {
            const many = Array.from({ length: 2477 }, (_, k) => `persoon${String(k).padStart(6, '0')}`);
            const list = nameList(many);
            assert.ok(list.length <= 300, `${list.length}`);
            assert.ok(!list.includes('persoon000020'), 'no 21st name');
            assert.match(list, /\(\d+ more\)$/);
            assert.equal(cut('x'.repeat(500)).length, 40);
            assert.equal(cut('a\rb\u0000'), 'a\\rb\\x00');
        });

        it('finding: a CR-only file put 2,477 person ids in one unknown-column message; now at most 300 characters of names', () => {
            const ids = Array.from({ length: 2477 }, (_, k) => `p${100000 + k},A,34001,HBO,20200901,`);
            const dir = workspace({ 'src.stroom': MINI_SOURCE, 'data/enr.csv': `pid,brin,opl,sector,start,eind\r${ids.join('\r')}\r` });
            const r = stroomIn(dir, ['lint', '.']);
            // The first "line" is over 64 KB now: too-large, with no content at all; shorter, unknown-column, capped.
            const lines = [...linesOf(r, 'unknown-column'), ...linesOf(r, 'too-large')];
            assert.ok(lines.length > 0, r.stdout);
            for (const l of lines) {
                assert.ok(l.length < 600, `line of ${l.length} characters`);
                assert.ok(!l.includes('p100010'), 'no id beyond the first cut name');
            }
        });

        it('finding: a missing header printed a data row; the row read as a header is cut like any list of names', () => {
            const row = ['p1', `A${'x'.repeat(80)}`, '34001', 'HBO', '20200901', '', ...Array.from({ length: 30 }, (_, k) => `c${k}`)].join(',');
            const dir = workspace({ 'src.stroom': MINI_SOURCE, 'data/enr.csv': `${row}\n${row}\n` });
            const r = stroomIn(dir, ['lint', '.']);
            const lines = linesOf(r, 'unknown-column');
            assert.ok(lines.length > 0, r.stdout);
            for (const l of lines) {
                const list = /its columns: (.*)\. \/ /.exec(l)?.[1] ?? '';
                assert.ok(list.length > 0 && list.length <= 300, `${list.length}: ${l}`);
                assert.ok(!l.includes('x'.repeat(40)) && !l.includes('c29'), l);
            }
        });

        it('a data error names file, row, column and at most 40 characters of the cell at fault', () => {
            const long = `2020${'9'.repeat(200)}`;
            const dir = workspace({ 'src.stroom': MINI_SOURCE, 'ind.stroom': MINI_INDICATOR, 'data/enr.csv': `pid,brin,opl,sector,start,eind\np1,A,34001,HBO,${long},\n` });
            const r = stroomIn(dir, ['run', 'ind.stroom']);
            assert.equal(r.status, 1, r.stderr);
            assert.match(r.stderr, /enr\.csv, row 1 \(line 2\), column 'start': "2020999/);
            assert.ok(!r.stderr.includes('9'.repeat(60)), r.stderr);
        });

        it('lists at most 20 record types of a records layout in unknown-record-type', () => {
            const layout = Array.from({ length: 60 }, (_, k) => `T${k}: type, a, b`).join('\n');
            const dir = workspace({
                'src.stroom': MINI_SOURCE.replace('file enr csv "data/enr.csv"', 'file enr records "data/ro.csv" layout "ro.layout"').replace('enrollments from enr {', 'enrollments from enr record NOPE {'),
                'data/ro.csv': 'T1;x;y\n', 'ro.layout': layout,
            });
            const r = stroomIn(dir, ['lint', '.']);
            const [line] = linesOf(r, 'unknown-record-type');
            assert.ok(line, r.stdout);
            assert.ok(!line.includes('T20,') && /more\)/.test(line), line);
        });

        it('a records layout line that is not `TYPE: fields` is not quoted back', () => {
            const dir = workspace({
                'src.stroom': MINI_SOURCE.replace('file enr csv "data/enr.csv"', 'file enr records "data/ro.csv" layout "ro.layout"').replace('enrollments from enr {', 'enrollments from enr record T {'),
                'data/ro.csv': 'T;x\n', 'ro.layout': `T: type, pid\n${SECRET} is not a layout line\n`,
            });
            const r = stroomIn(dir, ['lint', '.']);
            assert.ok(linesOf(r, 'invalid-layout').length > 0, r.stdout);
            assert.ok(!r.stdout.includes(SECRET), r.stdout);
        });
    });

    describe('database tables only from the schemas stroom.json allows', () => {
        const tableSource = (table: string) => MINI_SOURCE.replace('file enr csv "data/enr.csv"', `file enr table "${table}"`);

        it('finding: table "pg_catalog.pg_authid" was accepted; system schemas are refused even when listed', () => {
            for (const table of ['pg_catalog.pg_authid', 'information_schema.tables', 'pg_toast.x', 'PG_Temp_1.x']) {
                const dir = workspace({ 'src.stroom': tableSource(table) }, { tableSchemas: ['pg_catalog', 'information_schema', 'pg_toast', 'PG_Temp_1'] });
                const r = stroomIn(dir, ['lint', '.']);
                assert.equal(linesOf(r, 'table-schema-not-allowed').length, 1, `${table}: ${r.stdout}`);
                assert.match(r.stdout, /system schema/);
            }
        });

        it('no schema is allowed by default; the message names the setting; a listed one lints clean', () => {
            const dir = workspace({ 'src.stroom': tableSource('analytics.inschrijvingen') });
            const r = stroomIn(dir, ['lint', '.']);
            assert.match(linesOf(r, 'table-schema-not-allowed')[0] ?? '', /"tableSchemas" of stroom\.json \(it lists none\)/, r.stdout);
            fs.writeFileSync(path.join(dir, 'stroom.json'), JSON.stringify({ tableSchemas: ['analytics'] }));
            assert.equal(stroomIn(dir, ['lint', '.']).status, 0);
        });

        it('the PostgreSQL dialect (what run --engine postgres sends) refuses a system table too', () => {
            const at = { file: path.join(workspace({}, { tableSchemas: ['pg_catalog'] }), 'x.stroom'), line: 1 };
            const file: DataFileSpec = { name: 'e', format: 'table', path: 'pg_catalog.pg_authid', written: 'pg_catalog.pg_authid', at };
            assert.throws(() => postgres.readFile(file, ','), (e: Error) => e instanceof DataError && /system schema/.test(e.message));
        });
    });

    describe('no extension is fetched', () => {
        it('finding: encoding "shift_jis" made DuckDB try to install an extension; now unsupported-encoding at lint', () => {
            const dir = workspace({ 'src.stroom': sourceOver('data/enr.csv', ' encoding "shift_jis"') });
            const r = stroomIn(dir, ['lint', '.']);
            assert.match(linesOf(r, 'unsupported-encoding')[0] ?? '', /use one of utf-8, latin-1, utf-16/, r.stdout);
            for (const ok of ['utf-8', 'LATIN-1', 'utf-16']) {
                fs.writeFileSync(path.join(dir, 'src.stroom'), sourceOver('data/enr.csv', ` encoding "${ok}"`));
                assert.equal(linesOf(stroomIn(dir, ['lint', '.']), 'unsupported-encoding').length, 0, ok);
            }
        });

        it('every DuckDB connection has autoinstall and autoload of known extensions off', async () => {
            const engine = await DuckDBEngine.open();
            try {
                const [row] = await engine.query("SELECT current_setting('autoinstall_known_extensions') AS i, current_setting('autoload_known_extensions') AS l");
                assert.deepEqual(row, { i: false, l: false });
            } finally {
                await engine.close();
            }
        });
    });

    describe('--out', () => {
        it('refuses to write onto a symbolic link (exit 2), naming it and leaving the link and its target alone', () => {
            const dir = workspace({ 'src.stroom': MINI_SOURCE, 'ind.stroom': MINI_INDICATOR });
            const target = path.join(tempDir(), 'authorized_keys');
            fs.writeFileSync(target, 'keep me\n');
            fs.symlinkSync(target, path.join(dir, 'out.sql'));
            const r = stroomIn(dir, ['compile', 'ind.stroom', '--out', 'out.sql']);
            assert.equal(r.status, 2, r.stderr);
            assert.match(r.stderr, /out\.sql: is a symbolic link/);
            assert.ok(fs.lstatSync(path.join(dir, 'out.sql')).isSymbolicLink());
            assert.equal(fs.readFileSync(target, 'utf8'), 'keep me\n');
            // A regular file is still replaced atomically, as before.
            const ok = stroomIn(dir, ['compile', 'ind.stroom', '--out', 'plain.sql']);
            assert.equal(ok.status, 0, ok.stderr);
            assert.match(fs.readFileSync(path.join(dir, 'plain.sql'), 'utf8'), /SELECT/);
        });
    });
});
