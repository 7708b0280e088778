// `stroom lint --format json|sarif|github`, --max-warnings and --out as a CI job meets them: the same findings in
// every format, SARIF that the official 2.1.0 schema accepts, workflow commands GitHub can parse back.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { CODES } from '@stroom/language';
import { MINI_SOURCE, REPO, writeFiles } from '../helpers.js';
import { stroomIn } from './in-process.js';
import { lintReport } from '../../packages/cli/src/commands/lint.js';
import { escapeGithubData, escapeGithubProperty, formatGithub, formatJson, formatSarif, type LintReport } from '../../packages/cli/src/commands/lint-formats.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;

// MINI_SOURCE with a data file whose name GitHub's properties must escape (`,` and `%`), and a cohort with an error.
const SOURCE = `${MINI_SOURCE.replace('"data/enr.csv"', '"data/enr,100%.csv"')}cohort C {
    entry first in sector hbx
    inflow any
}
`;

/** A workspace with a warning in stroom.json, a warning and an error in a definition (in a folder with a space). */
function brokenWorkspace(): string {
    return writeFiles({ 'stroom.json': '{\n  "suppression": 3\n}\n', 'defs en/a.stroom': SOURCE });
}

/** GitHub's workflow command, parsed back: `::level key=value,...::message`, values unescaped. */
function parseCommand(line: string): { level: string; props: Record<string, string>; message: string } {
    const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
    assert.ok(m, `not a workflow command: ${line}`);
    const unescape = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
    const props = Object.fromEntries(m[2].split(',').map((kv) => {
        const i = kv.indexOf('=');
        return [kv.slice(0, i), unescape(kv.slice(i + 1))];
    }));
    return { level: m[1], props, message: unescape(m[3]) };
}

describe('stroom lint --format', () => {
    let dir: string;
    let report: LintReport;
    const cwd = process.cwd();
    before(async () => {
        dir = brokenWorkspace();
        process.chdir(dir);
        try {
            report = await lintReport(['.']);
        } finally {
            process.chdir(cwd);
        }
    });

    it('finds the stroom.json warning, the definition warning and the error, with relative paths', () => {
        const summary = report.findings.map((f) => `${f.file} ${f.severity} ${f.code}`);
        assert.deepEqual(summary, [
            'stroom.json warning weak-config',
            'defs en/a.stroom warning data-file-missing',
            'defs en/a.stroom error unknown-code',
        ]);
        assert.equal(report.errors, 1);
        assert.equal(report.warnings, 2);
        const error = report.findings[2];
        const lines = SOURCE.split('\n');
        assert.equal(error.line, lines.findIndex((l) => l.includes('hbx')) + 1);
        assert.equal(error.column, lines[error.line - 1].indexOf('hbx') + 1);
        assert.equal(error.endColumn, error.column + 3);
    });

    it('json: a versioned object whose diagnostics are the findings', () => {
        const json = JSON.parse(formatJson(report));
        assert.equal(json.version, 1);
        assert.deepEqual([json.files, json.errors, json.warnings], [1, 1, 2]);
        assert.deepEqual(json.diagnostics.map((d: { code: string }) => d.code), report.findings.map((f) => f.code));
        for (const d of json.diagnostics) {
            assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
        }
    });

    it('sarif: validates against the official SARIF 2.1.0 schema, with a rule per code linking to its docs section', () => {
        const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8'));
        const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }) // the schema's `language` pattern is not valid under the u flag;
        const validate = ajv.compile(schema);
        const sarif = JSON.parse(formatSarif(report, '1.2.3'));
        assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
        // The schema is lenient about much; what GitHub code scanning needs is checked by hand.
        assert.equal(sarif.version, '2.1.0');
        const run = sarif.runs[0];
        assert.equal(run.tool.driver.name, 'stroom');
        assert.equal(run.tool.driver.semanticVersion, '1.2.3');
        const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
        assert.deepEqual(ruleIds, Object.keys(CODES));
        const docs = fs.readFileSync(path.join(REPO, 'docs/diagnostics.md'), 'utf8');
        for (const rule of run.tool.driver.rules) {
            const anchor = rule.helpUri.split('#')[1];
            assert.equal(anchor, rule.id);
            assert.match(docs, new RegExp(`^### ${anchor}$`, 'm'), `docs/diagnostics.md has no section for ${anchor}`);
            assert.equal(rule.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[(CODES as Record<string, { severity: string }>)[rule.id].severity]);
        }
        assert.equal(run.results.length, 3);
        for (const [k, result] of run.results.entries()) {
            const f = report.findings[k];
            assert.equal(result.ruleId, f.code);
            assert.equal(ruleIds[result.ruleIndex], f.code);
            assert.equal(result.level, f.severity === 'error' ? 'error' : 'warning');
            const loc = result.locations[0].physicalLocation;
            // A relative URI reference (percent-encoded), that resolves to the file in the checkout.
            assert.ok(!/^[a-z]+:/i.test(loc.artifactLocation.uri) && !loc.artifactLocation.uri.startsWith('/'));
            assert.equal(decodeURIComponent(loc.artifactLocation.uri), f.file);
            assert.deepEqual([loc.region.startLine, loc.region.startColumn], [f.line, f.column]);
        }
        assert.equal(run.results[1].locations[0].physicalLocation.artifactLocation.uri, 'defs%20en/a.stroom');
    });

    it('sarif: the same definitions give the same bytes', () => {
        assert.equal(formatSarif(report, '1.0.0'), formatSarif(report, '1.0.0'));
    });

    it('github: one workflow command per finding that parses back to file, line, col, code and message', () => {
        const lines = formatGithub(report).trimEnd().split('\n');
        assert.equal(lines.length, report.findings.length);
        for (const [k, line] of lines.entries()) {
            const f = report.findings[k];
            const { level, props, message } = parseCommand(line);
            assert.equal(level, f.severity);
            assert.deepEqual([props.file, Number(props.line), Number(props.col), props.title], [f.file, f.line, f.column, f.code]);
            assert.equal(message, f.message);
        }
        // The message of the data file names `data/enr,100%.csv`: % escaped in the message.
        assert.match(lines[1], /enr,100%25\.csv/);
    });

    it('github: escapes %, CR and LF in messages and also : and , in properties', () => {
        assert.equal(escapeGithubData('a%b\r\nc: d, e'), 'a%25b%0D%0Ac: d, e');
        assert.equal(escapeGithubProperty('dir:x,y%/a.stroom'), 'dir%3Ax%2Cy%25/a.stroom');
        const odd: LintReport = {
            files: 1, errors: 1, warnings: 0,
            findings: [{ file: 'a,b:c.stroom', line: 2, column: 3, endLine: 2, endColumn: 4, severity: 'error', code: 'parse-error', message: 'line one\nline two 50%' }],
        };
        const out = formatGithub(odd);
        assert.equal(out.split('\n').length, 2, 'one command, one line');
        const parsed = parseCommand(out.trimEnd());
        assert.equal(parsed.props.file, 'a,b:c.stroom');
        assert.equal(parsed.message, 'line one\nline two 50%');
    });
});

describe('stroom lint exit codes and --out', () => {
    it('--max-warnings: 0 over the limit, 1 only when warnings exceed it; --out writes the file, stdout stays empty', async () => {
        const dir = writeFiles({ 'stroom.json': '{ "suppression": 3 }\n', 'a.stroom': 'package a\n' });
        const within = await stroomIn(['lint', '--max-warnings', '1', '--format', 'sarif', '--out', 'out.sarif', '.'], dir);
        assert.equal(within.status, 0, within.stderr);
        assert.equal(within.stdout, '');
        const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
        assert.equal(sarif.runs[0].results[0].ruleId, 'weak-config');
        const over = await stroomIn(['lint', '--max-warnings', '0', '.'], dir);
        assert.equal(over.status, 1);
        assert.match(over.stderr, /more than --max-warnings 0/);
        const bad = await stroomIn(['lint', '--max-warnings', 'many', '.'], dir);
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /--max-warnings must be a whole number/);
    });
});
