// `stroom test --reporter junit|json`: the JUnit XML a CI system reads (one testcase per example block, failures with
// the failing lines, names escaped), and a JSON report, both agreeing with what the examples did.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runExamples, type FileOutcome } from '@stroom/language';
import { EXAMPLES, tempDir } from '../helpers.js';
import { stroomIn } from './in-process.js';
import { jsonReport, junitReport } from '../../packages/cli/src/commands/test-reporters.js';

const NASTY = 'switchers <to> wo & "mbo" \'x\'';

/** A copy of the example workspace with one passing file, one failing block (an awkward name) and one broken file. */
function workspace(): string {
    const dir = tempDir('stroom-reporter-');
    fs.cpSync(EXAMPLES, dir, { recursive: true, filter: (f) => !path.relative(EXAMPLES, f).startsWith('tests') || !/\.stroom$/.test(f) || f.endsWith('bestemming.stroom') });
    const source = fs.readFileSync(path.join(EXAMPLES, 'tests', 'hbo-cbs-ocw-vh.stroom'), 'utf8');
    const start = source.indexOf('example "switchers to wo and to mbo" {');
    assert.ok(start >= 0, 'the block to copy is gone');
    const block = source.slice(start, source.indexOf('\n}\n', start) + 3)
        .replace('example "switchers to wo and to mbo"', `example ${JSON.stringify(NASTY)}`)
        .replace('expect UitvalOCW classifies towo as retained', 'expect UitvalOCW classifies towo as dropout');
    assert.ok(block.includes('as dropout'), 'the expectation to break is gone');
    fs.writeFileSync(path.join(dir, 'wrong.stroom'), `package regio_noord\n\n${block}`);
    fs.writeFileSync(path.join(dir, 'broken.stroom'), `package kapot\n\n${block.replace(`example ${JSON.stringify(NASTY)}`, 'example "cannot run"').replace(/UitvalOCW/g, 'Nergens')}`);
    return dir;
}

type Node = Record<string, unknown> & { '@_name'?: string };
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

describe('stroom test --reporter', function () {
    this.timeout(120_000);
    let dir: string;
    let files: FileOutcome[];
    before(async () => {
        dir = workspace();
        const targets = ['tests/bestemming.stroom', 'wrong.stroom', 'broken.stroom'].map((f) => path.join(dir, f));
        files = await runExamples(new Map([[dir, targets]]));
    });

    it('junit: well-formed XML with testsuites/testsuite/testcase, one testcase per example block', () => {
        const text = junitReport(files, dir);
        assert.equal(XMLValidator.validate(text), true);
        const doc = new XMLParser({ ignoreAttributes: false, trimValues: false }).parse(text);
        const suites = list(doc.testsuites.testsuite as Node[]);
        assert.deepEqual(suites.map((s) => s['@_name']), ['tests/bestemming.stroom', 'wrong.stroom', 'broken.stroom']);
        const cases = suites.flatMap((s) => list(s.testcase as Node[]));
        const examples = files.reduce((n, f) => n + f.examples.length + (f.blocked?.length ?? 0), 0);
        assert.equal(cases.length, examples);
        assert.equal(Number(doc.testsuites['@_tests']), cases.length);
        for (const s of suites) {
            const own = list(s.testcase as Node[]);
            assert.equal(Number(s['@_tests']), own.length);
            assert.equal(Number(s['@_failures']), own.filter((c) => c.failure !== undefined).length);
            for (const c of own) {
                assert.ok(String(c['@_name']).startsWith(`${s['@_name']} › `), 'name = file + block name');
                assert.ok(Number.isFinite(Number(c['@_time'])) && Number(c['@_time']) >= 0);
                assert.ok(String(c['@_classname']).length > 0);
            }
        }
        // The passing file: no failures; its block names as the file has them.
        const passing = list(suites[0].testcase as Node[]);
        assert.ok(passing.length >= 1 && passing.every((c) => c.failure === undefined));
        // The failing block: its awkward name unescaped back, a failure naming the line and what each engine got.
        const failing = list(suites[1].testcase as Node[]);
        assert.equal(failing.length, 1);
        assert.equal(failing[0]['@_name'], `wrong.stroom › ${NASTY}`);
        const failure = failing[0].failure as Node;
        assert.match(String(failure['#text']), /expected dropout, got retained \(evaluator\)/);
        assert.match(String(failure['@_message']), /^line \d+: expect UitvalOCW classifies towo as dropout$/);
        // The broken file: its block fails with the file's errors.
        const broken = list(suites[2].testcase as Node[]);
        assert.deepEqual(broken.map((c) => c['@_name']), ['broken.stroom › cannot run']);
        assert.match(String((broken[0].failure as Node)['#text']), /unresolved-reference|Nergens/);
        assert.equal(Number(doc.testsuites['@_failures']), 2);
    });

    it('json: the same outcomes, without times', () => {
        const json = JSON.parse(jsonReport(files, dir));
        assert.equal(json.version, 1);
        assert.equal(json.failed, 2);
        assert.equal(json.passed, files[0].examples.length);
        assert.deepEqual(json.files.map((f: { file: string }) => f.file), ['tests/bestemming.stroom', 'wrong.stroom', 'broken.stroom']);
        assert.equal(json.files[1].examples[0].name, NASTY);
        assert.equal(json.files[1].examples[0].ok, false);
        assert.ok(!/seconds|time/.test(JSON.stringify(json)));
    });

    it('the command: --reporter junit --out writes the report, exit 1 on a failure, nothing on stdout', async () => {
        const r = await stroomIn(['test', '--reporter', 'junit', '--out', 'junit.xml', 'wrong.stroom'], dir);
        assert.equal(r.status, 1, r.stderr);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /0 passed, 1 failed/);
        const text = fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8');
        assert.equal(XMLValidator.validate(text), true);
        assert.match(text, /<testcase name="wrong\.stroom › switchers &lt;to&gt; wo &amp; &quot;mbo&quot;/);
    });
});
