// No silent wrong figure (docs/safety.md): each finding of issue 12, part C, as a named regression test. A figure
// computed from a definition or data that cannot mean what it says must not come out with exit 0: the command stops
// and names the place, or the records are left out and counted, as docs/diagnostics.md ("Data checks") says.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commentLines, csvRowLines, DuckDBEngine, duckdb, loadWorkspace, prepare, printSql } from '@stroom/language';
import { cardPage, compareBlocks, runIndicators, sqlOf } from '../../packages/extension/src/actions.js';
import { EXAMPLES, MINI_INDICATOR, MINI_SOURCE, tempDir, writeFiles, type CliResult } from '../helpers.js';
import { stroomIn } from './in-process.js';

const ENROLLMENTS_HEADER = 'pid,brin,opl,sector,start,eind';

/** A workspace with the mini source over the given enrollments CSV text, and the mini indicator. */
function miniWorkspace(csv: string, indicator = MINI_INDICATOR): string {
    return writeFiles({ 'stroom.json': '{}\n', 'src.stroom': MINI_SOURCE, 'ind.stroom': indicator, 'data/enr.csv': csv });
}

/** The person-level records a run computes (exact, no suppression): tiny data has only small counts. */
async function records(dir: string, file = 'ind.stroom'): Promise<{ result: CliResult; rows: string[] }> {
    const result = await stroomIn(['run', file, '--records', '--format', 'csv'], dir);
    return { result, rows: result.stdout.trim().split('\n').slice(1).filter((l) => l !== '') };
}

function all(r: CliResult): string {
    return r.stdout + r.stderr;
}

describe('no silent wrong figure', () => {
    describe('an error in a file the definition depends on (issue 12 C1: a missing comma in the conventions file)', () => {
        let dir: string;
        const place = /conventions\/published\.stroom:50:\d+ error parse-error/;
        before(() => {
            dir = tempDir();
            fs.cpSync(EXAMPLES, dir, { recursive: true });
            const conventions = path.join(dir, 'conventions', 'published.stroom');
            const lines = fs.readFileSync(conventions, 'utf8').split('\n');
            assert.equal(lines[49].trim(), 'switch within sectors hbo, wo', 'the line this test breaks moved');
            lines[49] = lines[49].replace('hbo, wo', 'hbo wo');
            fs.writeFileSync(conventions, lines.join('\n'));
        });

        it('lint FILE reports the error of the imported file and fails', async () => {
            const r = await stroomIn(['lint', 'havo-hbo.stroom'], dir);
            assert.equal(r.status, 1, all(r));
            assert.match(r.stdout, place);
        });

        for (const args of [['run', 'havo-hbo.stroom'], ['compile', 'havo-hbo.stroom'], ['explain', 'havo-hbo.stroom'],
            ['funnel', 'havo-hbo.stroom'], ['compare', 'compare.stroom']]) {
            it(`${args[0]} refuses to compute and names the file, line and column`, async () => {
                const r = await stroomIn(args, dir);
                assert.equal(r.status, 1, all(r));
                assert.equal(r.stdout, '', 'nothing is computed');
                assert.match(r.stderr, place);
                assert.match(r.stderr, /depends on conventions\/published\.stroom, which has errors/);
            });
        }

        it('test fails the examples of a file that imports it', async () => {
            const r = await stroomIn(['test', 'tests/hbo-cbs-ocw-vh.stroom'], dir);
            assert.equal(r.status, 1, all(r));
            assert.match(r.stdout, place);
        });

        it("the editor's run, compare, SQL and card refuse too, with the place", async () => {
            const file = path.join(dir, 'havo-hbo.stroom');
            const placed = (e: Error & { diagnostics?: readonly string[] }) => place.test((e.diagnostics ?? []).join('\n'));
            await assert.rejects(runIndicators(file, undefined), placed);
            await assert.rejects(sqlOf(file, undefined), placed);
            await assert.rejects(cardPage(file, undefined), placed);
            await assert.rejects(compareBlocks(path.join(dir, 'compare.stroom'), undefined), placed);
        });

        it('a file that does not depend on the broken file still runs', async () => {
            const r = await stroomIn(['lint', 'sources/voorbeeld.stroom'], dir);
            assert.equal(r.status, 0, all(r));
        });
    });

    describe('user text in SQL comments (issue 12 C2: a NUL in a title emptied the figures)', () => {
        // In the title and in a convention's citation, both of which the SQL header shows; and in a description.
        // A NUL itself is refused by lint now (invalid-string, docs/safety.md "Bounds"); line breaks, star-slash and
        // separators are allowed text and must still never end a comment.
        const hostile = MINI_INDICATOR
            .replace('indicator Uitval {', '/// Beschrijving met */ erin\nindicator Uitval "Uitval na\n1 */ jaar\r-- x\u2028y" using K {')
            + 'convention K "K" {\n    peildatum 1 october\n    cite "bron */ DROP TABLE x;\n-- y"\n}\n';

        it('commentLines escapes control characters and star-slash, one comment line per line', () => {
            assert.deepEqual(commentLines('a\u0000b */ c\nd\r\ne\u001bf\u2028g'), ['-- a\\x00b * / c', '-- d', '-- e\\x1bf\\u2028g']);
        });

        it('a title with a NUL is refused (invalid-string, exit 1): nothing is computed', async () => {
            const csv = `${ENROLLMENTS_HEADER}\np1,A,34001,HBO,20200901,\n`;
            const r = await stroomIn(['run', 'ind.stroom'], miniWorkspace(csv, MINI_INDICATOR.replace('indicator Uitval {', 'indicator Uitval "Uit\u0000val" {')));
            assert.equal(r.status, 1, all(r));
            assert.match(all(r), /invalid-string/);
            assert.equal(r.stdout, '');
        });

        it('a title with line breaks, star-slash and a line separator gives the same figures as a plain title', async () => {
            const csv = `${ENROLLMENTS_HEADER}\np1,A,34001,HBO,20200901,\np2,A,34001,HBO,20200901,20210101\n`;
            const plain = await records(miniWorkspace(csv));
            const dir = miniWorkspace(csv, hostile);
            const odd = await records(dir);
            assert.equal(odd.result.status, 0, all(odd.result));
            assert.equal(plain.rows.length, 2);
            assert.deepEqual(odd.rows, plain.rows);
            const sql = (await stroomIn(['compile', 'ind.stroom'], dir)).stdout;
            assert.ok(!sql.includes('*/') && !sql.includes('\u2028'), 'no raw star-slash or separator');
            for (const line of sql.split('\n').slice(0, 3)) assert.match(line, /^-- /);
            assert.ok(sql.includes('-- using K: bron * / DROP TABLE x;\n-- -- y\n'), 'the citation, escaped, each line a comment');
        });
    });

    describe('internal column names (issue 12 C3: a data column named source_row took over the row order)', () => {
        // Every name Stroom uses or used inside the SQL it writes, as a column of the user's file.
        const internal = ['source_row', 'file_name', 'file_line', 'record_width', 'line', 'filename', 'code', 'label', 'cell', 'person_row', 'anchor_id'];

        it('user columns named like every internal name change nothing', async () => {
            const base = `${ENROLLMENTS_HEADER}\np1,B,34002,HBO,20200901,\np1,A,34001,HBO,20200901,20210101\np2,A,34001,HBO,20200901,\n`;
            const plain = await records(miniWorkspace(base));
            const [head, ...rows] = base.trim().split('\n');
            // Descending values: an internal row order taken from them would reverse the tie-break.
            const extra = `${head},${internal.join(',')}\n${rows.map((r, i) => `${r},${internal.map(() => String(rows.length - i)).join(',')}`).join('\n')}\n`;
            const odd = await records(miniWorkspace(extra));
            assert.equal(odd.result.status, 0, all(odd.result));
            assert.deepEqual(odd.rows, plain.rows);
        });

        it('a column with the reserved prefix is refused, by name', async () => {
            const r = await stroomIn(['run', 'ind.stroom'], miniWorkspace(`${ENROLLMENTS_HEADER},stroom$row\np1,A,34001,HBO,20200901,,5\n`));
            assert.equal(r.status, 1, all(r));
            assert.match(r.stderr, /column 'stroom\$row' starts with 'stroom\$', which Stroom keeps for its own columns/);
        });
    });

    describe('data that cannot mean what it says (issue 12 C4)', () => {
        const good = 'p1,A,34001,HBO,20200901,';
        const cases: Array<{ name: string; row: string; rule: string; column: string }> = [
            { name: 'a date before 1900', row: 'p9,A,34001,HBO,18990901,', rule: 'date-range', column: 'start' },
            { name: 'a date after 2100', row: 'p9,A,34001,HBO,21010901,', rule: 'date-range', column: 'start' },
            { name: 'a date in year 0', row: 'p9,A,34001,HBO,00000901,', rule: 'date-range', column: 'start' },
            { name: 'a seven-digit date (2020011 read as 2020-01-01)', row: 'p9,A,34001,HBO,2020011,', rule: 'date-format', column: 'start' },
            { name: 'a two-digit year', row: 'p9,A,34001,HBO,200901,', rule: 'date-format', column: 'start' },
            { name: 'a date that does not parse', row: 'p9,A,34001,HBO,2020x901,', rule: 'date-format', column: 'start' },
        ];
        for (const c of cases) {
            it(`${c.name} is an error with file, row, line and column: run stops, check-data exits 1`, async () => {
                const dir = miniWorkspace(`${ENROLLMENTS_HEADER}\n${good}\n${c.row}\n`);
                const run = await stroomIn(['run', 'ind.stroom'], dir);
                assert.equal(run.status, 1, all(run));
                assert.match(run.stderr, new RegExp(`data/enr\\.csv, row 2 \\(line 3\\), column '${c.column}'`));
                const check = await stroomIn(['check-data', 'Mini', '--format', 'json'], dir);
                assert.equal(check.status, 1, all(check));
                const [source] = JSON.parse(check.stdout).sources;
                assert.equal(source.errors, 1);
                assert.deepEqual(source.findings.map((f: { rule: string; row: number; line: number; column: string }) => [f.rule, f.row, f.line, f.column]), [[c.rule, 2, 3, c.column]]);
            });
        }

        it('a year of prior education 0000 or 9999 is an error (year-range)', async () => {
            const dir = writeFiles({
                'stroom.json': '{}\n', 'ind.stroom': MINI_INDICATOR,
                'src.stroom': MINI_SOURCE.replace('enrollments from enr {', 'file vo csv "data/vo.csv"\n    prior education from vo {\n        person = pid\n        category = soort map { "HAVO": havo }\n        diploma year = school year starting jaar\n    }\n    enrollments from enr {'),
                'data/enr.csv': `${ENROLLMENTS_HEADER}\n${good}\n`, 'data/vo.csv': 'pid,soort,jaar\np1,HAVO,2019\np2,HAVO,0000\np3,HAVO,9999\n',
            });
            const check = await stroomIn(['check-data', 'src.stroom'], dir);
            assert.equal(check.status, 1, all(check));
            assert.match(check.stdout, /year-range: data\/vo\.csv, row 2 \(line 3\), column 'jaar': "0000" is a year outside 1900\.\.2100 \(and 1 more row\)/);
        });

        it('an enrollment that ends before it starts is left out and counted; figures as without it', async () => {
            const plain = await records(miniWorkspace(`${ENROLLMENTS_HEADER}\n${good}\n`));
            const dir = miniWorkspace(`${ENROLLMENTS_HEADER}\n${good}\np2,A,34001,HBO,20200901,20190101\n`);
            const odd = await records(dir);
            assert.equal(odd.result.status, 0, all(odd.result));
            assert.deepEqual(odd.rows, plain.rows);
            assert.match(odd.result.stderr, /row 2 \(line 3\), column 'eind': "20190101" is before 'start': an enrollment that ends before it starts is left out$/m);
            assert.match(odd.result.stderr, /data quality: 0 errors, 1 record left out, 0 warnings/);
            const check = await stroomIn(['check-data', 'Mini'], dir);
            assert.equal(check.status, 0, all(check));
            assert.match(check.stdout, /left out: end-before-start/);
        });

        it('a record without a person key is left out and counted (it made a dropout before)', async () => {
            const plain = await records(miniWorkspace(`${ENROLLMENTS_HEADER}\n${good}\n`));
            const dir = miniWorkspace(`${ENROLLMENTS_HEADER}\n${good}\n,A,34001,HBO,20200901,20210101\n  ,A,34001,HBO,20200901,20210101\n`);
            const odd = await records(dir);
            assert.equal(odd.result.status, 0, all(odd.result));
            assert.deepEqual(odd.rows, plain.rows);
            assert.match(odd.result.stderr, /data quality: 0 errors, 2 records left out/);
            const json = JSON.parse((await stroomIn(['run', 'ind.stroom', '--format', 'json'], dir)).stdout);
            assert.equal(json.dataQuality.dropped, 2);
            assert.deepEqual(json.dataQuality.findings.map((f: { rule: string; count: number; line: number }) => [f.rule, f.count, f.line]), [['empty-person', 2, 3]]);
        });

        it('check-data takes a data file too: the mappings that read it', async () => {
            const dir = miniWorkspace(`${ENROLLMENTS_HEADER}\n${good}\np9,A,34001,HBO,19000101x,\n`);
            const check = await stroomIn(['check-data', 'data/enr.csv'], dir);
            assert.equal(check.status, 1, all(check));
            assert.match(check.stdout, /^source src\.Mini: 1 error, 0 records left out, 0 warnings\n  error \(nothing is computed\): date-format: data\/enr\.csv, row 2 \(line 3\)/);
            const none = await stroomIn(['check-data', 'stroom.json'], dir);
            assert.equal(none.status, 1, all(none));
            assert.match(none.stderr, /no source in the workspace of .* reads it/);
        });

        it('a header-only file is a warning', async () => {
            const dir = miniWorkspace(`${ENROLLMENTS_HEADER}\n`);
            const check = await stroomIn(['check-data', 'Mini'], dir);
            assert.equal(check.status, 0, all(check));
            assert.match(check.stdout, /warning \(used\): no-rows: data\/enr\.csv has no data rows \(only a header\)/);
            const run = await stroomIn(['run', 'ind.stroom'], dir);
            assert.match(run.stderr, /data quality: 0 errors, 0 records left out, 1 warning/);
        });

        it('the checks read the data once per file, in SQL: a large file is checked in one pass', async () => {
            const rows = Array.from({ length: 20000 }, (_, i) => `p${i},A,34001,HBO,20200901,`);
            rows[15000] = 'p15000,A,34001,HBO,2020011,';
            const dir = miniWorkspace(`${ENROLLMENTS_HEADER}\n${rows.join('\n')}\n`);
            const check = await stroomIn(['check-data', 'Mini'], dir);
            assert.equal(check.status, 1, all(check));
            assert.match(check.stdout, /row 15001 \(line 15002\), column 'start': "2020011"/);
        });
    });

    describe('line numbers in data errors (issue 12 C5: off by 40 after quoted multi-line fields)', () => {
        it('a data error after a quoted field with line breaks names the physical line', async () => {
            const note = `"${Array.from({ length: 40 }, (_, i) => `regel ${i}`).join('\n')}"`;
            const csv = `${ENROLLMENTS_HEADER},note\np1,A,34001,HBO,20200901,,${note}\n\np2,A,34001,HBO,2020-09-01,,x\n`;
            const dir = miniWorkspace(csv);
            const r = await stroomIn(['run', 'ind.stroom'], dir);
            assert.equal(r.status, 1, all(r));
            // Line 1 header, lines 2..41 the first record, 42 blank, 43 the bad record.
            assert.match(r.stderr, /data\/enr\.csv, row 2 \(line 43\), column 'start': "2020-09-01" is not a date in format yyyyMMdd/);
        });

        it('csvRowLines follows quotes, doubled quotes, blank lines and CRLF', () => {
            const file = path.join(tempDir(), 'x.csv');
            fs.writeFileSync(file, 'a,b\r\n1,"x\r\ny ""q"" z"\r\n\r\n2,"""\n"""\n3,y\n');
            assert.deepEqual([...csvRowLines(file, [1, 2, 3, 4])], [[1, 2], [2, 5], [3, 7]]);
        });
    });

    it('the library refuses the same as the command line (the editor computes through it)', async () => {
        const dir = tempDir();
        fs.cpSync(EXAMPLES, dir, { recursive: true });
        const conventions = path.join(dir, 'conventions', 'published.stroom');
        fs.writeFileSync(conventions, fs.readFileSync(conventions, 'utf8').replace('switch within sectors hbo, wo', 'switch within sectors hbo wo'));
        const file = path.join(dir, 'havo-hbo.stroom');
        const ws = await loadWorkspace(file, [file]);
        assert.throws(() => prepare(ws, file), (e: Error & { diagnostics?: string[] }) => /published\.stroom:50:\d+ error parse-error/.test((e.diagnostics ?? []).join('\n')));
        // And printed SQL of the intact examples runs: the engine is there for a reason.
        const engine = await DuckDBEngine.open();
        try {
            const ok = await loadWorkspace(path.join(EXAMPLES, 'havo-hbo.stroom'));
            const [p] = prepare(ok, path.join(EXAMPLES, 'havo-hbo.stroom'));
            assert.ok((await engine.query(printSql(p.plan, duckdb))).length > 0);
        } finally {
            await engine.close();
        }
    });
});
