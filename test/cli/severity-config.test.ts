// "severity" in stroom.json: a workspace turns a warning into an error (or switches it off) for lint, CI and the
// editor alike; it cannot weaken an error, and a wrong entry is itself a problem at its line and column.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { LspClient } from '../lsp/client.js';
import { NodeFileSystem } from 'langium/node';
import { checkConfig, createStroomServices, revalidateWorkspace, type ast } from '@stroom/language';
import { MINI_SOURCE, diagnostics, writeFiles } from '../helpers.js';
import { stroomIn } from './in-process.js';
import { lintReport } from '../../packages/cli/src/commands/lint.js';

/** MINI_SOURCE without its data file: a data-file-missing warning, nothing else. */
function workspace(config: unknown): string {
    return writeFiles({ 'stroom.json': `${JSON.stringify(config, null, 2)}\n`, 'src.stroom': MINI_SOURCE });
}

async function lintIn(dir: string) {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
        return await lintReport(['.']);
    } finally {
        process.chdir(cwd);
    }
}

describe('severity overrides in stroom.json', () => {
    describe('the check of stroom.json', () => {
        it('accepts a warning code set to any level, and keeps it', () => {
            const checked = checkConfig('{ "severity": { "data-file-missing": "error", "convention-override": "off", "weak-config": "info" } }');
            assert.deepEqual(checked.problems, []);
            assert.deepEqual(checked.config.severity, { 'data-file-missing': 'error', 'convention-override': 'off', 'weak-config': 'info' });
        });

        it('refuses to weaken an error, naming line and column of the entry', () => {
            const text = '{\n  "severity": {\n    "missing-choice": "off"\n  }\n}\n';
            const { problems, config } = checkConfig(text);
            assert.equal(problems.length, 1);
            const p = problems[0];
            assert.deepEqual([p.code, p.severity, p.key, p.line, p.column], ['invalid-config', 'error', '/severity/missing-choice', 3, 23]);
            assert.match(p.message, /missing-choice is an error.*cannot be weakened or switched off/);
            assert.deepEqual(config.severity, {});
            // Setting an error to "error" changes nothing and is allowed.
            assert.deepEqual(checkConfig('{ "severity": { "missing-choice": "error" } }').problems, []);
        });

        it('reports an unknown code at its key, with a suggestion', () => {
            const text = '{\n  "severity": { "data-file-mising": "off" }\n}';
            const [p] = checkConfig(text).problems;
            assert.deepEqual([p.code, p.line, p.column], ['invalid-config', 2, 17]);
            assert.match(p.message, /"data-file-mising", which is no diagnostic code \(did you mean "data-file-missing"\?\)/);
        });

        it('reports a level that does not exist', () => {
            const [p] = checkConfig('{ "severity": { "weak-config": "fatal" } }').problems;
            assert.equal(p.code, 'invalid-config');
            assert.match(p.message, /"severity\.weak-config" is the text "fatal", but must be "error" or "warning" or "info" or "hint" or "off"/);
        });

        it('applies to stroom.json\'s own warnings (weak-config)', () => {
            assert.deepEqual(checkConfig('{ "suppression": 3, "severity": { "weak-config": "off" } }').problems, []);
            const [p] = checkConfig('{ "suppression": 3, "severity": { "weak-config": "error" } }').problems;
            assert.deepEqual([p.code, p.severity], ['weak-config', 'error']);
        });
    });

    describe('lint', () => {
        it('without an override: the missing data file is a warning', async () => {
            const r = await lintIn(workspace({}));
            assert.deepEqual(r.findings.map((f) => `${f.severity} ${f.code}`), ['warning data-file-missing']);
        });

        it('"error" makes it an error and lint exit 1; "off" drops it and lint exits 0', async () => {
            const strict = await lintIn(workspace({ severity: { 'data-file-missing': 'error' } }));
            assert.deepEqual(strict.findings.map((f) => `${f.severity} ${f.code}`), ['error data-file-missing']);
            assert.equal(strict.errors, 1);
            const off = await lintIn(workspace({ severity: { 'data-file-missing': 'off' } }));
            assert.deepEqual(off.findings, []);
        });

        it('an invalid entry is a lint error in stroom.json, and the error it tried to switch off is still reported', async () => {
            const dir = writeFiles({ 'stroom.json': '{ "severity": { "unknown-code": "off" } }\n', 'a.stroom': 'package a\ncohort C {\n    entry first in sector hbx\n    inflow any\n}\n' });
            const r = await stroomIn(['lint', '.'], dir);
            assert.equal(r.status, 1);
            assert.match(r.stdout, /^stroom\.json:1:33 error invalid-config "severity\.unknown-code" is "off", but unknown-code is an error/m);
            assert.match(r.stdout, /^a\.stroom:3:27 error unknown-code /m);
        });
    });

    describe('the language server', () => {
        it('gives the diagnostic the override\'s severity, and validates again when stroom.json changes', async () => {
            const dir = workspace({ severity: { 'data-file-missing': 'hint' } });
            const { shared } = createStroomServices(NodeFileSystem);
            const doc: LangiumDocument<ast.Model> = shared.workspace.LangiumDocumentFactory.fromString(MINI_SOURCE, URI.file(path.join(dir, 'src.stroom')));
            shared.workspace.LangiumDocuments.addDocument(doc);
            await shared.workspace.DocumentBuilder.build([doc], { validation: true });
            assert.deepEqual(diagnostics(doc).map((d) => `${d.severity} ${d.code}`), ['hint data-file-missing']);

            fs.writeFileSync(path.join(dir, 'stroom.json'), JSON.stringify({ severity: { 'data-file-missing': 'error' } }));
            await revalidateWorkspace(shared, dir);
            assert.deepEqual(diagnostics(doc).map((d) => `${d.severity} ${d.code}`), ['error data-file-missing']);

            fs.writeFileSync(path.join(dir, 'stroom.json'), '{}');
            await revalidateWorkspace(shared, dir);
            assert.deepEqual(diagnostics(doc).map((d) => `${d.severity} ${d.code}`), ['warning data-file-missing']);
        });

        it('the running server publishes the new severity when the editor reports that stroom.json changed', async function () {
            this.timeout(60_000);
            const client = await LspClient.start({ files: { 'stroom.json': '{}\n', 'src.stroom': MINI_SOURCE } });
            try {
                const first = await client.open('src.stroom', undefined, (d) => d.length > 0);
                assert.deepEqual(first.map((d) => [d.code, d.severity]), [['data-file-missing', 2]]);
                fs.writeFileSync(path.join(client.root, 'stroom.json'), '{ "severity": { "data-file-missing": "error" } }\n');
                const mark = client.published.length;
                await client.fileChanged('stroom.json');
                const after = await client.waitForDiagnostics('src.stroom', { after: mark });
                assert.deepEqual(after.map((d) => [d.code, d.severity]), [['data-file-missing', 1]]);
            } finally {
                await client.stop();
            }
        });
    });
});
