// The CLI as a user installs it: `npm pack` in packages/cli (its prepack bundles the CLI and the language package),
// `npm install -g --prefix <empty folder> <tarball>` outside the repository, and the installed `stroom` run on a copy
// of examples/ outside the repository too, so nothing in the repository's node_modules can be reached. The figures
// must be those of the repository's own CLI; every command a user meets once works (lint, run, test, explain,
// compare --format html, generate, lsp --stdio). npm reaches the registry (or its cache) for what stays a real
// dependency (DuckDB's API and its native binding). Slow: the pack and the install take tens of seconds.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EXAMPLES, REPO, loadedModules, startServe, stroom, tempDir } from '../helpers.js';

const CLI = path.join(REPO, 'packages', 'cli');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(CLI, 'package.json'), 'utf8'));
const LANGUAGE = JSON.parse(fs.readFileSync(path.join(REPO, 'packages', 'language', 'package.json'), 'utf8'));

/**
 * The environment of the child processes: no module search path or loader (mocha's tsx) from this process, and no
 * npm settings an enclosing `npm test` exports that would point npm at the repository (its prefix, its workspaces).
 */
function env(): NodeJS.ProcessEnv {
    const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const key of Object.keys(e)) {
        if (/^(NODE_PATH|NODE_OPTIONS|INIT_CWD)$/.test(key) || /^npm_(package|lifecycle)_/i.test(key)
            || /^npm_config_(prefix|global|local_prefix|workspaces?|include_workspace_root)$/i.test(key)) delete e[key];
    }
    return e;
}

function outsideRepo(dir: string): boolean {
    const relative = path.relative(REPO, dir);
    return relative.startsWith('..') || path.isAbsolute(relative);
}

function npm(args: string[], cwd: string): string {
    const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: env(), timeout: 600_000 });
    assert.equal(r.status, 0, `npm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
}

interface Packed { filename: string; size: number; unpackedSize: number; files: { path: string }[] }

describe('the CLI as an npm package (pack, install into an empty prefix, run outside the repository)', function () {
    this.timeout(600_000);

    let packed: Packed;
    let prefix: string;
    let installed: string;
    let bin: string;
    let workspace: string;
    const timings: string[] = [];

    /** The installed `stroom` in the copied examples folder. */
    function installedStroom(args: readonly string[], cwd = workspace) {
        const r = spawnSync(bin, args, { cwd, encoding: 'utf8', env: env(), timeout: 300_000 });
        return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    }

    before(function () {
        const root = tempDir('stroom-package-');
        // Outside the repository, so Node's node_modules lookup from the installed files never meets the repository's.
        assert.ok(outsideRepo(root), `${root} lies inside ${REPO}`);
        let start = performance.now();
        const json = JSON.parse(npm(['pack', '--json', '--pack-destination', root], CLI)) as Packed[];
        timings.push(`pack ${((performance.now() - start) / 1000).toFixed(1)} s`);
        assert.equal(json.length, 1);
        packed = json[0]!;
        prefix = path.join(root, 'prefix');
        start = performance.now();
        npm(['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', path.join(root, packed.filename)], root);
        timings.push(`install ${((performance.now() - start) / 1000).toFixed(1)} s`);
        installed = path.join(prefix, 'lib', 'node_modules', ...MANIFEST.name.split('/'));
        bin = path.join(prefix, 'bin', 'stroom');
        workspace = path.join(tempDir('stroom-package-ws-'), 'examples');
        fs.cpSync(EXAMPLES, workspace, { recursive: true });
    });

    after(function () {
        if (packed) console.log(`      ${packed.filename}: ${(packed.size / 1e6).toFixed(2)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked; ${timings.join(', ')}`);
    });

    it('packs the bundle, the vendored Vega builds, the licence and the notices, and no sources', function () {
        const files = packed.files.map((f) => f.path).sort();
        for (const needed of ['package.json', 'bin/stroom.js', 'dist/stroom.js', 'THIRD-PARTY-NOTICES.txt',
            'dist/vendor/vega/build/vega.min.js', 'dist/vendor/vega/LICENSE', 'dist/vendor/vega-lite/build/vega-lite.min.js', 'dist/vendor/vega-lite/LICENSE',
            'dist/web/index.html', 'dist/web/THIRD-PARTY-NOTICES.txt']) {
            assert.ok(files.includes(needed), `${needed} is not in the tarball: ${files.join(', ')}`);
        }
        assert.ok(files.includes('LICENSE'), 'the repository LICENSE is not in the tarball');
        assert.ok(files.includes('README.md'), 'a README for the package page');
        const unexpected = files.filter((f) => !/^(bin\/stroom\.js|dist\/.*|LICENSE|THIRD-PARTY-NOTICES\.txt|package\.json|README\.md)$/.test(f));
        assert.deepEqual(unexpected, []);
    });

    it('depends only on DuckDB (the language package\'s version); everything else is bundled', function () {
        const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
        assert.deepEqual(manifest.dependencies, { '@duckdb/node-api': LANGUAGE.dependencies['@duckdb/node-api'] });
        assert.equal(manifest.private, undefined);
        const modules = path.join(installed, 'node_modules');
        for (const bundled of ['langium', 'commander', '@stroom/language', 'vega', 'vega-lite', 'pg']) {
            assert.ok(!fs.existsSync(path.join(modules, bundled)), `${bundled} was installed, but it should be in the bundle`);
        }
        const notices = fs.readFileSync(path.join(installed, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
        for (const name of ['langium', 'commander', 'chevrotain', 'vscode-languageserver', 'pg', 'vega', 'vega-lite']) {
            assert.match(notices, new RegExp(`^${name} \\d+\\.\\d+\\.\\d+\\S*\\nLicense: \\S+`, 'm'), `${name} is not in the notices`);
        }
        assert.doesNotMatch(notices, /@stroom\//);
    });

    it('serve serves the browser page it carries (dist/web), with its policy, on 127.0.0.1', async function () {
        const { url, process: server } = await startServe({ command: bin, cwd: workspace, env: env() });
        try {
            const res = await fetch(url);
            assert.equal(res.status, 200);
            assert.match(res.headers.get('content-security-policy') ?? '', /connect-src 'none'/);
            const html = await res.text();
            assert.equal(html, fs.readFileSync(path.join(installed, 'dist', 'web', 'index.html'), 'utf8'));
            assert.match(html, /id="payload-duckdb-wasm"/);
        } finally {
            server.kill('SIGINT');
        }
    });

    it('--version prints the version of packages/cli/package.json', function () {
        const r = installedStroom(['--version']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), MANIFEST.version);
    });

    it('--version and --help read only the command line part of the bundle: no Langium, DuckDB or pg', function () {
        // The bundle is split (scripts/bundle.mjs) and the language package, Langium and pg sit in a chunk that only a
        // command reads. Chunks are named by hash, so a file is known by code that survives minification.
        const heavy = (url: string) => {
            const file = fileURLToPath(url);
            if (file.includes(`${path.sep}@duckdb${path.sep}`)) return true;
            const code = fs.readFileSync(file, 'utf8');
            return /\bLangiumParser\b|require\("@duckdb\/node-api"\)|SCRAM-SHA-256/.test(code);
        };
        for (const args of [['--version'], ['--help']]) {
            const r = loadedModules([bin, ...args], { cwd: workspace, env: env() });
            assert.equal(r.status, 0, r.stderr);
            assert.ok(r.files.some((f) => f.endsWith('/dist/stroom.js')), `the hook recorded nothing useful: ${r.files.join(', ')}`);
            assert.deepEqual(r.files.filter(heavy), [], `stroom ${args.join(' ')}`);
        }
        // The markers above are still there: a command loads the files that carry them.
        const lint = loadedModules([bin, 'lint'], { cwd: workspace, env: env() });
        assert.equal(lint.status, 0, lint.stderr);
        assert.ok(lint.files.some(heavy), `lint loaded none of the heavy files: ${lint.files.join(', ')}`);
    });

    it('run gives the same figures as the repository\'s CLI', function () {
        const r = installedStroom(['run', 'havo-hbo.stroom', '--format', 'json']);
        assert.equal(r.status, 0, r.stderr);
        const here = stroom(['run', 'examples/havo-hbo.stroom', '--format', 'json']);
        assert.equal(here.status, 0, here.stderr);
        const results = JSON.parse(r.stdout).results;
        assert.ok(results.length > 0 && results.every((x: { rows: unknown[] }) => x.rows.length > 0));
        assert.deepEqual(results, JSON.parse(here.stdout).results);
    });

    it('lint finds nothing wrong in the examples', function () {
        const r = installedStroom(['lint']);
        assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout + r.stderr, /\b0 errors\b/);
    });

    it('test passes the examples\' example blocks', function () {
        const r = installedStroom(['test']);
        assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /\b[1-9]\d* passed, 0 failed/);
    });

    it('explain prints the definition card', function () {
        const r = installedStroom(['explain', 'havo-hbo.stroom', '--lang', 'en']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^# \S+/m);
        assert.match(r.stdout, /UitvalCBS/);
    });

    it('compare --format html inlines Vega and Vega-Lite from the package', function () {
        const out = path.join(tempDir('stroom-package-html-'), 'compare.html');
        const r = installedStroom(['compare', 'compare.stroom', '--format', 'html', '--out', out]);
        assert.equal(r.status, 0, r.stderr);
        const page = fs.readFileSync(out, 'utf8');
        for (const [name, file] of [['vega', 'vega.min.js'], ['vega-lite', 'vega-lite.min.js']]) {
            const code = fs.readFileSync(path.join(installed, 'dist', 'vendor', name!, 'build', file!), 'utf8');
            // A stretch from the middle of the build: the page carries the code itself, not a link to it.
            const middle = Math.floor(code.length / 2);
            assert.ok(page.includes(code.slice(middle, middle + 300)), `the page does not carry ${file}`);
        }
    });

    it('run --format html draws its charts with the vendored Vega builds (Vega is not in the bundle)', function () {
        const out = path.join(tempDir('stroom-package-run-html-'), 'run.html');
        const r = installedStroom(['run', 'mbo.stroom', '--indicator', 'UitvalMboPerLeerwegEnNiveau', '--format', 'html', '--out', out]);
        assert.equal(r.status, 0, r.stderr);
        const page = fs.readFileSync(out, 'utf8');
        assert.match(page, /<svg[^>]*>[\s\S]*aria-roledescription="line mark"/);
        assert.ok(!/<script/i.test(page), 'drawn when written: no scripts in the page');
    });

    it('generate writes the example CSV files', function () {
        const out = tempDir('stroom-package-gen-');
        const r = installedStroom(['generate', '--persons', '50', '--out', out]);
        assert.equal(r.status, 0, r.stderr);
        for (const file of ['personen.csv', 'inschrijvingen.csv', 'diplomas.csv', 'vooropleidingen.csv']) {
            const lines = fs.readFileSync(path.join(out, file), 'utf8').trim().split('\n');
            assert.ok(lines.length > 1, `${file} has no rows`);
        }
    });

    it('generate writes DUO\'s 1cijferHO file with the layout that ships in the package', function () {
        const out = tempDir('stroom-package-gen-ev-');
        const r = installedStroom(['generate', '--persons', '50', '--format', '1cijferho', '--out', out]);
        assert.equal(r.status, 0, r.stderr);
        const ev = fs.readFileSync(path.join(out, 'EV.asc'), 'latin1').split(/\r?\n/).filter(Boolean);
        assert.ok(ev.length > 0, 'EV.asc has records');
        assert.equal(new Set(ev.map((l) => l.length)).size, 1, 'every record of the fixed width');
    });

    it('lsp --stdio answers initialize with its capabilities and exits after shutdown and exit', async function () {
        const server = spawn(bin, ['lsp', '--stdio'], { cwd: workspace, env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
        let stderr = '';
        server.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
        const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
        // Messages are Content-Length framed JSON; notifications (log messages) may come before a response.
        let buffer = Buffer.alloc(0);
        const waiting = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
        server.stdout.on('data', (chunk: Buffer) => {
            buffer = Buffer.concat([buffer, chunk]);
            for (;;) {
                const head = buffer.indexOf('\r\n\r\n');
                if (head < 0) return;
                const length = Number(/Content-Length: (\d+)/i.exec(buffer.toString('ascii', 0, head))![1]);
                if (buffer.length < head + 4 + length) return;
                const message = JSON.parse(buffer.toString('utf8', head + 4, head + 4 + length));
                buffer = buffer.subarray(head + 4 + length);
                if (typeof message.id === 'number' && !message.method) waiting.get(message.id)?.(message);
            }
        });
        const send = (message: object) => {
            const text = JSON.stringify({ jsonrpc: '2.0', ...message });
            server.stdin.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
        };
        const request = (id: number, method: string, params: unknown) => {
            const answer = new Promise<{ result?: unknown; error?: unknown }>((resolve, reject) => {
                waiting.set(id, resolve);
                setTimeout(() => reject(new Error(`no answer to ${method} in 60 s; stderr: ${stderr}`)), 60_000).unref();
            });
            send({ id, method, params });
            return answer;
        };
        try {
            const init = await request(1, 'initialize', {
                processId: null, rootUri: pathToFileURL(workspace).href, capabilities: {},
                workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'examples' }],
            }) as { result: { capabilities: Record<string, unknown> } };
            assert.equal(typeof init.result.capabilities, 'object');
            assert.ok(init.result.capabilities.completionProvider, 'no completion provider');
            assert.ok(init.result.capabilities.textDocumentSync !== undefined, 'no text document sync');
            send({ method: 'initialized', params: {} });
            const shutdown = await request(2, 'shutdown', null);
            assert.equal(shutdown.error, undefined);
            send({ method: 'exit' });
            assert.equal(await exited, 0);
        } finally {
            server.kill();
        }
    });

    it('runs from outside the repository: the temporary folders are not under it', function () {
        for (const dir of [prefix, workspace, os.tmpdir()]) assert.ok(outsideRepo(dir), `${dir} lies inside ${REPO}`);
    });
});
