// The findings of issue 12 (part B, "No input crashes or stalls lint, run or the language server"), one named case
// each: what once crashed or stalled, and what it does now. None is timed: each asserts the outcome, and the
// superlinear lint is caught by counting index scans, not by a clock (bench/lint-size.ts has the times).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AstUtils } from 'langium';
import { ast, globMatch, hasOutOfRange, resolveIndicator, resolveCohort, MAX_STRING } from '@stroom/language';
import { build, codes, diagnostics, EXAMPLES, MINI_CSV, MINI_INDICATOR, MINI_SOURCE, stroom, tempDir, writeFiles } from '../helpers.js';
import { LspClient } from '../lsp/client.js';
import { bigFile } from '../../bench/lint-size.js';

const HUGE = '9'.repeat(400);

/** MINI_INDICATOR with its cohort years replaced. */
function withYears(years: string): string {
    return MINI_INDICATOR.replace('years 2020..2021', `years ${years}`);
}

describe('issue 12 B: no input crashes or stalls lint, run or the language server', function () {
    this.timeout(120_000);

    it('"`years 2015..99999999999` kills lint with a V8 fatal error": out-of-range, exit 1, nothing resolved', async () => {
        const { documents } = await build({ ...MINI_CSV, 'src.stroom': MINI_SOURCE, 't.stroom': withYears('2015..99999999999') });
        const found = diagnostics(documents['t.stroom']);
        assert.deepEqual(found.map((d) => [d.code, d.text]), [['out-of-range', '99999999999']]);
        const model = documents['t.stroom'].parseResult.value;
        assert.equal(resolveIndicator(model.elements.filter(ast.isIndicator)[0]).definition, undefined);
        assert.equal(resolveCohort(model.elements.filter(ast.isCohort)[0]).definition, undefined);
        const dir = writeFiles({ ...MINI_CSV, 'src.stroom': MINI_SOURCE, 't.stroom': withYears('2015..99999999999') });
        const r = stroom(['lint', '.'], dir);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stdout, /error out-of-range 99999999999 is out of range for a year/);
    });

    it('"`years 2015..1000000` runs past 120 s": out-of-range, and run and explain refuse at once', () => {
        const dir = writeFiles({ ...MINI_CSV, 'src.stroom': MINI_SOURCE, 't.stroom': withYears('2015..1000000') });
        for (const command of [['run', 't.stroom'], ['explain', 't.stroom']]) {
            const r = stroom(command, dir);
            assert.equal(r.status, 1, `${command[0]}: ${r.stderr}`);
            assert.match(r.stdout + r.stderr, /out-of-range/);
            assert.doesNotMatch(r.stderr, /^\s+at /m, 'no JavaScript stack');
        }
    });

    it('"huge integer literals become Infinity silently": a 400-digit year is named as written', async () => {
        const { documents } = await build({ ...MINI_CSV, 'src.stroom': MINI_SOURCE, 't.stroom': withYears(`2015..${HUGE}`) });
        const [d] = diagnostics(documents['t.stroom']);
        assert.equal(d.code, 'out-of-range');
        assert.match(d.message, /999999999999\.\.\.999999 \(400 digits\)/);
        assert.doesNotMatch(d.message, /Infinity|NaN/);
    });

    it('every number of the grammar has a bound: horizon, gap, pool, lookback, age, threshold, prefix, day, example year', async () => {
        const text = `package t
convention K { lookback 101 years age below 151 }
cohort C using K {
    entry first in sector hbo
    inflow direct gap 51 years
    years 2020..2021
    peildatum 32 october
}
indicator U {
    cohort C
    measure success over retained after 51 years pool 0 years
    after 51 years
    suppress below ${HUGE}
}
example "x" {
    person p { born 1850-01-01 prior havo diploma school year 1899/1900 }
    expect p in C year 2101
}
`;
        const { documents } = await build({ ...MINI_CSV, 'src.stroom': MINI_SOURCE, 't.stroom': text });
        const found = diagnostics(documents['t.stroom']).filter((d) => d.code === 'out-of-range').map((d) => d.text);
        for (const written of ['101', '151', '51', '32', '0', HUGE, '1850-01-01', '1899', '2101']) assert.ok(found.includes(written), `${written} reported in ${JSON.stringify(found)}`);
        assert.ok(hasOutOfRange(documents['t.stroom'].parseResult.value));
    });

    it('"the language server dies on a larger one": it reports out-of-range and keeps answering', async () => {
        const client = await LspClient.start({ files: { ...MINI_CSV, 'src.stroom': MINI_SOURCE, 't.stroom': MINI_INDICATOR } });
        try {
            const text = withYears(`2015..${HUGE}`);
            const found = await client.open('t.stroom', text, (d) => d.some((x) => x.code === 'out-of-range'));
            assert.ok(found.some((d) => d.code === 'out-of-range'));
            const line = text.split('\n').findIndex((l) => l.includes('years'));
            await client.hover('t.stroom', { line, character: 6 });
            await client.inlayHints('t.stroom');
            await client.codeLenses('t.stroom');
            await client.hover('t.stroom', { line: line + 3, character: 12 });
            assert.ok(client.running);
        } finally {
            await client.stop();
        }
    });

    it('"`layout "/dev/zero"` took 3.6 GB (lint)": a layout over 1 MB is too-large, read no further', async () => {
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, 'big.layout'), 'veld 1 1\n'.repeat(150_000)); // 1.35 MB
        const source = (layout: string) => `source S {
    file f fixed width "f.asc" layout "${layout}"
    enrollments from f { person = veld }
}
`;
        fs.writeFileSync(path.join(dir, 'f.asc'), 'x\n');
        const { documents } = await build({ 's.stroom': source('big.layout') }, dir);
        assert.ok(codes(documents['s.stroom']).includes('too-large'), JSON.stringify(diagnostics(documents['s.stroom'])));
        // A device never ends; whatever refuses it (a path check or the size cap), lint ends with an error on it.
        if (fs.existsSync('/dev/zero')) {
            const { documents: d2 } = await build({ 's.stroom': source('/dev/zero') }, dir);
            const layoutLine = diagnostics(d2['s.stroom']).filter((d) => d.severity === 'error' && d.line === 2);
            assert.ok(layoutLine.length > 0, JSON.stringify(diagnostics(d2['s.stroom'])));
        }
    });

    it('"a CSV header is read without bound": a first line over 64 KB is too-large', async () => {
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, 'wide.csv'), `${'a'.repeat(70_000)}\n1\n`);
        const { documents } = await build({ 's.stroom': 'source S {\n    file w csv "wide.csv"\n    enrollments from w { person = a }\n}\n' }, dir);
        assert.ok(codes(documents['s.stroom']).includes('too-large'), JSON.stringify(diagnostics(documents['s.stroom'])));
    });

    it('"file sizes have bounds": a definition file over 10 MB is refused unread (exit 2), not parsed for minutes', () => {
        const dir = writeFiles({ 'huge.stroom': '// x\n'.repeat(2_700_000) }); // 10.8 MB
        const r = stroom(['lint', '.'], dir);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /huge\.stroom: larger than 10 MB/);
    });

    it('"file sizes have bounds": the language server does not parse a text over 10 MB an editor sends, and keeps answering', async () => {
        const client = await LspClient.start({ files: { ...MINI_CSV, 'src.stroom': MINI_SOURCE, 't.stroom': MINI_INDICATOR } });
        try {
            const found = await client.open('huge.stroom', '// x\n'.repeat(2_700_000), (d) => d.length > 0);
            assert.match(found[0].message, /more than the 10,485,760 a definition may have/);
            await client.hover('t.stroom', { line: 7, character: 12 });
            assert.ok(client.running);
        } finally {
            await client.stop();
        }
    });

    it('"a file pattern of many `*` took 132 s to match one 200-character name" (found while fixing these): glob without regex', async () => {
        const cases: Array<[string, string, boolean]> = [['RO_*.csv', 'RO_01.csv', true], ['RO_*.csv', 'RO_.csv', true],
            ['RO_*.csv', 'RO_01.csvx', false], ['a?c', 'abc', true], ['a?c', 'ac', false], ['*', '', true], ['*a*b', 'xaxb', true],
            ['*a*b', 'xaxbx', false], ['*.csv', 'x.csv.csv', true], ['a.c', 'abc', false], ['?*', '', false]];
        for (const [pattern, name, expected] of cases) assert.equal(globMatch(pattern, name), expected, `${pattern} ~ ${name}`);
        const dir = tempDir();
        fs.mkdirSync(path.join(dir, 'data'));
        fs.writeFileSync(path.join(dir, 'data', 'a'.repeat(200)), 'x\n');
        const pattern = `${'*a'.repeat(12)}*b`;
        const { documents } = await build({ 's.stroom': `source S {\n    file f csv "data/${pattern}"\n    enrollments from f { person = a }\n}\n` }, dir);
        assert.ok(codes(documents['s.stroom']).includes('data-file-missing'), JSON.stringify(diagnostics(documents['s.stroom'])));
    });

    it('"a 5 MB string literal overflows the stack": the lexer reads it, lint says invalid-string', async () => {
        const title = 'x'.repeat(5_000_000);
        const { documents } = await build({ 't.stroom': `cohort C "${title}" {\n    years 2020..2021\n}\ncohort a${'-b'.repeat(100_000)} { }\n` });
        const found = codes(documents['t.stroom']);
        assert.ok(found.includes('invalid-string'), found.join(', '));
        assert.ok(!found.includes('parse-error'), found.join(', '));
        const d = diagnostics(documents['t.stroom']).find((x) => x.code === 'invalid-string')!;
        assert.match(d.message, new RegExp(`more than the ${MAX_STRING.toLocaleString('en-US')} allowed`));
    });

    it('"a NUL in a `where` value ends in a JavaScript stack": lint says invalid-string, run refuses without a stack', async () => {
        const source = MINI_SOURCE.replace('file enr csv "data/enr.csv"\n    enrollments from enr {', 'file enr csv "data/enr.csv"\n    enrollments from enr where sector != "x\u0000y" {');
        const { documents } = await build({ ...MINI_CSV, 'src.stroom': source, 't.stroom': MINI_INDICATOR });
        const d = diagnostics(documents['src.stroom']);
        assert.deepEqual(d.map((x) => x.code), ['invalid-string']);
        assert.match(d[0].message, /U\+0000, NUL/);
        const dir = writeFiles({ ...MINI_CSV, 'src.stroom': source, 't.stroom': MINI_INDICATOR });
        const r = stroom(['run', 't.stroom'], dir);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stdout + r.stderr, /invalid-string/);
        assert.doesNotMatch(r.stderr, /^\s+at /m, 'no JavaScript stack');
    });

    it('"4,000 elements take 91 s to lint (superlinear)": linking and validation scan the index a fixed number of times', async () => {
        const scans = async (elements: number) => {
            const { services, documents } = await build({ 'big.stroom': bigFile(elements).replace(/^import .*$/gm, '') });
            const index = services.shared.workspace.IndexManager;
            const original = index.allElements.bind(index);
            let n = 0;
            index.allElements = (...args: Parameters<typeof original>) => { n++; return original(...args); };
            await services.shared.workspace.DocumentBuilder.build([documents['big.stroom']], { validation: true });
            const doc = documents['big.stroom'];
            AstUtils.streamAst(doc.parseResult.value).count();
            await services.shared.workspace.DocumentBuilder.update([doc.uri], []);
            return n;
        };
        const small = await scans(200);
        const large = await scans(800);
        // Before: one scan of the whole index per reference and per element (hundreds); now a few per file and type.
        if (process.env.STROOM_FUZZ_VERBOSE) console.log(`index scans: ${small}, ${large}`);
        assert.ok(large <= small + 2 && large < 20, `index scans: ${small} for 200 elements, ${large} for 800`);
    });
});
