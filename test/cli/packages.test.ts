// Shared definition packages as a consortium member meets them: a convention published as an npm package, installed
// with npm (from a packed tarball, offline: a real install without network), declared in stroom.json, imported by
// its qualified name; clear errors for a missing package or a wrong version; a nested workspace reported by lint;
// and the editor reaching into the package without being able to change it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { ast, createStroomServices, diagnosticCode, findRoot, loadWorkspace } from '@stroom/language';
import { MINI_SOURCE, tempDir, writeFiles } from '../helpers.js';
import { stroomIn } from './in-process.js';

const NAME = '@consortium/hbo-defs';

// The convention's formatting is deliberately loose (`after   1 year`), so the formatter would change it.
const DEFS = `package consortium

/// The consortium's dropout: one year after entry, within the programme, a switch is dropout.
convention Uitval "Consortium uitval" {
    after   1 year
    scope programme
    switchers count as dropout
    diploma ignored
}
`;

const USES = `package t
import src.Mini
import consortium.Uitval

cohort C {
    entry first in sector hbo
    inflow any
    years 2020..2021
}

indicator U using Uitval {
    cohort C
    measure dropout
    on Mini
}
`;

// The same choices written out, to compare the package's figures with.
const INLINE = `package t
import src.Mini

cohort C {
    entry first in sector hbo
    inflow any
    years 2020..2021
}

indicator U {
    cohort C
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    diploma ignored
    on Mini
}
`;

/** 12 first-years in 2020: persons 1..5 leave in their first year, the rest stay. */
function enrollments(): string {
    const rows = ['pid,brin,opl,sector,start,eind'];
    for (let i = 1; i <= 12; i++) rows.push(`p${i},A,34001,HBO,20200901,${i <= 5 ? '20210301' : ''}`);
    return `${rows.join('\n')}\n`;
}

/** A packed package (npm pack) of the fixture, its tarball path. */
function pack(version: string): string {
    const dir = writeFiles({
        'package.json': JSON.stringify({ name: NAME, version, files: ['*.stroom', 'stroom.json'] }),
        'stroom.json': JSON.stringify({ name: NAME, version }),
        'defs.stroom': DEFS,
    });
    const out = tempDir('stroom-pack-');
    const r = spawnSync('npm', ['pack', '--pack-destination', out], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return path.join(out, fs.readdirSync(out).find((f) => f.endsWith('.tgz'))!);
}

/** A project: the workspace files, then the package installed by npm from the tarball (copied if npm refuses). */
function project(files: Record<string, string>, tarball: string, version: string): string {
    const dir = writeFiles({ 'package.json': JSON.stringify({ name: 'project', private: true }), 'data/enr.csv': enrollments(), 'src.stroom': MINI_SOURCE, ...files });
    const r = spawnSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) {
        writeFiles({
            [`node_modules/${NAME}/package.json`]: JSON.stringify({ name: NAME, version }),
            [`node_modules/${NAME}/stroom.json`]: JSON.stringify({ name: NAME, version }),
            [`node_modules/${NAME}/defs.stroom`]: DEFS,
        }, dir);
    }
    return dir;
}

function position(doc: LangiumDocument, needle: string, occurrence = 0): { line: number; character: number } {
    const text = doc.textDocument.getText();
    let at = -1;
    for (let k = 0; k <= occurrence; k++) at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `no ${needle}`);
    return doc.textDocument.positionAt(at);
}

describe('shared definition packages', function () {
    this.timeout(120_000);
    let tarball: string;
    let dir: string;

    before(() => {
        tarball = pack('1.2.0');
        dir = project({ 'stroom.json': JSON.stringify({ dependencies: { [NAME]: '^1.2.0' } }, null, 2), 'uitval.stroom': USES }, tarball, '1.2.0');
    });

    it('npm installs the package into node_modules', () => {
        assert.ok(fs.existsSync(path.join(dir, 'node_modules', NAME, 'defs.stroom')));
    });

    it('lints clean and runs with the figures of the package\'s convention', async () => {
        const lint = await stroomIn(['lint', '.'], dir);
        assert.equal(lint.status, 0, lint.stdout + lint.stderr);
        assert.equal(lint.stdout, '');
        const viaPackage = await stroomIn(['run', 'uitval.stroom', '--format', 'csv'], dir);
        assert.equal(viaPackage.status, 0, viaPackage.stderr);
        const inline = writeFiles({ 'data/enr.csv': enrollments(), 'src.stroom': MINI_SOURCE, 'uitval.stroom': INLINE, 'stroom.json': '{}' });
        const written = await stroomIn(['run', 'uitval.stroom', '--format', 'csv'], inline);
        assert.equal(written.status, 0, written.stderr);
        assert.equal(viaPackage.stdout, written.stdout);
        // 5 of 12 left: the figures are there, not hidden.
        assert.match(viaPackage.stdout, /\b12\b/);
        assert.match(viaPackage.stdout, /\b5\b/);
    });

    it('loads the package read-only beside the workspace (in-process)', async () => {
        const ws = await loadWorkspace(dir, [], { config: 'report' });
        assert.deepEqual(ws.packages.map((p) => `${p.name}@${p.version}`), [`${NAME}@1.2.0`]);
        assert.deepEqual(ws.configProblems, []);
        assert.ok(ws.documents.some((d) => d.uri.fsPath.endsWith(path.join('node_modules', NAME, 'defs.stroom'))));
    });

    it('reports a package that is not installed at its line and column, with the npm command', async () => {
        const bare = writeFiles({
            'stroom.json': `{\n  "dependencies": {\n    "@consortium/other": "^1.0.0"\n  }\n}\n`,
            'uitval.stroom': USES, 'src.stroom': MINI_SOURCE, 'data/enr.csv': enrollments(),
        });
        const ws = await loadWorkspace(bare, [], { config: 'report' });
        const p = ws.configProblems.find((q) => q.code === 'dependency-not-installed');
        assert.ok(p, JSON.stringify(ws.configProblems));
        assert.equal(p.severity, 'error');
        assert.deepEqual([p.line, p.column], [3, 5]);
        assert.match(p.message, /npm install @consortium\/other/);
        const r = await stroomIn(['run', 'uitval.stroom'], bare);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /stroom\.json:3:5 error dependency-not-installed/);
    });

    it('refuses a version that does not satisfy the declared range', async () => {
        const old = project({ 'stroom.json': JSON.stringify({ dependencies: { [NAME]: '^2.0.0' } }), 'uitval.stroom': USES }, tarball, '1.2.0');
        const r = await stroomIn(['run', 'uitval.stroom'], old);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /stroom\.json:1:\d+ error dependency-conflict @consortium\/hbo-defs 1\.2\.0 is installed, but \^2\.0\.0 is needed/);
        assert.match(r.stderr, /nothing was computed/);
    });

    it('reports a bad range and a package without stroom.json as invalid-dependency', async () => {
        const bad = writeFiles({
            'stroom.json': JSON.stringify({ dependencies: { [NAME]: 'latest-ish', 'plain-lib': '^1.0.0' } }),
            'node_modules/plain-lib/package.json': JSON.stringify({ name: 'plain-lib', version: '1.0.0' }),
            'a.stroom': 'package a\n',
        });
        const ws = await loadWorkspace(bad, [], { config: 'report' });
        assert.deepEqual(ws.configProblems.map((p) => p.code), ['invalid-dependency', 'invalid-dependency']);
        assert.match(ws.configProblems[0].message, /"latest-ish" is not a version range/);
        assert.match(ws.configProblems[1].message, /plain-lib is not a definition package: it has no stroom.json/);
    });

    it('refuses a package linked from outside the project', async function () {
        const outside = writeFiles({ 'stroom.json': JSON.stringify({ name: 'far', version: '1.0.0' }), 'package.json': JSON.stringify({ name: 'far', version: '1.0.0' }), 'x.stroom': 'package far\n' });
        const linked = writeFiles({ 'stroom.json': JSON.stringify({ dependencies: { far: '^1.0.0' } }), 'a.stroom': 'package a\n' });
        fs.mkdirSync(path.join(linked, 'node_modules'));
        fs.symlinkSync(outside, path.join(linked, 'node_modules', 'far'), 'dir');
        const ws = await loadWorkspace(linked, [], { config: 'report' });
        assert.deepEqual(ws.configProblems.map((p) => p.code), ['invalid-dependency']);
        assert.match(ws.configProblems[0].message, /outside the project/);
        assert.ok(!ws.documents.some((d) => d.uri.fsPath.startsWith(fs.realpathSync(outside))));
    });

    it('reports two packages that need different versions of a third', async () => {
        const two = writeFiles({
            'stroom.json': JSON.stringify({ dependencies: { a: '^1.0.0', base: '^1.0.0' } }),
            'node_modules/a/package.json': JSON.stringify({ name: 'a', version: '1.0.0' }),
            'node_modules/a/stroom.json': JSON.stringify({ name: 'a', dependencies: { base: '^2.0.0' } }),
            'node_modules/base/package.json': JSON.stringify({ name: 'base', version: '1.4.0' }),
            'node_modules/base/stroom.json': JSON.stringify({ name: 'base' }),
            'x.stroom': 'package x\n',
        });
        const ws = await loadWorkspace(two, [], { config: 'report' });
        const conflict = ws.configProblems.find((p) => p.code === 'dependency-conflict');
        assert.ok(conflict, JSON.stringify(ws.configProblems));
        assert.equal(conflict.file, fs.realpathSync(path.join(two, 'node_modules', 'a', 'stroom.json')));
        assert.match(conflict.message, /base 1\.4\.0 is installed, but \^2\.0\.0 is needed/);
    });

    it('loads a nested named folder as part of the workspace, and lint says why an unnamed one is skipped', async () => {
        const ws = writeFiles({
            'stroom.json': '{}',
            'main.stroom': 'package top\nimport shared.Uitval\nimport other.Y\nconvention M "m" {\n    after 1 year\n}\n',
            'shared/stroom.json': JSON.stringify({ name: 'shared-defs' }),
            'shared/defs.stroom': DEFS.replace('package consortium', 'package shared'),
            'other/stroom.json': '{}',
            'other/y.stroom': 'package other\nconvention Y "y" {\n    after 1 year\n}\n',
        });
        // The named folder belongs to the workspace around it; the unnamed one is a root of its own.
        assert.equal(findRoot(path.join(ws, 'shared', 'defs.stroom')), fs.realpathSync(ws));
        assert.equal(findRoot(path.join(ws, 'other', 'y.stroom')), path.join(fs.realpathSync(ws), 'other'));
        const loaded = await loadWorkspace(ws, [], { config: 'report' });
        const main = loaded.documents.find((d) => d.uri.fsPath.endsWith('main.stroom'))!;
        const mainCodes = (main.diagnostics ?? []).map((d) => `${d.range.start.line + 1}:${diagnosticCode(d)}:${d.message}`).filter((c) => !c.includes('unused'));
        // shared.Uitval resolves (named: a package of this workspace); other.Y does not (a separate workspace).
        assert.deepEqual(mainCodes.map((c) => c.split(':').slice(0, 2).join(':')), ['3:unresolved-import'], mainCodes.join('\n'));
        const lint = await stroomIn(['lint', '.'], ws);
        assert.match(lint.stdout, /^other[\\/]stroom\.json:1:1 info nested-workspace other\/ has its own stroom\.json.*stroom lint other/m);
        assert.match(lint.stderr, /\d+ files?: 1 error, 0 warnings/);
    });

    describe('in the editor', () => {
        let services: ReturnType<typeof createStroomServices>;
        let uses: LangiumDocument<ast.Model>;

        before(async () => {
            services = createStroomServices(NodeFileSystem);
            await services.shared.workspace.WorkspaceManager.initializeWorkspace([{ uri: URI.file(dir).toString(), name: 'project' }]);
            uses = services.shared.workspace.LangiumDocuments.getDocument(URI.file(path.join(dir, 'uitval.stroom')))! as LangiumDocument<ast.Model>;
            assert.ok(uses, 'the workspace file is loaded');
        });

        it('resolves into the package: no diagnostics, go-to-definition lands in node_modules', async () => {
            assert.deepEqual((uses.diagnostics ?? []).filter((d) => d.severity === 1), []);
            const links = await services.Stroom.lsp.DefinitionProvider!.getDefinition(uses, {
                textDocument: { uri: uses.uri.toString() }, position: position(uses, 'Uitval', 1),
            });
            assert.ok(links && links.length === 1, JSON.stringify(links));
            assert.equal(URI.parse(links[0].targetUri).fsPath, fs.realpathSync(path.join(dir, 'node_modules', NAME, 'defs.stroom')));
        });

        it('does not format or rename inside the installed package', async () => {
            const pkgDoc = services.shared.workspace.LangiumDocuments.all.find((d) => d.uri.fsPath.includes('node_modules'))!;
            assert.ok(pkgDoc);
            const options = { tabSize: 4, insertSpaces: true };
            assert.deepEqual(await services.Stroom.lsp.Formatter!.formatDocument(pkgDoc, { textDocument: { uri: pkgDoc.uri.toString() }, options }), []);
            // The same text outside node_modules is formatted: the refusal is about the place, not the text.
            const local = services.shared.workspace.LangiumDocumentFactory.fromString(pkgDoc.textDocument.getText(), URI.file(path.join(dir, 'copy.stroom')));
            assert.ok((await services.Stroom.lsp.Formatter!.formatDocument(local, { textDocument: { uri: local.uri.toString() }, options })).length > 0);
            await assert.rejects(
                Promise.resolve(services.Stroom.lsp.RenameProvider!.rename(uses, { textDocument: { uri: uses.uri.toString() }, position: position(uses, 'Uitval', 1), newName: 'Anders' })),
                /installed package/);
        });
    });
});
