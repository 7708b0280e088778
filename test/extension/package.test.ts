// The .vsix of the VS Code extension (npm run package: esbuild.mjs bundles, @vscode/vsce packages): a zip with the VS
// Code package files and no node_modules or sources, marketplace-ready (icon, licence, notices, changelog, Restricted
// Mode), whose bundled server runs an example under plain `node` from an empty folder far from any node_modules
// (DuckDB's native binding is inside the .vsix, next to the bundle), giving the figures `stroom run` gives; and a
// package for another platform (Windows) built on this machine carries that platform's binding.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { REPO, stroom, tempDir } from '../helpers.js';

interface PackageModule {
    packageVsix: (o: { outDir: string; target?: string }) => Promise<string>;
    vscodeTarget: () => string;
}
interface CliResult { indicator: string; rows: { cohort_year: number; breakdown: Record<string, string | null>; cohort_size: number | null; count: number | null; rate: number | null; suppressed: boolean }[] }
interface Cell { value: number | null; shown: string }
interface Figure { cohortYear: number; breakdown: (string | null)[]; size: Cell; count: Cell; rate: Cell; suppressed: boolean }

/** The entries of a zip archive, read from its central directory; with dir, written there (stored or deflated). */
function zipEntries(file: string, dir?: string): string[] {
    const buf = fs.readFileSync(file);
    const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    assert.ok(end >= 0, 'a zip end record');
    const count = buf.readUInt16LE(end + 10);
    let at = buf.readUInt32LE(end + 16);
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
        assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory entry');
        const n = buf.readUInt16LE(at + 28), extra = buf.readUInt16LE(at + 30), comment = buf.readUInt16LE(at + 32);
        const name = buf.toString('utf8', at + 46, at + 46 + n);
        names.push(name);
        if (dir) {
            const method = buf.readUInt16LE(at + 10), packed = buf.readUInt32LE(at + 20), local = buf.readUInt32LE(at + 42);
            const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
            const body = buf.subarray(start, start + packed);
            const target = path.join(dir, name);
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, method === 8 ? zlib.inflateRawSync(body) : body);
        }
        at += 46 + n + extra + comment;
    }
    return names;
}

/** Every folder from dir up to the file system's root. */
function ancestors(dir: string): string[] {
    const out = [dir];
    while (path.dirname(out[out.length - 1]) !== out[out.length - 1]) out.push(path.dirname(out[out.length - 1]));
    return out;
}

describe('the VS Code extension package (.vsix)', function () {
    this.timeout(600000);
    let vsix: string;
    let target: string;
    let entries: string[];
    let unpacked: string;

    before(async function () {
        const outDir = tempDir('stroom-vsix-');
        const { packageVsix, vscodeTarget } = await import(path.join(REPO, 'esbuild.mjs')) as PackageModule;
        vsix = await packageVsix({ outDir });
        target = vscodeTarget();
        entries = zipEntries(vsix);
        unpacked = tempDir('stroom-unpacked-');
        if (fs.existsSync('/usr/bin/unzip')) {
            const r = spawnSync('/usr/bin/unzip', ['-q', vsix, '-d', unpacked], { encoding: 'utf8' });
            assert.equal(r.status, 0, r.stderr);
        } else {
            zipEntries(vsix, unpacked);
        }
    });

    it('is a VS Code package: manifest, content types, extension/package.json and the bundles, no node_modules', function () {
        const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'packages', 'extension', 'package.json'), 'utf8'));
        assert.equal(path.basename(vsix), `stroom-${target}-${manifest.version}.vsix`);
        for (const name of ['[Content_Types].xml', 'extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js',
            'extension/dist/server.js', 'extension/language-configuration.json', 'extension/syntaxes/stroom.tmLanguage.json',
            'extension/snippets/stroom.json', 'extension/images/icon.png', 'extension/LICENSE.txt', 'extension/THIRD-PARTY-NOTICES.txt',
            'extension/readme.md', 'extension/changelog.md', 'extension/schemas/stroom.schema.json']) {
            assert.ok(entries.includes(name), `${name} in the .vsix`);
        }
        assert.deepEqual(entries.filter((e) => e.split('/').includes('node_modules')), []);
        assert.deepEqual(entries.filter((e) => /\/src\/|\.ts$|\.map$|tsconfig|\.svg$|\.gitignore$/.test(e)), [], 'no sources, source maps or build files');
        assert.ok(entries.some((e) => /^extension\/dist\/duckdb\.node$/.test(e)), 'DuckDB\'s native binding next to the server bundle');
        const shipped = JSON.parse(fs.readFileSync(path.join(unpacked, 'extension', 'package.json'), 'utf8'));
        assert.equal(shipped.main, './dist/extension.js');
        assert.deepEqual(shipped.contributes.languages[0].extensions, ['.stroom']);
        const xml = fs.readFileSync(path.join(unpacked, 'extension.vsixmanifest'), 'utf8');
        assert.match(xml, new RegExp(`Version="${manifest.version}"`));
        assert.match(xml, new RegExp(`TargetPlatform="${target}"`));
        assert.match(xml, /<Icon>extension\/images\/icon\.png<\/Icon>/);
        assert.match(xml, /<License>extension\/LICENSE\.txt<\/License>/);
        // The archive reads back the same with the test's own reader (CRC and sizes as written).
        const mine = tempDir('stroom-own-unzip-');
        zipEntries(vsix, mine);
        for (const f of ['extension/dist/server.js', 'extension/dist/duckdb.node', 'extension/package.json']) {
            assert.ok(fs.readFileSync(path.join(mine, f)).equals(fs.readFileSync(path.join(unpacked, f))), f);
        }
        const size = fs.statSync(vsix).size;
        console.log(`      ${path.basename(vsix)}: ${(size / 1e6).toFixed(1)} MB, ${entries.length} files`);
    });

    it('is marketplace-ready: licence, icon, repository, changelog, notices of what it bundles, Restricted Mode', function () {
        const shipped = JSON.parse(fs.readFileSync(path.join(unpacked, 'extension', 'package.json'), 'utf8'));
        assert.equal(shipped.license, 'EUPL-1.2');
        assert.ok(shipped.repository?.url, 'a repository');
        const icon = fs.readFileSync(path.join(unpacked, 'extension', shipped.icon));
        assert.equal(icon.readUInt32BE(0), 0x89504e47, 'the icon is a PNG');
        assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'of 128 x 128 pixels');
        assert.ok(fs.readFileSync(path.join(unpacked, 'extension', 'LICENSE.txt')).equals(fs.readFileSync(path.join(REPO, 'LICENSE'))),
            'the repository\'s licence');
        // The README's screenshots are in the package (vsce points the marketplace page at them).
        const readme = fs.readFileSync(path.join(REPO, 'packages', 'extension', 'README.md'), 'utf8');
        const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
        assert.ok(images.length >= 3, 'screenshots of the editor');
        for (const image of images) assert.ok(entries.includes(`extension/${image}`), `${image} in the .vsix`);
        assert.match(fs.readFileSync(path.join(unpacked, 'extension', 'changelog.md'), 'utf8'), new RegExp(`## ${shipped.version.replace(/\./g, '\\.')}`));
        // Restricted Mode: editing only. The commands that read data are off in the palette and the title bar.
        assert.equal(shipped.capabilities.untrustedWorkspaces.supported, 'limited');
        const gated = [...shipped.contributes.menus.commandPalette, ...shipped.contributes.menus['editor/title']]
            .filter((m: { command: string }) => ['stroom.run', 'stroom.compare', 'stroom.test'].includes(m.command));
        assert.ok(gated.length >= 3);
        for (const m of gated) assert.match(m.when, /isWorkspaceTrusted/, m.command);
        // Notices: each package bundled into dist/ (and DuckDB's binding beside it), with its licence text.
        const notices = fs.readFileSync(path.join(unpacked, 'extension', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
        for (const name of ['langium', 'chevrotain', 'vscode-languageclient', 'vscode-languageserver', '@duckdb/node-api', 'pg', `@duckdb/node-bindings-${target}`]) {
            assert.match(notices, new RegExp(`^${name.replace(/[/.]/g, '\\$&')} \\d+\\.\\d+\\S*\\nLicense: `, 'm'), `${name} in the notices`);
        }
        assert.match(notices, /Permission is hereby granted, free of charge/, 'MIT licence texts in full');
        assert.doesNotMatch(notices, /^(@stroom\/\S+|stroom) \d/m, 'the project\'s own packages are not third-party');
    });

    it('for another platform (win32-x64) carries that platform\'s DuckDB binding, built on this machine', async function () {
        const { packageVsix } = await import(path.join(REPO, 'esbuild.mjs')) as PackageModule;
        const win = await packageVsix({ outDir: tempDir('stroom-vsix-win-'), target: 'win32-x64' });
        assert.match(path.basename(win), /^stroom-win32-x64-\d+\.\d+\.\d+\.vsix$/);
        const dir = tempDir('stroom-unpacked-win-');
        const names = zipEntries(win, dir);
        assert.match(fs.readFileSync(path.join(dir, 'extension.vsixmanifest'), 'utf8'), /TargetPlatform="win32-x64"/);
        const binding = fs.readFileSync(path.join(dir, 'extension', 'dist', 'duckdb.node'));
        assert.equal(binding.toString('latin1', 0, 2), 'MZ', 'duckdb.node is a Windows (PE) file');
        assert.ok(names.includes('extension/dist/duckdb.dll'), 'with the DuckDB library it loads');
        assert.deepEqual(names.filter((n) => /\.(so|dylib)$/.test(n)), [], 'and nothing of other platforms');
        assert.match(fs.readFileSync(path.join(dir, 'extension', 'THIRD-PARTY-NOTICES.txt'), 'utf8'), /^@duckdb\/node-bindings-win32-x64 \d/m);
    });

    it('runs an example with its bundled code under plain node, with no node_modules anywhere near, as stroom run does', function () {
        // An empty folder with the unpacked extension and the example workspace (definitions and data) only.
        const work = tempDir('stroom-plain-');
        fs.cpSync(path.join(unpacked, 'extension'), path.join(work, 'extension'), { recursive: true });
        fs.cpSync(path.join(REPO, 'examples'), path.join(work, 'examples'), { recursive: true });
        for (const dir of ancestors(work)) assert.ok(!fs.existsSync(path.join(dir, 'node_modules')), `no node_modules in ${dir}`);
        const found = spawnSync('find', [work, '-name', 'node_modules'], { encoding: 'utf8' });
        assert.equal(found.stdout.trim(), '');

        const env = { ...process.env };
        delete env.NODE_PATH;
        delete env.NODE_OPTIONS; // mocha runs under tsx; the bundle must not need it
        const r = spawnSync(process.execPath, [path.join('extension', 'dist', 'server.js'), 'run', path.join('examples', 'havo-hbo.stroom')], {
            cwd: work, env, encoding: 'utf8',
        });
        assert.equal(r.status, 0, r.stderr);
        const bundled = JSON.parse(r.stdout) as { indicator: string; figures: Figure[] }[];

        const cli = stroom(['run', 'examples/havo-hbo.stroom', '--format', 'json']);
        assert.equal(cli.status, 0, cli.stderr);
        const json = JSON.parse(cli.stdout) as { results: CliResult[] };
        assert.ok(bundled.length >= 4, 'every indicator of the file');
        assert.equal(bundled.length, json.results.length);
        let compared = 0;
        for (const b of bundled) {
            const c = json.results.find((r) => r.indicator === b.indicator || r.indicator.endsWith(`.${b.indicator}`));
            assert.ok(c, `${b.indicator} in stroom run's JSON`);
            const key = (year: number, by: readonly (string | null)[]) => JSON.stringify([year, ...by]);
            // The bundle prints the protected cells: the shown values agree with run's JSON, and a value hidden there
            // (null) is hidden in the bundle too.
            const fromBundle = b.figures.map((f) => [key(f.cohortYear, f.breakdown), f.suppressed ? 'suppressed' : `${f.size.value ?? 'hidden'}/${f.count.value ?? 'hidden'}/${f.rate.value ?? 'hidden'}`]);
            const fromCli = c.rows.map((r) => [key(r.cohort_year, Object.values(r.breakdown)), r.suppressed ? 'suppressed' : `${r.cohort_size ?? 'hidden'}/${r.count ?? 'hidden'}/${r.rate ?? 'hidden'}`]);
            for (const f of b.figures) {
                for (const cell of [f.size, f.count, f.rate]) assert.ok(cell.value !== null || /^(<\d+|x)$/.test(cell.shown), `${b.indicator}: hidden as ${cell.shown}`);
            }
            assert.deepEqual(fromBundle, fromCli, b.indicator);
            compared += fromBundle.filter(([, v]) => v !== 'suppressed').length;
        }
        assert.ok(compared > 10, `${compared} figures compared`);
    });

    it('is a language server over stdio that answers the requests behind the commands (stroom/run, stroom/explain, stroom/sql)', async function () {
        const server = spawn(process.execPath, [path.join(unpacked, 'extension', 'dist', 'server.js'), '--stdio'], { cwd: unpacked });
        const replies = new Map<number, { result?: unknown; error?: { message: string } }>();
        let buffer = Buffer.alloc(0);
        server.stdout.on('data', (d: Buffer) => {
            buffer = Buffer.concat([buffer, d]);
            for (;;) {
                const head = buffer.indexOf('\r\n\r\n');
                if (head < 0) return;
                const length = Number(/Content-Length: (\d+)/i.exec(buffer.toString('ascii', 0, head))![1]);
                if (buffer.length < head + 4 + length) return;
                const msg = JSON.parse(buffer.toString('utf8', head + 4, head + 4 + length));
                buffer = buffer.subarray(head + 4 + length);
                if (typeof msg.id === 'number' && !('method' in msg)) replies.set(msg.id, msg);
            }
        });
        const send = (o: object) => {
            const text = JSON.stringify({ jsonrpc: '2.0', ...o });
            server.stdin.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
        };
        const reply = async (id: number) => {
            for (let i = 0; i < 1200 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 50));
            const r = replies.get(id);
            assert.ok(r, `reply ${id}`);
            assert.equal(r.error, undefined, r.error?.message);
            return r.result;
        };
        try {
            const uri = pathToFileURL(path.join(REPO, 'examples', 'havo-hbo.stroom')).href;
            send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
            const init = await reply(1) as { capabilities: Record<string, unknown> };
            assert.ok(init.capabilities.hoverProvider);
            send({ method: 'initialized', params: {} });
            send({ id: 2, method: 'stroom/run', params: { uri, name: 'UitvalOCW' } });
            send({ id: 3, method: 'stroom/explain', params: { uri, name: 'UitvalOCW', lang: 'en' } });
            send({ id: 4, method: 'stroom/sql', params: { uri, name: 'UitvalOCW' } });
            const run = await reply(2) as { tables: { title: string; rows: unknown[] }[] };
            assert.equal(run.tables.length, 1);
            assert.match(run.tables[0].title, /^UitvalOCW/);
            assert.ok(run.tables[0].rows.length >= 5);
            assert.match(String(await reply(3)), /<html[\s\S]*UitvalOCW/i);
            assert.match(String(await reply(4)), /select/i);
        } finally {
            server.kill();
        }
    });
});

