// `stroom lint` as a user meets it: silence on good definitions, one parseable line per problem on bad ones, and
// exit codes a CI job can act on (0 clean or warnings only, 1 errors, 2 usage).
import { strict as assert } from 'node:assert';
import { EXAMPLES, MINI_CSV, MINI_SOURCE, stroom, writeFiles, type CliResult } from '../helpers.js';
import { stroomIn } from './in-process.js';

/** `path:line:col severity code message`, the documented line format. */
const LINE = /^(\S+):(\d+):(\d+) (error|warning|info|hint) ([a-z]+(?:-[a-z]+)*) (\S.*)$/;

interface Line { file: string; line: number; column: number; severity: string; code: string; message: string }

function parseLines(stdout: string): Line[] {
    const lines = stdout.split('\n').filter((l) => l !== '');
    return lines.map((l) => {
        const m = LINE.exec(l);
        assert.ok(m, `not a lint line: ${JSON.stringify(l)}`);
        return { file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4], code: m[5], message: m[6] };
    });
}

/** 1-based line and column of the first occurrence of `needle` on the first line containing `lineHint`. */
function position(text: string, lineHint: string, needle: string): { line: number; column: number } {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.includes(lineHint));
    assert.ok(i >= 0 && lines[i].includes(needle), `fixture has no ${lineHint} / ${needle}`);
    return { line: i + 1, column: lines[i].indexOf(needle) + 1 };
}

/** The summary on stderr must agree with the lines on stdout. */
function assertSummary(stderr: string, files: number, found: Line[]): void {
    const errors = found.filter((l) => l.severity === 'error').length;
    const warnings = found.filter((l) => l.severity === 'warning').length;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    assert.match(stderr, new RegExp(`^${plural(files, 'file')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}$`, 'm'));
}

describe('stroom lint', () => {
    it('exits 0 and prints no diagnostic line on the example workspace', async () => {
        const r = await stroomIn(['lint', EXAMPLES]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, '');
    });

    describe('a folder with broken files', () => {
        const broken = [
            'package b',
            'cohort C {',
            '    entry first in sector hbx',
            '    inflow any',
            '}',
            'indicator Uitval {',
            '    cohort C',
            '    measure dropout',
            '    after 1 year',
            '    scope programme',
            '}',
            '',
        ].join('\n');
        // `inflow` needs one of direct / indirect / any: the parser stops at `sideways`.
        const unparsable = 'package p\ncohort D {\n    entry first in sector hbo\n    inflow sideways\n}\n';
        // The CSV has a column opl, not opleiding.
        const source = MINI_SOURCE.replace('programme = opl', 'programme = opleiding');
        let r: CliResult;
        let found: Line[];
        before(async () => {
            const dir = writeFiles({
                'stroom.json': '{}\n', ...MINI_CSV, 'src.stroom': source, 'broken.stroom': broken, 'unparsable.stroom': unparsable,
            });
            r = await stroomIn(['lint', '.'], dir);
            found = parseLines(r.stdout);
        });

        it('exits 1, and every stdout line has the form path:line:col severity code message', () => {
            assert.equal(r.status, 1, r.stderr);
            assert.ok(found.length >= 3, r.stdout);
            assert.deepEqual([...new Set(found.map((l) => l.file))].sort(), ['broken.stroom', 'src.stroom', 'unparsable.stroom']);
            assertSummary(r.stderr, 3, found);
        });

        it('reports an unknown code at the code itself, listing the codes that exist', () => {
            const at = position(broken, 'entry first in sector', 'hbx');
            const hit = found.filter((l) => l.file === 'broken.stroom' && l.code === 'unknown-code');
            assert.equal(hit.length, 1, r.stdout);
            assert.deepEqual([hit[0].line, hit[0].column, hit[0].severity], [at.line, at.column, 'error']);
            assert.match(hit[0].message, /'hbx'/);
            for (const sector of ['hbo', 'wo', 'mbo']) assert.match(hit[0].message, new RegExp(`\\b${sector}\\b`));
        });

        it('reports a missing required choice (the switch treatment) on the indicator name, offering the options', () => {
            const at = position(broken, 'indicator Uitval', 'Uitval');
            const hit = found.filter((l) => l.file === 'broken.stroom' && l.code === 'missing-choice');
            assert.equal(hit.length, 1, r.stdout);
            assert.deepEqual([hit[0].line, hit[0].column, hit[0].severity], [at.line, at.column, 'error']);
            for (const option of ['dropout', 'retained', 'separate']) assert.ok(hit[0].message.includes(`switchers count as ${option}`), hit[0].message);
        });

        it('reports a parse error at the offending token', () => {
            const at = position(unparsable, 'inflow', 'sideways');
            const hit = found.filter((l) => l.file === 'unparsable.stroom');
            assert.ok(hit.length >= 1, r.stdout);
            assert.deepEqual([hit[0].line, hit[0].column, hit[0].severity, hit[0].code], [at.line, at.column, 'error', 'parse-error']);
            assert.match(hit[0].message, /sideways/);
        });

        it('reports a column the CSV does not have at the mapping, listing the file\'s real columns', () => {
            const at = position(source, 'programme =', 'opleiding');
            const hit = found.filter((l) => l.file === 'src.stroom');
            assert.deepEqual(hit.map((l) => [l.line, l.column, l.severity, l.code]), [[at.line, at.column, 'error', 'unknown-column']]);
            const header = MINI_CSV['data/enr.csv'].split('\n')[0].split(',');
            assert.match(hit[0].message, /'opleiding'/);
            assert.ok(hit[0].message.includes(header.join(', ')), `${hit[0].message} should list ${header.join(', ')}`);
        });

        it('lists a file\'s diagnostics in source order', () => {
            const lines = found.filter((l) => l.file === 'broken.stroom').map((l) => l.line * 10000 + l.column);
            assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
        });
    });

    it('exits 2 and names the path when it does not exist', async () => {
        // The real binary (a spawned process) once for this command: exit code and output; the rest run in-process.
        const r = stroom(['lint', 'no/such/folder'], EXAMPLES);
        assert.equal(r.status, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /no\/such\/folder/);
    });

    it('warns about a missing data file at its path and still exits 0 (1 with --warnings-as-errors)', async () => {
        const dir = writeFiles({ 'stroom.json': '{}\n', 'src.stroom': MINI_SOURCE });
        const at = position(MINI_SOURCE, 'file enr csv', '"data/enr.csv"');
        const r = await stroomIn(['lint', '.'], dir);
        assert.equal(r.status, 0, r.stderr);
        const found = parseLines(r.stdout);
        assert.deepEqual(found.map((l) => [l.file, l.line, l.column, l.severity, l.code]), [['src.stroom', at.line, at.column, 'warning', 'data-file-missing']]);
        assert.match(found[0].message, /data\/enr\.csv/);
        assertSummary(r.stderr, 1, found);

        const strict = await stroomIn(['lint', '--warnings-as-errors', '.'], dir);
        assert.equal(strict.status, 1);
        assert.equal(strict.stdout, r.stdout);
    });
});
