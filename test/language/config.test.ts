// stroom.json is checked against schemas/stroom.schema.json: what a user sees in lint, in run (and every command that
// loads a workspace) and in the editor when the workspace file is wrong, weak or holds a password; and the same bounds
// on an indicator's `suppress below`.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { checkConfig } from '@stroom/language';
import { EXAMPLES, MINI_CSV, MINI_INDICATOR, MINI_SOURCE, REPO, build, diagnostics, writeFiles } from '../helpers.js';
import { stroomIn } from '../cli/in-process.js';
import { LspClient } from '../lsp/client.js';

const INDICATOR = MINI_INDICATOR;

/** A small complete workspace with this stroom.json (and other files changed). */
function workspace(config: string, change: Record<string, string> = {}): string {
    return writeFiles({ 'stroom.json': config, ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'uitval.stroom': INDICATOR, ...change });
}

/** The lines lint prints for stroom.json. */
const configLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('stroom.json:'));

describe('stroom.json, checked', () => {
    describe('stroom lint', () => {
        it('"suppression": "five" is an error at the value, naming the key; lint exits 1', async () => {
            const dir = workspace('{\n  "suppression": "five"\n}\n');
            const r = await stroomIn(['lint', '.'], dir);
            assert.equal(r.status, 1, r.stdout + r.stderr);
            const [line, ...more] = configLines(r.stdout);
            assert.deepEqual(more, []);
            assert.match(line, /^stroom\.json:2:18 error invalid-config "suppression" must be a whole number/);
            assert.match(line, / \/ "suppression" moet een geheel getal zijn/);
            assert.match(r.stderr, /1 error, 0 warnings/);
        });

        for (const value of [0, 1]) {
            it(`"suppression": ${value} is an error: a threshold below 2 hides nothing`, async () => {
                const r = await stroomIn(['lint', '.'], workspace(`{ "suppression": ${value} }`));
                assert.equal(r.status, 1);
                assert.match(configLines(r.stdout)[0], new RegExp(`^stroom\\.json:1:18 error invalid-config "suppression" is ${value}, but must be at least 2`));
            });
        }

        it('"suppression": 3 is a warning (weaker than 5): lint exits 0, with --warnings-as-errors 1', async () => {
            const dir = workspace('{ "suppression": 3 }');
            const r = await stroomIn(['lint', '.'], dir);
            assert.equal(r.status, 0, r.stdout + r.stderr);
            assert.match(configLines(r.stdout)[0], /^stroom\.json:1:18 warning weak-config "suppression" is 3: .*weaker than the usual 5/);
            assert.match(r.stderr, /0 errors, 1 warning/);
            assert.equal((await stroomIn(['lint', '--warnings-as-errors', '.'], dir)).status, 1);
        });

        it('a misspelt key is an error at the key, with the key it probably meant', async () => {
            const r = await stroomIn(['lint', '.'], workspace('{\n  "supression": 5\n}'));
            assert.equal(r.status, 1);
            assert.match(configLines(r.stdout)[0], /^stroom\.json:2:3 error invalid-config unknown key "supression" \(did you mean "suppression"\?\)/);
        });

        it('text that is not JSON is an error with the line and column where it goes wrong', async () => {
            const r = await stroomIn(['lint', '.'], workspace('{\n  "suppression": 5,\n}\n'));
            assert.equal(r.status, 1);
            assert.match(configLines(r.stdout)[0], /^stroom\.json:3:1 error invalid-config not valid JSON: expected a key in double quotes, found "}"/);
        });

        it('"language": "de" is an error naming the allowed values', async () => {
            const r = await stroomIn(['lint', '.'], workspace('{ "language": "de" }'));
            assert.equal(r.status, 1);
            assert.match(configLines(r.stdout)[0], /^stroom\.json:1:15 error invalid-config "language" is the text "de", but must be "nl" or "en"/);
        });

        it('a connection string with a password in stroom.json is an error that does not repeat the password', async () => {
            const r = await stroomIn(['lint', '.'], workspace('{ "exclude": ["postgres://stroom:s3cr3tpw@db.example/stroom"] }'));
            assert.equal(r.status, 1);
            const [line] = configLines(r.stdout);
            assert.match(line, /^stroom\.json:1:15 error password-in-definition "exclude\[0\]" holds a password .*STROOM_DATABASE_URL/);
            assert.ok(!r.stdout.includes('s3cr3tpw'), 'the password is not printed');
        });

        it('a password in a string of a .stroom file is an error at the string (not in a comment)', async () => {
            const text = '// a comment may say postgres://u:p@host/db\n' + MINI_SOURCE.replace('package src\n', '')
                .replace('source Mini {', 'package src\nsource Mini {')
                .replace('file enr csv "data/enr.csv"', 'file enr csv "data/enr.csv"\n    file db table "host=db user=stroom password=geheim dbname=x"');
            const r = await stroomIn(['lint', '.'], workspace('{}', { 'src.stroom': text }));
            assert.equal(r.status, 1, r.stdout + r.stderr);
            const found = r.stdout.split('\n').filter((l) => l.includes('password-in-definition'));
            assert.equal(found.length, 1, r.stdout);
            assert.match(found[0], /^src\.stroom:6:19 error password-in-definition This string holds a password/);
        });

        it('a valid stroom.json with every key and $schema lints clean', async () => {
            const config = {
                $schema: '../schemas/stroom.schema.json', suppression: 10, suppressZeros: true, rounding: 5,
                defaultSource: 'src.Mini', language: 'en', exclude: ['old'],
            };
            const r = await stroomIn(['lint', '.'], workspace(JSON.stringify(config, null, 2)));
            assert.equal(r.status, 0, r.stdout + r.stderr);
            assert.equal(r.stdout, '');
            assert.match(r.stderr, /0 errors, 0 warnings/);
        });
    });

    describe('stroom run and the other commands', () => {
        it('an error in stroom.json stops run with exit 1, naming file, line, column, key and reason; no figures', async () => {
            const r = await stroomIn(['run', 'uitval.stroom', '--format', 'csv'], workspace('{\n  "suppression": "five"\n}\n'));
            assert.equal(r.status, 1);
            assert.equal(r.stdout, '', 'nothing computed');
            assert.match(r.stderr, /^stroom\.json:2:18 error invalid-config "suppression" must be a whole number/m);
            assert.match(r.stderr, /stroom: stroom\.json has 1 error; nothing was computed/);
        });

        for (const command of [['compile', 'uitval.stroom'], ['explain', 'uitval.stroom'], ['funnel', 'uitval.stroom'], ['test', 'uitval.stroom']]) {
            it(`${command[0]} refuses a broken stroom.json too`, async () => {
                const r = await stroomIn(command, workspace('{ "suppression": 0 }'));
                assert.equal(r.status, 1, r.stdout + r.stderr);
                assert.match(r.stderr, /stroom\.json:1:18 error invalid-config "suppression" is 0/);
            });
        }

        it('a warning is printed and the run goes on', async () => {
            const r = await stroomIn(['run', 'uitval.stroom', '--format', 'csv'], workspace('{ "suppression": 3 }'));
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stderr, /stroom\.json:1:18 warning weak-config/);
            assert.match(r.stdout, /^Uitval,2020,/m);
        });
    });

    describe('suppress below N in an indicator', () => {
        it('below 5 is a weak-config warning at the number', async () => {
            const { documents } = await build({ 'stroom.json': '{}', ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'i.stroom': INDICATOR.replace('switchers count as dropout', 'switchers count as dropout\n    suppress below 3') });
            const found = diagnostics(documents['i.stroom']);
            assert.deepEqual(found.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`), ['13:20 warning weak-config']);
            assert.match(found[0].message, /suppress below 3 shows counts of 3 and more, weaker than the usual 5/);
        });

        it('below 2 is an invalid-suppression error, and run refuses it before reading data', async () => {
            for (const n of [0, 1]) {
                const files = { 'stroom.json': '{}', ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'i.stroom': INDICATOR.replace('switchers count as dropout', `switchers count as dropout\n    suppress below ${n}`) };
                const { documents } = await build(files);
                const found = diagnostics(documents['i.stroom']);
                assert.deepEqual(found.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`), ['13:20 error invalid-suppression']);
                assert.match(found[0].message, new RegExp(`suppress below ${n} would show every small count.*stroom run --records`));
                const dir = writeFiles(files);
                const r = await stroomIn(['run', 'i.stroom'], dir);
                assert.equal(r.status, 1);
                assert.match(r.stderr, /i\.stroom:13:20 error invalid-suppression/);
                assert.equal(r.stdout, '');
            }
        });

        it('5 and more is fine', async () => {
            const { documents } = await build({ 'stroom.json': '{}', ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'i.stroom': INDICATOR.replace('switchers count as dropout', 'switchers count as dropout\n    suppress below 10') });
            assert.deepEqual(diagnostics(documents['i.stroom']), []);
        });
    });

    describe('the schema', () => {
        const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'stroom.schema.json'), 'utf8'));

        it('accepts the stroom.json of every example workspace', () => {
            const validate = new Ajv({ strict: true }).compile(schema);
            const found: string[] = [];
            const walk = (dir: string) => {
                for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
                    if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(path.join(dir, e.name));
                    else if (e.name === 'stroom.json') found.push(path.join(dir, e.name));
                }
            };
            walk(EXAMPLES);
            assert.ok(found.length > 0);
            for (const file of found) {
                const text = fs.readFileSync(file, 'utf8');
                assert.ok(validate(JSON.parse(text)), `${path.relative(REPO, file)}: ${JSON.stringify(validate.errors)}`);
                assert.deepEqual(checkConfig(text).problems, [], path.relative(REPO, file));
            }
        });

        it('describes every key in English, and states the defaults of the disclosure settings', () => {
            for (const [key, spec] of Object.entries(schema.properties as Record<string, { description?: string }>)) {
                assert.ok(spec.description && spec.description.length > 20, `${key} has a description`);
            }
            assert.match(schema.properties.suppressZeros.description, /Default false/);
            assert.match(schema.properties.rounding.description, /Default: no rounding/);
            assert.equal(schema.additionalProperties, false);
        });
    });

    describe('the language server', function () {
        this.timeout(60_000);
        let client: LspClient | undefined;
        afterEach(async () => {
            await client?.stop();
            client = undefined;
        });

        it('publishes the problems of stroom.json for stroom.json itself, and again when it changes', async () => {
            client = await LspClient.start({ files: { 'stroom.json': '{\n  "suppression": 1\n}\n', ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'uitval.stroom': INDICATOR } });
            const found = await client.waitForDiagnostics('stroom.json', { until: (d) => d.length > 0 });
            assert.equal(found.length, 1);
            assert.equal(found[0].code, 'invalid-config');
            assert.equal(found[0].severity, 1);
            assert.deepEqual(found[0].range.start, { line: 1, character: 17 });
            assert.match(found[0].message, /"suppression" is 1, but must be at least 2/);
            // Fixed on disk: the editor reports the change; the diagnostic goes away.
            fs.writeFileSync(path.join(client.root, 'stroom.json'), '{ "suppression": 5 }\n');
            const mark = client.published.length;
            await client.fileChanged('stroom.json');
            const after = await client.waitForDiagnostics('stroom.json', { after: mark });
            assert.deepEqual(after, []);
        });
    });
});
