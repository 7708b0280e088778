// `decimals N` and norms as a user meets them: rates with the decimals asked in every output format (from the
// indicator or stroom.json), and the published norm beside each figure with met / not met in run, compare (text,
// JSON, HTML) and explain. Verdicts are checked against count, size and norm, never copied from the output.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, diagnostics, EXAMPLES, MINI_CSV, MINI_INDICATOR, MINI_SOURCE, tempDir, writeFiles } from '../helpers.js';
import { stroomIn } from './in-process.js';

interface Row { cohort_year: number; breakdown: Record<string, string | null>; cohort_size: number | null; count: number | null; rate: number | null; norm?: number | null; norm_met?: boolean | null }
interface Result { indicator: string; decimals?: number; norms?: string; card: Array<{ choice: string; value: string }>; rows: Row[] }

/** count / size in percent at d decimals, half away from zero, in integers (10^-d percent). */
function scaled(count: number, size: number, d: number): number {
    return Math.floor((2 * count * 100 * 10 ** d + size) / (2 * size));
}

/** Decimals of a norm as JSON gives it (2.75 -> 2). */
function decimalsOf(n: number): number {
    return (String(n).split('.')[1] ?? '').length;
}

describe('decimals and norms (CLI)', function () {
    this.timeout(240_000);
    let ws: string;

    before(() => {
        ws = tempDir('stroom-norms-');
        fs.cpSync(EXAMPLES, ws, { recursive: true });
        fs.writeFileSync(path.join(ws, 'normcmp.stroom'), 'package regio_noord\ncompare "vsv met norm" { VsvNiveau, VsvNorm }\n');
    });

    it('run: every row with a norm says met exactly when its rate, rounded to the norm\'s decimals, meets it', async () => {
        const r = await stroomIn(['run', 'normen.stroom', '-f', 'json'], ws);
        assert.equal(r.status, 0, r.stderr);
        const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
        const byName = new Map(results.map((x) => [x.indicator.split('.').pop()!, x]));
        let met = 0;
        let notMet = 0;
        for (const [name, atLeast] of [['StartersresultaatNorm', true], ['JaarresultaatNorm', true], ['VsvNorm', false]] as const) {
            const res = byName.get(name)!;
            assert.ok(res.norms, `${name} names its norm source`);
            for (const row of res.rows) {
                assert.ok('norm' in row && 'norm_met' in row, `${name} rows have norm and norm_met`);
                if (row.norm === null) { assert.equal(row.norm_met, null); continue; }
                if (row.rate === null) { assert.equal(row.norm_met, null, 'a hidden rate gets no verdict'); continue; }
                const d = decimalsOf(row.norm!);
                const rate = scaled(row.count!, row.cohort_size!, d);
                const norm = Math.round(row.norm! * 10 ** d);
                assert.equal(row.norm_met, atLeast ? rate >= norm : rate <= norm, `${name} ${row.cohort_year} ${JSON.stringify(row.breakdown)}`);
                if (row.norm_met) met++; else notMet++;
            }
        }
        assert.ok(met > 0 && notMet > 0, `the examples show both verdicts (${met} met, ${notMet} not met)`);
        // VsvNorm: two decimals; DUO's per-mille norm 27,5 reads 2.75.
        const vsv = byName.get('VsvNorm')!;
        assert.equal(vsv.decimals, 2);
        assert.ok(vsv.card.some((c) => c.value === 'decimals 2'));
        for (const row of vsv.rows) if (row.rate !== null) assert.equal(row.rate, scaled(row.count!, row.cohort_size!, 2) / 100);
        assert.ok(vsv.rows.some((row) => row.breakdown.level === 'mbo-3' && row.norm === 2.75));
        // An indicator without norms keeps its JSON as it was.
        const plain = JSON.parse((await stroomIn(['run', 'vsv.stroom', '--indicator', 'VsvNiveau', '-f', 'json'], ws)).stdout) as { results: Result[] };
        assert.ok(!('norm' in plain.results[0].rows[0]) && !('decimals' in plain.results[0]));
    });

    it('run: table, CSV and Markdown show the rate with two decimals, the norm and met / not met', async () => {
        const table = await stroomIn(['run', 'normen.stroom', '--indicator', 'VsvNorm'], ws);
        assert.equal(table.status, 0, table.stderr);
        const header = table.stdout.split('\n').find((l) => l.startsWith('cohort'))!;
        // Five or more cohort years: the year-on-year change comes between the rate and the norm.
        assert.match(header, /rate\s+change\s+norm\s+met$/);
        assert.match(table.stdout, /\b\d+\.\d{2}%\s+2\.75%\s+(met|not met)\n/);
        assert.match(table.stdout, /\s+x\s+\d+\.\d+%\s+x\n/, 'a hidden rate shows its mark in the met column');
        const csv = (await stroomIn(['run', 'normen.stroom', '--indicator', 'VsvNorm', '-f', 'csv'], ws)).stdout.trim().split('\n');
        assert.equal(csv[0], 'indicator,cohort_year,level,cohort_size,count,rate,change,norm,norm_met,status,note');
        const mbo3 = csv.find((l) => l.includes(',2014,mbo-3,'))!.split(',');
        assert.match(mbo3[5], /^\d+\.\d{2}$/);
        assert.equal(mbo3[7], '2.75');
        assert.ok(['met', 'not met'].includes(mbo3[8]));
        const md = (await stroomIn(['run', 'normen.stroom', '--indicator', 'VsvNorm', '-f', 'md'], ws)).stdout;
        assert.match(md, /\| cohort \| level \| cohort size \| vsv \| rate \| change \| norm \| met \|/);
        assert.match(md, /\|---\|---\|---:\|---:\|---:\|---:\|---:\|---\|/);
        assert.match(md, /\| 2014 \| mbo-3 \| \d+ \| \d+ \| \d+\.\d{2}% \| [^|]* \| 2\.75% \| (met|not met) \|/);
    });

    it('compare: norms per side in text, JSON and HTML; decimals is a display choice, no bridge step', async () => {
        const text = await stroomIn(['compare', 'normcmp.stroom'], ws);
        assert.equal(text.status, 0, text.stderr);
        assert.match(text.stdout, /\*\s+decimals \(display only, moves nobody \/ alleen weergave\)\s+decimals 1\s+decimals 2/);
        assert.match(text.stdout, /rate\s+norm\s+met\s+VsvNorm size\s+vsv\s+rate\s+norm\s+met\s+difference/);
        assert.match(text.stdout, /2014\s+mbo-3\s+199\s+12\s+6\.0%\s+199\s+12\s+6\.03%\s+2\.75%\s+not met\s+\+0\.03/);
        assert.doesNotMatch(text.stdout, /^.*bridge.*decimals/im);
        const json = JSON.parse((await stroomIn(['compare', 'normcmp.stroom', '-f', 'json'], ws)).stdout) as Array<{ choices: Array<{ key: string; display?: boolean; differs: boolean }>; figures?: unknown; bridge?: { steps: Array<{ choice?: string; key?: string }> } }>;
        const c = json[0];
        assert.deepEqual(c.choices.filter((x) => x.differs).map((x) => [x.key, x.display]), [['decimals', true]]);
        assert.ok(!JSON.stringify(c.bridge ?? {}).includes('decimals'), 'the bridge has no decimals step');
        assert.match(JSON.stringify(c), /"norm":2\.75,"norm_met":false/);
        const html = await stroomIn(['compare', 'normcmp.stroom', '-f', 'html'], ws);
        assert.equal(html.status, 0, html.stderr);
        assert.match(html.stdout, /<th class="num">norm<\/th><th>met \/ gehaald<\/th>/);
        assert.match(html.stdout, /data-cell="right-norm">2\.75%<\/td><td class="notmet" data-cell="right-met">not met \/ niet gehaald<\/td>/);
        assert.match(html.stdout, /data-cell="right-rate">6\.03%<\/td>/);
        assert.match(html.stdout, /display only, moves nobody/);
    });

    it('explain says the decimals and how the norm is met, in Dutch and English', async () => {
        const nl = await stroomIn(['explain', 'normen.stroom', '--indicator', 'VsvNorm'], ws);
        assert.equal(nl.status, 0, nl.stderr);
        assert.match(nl.stdout, /Percentages met 2 decimalen/);
        assert.match(nl.stdout, /norm uit `sources\.DuoVsvNormen`: gehaald als het percentage, afgerond op de decimalen van de norm .* hoogstens de norm is/);
        const en = (await stroomIn(['explain', 'normen.stroom', '--indicator', 'StartersresultaatNorm', '--lang', 'en'], ws)).stdout;
        assert.match(en, /met when the rate, rounded to the norm's decimals \(as the publisher rounds\), is at least the norm/);
        const en2 = (await stroomIn(['explain', 'normen.stroom', '--indicator', 'VsvNorm', '--lang', 'en'], ws)).stdout;
        assert.match(en2, /Percentages with 2 decimals/);
    });

    it('a norm that is not a number stops the run with file, row and column', async () => {
        const dir = tempDir('stroom-norms-bad-');
        fs.cpSync(ws, dir, { recursive: true });
        const file = path.join(dir, 'data', 'norms', 'duo-vsv-normen.csv');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('2014;MBO;NIVEAU 3;27,5', '2014;MBO;NIVEAU 3;hoog'));
        const r = await stroomIn(['run', 'normen.stroom', '--indicator', 'VsvNorm'], dir);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /duo-vsv-normen\.csv, row \d+ \(line \d+\), column 'NORM_PROMILLAGE': "hoog" is not a norm/);
    });
});

describe('decimals from stroom.json and the indicator', function () {
    this.timeout(120_000);
    // p1 of MINI_CSV and eight more start in 2020; two leave within the year without a diploma: 2 of 9.
    const people = Array.from({ length: 8 }, (_, i) => `p${i + 2},A,34001,HBO,20200901,${i < 2 ? '20210101' : ''}`).join('\n');
    const files = (config: object, clause = '') => ({
        ...MINI_CSV, 'data/enr.csv': `${MINI_CSV['data/enr.csv']}${people}\n`, 'src.stroom': MINI_SOURCE,
        'ind.stroom': MINI_INDICATOR.replace('switchers count as dropout', `switchers count as dropout${clause}`), 'stroom.json': JSON.stringify(config),
    });

    it('stroom.json\'s decimals holds in every format; the indicator\'s own wins', async () => {
        const dir = writeFiles(files({ decimals: 3, suppression: 2 }));
        const table = await stroomIn(['run', 'ind.stroom'], dir);
        assert.equal(table.status, 0, table.stderr);
        assert.match(table.stdout, /2020\s+9\s+2\s+22\.222%/);
        assert.match((await stroomIn(['run', 'ind.stroom', '-f', 'csv'], dir)).stdout, /,2020,9,2,22\.222,/);
        assert.match((await stroomIn(['run', 'ind.stroom', '-f', 'md'], dir)).stdout, /\| 2020 \| 9 \| 2 \| 22\.222% \|/);
        const json = JSON.parse((await stroomIn(['run', 'ind.stroom', '-f', 'json'], dir)).stdout) as { results: Result[] };
        assert.equal(json.results[0].rows[0].rate, 22.222);
        assert.ok(json.results[0].card.some((c) => c.value === 'decimals 3'));
        const own = writeFiles(files({ decimals: 3, suppression: 2 }, '\n    decimals 0'));
        assert.match((await stroomIn(['run', 'ind.stroom'], own)).stdout, /2020\s+9\s+2\s+22%/);
    });

    it('decimals out of range is refused, in the definition and in stroom.json', async () => {
        const { documents } = await build({ ...files({}, '\n    decimals 7'), 'stroom.json': '{}' });
        const found = diagnostics(documents['ind.stroom']).filter((d) => d.code === 'out-of-range');
        assert.equal(found.length, 1, JSON.stringify(diagnostics(documents['ind.stroom'])));
        assert.match(found[0].message, /decimals/);
        const dir = writeFiles(files({ decimals: 9 }));
        const r = await stroomIn(['run', 'ind.stroom'], dir);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /decimals/);
    });
});

describe('norms in definitions (validation)', () => {
    const norms = (fields: string, extra = '') => ({
        'data/normen.csv': 'jaar;niveau;norm\n2020;2;58,0\n',
        'normen.stroom': `package n\nsource Normen {\n    file f csv "data/normen.csv" delimiter ";"\n    norms from f {\n${fields}\n    }\n}\n${extra}`,
    });

    it('a norms mapping needs a year and a norm field', async () => {
        for (const [fields, missing] of [['        level = niveau\n        norm = norm', 'year'], ['        year = jaar\n        level = niveau', 'norm']] as const) {
            const { documents } = await build(norms(fields));
            const found = diagnostics(documents['normen.stroom']).filter((d) => d.code === 'missing-field');
            assert.equal(found.length, 1, JSON.stringify(diagnostics(documents['normen.stroom'])));
            assert.match(found[0].message, new RegExp(`'${missing}'`));
        }
    });

    it('per mille belongs to a norm; norm from names a norms source; norms per level ask for by level', async () => {
        const { documents } = await build({
            ...norms('        year = jaar per mille\n        level = niveau\n        norm = norm per mille'),
            ...MINI_CSV, 'src.stroom': MINI_SOURCE,
            'ind.stroom': MINI_INDICATOR.replace('package t', 'package t\nimport n.Normen\nimport src.Mini').replace('switchers count as dropout', 'switchers count as dropout\n    norm from Normen')
                + 'indicator Fout {\n    cohort C\n    measure dropout\n    after 1 year\n    scope programme\n    switchers count as dropout\n    norm from Mini\n}\n',
        });
        const own = diagnostics(documents['normen.stroom']).filter((d) => d.code === 'invalid-norm');
        assert.deepEqual(own.map((d) => [d.line, d.text]), [[5, 'per']], JSON.stringify(diagnostics(documents['normen.stroom'])));
        const ind = diagnostics(documents['ind.stroom']);
        assert.deepEqual(ind.filter((d) => d.code === 'norm-unmatched').map((d) => [d.severity, d.text]), [['warning', 'Normen']]);
        assert.deepEqual(ind.filter((d) => d.code === 'invalid-norm').map((d) => d.text), ['Mini']);
    });
});
