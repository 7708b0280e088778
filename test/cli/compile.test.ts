// `stroom compile` as a user meets it: SQL headed by the definition card, the same bytes every time, and SQL that
// survives whatever names and strings a definition brings (columns with spaces, keywords, quotes).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, MINI_CSV, MINI_INDICATOR, MINI_SOURCE, REPO, stroom, tempDir, writeFiles, type CliResult } from '../helpers.js';
import { stroomIn } from './in-process.js';

/** The comment header (lines before WITH) and the SQL body. */
function split(sql: string): { header: string[]; body: string } {
    const lines = sql.split('\n');
    const w = lines.indexOf('WITH');
    assert.ok(w > 0, `no WITH line in:\n${sql.slice(0, 400)}`);
    return { header: lines.slice(0, w), body: lines.slice(w).join('\n') };
}

/** The body with comments, "quoted identifiers" and 'string literals' blanked out: what is left is bare SQL. */
function bare(body: string): string {
    return body.replace(/--[^\n]*|"(?:[^"]|"")*"|'(?:[^']|'')*'/g, ' ');
}

/** Whether `name` occurs in text as a whole name (not inside a longer word or dashed name). */
function occurs(text: string, name: string): boolean {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\p{L}\\p{N}_-])${escaped}(?![\\p{L}\\p{N}_-])`, 'u').test(text);
}

/** 1-based line of the first line containing `text` after the line that opens `block` in a file. */
function lineIn(file: string, block: string, text: string): number {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const start = lines.findIndex((l) => l.startsWith(block));
    assert.ok(start >= 0, `${file} has no ${block}`);
    const i = lines.findIndex((l, j) => j > start && l.trim() === text);
    assert.ok(i > start, `${file} has no ${text} after ${block}`);
    return i + 1;
}

describe('stroom compile', () => {
    describe('the example indicator UitvalCBS', () => {
        let fromRepo: CliResult;
        let toFile: CliResult;
        let out: string;
        before(async () => {
            fromRepo = await stroomIn(['compile', 'examples/havo-hbo.stroom', '--indicator', 'UitvalCBS'], REPO);
            // The second run starts elsewhere and writes to a file.
            out = path.join(tempDir(), 'uitval.sql');
            toFile = await stroomIn(['compile', 'havo-hbo.stroom', '--indicator', 'UitvalCBS', '--out', out], EXAMPLES);
        });

        it('prints SQL headed by the definition card: the indicator, every choice and where each came from', () => {
            assert.equal(fromRepo.status, 0, fromRepo.stderr);
            const { header } = split(fromRepo.stdout);
            for (const l of header) assert.match(l, /^--/, 'every header line is an SQL comment');
            assert.equal(header[0], '-- indicator regio_noord.UitvalCBS "Uitval na 1 jaar (CBS-definitie)"');
            const havoHbo = path.join(EXAMPLES, 'havo-hbo.stroom');
            const published = path.join(EXAMPLES, 'conventions', 'published.stroom');
            const suppression = (JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'stroom.json'), 'utf8')) as { suppression: number }).suppression;
            const cbs = (text: string) => `convention CBS (conventions/published.stroom:${lineIn(published, 'convention CBS', text)})`;
            const expected: Array<[string, string]> = [
                ['peildatum 1 october', cbs('peildatum 1 october')],
                ['entry first in programme', cbs('entry first in programme')],
                ['scope programme', cbs('scope programme')],
                ['switchers count as dropout', cbs('switchers count as dropout')],
                ['unit person', cbs('unit person')],
                ['inflow direct gap 0 years', `cohort HavoHbo (havo-hbo.stroom:${lineIn(havoHbo, 'cohort HavoHbo', 'inflow direct gap 0 years')})`],
                ['prior havo', `cohort HavoHbo (havo-hbo.stroom:${lineIn(havoHbo, 'cohort HavoHbo', 'prior havo')})`],
                ['mode fulltime', `cohort HavoHbo (havo-hbo.stroom:${lineIn(havoHbo, 'cohort HavoHbo', 'mode fulltime')})`],
                ['after 1 year', `indicator UitvalCBS (havo-hbo.stroom:${lineIn(havoHbo, 'indicator UitvalCBS', 'after 1 year')})`],
                ['lookback all', 'default'],
                ['reentry horizon', 'default'],
                [`suppress below ${suppression}`, 'workspace (stroom.json)'],
            ];
            for (const [value, from] of expected) {
                const line = header.find((l) => l.startsWith(`-- ${value} `));
                assert.ok(line, `no card line for ${value}`);
                assert.match(line, new RegExp(`^-- ${value} +<- ${from.replace(/[().]/g, '\\$&')}$`));
            }
            // Every choice of the card has a value and an origin, including the ones with a default.
            for (const choice of ['peildatum', 'entry', 'inflow', 'prior', 'sector', 'mode', 'level', 'funded', 'main enrollments', 'age', 'lookback', 'after', 'scope', 'switchers', 'switch within', 'diploma', 'unit', 'reentry', 'suppress']) {
                assert.ok(header.some((l) => new RegExp(`^-- ${choice} .*<- \\S`).test(l)), `card has no ${choice} line`);
            }
        });

        it('writes --out with nothing on stdout, the same bytes every time, from wherever it is run', () => {
            assert.equal(toFile.status, 0, toFile.stderr);
            assert.equal(toFile.stdout, '');
            assert.ok(fromRepo.stdout.length > 1000);
            assert.equal(fs.readFileSync(out, 'utf8'), fromRepo.stdout);
        });

        it('double-quotes every column name of the data files (such as "datum inschrijving")', () => {
            const { body } = split(fromRepo.stdout);
            assert.ok(body.includes('"datum inschrijving"'));
            const left = bare(body);
            const columns = fs.readdirSync(path.join(EXAMPLES, 'data')).filter((f) => f.endsWith('.csv'))
                .flatMap((f) => fs.readFileSync(path.join(EXAMPLES, 'data', f), 'utf8').split('\n')[0].split(','));
            assert.ok(columns.length > 10);
            for (const c of new Set(columns.flatMap((c) => [c, ...c.split(' ')]))) assert.ok(!occurs(left, c), `column ${c} appears unquoted`);
            assert.ok(!occurs(left, 'by_institution'), 'the breakdown column appears unquoted');
        });
    });

    describe('a definition with awkward names and strings', () => {
        // Column names with a capital, a dash, an SQL keyword, a space and a diacritic; a sector code "O'Brien"; an
        // indicator whose title spans two lines. Three made-up people: q1 (sector O'Brien = hbo) stays, q2 (HBO)
        // leaves, q3 is in wo and not in the cohort. So the cohort of 2019 has 2 people and 1 dropout.
        const files = {
            'stroom.json': '{}\n',
            'data/inschrijvingen.csv': [
                'pid,Brin,order,opl-soort,datum in,einde,Code beëindiging',
                "q1,A,100,O'Brien,20190901,,",
                'q2,A,100,HBO,20190901,20200630,uitval',
                'q3,B,200,WO,20190901,,',
                '',
            ].join('\n'),
            'bron.stroom': `package bron
source Vreemd {
    observed from 2018-09-01 until 2021-09-30
    file ins csv "data/inschrijvingen.csv"
    enrollments from ins {
        person = pid
        institution = Brin
        programme = order
        sector = opl-soort map { "O'Brien": hbo, "HBO": hbo, "WO": wo }
        start = date("datum in", "yyyyMMdd")
        end = date(einde, "yyyyMMdd")
        leave reason = "Code beëindiging"
    }
}
`,
            'vreemd.stroom': `package vreemd
cohort Hbo {
    entry first in sector hbo
    inflow any
    years 2019..2019
}
indicator Quote "Uitval bij O'Brien" {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
}
indicator TweeRegels "Uitval
DROP TABLE inschrijvingen;" {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
}
`,
        };
        let sql: CliResult;
        let run: CliResult;
        /** An indicator's person rows as `year outcome`, sorted. */
        const outcomes = (csv: string, indicator: string) => {
            const [head, ...lines] = csv.trim().split('\n').map((l) => l.split(','));
            const [i, y, o] = ['indicator', 'cohort_year', 'outcome'].map((c) => head.indexOf(c));
            return lines.filter((l) => l[i] === indicator).map((l) => `${l[y]} ${l[o]}`).sort();
        };
        /** The SQL of each indicator of the file, by indicator name. */
        const byIndicator = new Map<string, string>();
        before(async () => {
            const dir = writeFiles(files);
            sql = await stroomIn(['compile', 'vreemd.stroom'], dir);
            // Person rows (--records): two people, so the figures would be hidden (<5).
            run = await stroomIn(['run', 'vreemd.stroom', '--records', '--format', 'csv'], dir);
            for (const part of sql.stdout.split(/^(?=-- indicator )/m)) byIndicator.set(/^-- indicator vreemd\.(\w+)/.exec(part)?.[1] ?? '?', part);
        });

        it('escapes the single quote of a value-map key, and quotes every column, so the SQL runs and maps the code', () => {
            assert.equal(sql.status, 0, sql.stderr);
            const { body } = split(byIndicator.get('Quote') ?? '');
            assert.ok(body.includes("'O''Brien'"), 'the key is written as an SQL literal with its quote doubled');
            assert.ok(!/[^']'O'Brien'/.test(body), 'an unescaped key ends the literal early');
            const left = bare(body);
            for (const c of ['pid', 'Brin', 'order', 'opl-soort', 'datum in', 'einde', 'Code beëindiging', 'opl', 'soort', 'beëindiging']) {
                assert.ok(!occurs(left, c), `column ${c} appears unquoted`);
            }
            assert.equal(run.status, 0, run.stderr);
            assert.deepEqual(outcomes(run.stdout, 'Quote'), ['2019 dropout', '2019 retained']);
        });

        it('keeps a title that spans lines inside the comment header, so the SQL still runs', () => {
            assert.equal(sql.status, 0, sql.stderr);
            const { header } = split(byIndicator.get('TweeRegels') ?? '');
            assert.ok(header.some((l) => l.includes('DROP TABLE inschrijvingen;')));
            for (const l of header) assert.match(l, /^--/, `header line ${JSON.stringify(l)} is not a comment`);
            assert.equal(run.status, 0, run.stderr);
            assert.deepEqual(outcomes(run.stdout, 'TweeRegels'), ['2019 dropout', '2019 retained']);
        });
    });

    it('exits non-zero with a message, not a stack trace, when no cohort year can be computed', async () => {
        // MINI_SOURCE's data end 2024-09-30: a five-year horizon for cohort 2023 needs 1 October 2028.
        const dir = writeFiles({
            'stroom.json': '{}\n', ...MINI_CSV, 'src.stroom': MINI_SOURCE,
            'laat.stroom': 'package laat\ncohort Laat {\n    entry first in sector hbo\n    inflow any\n    years 2023..2023\n}\nindicator Rendement {\n    cohort Laat\n    measure dropout\n    after 5 years\n    scope programme\n    switchers count as dropout\n}\n',
        });
        // The real binary (a spawned process) once for this command: exit code and output; the rest run in-process.
        const r = stroom(['compile', 'laat.stroom'], dir);
        assert.notEqual(r.status, 0);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /Rendement/);
        assert.match(r.stderr, /2023/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });

    it('names data in a dataFolders entry outside the workspace as stroom.json does: relative to the root, or absolute', async () => {
        // A workspace beside its shared data folder ("../gedeeld") and a second, absolute data folder.
        const parent = tempDir();
        const absolute = tempDir();
        const root = path.join(parent, 'werk');
        writeFiles({ 'enr.csv': MINI_CSV['data/enr.csv'] }, path.join(parent, 'gedeeld'));
        writeFiles({ 'dip.csv': 'pid,datum\np1,20210630\n' }, absolute);
        writeFiles({
            'stroom.json': JSON.stringify({ dataFolders: ['../gedeeld', absolute] }),
            'src.stroom': MINI_SOURCE.replace('"data/enr.csv"', '"../gedeeld/enr.csv"'),
            'uitval.stroom': MINI_INDICATOR,
        }, root);
        const r = await stroomIn(['compile', 'uitval.stroom'], root);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /FROM read_csv\('\.\.\/gedeeld\/enr\.csv'/);
        assert.ok(!r.stdout.includes(parent), 'no absolute path to the shared folder');
        assert.match(r.stdout, /^-- data paths are relative to the workspace root: run this SQL from there$/m);
        // The SQL runs from the workspace root as the note says.
        const { DuckDBEngine } = await import('@stroom/language');
        const duck = await DuckDBEngine.open();
        const cwd = process.cwd();
        try {
            process.chdir(root);
            const rows = await duck.query(r.stdout);
            assert.ok(rows.length > 0);
        } finally {
            process.chdir(cwd);
            await duck.close();
        }
        // A file in the absolute data folder: its absolute path, and the note says why.
        writeFiles({
            'src.stroom': MINI_SOURCE.replace('"data/enr.csv"', '"../gedeeld/enr.csv"')
                .replace('    enrollments from', `    file dip csv "${absolute}/dip.csv"\n    diplomas from dip {\n        person = pid\n        date = date(datum, "yyyyMMdd")\n    }\n    enrollments from`),
        }, root);
        const both = await stroomIn(['compile', 'uitval.stroom'], root);
        assert.equal(both.status, 0, both.stderr);
        assert.ok(both.stdout.includes(`'${absolute}/dip.csv'`), both.stdout);
        assert.match(both.stdout, /'\.\.\/gedeeld\/enr\.csv'/);
        assert.match(both.stdout, /^-- data paths are relative to the workspace root \(run this SQL from there\), or absolute where stroom\.json lists an absolute data folder$/m);
    });
});
