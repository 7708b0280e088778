// The .vsix of the VS Code extension (npm run package, i.e. esbuild.mjs): a zip with the VS Code package files and no
// node_modules, whose bundled server runs an example under plain `node` from an empty folder far from any
// node_modules (DuckDB's native binding is inside the .vsix, next to the bundle), giving the figures `stroom run` gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { REPO, stroom, tempDir } from '../helpers.js';

interface CliResult { indicator: string; rows: { cohort_year: number; breakdown: Record<string, string | null>; cohort_size: number; count: number; suppressed: boolean }[] }
interface Figure { cohortYear: number; breakdown: (string | null)[]; denominator: number; numerator: number; rateTenths: number | null; suppressed: boolean }

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
    let entries: string[];
    let unpacked: string;

    before(async function () {
        const outDir = tempDir('stroom-vsix-');
        const { packageVsix } = await import(path.join(REPO, 'esbuild.mjs')) as { packageVsix: (o: { outDir: string }) => Promise<string> };
        vsix = await packageVsix({ outDir });
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
        assert.equal(path.basename(vsix), `stroom-${manifest.version}.vsix`);
        for (const name of ['[Content_Types].xml', 'extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js',
            'extension/dist/server.js', 'extension/language-configuration.json', 'extension/syntaxes/stroom.tmLanguage.json',
            'extension/snippets/stroom.json']) {
            assert.ok(entries.includes(name), `${name} in the .vsix`);
        }
        assert.deepEqual(entries.filter((e) => e.split('/').includes('node_modules')), []);
        assert.deepEqual(entries.filter((e) => /\/src\/|\.ts$/.test(e)), [], 'no sources');
        assert.ok(entries.some((e) => /^extension\/dist\/duckdb\.node$/.test(e)), 'DuckDB\'s native binding next to the server bundle');
        const shipped = JSON.parse(fs.readFileSync(path.join(unpacked, 'extension', 'package.json'), 'utf8'));
        assert.equal(shipped.main, './dist/extension.js');
        assert.deepEqual(shipped.contributes.languages[0].extensions, ['.stroom']);
        const xml = fs.readFileSync(path.join(unpacked, 'extension.vsixmanifest'), 'utf8');
        assert.match(xml, new RegExp(`Version="${manifest.version}"`));
        assert.match(xml, /TargetPlatform="[a-z0-9]+-[a-z0-9]+"/);
        // The archive reads back the same with the test's own reader (CRC and sizes as written).
        const mine = tempDir('stroom-own-unzip-');
        zipEntries(vsix, mine);
        for (const f of ['extension/dist/server.js', 'extension/dist/duckdb.node', 'extension/package.json']) {
            assert.ok(fs.readFileSync(path.join(mine, f)).equals(fs.readFileSync(path.join(unpacked, f))), f);
        }
        const size = fs.statSync(vsix).size;
        console.log(`      ${path.basename(vsix)}: ${(size / 1e6).toFixed(1)} MB, ${entries.length} files`);
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
            const fromBundle = b.figures.map((f) => [key(f.cohortYear, f.breakdown), f.suppressed ? 'suppressed' : `${f.denominator}/${f.numerator}`]);
            const fromCli = c.rows.map((r) => [key(r.cohort_year, Object.values(r.breakdown)), r.suppressed ? 'suppressed' : `${r.cohort_size}/${r.count}`]);
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

