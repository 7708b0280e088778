// Office formats: `stroom run --format xlsx` (a sheet of figures and one of the definition per indicator) and
// `--csv nl` (what Excel with Dutch settings opens). The workbook is read back with jszip and its cells compared with
// what `run --format json` says for the same example, never with numbers copied from an earlier output.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import { csvDocument, csvField, csvLine } from '../../packages/language/src/text/csv.js';
import { EXAMPLES, MINI_CSV, MINI_INDICATOR, MINI_SOURCE, STROOM_BIN, loadedModules, tempDir, writeFiles } from '../helpers.js';
import { SheetNames } from '../../packages/cli/src/xlsx-run.js';
import { cli } from './in-process.js';

const FILE = path.join(EXAMPLES, 'havo-hbo.stroom');

type Value = string | number | null;

/** The sheets of a workbook in order: name and rows of cell values (numbers as numbers, strings as text). */
async function readWorkbook(bytes: Buffer): Promise<Array<{ name: string; rows: Value[][] }>> {
    const zip = await JSZip.loadAsync(bytes);
    const read = (name: string) => zip.file(name)!.async('string');
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    const shared = [...(await read('xl/sharedStrings.xml')).matchAll(/<si>([\s\S]*?)<\/si>/g)]
        .map((m) => [...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescape(t[1])).join(''));
    const rels = new Map([...(await read('xl/_rels/workbook.xml.rels')).matchAll(/<Relationship [^>]*?Id="(\w+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
    const sheets = [...(await read('xl/workbook.xml')).matchAll(/<sheet ([^>]*)\/>/g)].map((m) => ({
        name: unescape(/name="([^"]*)"/.exec(m[1])![1]), target: rels.get(/r:id="(\w+)"/.exec(m[1])![1])!,
    }));
    const out: Array<{ name: string; rows: Value[][] }> = [];
    for (const s of sheets) {
        const xml = await read(`xl/${s.target.replace(/^\/?xl\//, '')}`);
        const rows: Value[][] = [];
        for (const r of xml.matchAll(/<row r="(\d+)"(?:\/>|[^>]*>([\s\S]*?)<\/row>)/g)) {
            const row: Value[] = [];
            for (const c of (r[2] ?? '').matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>(?:<v>([\s\S]*?)<\/v>)?<\/c>)/g)) {
                const col = [...c[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
                while (row.length < col) row.push(null);
                row[col] = c[3] === undefined ? null : /t="s"/.test(c[2]) ? shared[Number(c[3])] : Number(c[3]);
            }
            rows[Number(r[1]) - 1] = row;
        }
        out.push({ name: s.name, rows: Array.from(rows, (r) => r ?? []) });
    }
    return out;
}

interface JsonResult {
    indicator: string;
    breakdown: string[];
    rows: Array<{ cohort_year: number; breakdown: Record<string, string | null>; cohort_size: number | null; count: number | null; rate: number | null }>;
    incomplete: Array<{ cohort_year: number }>;
}

/** A simple RFC 4180 reader (quoted fields, doubled quotes) for the dialect's separator. */
function parseCsv(text: string, separator: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
        } else if (c === '"') quoted = true;
        else if (c === separator) { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += c;
    }
    return rows;
}

describe('office formats', function () {
    this.timeout(120_000);
    let json: { results: JsonResult[] };
    let xlsx: Buffer;
    let sheets: Awaited<ReturnType<typeof readWorkbook>>;
    const dir = tempDir();

    before(async () => {
        const j = await cli(['run', FILE, '--format', 'json', '--out', path.join(dir, 'figures.json')]);
        assert.equal(j.status, 0, j.stderr);
        json = JSON.parse(fs.readFileSync(path.join(dir, 'figures.json'), 'utf8'));
        const x = await cli(['run', FILE, '--format', 'xlsx', '--out', path.join(dir, 'figures.xlsx')]);
        assert.equal(x.status, 0, x.stderr);
        assert.equal(x.stdout.length, 0, 'with --out nothing goes to stdout');
        xlsx = fs.readFileSync(path.join(dir, 'figures.xlsx'));
        sheets = await readWorkbook(xlsx);
    });

    describe('run --format xlsx', () => {
        it('has a figures sheet and a definition sheet per indicator, in the order of the file', () => {
            const names = json.results.map((r) => r.indicator.split('.').pop()!);
            assert.ok(names.length >= 2);
            assert.deepEqual(sheets.map((s) => s.name), names.flatMap((n) => [n, `${n} (definitie)`]));
        });

        it('holds the figures run --format json gives: counts as numbers, rates as fractions, hidden cells as their mark', () => {
            let numbers = 0;
            let hidden = 0;
            for (const result of json.results) {
                const sheet = sheets.find((s) => s.name === result.indicator.split('.').pop())!;
                const header = sheet.rows[3] as string[];
                assert.equal(header[0], 'cohort');
                const col = (name: string) => header.indexOf(name);
                assert.ok(col('cohort size') > 0 && col('rate') > col('cohort size'), header.join(', '));
                const countCol = col('rate') - 1;
                const data = sheet.rows.slice(4);
                assert.equal(data.length, result.rows.length + result.incomplete.length, `${sheet.name}: one row per figure and per incomplete year`);
                result.rows.forEach((r, i) => {
                    const row = data[i];
                    assert.equal(row[0], r.cohort_year);
                    for (const [cell, value, scale] of [[row[col('cohort size')], r.cohort_size, 1], [row[countCol], r.count, 1], [row[col('rate')], r.rate, 100]] as const) {
                        if (value === null) {
                            assert.match(String(cell), /^(<\d+|x)$/, `${sheet.name} ${r.cohort_year}: a hidden cell shows its mark`);
                            hidden++;
                        } else {
                            assert.equal(typeof cell, 'number', `${sheet.name} ${r.cohort_year}: ${cell} is a number cell`);
                            assert.ok(Math.abs((cell as number) * scale - value) < 1e-9, `${sheet.name} ${r.cohort_year}: ${cell} vs ${value}`);
                            numbers++;
                        }
                    }
                });
                result.incomplete.forEach((inc, i) => {
                    const row = data[result.rows.length + i];
                    assert.equal(row[0], inc.cohort_year);
                    assert.match(String(row[1]), /^(incomplete|onvolledig): /);
                });
            }
            assert.ok(numbers > 20 && hidden > 0, `${numbers} number cells, ${hidden} hidden`);
        });

        it('puts the explanation stroom explain gives on the definition sheet, in the chosen language', async () => {
            const name = json.results[1].indicator.split('.').pop()!;
            const headings = async (lang: string) => {
                const r = await cli(['explain', FILE, '-i', name, '--no-data', '--lang', lang]);
                assert.equal(r.status, 0, r.stderr);
                return r.stdout.toString('utf8').split('\n').filter((l) => /^#{1,2} /.test(l)).map((l) => l.replace(/^#+ /, ''));
            };
            const card = (s: Awaited<ReturnType<typeof readWorkbook>>) => s.find((x) => x.name.startsWith(`${name} (`))!.rows.map((r) => r[0]).filter((v): v is string => typeof v === 'string');
            const nl = card(sheets);
            const expected = await headings('nl');
            // Every heading but the funnel's (the workbook has no funnel), in order.
            assert.deepEqual(nl.filter((v) => expected.includes(v)), expected.slice(0, -1));
            assert.ok(nl.length > expected.length + 5, 'the paragraphs and lists are there too');

            const en = await cli(['run', FILE, '--format', 'xlsx', '--lang', 'en', '-i', name]);
            assert.equal(en.status, 0, en.stderr);
            const enSheets = await readWorkbook(en.stdout);
            assert.deepEqual(enSheets.map((s) => s.name), [name, `${name} (definition)`]);
            const enExpected = await headings('en');
            assert.deepEqual(card(enSheets).filter((v) => enExpected.includes(v)), enExpected.slice(0, -1));
            assert.notDeepEqual(enExpected, expected);
        });

        it('gives the same bytes for the same figures (no time stamps)', async () => {
            const again = await cli(['run', FILE, '--format', 'xlsx']);
            assert.equal(again.status, 0, again.stderr);
            assert.ok(again.stdout.equals(xlsx), 'two runs give byte-identical workbooks');
        });

        it('refuses to write the workbook to a terminal, and --records, before reading any data', async () => {
            const tty = await cli(['run', FILE, '--format', 'xlsx'], { tty: true });
            assert.equal(tty.status, 2);
            assert.equal(tty.stdout.length, 0);
            assert.match(tty.stderr, /--out FILE\.xlsx/);
            const records = await cli(['run', FILE, '--format', 'xlsx', '--records', '--out', path.join(dir, 'r.xlsx')]);
            assert.equal(records.status, 2);
            assert.match(records.stderr, /--records writes csv or json only/);
            assert.ok(!fs.existsSync(path.join(dir, 'r.xlsx')));
        });
    });

    it('loads the workbook writer only for --format xlsx', () => {
        const mini = writeFiles({ 'stroom.json': '{}\n', ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'uitval.stroom': MINI_INDICATOR });
        const r = loadedModules([process.execPath, STROOM_BIN, 'run', path.join(mini, 'uitval.stroom'), '--csv', 'nl']);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(r.files.some((f) => f.includes('/packages/language/')), 'the hook saw the run load the language');
        assert.deepEqual(r.files.filter((f) => /\/node_modules\/(write-excel-file|fflate)\/|xlsx-run/.test(f)), []);
    });

    it('names sheets as Excel allows: at most 31 characters, none of []:*?/\\, unique regardless of case', () => {
        const names = new SheetNames();
        const taken = [
            names.take('StartersresultaatNormPerNiveau', 'definitie'), names.take('a[b]:c*d?e/f\\g'), names.take('Uitval'), names.take('UITVAL'),
            names.take("'quoted'"), names.take('History'), names.take('X'.repeat(40)), names.take('X'.repeat(40)),
        ];
        for (const n of taken) {
            assert.ok(n.length >= 1 && n.length <= 31, n);
            assert.doesNotMatch(n, /[[\]:*?/\\]|^'|'$/, n);
        }
        assert.equal(new Set(taken.map((n) => n.toLowerCase())).size, taken.length, taken.join(' | '));
        assert.ok(taken[0].endsWith('… (definitie)'), taken[0]);
        assert.notEqual(taken[5].toLowerCase(), 'history');
    });

    describe('--csv nl', () => {
        it('writes a byte-order mark, semicolons and decimal commas, with the same values as the default CSV', async () => {
            const plain = await cli(['run', FILE, '--format', 'csv']);
            const nl = await cli(['run', FILE, '--csv', 'nl']);
            assert.equal(plain.status, 0, plain.stderr);
            assert.equal(nl.status, 0, nl.stderr);
            assert.deepEqual([...nl.stdout.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
            const text = nl.stdout.toString('utf8').slice(1);
            assert.match(text.split('\n')[0], /^indicator;cohort_year;/);
            const a = parseCsv(plain.stdout.toString('utf8'), ',');
            const b = parseCsv(text, ';');
            assert.equal(b.length, a.length);
            const rate = a[0].indexOf('rate');
            let commas = 0;
            b.forEach((row, i) => {
                assert.equal(row.length, a[i].length, `line ${i + 1}`);
                row.forEach((v, j) => {
                    if (/^[+-]?\d+,\d+$/.test(v)) commas++;
                    assert.equal(/^[+-]?\d+,\d+$/.test(v) ? v.replace(',', '.') : v, a[i][j], `line ${i + 1}, column ${a[0][j]}`);
                });
                if (i > 0 && /^\d+\.\d$/.test(a[i][rate])) assert.match(row[rate], /^\d+,\d$/);
            });
            assert.ok(commas > 10);
        });

        it('is the same dialect for funnel, and is refused with a format other than csv', async () => {
            const f = await cli(['funnel', FILE, '-i', json.results[0].indicator.split('.').pop()!, '--csv', 'nl']);
            assert.equal(f.status, 0, f.stderr);
            assert.equal(f.stdout.toString('utf8').split('\n')[0], '\uFEFFindicator;cohort_year;step;key;clause;count;status;note');
            const md = await cli(['run', FILE, '--csv', 'nl', '--format', 'md']);
            assert.equal(md.status, 2);
            assert.match(md.stderr, /--csv applies to CSV output/);
        });

        it('quotes a field holding the separator, a quote or a line break, in each dialect', () => {
            assert.equal(csvLine(['a;b', 'c,d', 'say "x"', 'two\nlines', { number: '15.7' }], 'default'), 'a;b,"c,d","say ""x""","two\nlines",15.7');
            assert.equal(csvLine(['a;b', 'c,d', 'say "x"', 'two\nlines', { number: '15.7' }], 'nl'), '"a;b";c,d;"say ""x""";"two\nlines";15,7');
            assert.equal(csvField({ number: '-1.0' }, 'nl'), '-1,0');
            assert.equal(csvDocument([['a', 'b']], 'nl'), '\uFEFFa;b\n');
            assert.equal(csvDocument([['a', 'b']]), 'a,b\n');
            // What the nl dialect writes reads back as what went in.
            const fields = ['x;y', '"q"', 'plain', '1,5'];
            assert.deepEqual(parseCsv(`${csvLine(fields, 'nl')}\n`, ';')[0], fields);
        });
    });
});
