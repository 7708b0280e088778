// Builds Stroom in the browser: packages/web/dist/index.html, one file that holds everything the page runs (the app,
// the language server's worker, Monaco's worker, DuckDB-Wasm's worker and module, the bundled examples) so that it
// works opened from disk (file://) with a Content-Security-Policy that allows no connection to any host.
//   node packages/web/build.mjs            (npm run build:web)
// Scripts that run are inline, each allowed by its SHA-256 in the CSP; everything else is inlined as gzip + base64 in
// non-executing <script type="application/gzip"> blocks, unpacked in the page (workers start from blob: URLs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { writeNotices } from '../../scripts/notices.mjs';

const WEB = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(WEB, '..', '..');
const DIST = path.join(WEB, 'dist');
const require = createRequire(path.join(WEB, 'package.json'));
const shim = (name) => path.join(WEB, 'src', 'shims', name);

/** Node's modules as the browser has them (src/shims): an in-memory file system, posix paths, no network. */
const alias = {
    'node:fs': shim('fs.ts'), fs: shim('fs.ts'),
    'node:path': require.resolve('path-browserify'), path: require.resolve('path-browserify'),
    'node:os': shim('os.ts'), os: shim('os.ts'),
    'node:url': shim('url.ts'),
    'node:crypto': shim('crypto.ts'),
    'node:vm': shim('unavailable.ts'), 'node:stream': shim('unavailable.ts'), 'node:stream/promises': shim('unavailable.ts'),
    'node:child_process': shim('unavailable.ts'), 'node:worker_threads': shim('unavailable.ts'), worker_threads: shim('unavailable.ts'),
    pg: shim('unavailable.ts'), 'pg-copy-streams': shim('unavailable.ts'),
    '@duckdb/node-api': shim('duckdb-node-api.ts'),
    // memfs wants Node's Buffer and EventEmitter: the npm packages that reimplement them for browsers.
    'node:buffer': require.resolve('buffer/'), buffer: require.resolve('buffer/'),
    'node:events': require.resolve('events/'), events: require.resolve('events/'),
};

/**
 * The chart loader (render/vendor.ts evaluates Vega's builds with node:vm) becomes the browser's own import of Vega in
 * the page, and nothing in the language server's worker, which draws no chart.
 */
const browserVendor = (replacement) => ({
    name: 'browser-vendor',
    setup(build) {
        build.onResolve({ filter: /vendor\.js$/ }, (args) => path.resolve(args.resolveDir, args.path).endsWith(`${path.sep}render${path.sep}vendor.js`)
            ? { path: shim(replacement) } : undefined);
    },
});

/**
 * stroom.json's schema validator compiled here (ajv's standalone code): ajv compiles schemas with new Function at run
 * time, which the page's CSP forbids. config.ts's `new Ajv(...).compile(schema)` gets this precompiled function.
 */
const precompiledAjv = {
    name: 'precompiled-ajv',
    setup(build) {
        build.onResolve({ filter: /^ajv$/ }, (args) => args.importer.includes(`${path.sep}language${path.sep}`)
            ? { path: 'stroom-config-validator', namespace: 'ajv-standalone' } : undefined);
        build.onLoad({ filter: /.*/, namespace: 'ajv-standalone' }, async () => {
            const { Ajv } = await import('ajv');
            const standalone = (await import('ajv/dist/standalone/index.js')).default;
            const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'stroom.schema.json'), 'utf8'));
            // The same options as config.ts, so the same errors come out.
            const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true, esm: true } });
            const code = standalone.default ? standalone.default(ajv, ajv.compile(schema)) : standalone(ajv, ajv.compile(schema));
            return {
                contents: `${code}
export class Ajv { compile() { return validate; } }
`,
                resolveDir: path.join(ROOT, 'node_modules', 'ajv'), loader: 'js',
            };
        });
    },
};

const common = {
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: process.env.STROOM_WEB_DEBUG !== "1", legalComments: 'none',
    alias, inject: [shim('process.ts')], write: false, logLevel: 'warning', metafile: true,
    define: { 'import.meta.url': '"file:///stroom/web.js"', 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.ttf': 'dataurl' },
    plugins: [browserVendor('vendor.ts'), precompiledAjv],
};

async function bundle(entry, extra = {}) {
    const result = await esbuild.build({ ...common, entryPoints: [entry], outdir: DIST, ...extra });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
    const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
    return { js: js.text, css: css?.text ?? '', inputs: result.metafile.inputs };
}

const gzip64 = (data) => zlib.gzipSync(data, { level: 9 }).toString('base64');

/** The examples folder as the page's starting workspace: definitions and data, without caches and CI files. */
function examples() {
    const dir = path.join(ROOT, 'examples');
    const files = {};
    const walk = (d) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'ci' || e.name === 'output') continue;
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.isFile() && !/\.(duckdb|mjs|yml)$/.test(e.name)) files[path.relative(dir, p).split(path.sep).join('/')] = fs.readFileSync(p).toString('base64');
        }
    };
    walk(dir);
    return files;
}

/** Text safe inside an executing inline <script>: `</script` would end it early. */
const scriptSafe = (js) => js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
const sha256 = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Writes index.html into `out` (default packages/web/dist; the CLI's bundle puts a copy in its dist/web for `stroom serve`). */
export async function build({ out = DIST } = {}) {
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const started = performance.now();
    const [app, server, editorWorker] = await Promise.all([
        bundle(path.join(WEB, 'src', 'main.ts')),
        bundle(path.join(WEB, 'src', 'worker', 'server.ts'), { plugins: [browserVendor('no-charts.ts'), precompiledAjv] }),
        bundle(path.join(ROOT, 'node_modules', 'monaco-editor', 'esm', 'vs', 'editor', 'editor.worker.js')),
    ]);
    const duckdbDir = path.dirname(path.join(ROOT, 'node_modules', '@duckdb', 'duckdb-wasm', 'dist', 'duckdb-browser-eh.worker.js'));
    const duckdbVersion = JSON.parse(fs.readFileSync(path.join(duckdbDir, '..', 'package.json'), 'utf8')).version;
    const stroomVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')).version;
    const payloads = {
        'stroom-server': gzip64(server.js),
        'monaco-worker': gzip64(editorWorker.js),
        'duckdb-worker': gzip64(fs.readFileSync(path.join(duckdbDir, 'duckdb-browser-eh.worker.js'))),
        'duckdb-wasm': zlib.gzipSync(fs.readFileSync(path.join(duckdbDir, 'duckdb-eh.wasm')), { level: 9 }).toString('base64'),
        'examples': gzip64(JSON.stringify(examples())),
    };
    const boot = `globalThis.STROOM_BUILD=${JSON.stringify({ version: stroomVersion, duckdb: duckdbVersion })};`;
    const appJs = scriptSafe(app.js);
    const csp = [
        "default-src 'none'",
        `script-src ${sha256(boot)} ${sha256(appJs)} 'wasm-unsafe-eval'`,
        'worker-src blob:',
        "style-src 'unsafe-inline'",
        'font-src data:',
        'img-src data: blob:',
        "connect-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ].join('; ');
    const html = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Stroom</title>
<style>${app.css}</style>
</head>
<body>
<div id="stroom"></div>
${Object.entries(payloads).map(([id, data]) => `<script type="application/gzip" id="payload-${id}">${data}</script>`).join('\n')}
<script>${boot}</script>
<script>${appJs}</script>
</body>
</html>
`;
    fs.writeFileSync(path.join(out, 'index.html'), html);
    // What went into the page, with the licences (DuckDB-Wasm's worker and module are inlined as they ship).
    await writeNotices({ inputs: { ...app.inputs, ...server.inputs, ...editorWorker.inputs } }, path.join(out, 'THIRD-PARTY-NOTICES.txt'),
        { extra: [path.dirname(duckdbDir)] });
    const sizes = Object.fromEntries(Object.entries(payloads).map(([k, v]) => [k, v.length]));
    return { file: path.join(out, 'index.html'), bytes: Buffer.byteLength(html), app: appJs.length, sizes, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const r = await build();
    const mb = (n) => `${(n / 2 ** 20).toFixed(1)} MB`;
    console.log(`${path.relative(process.cwd(), r.file)}: ${mb(r.bytes)} (app ${mb(r.app)}, ${Object.entries(r.sizes).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}) in ${(r.ms / 1000).toFixed(1)} s`);
}
