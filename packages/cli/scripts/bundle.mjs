// Makes the published form of the CLI (run by `npm pack` as prepack): an ESM bundle of the CLI and the language
// package, built from their TypeScript sources so the tarball never carries stale compiled output.
//   dist/stroom.js                 the command line (commander and main.ts): all that --version and --help evaluate
//   dist/chunk-<hash>.js           the commands and everything they import (the language package, Langium, pg),
//                                  split off so they are read only when a command runs
//   dist/vendor/<vega|vega-lite>/  the browser builds `stroom compare --format html` inlines, with their licences
//   dist/web/index.html           Stroom in the browser (packages/web), the page `stroom serve` serves
//   dist/layouts/1cijferho.layout  DUO's EV layout from examples/, the default of `stroom generate --format 1cijferho`
//   THIRD-PARTY-NOTICES.txt        what went into the bundle and the vendor folder (scripts/notices.mjs)
//   LICENSE                        the project's licence, copied from the repository root
// @duckdb/node-api stays a dependency: its native binding is picked per platform by npm at install time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { writeNotices } from '../../../scripts/notices.mjs';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(CLI, '..', '..');
const LANGUAGE = path.join(ROOT, 'packages', 'language');
const DIST = path.join(CLI, 'dist');
const require = createRequire(path.join(CLI, 'package.json'));

/** Left to Node at run time: real dependencies, and pg's optional drivers (only loaded when asked for; never here). */
const EXTERNAL = ['@duckdb/node-api', 'pg-native', 'pg-cloudflare'];

/**
 * DuckDB's API loads its native binding as soon as it is evaluated. A static import of an external stays a static
 * import in an ESM chunk and would run when that chunk loads, even for commands that never compute (lint, explain
 * --no-data); behind require() it loads when the engine module is first used (esbuild initialises bundled modules
 * lazily when only dynamic imports reach them).
 */
const lazyDuckdb = {
    name: 'lazy-duckdb',
    setup(build) {
        build.onResolve({ filter: /^@duckdb\/node-api$/ }, (args) => (args.namespace === 'lazy-duckdb'
            ? { path: args.path, external: true }
            : { path: args.path, namespace: 'lazy-duckdb' }));
        build.onLoad({ filter: /.*/, namespace: 'lazy-duckdb' }, (args) => ({
            contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js',
        }));
    },
};

/** The browser builds the HTML reports use (library() and vegaInNode() in packages/language/src/render/vendor.ts). */
const VENDORED = [['vega', 'vega.min.js'], ['vega-lite', 'vega-lite.min.js']];

/** The Langium parser is generated (npm run build); a bundle from an older grammar would be silently wrong. */
function checkGenerated() {
    const grammar = path.join(LANGUAGE, 'src', 'stroom.langium');
    const generated = path.join(LANGUAGE, 'src', 'generated', 'grammar.ts');
    if (!fs.existsSync(generated) || fs.statSync(generated).mtimeMs < fs.statSync(grammar).mtimeMs) {
        throw new Error('packages/language/src/generated is missing or older than the grammar: run `npm run build` first');
    }
}

/** @stroom/language from its sources (its package.json points at compiled out/, which may be stale or absent). */
const languageFromSource = {
    name: 'stroom-language-source',
    setup(build) {
        build.onResolve({ filter: /^@stroom\/language$/ }, () => ({ path: path.join(LANGUAGE, 'src', 'index.ts') }));
    },
};

/** The installed folder of a package, found the way Node looks (vega's exports hide its package.json from resolve). */
function packageFolder(name) {
    const dir = require.resolve.paths(name).map((p) => path.join(p, name)).find((d) => fs.existsSync(path.join(d, 'package.json')));
    if (!dir) throw new Error(`${name} is not installed: run npm ci`);
    return dir;
}

/** Copies a package's browser build as dist/vendor/<name>/{package.json,LICENSE,build/<file>}: the layout library() reads. */
function vendor(name, file) {
    const from = packageFolder(name);
    const to = path.join(DIST, 'vendor', name);
    fs.mkdirSync(path.join(to, 'build'), { recursive: true });
    const { version, license } = JSON.parse(fs.readFileSync(path.join(from, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(to, 'package.json'), `${JSON.stringify({ name, version, license }, null, 2)}\n`);
    fs.copyFileSync(path.join(from, 'LICENSE'), path.join(to, 'LICENSE'));
    fs.copyFileSync(path.join(from, 'build', file), path.join(to, 'build', file));
    return from;
}

export async function bundle({ minify = true } = {}) {
    checkGenerated();
    fs.rmSync(DIST, { recursive: true, force: true });
    const result = await esbuild.build({
        absWorkingDir: process.cwd(),
        entryPoints: { stroom: path.join(CLI, 'src', 'main.ts') },
        // Code splitting: main.ts imports each command with import(), so each becomes a chunk read when it runs, and
        // --version parses 0.1 MB instead of 1.5 MB. The chunks sit beside stroom.js, so import.meta.url in any of
        // them finds ../package.json, vendor/ and layouts/ as in the single file.
        outdir: DIST, splitting: true, chunkNames: 'chunk-[hash]',
        bundle: true, platform: 'node', target: 'node20', format: 'esm', minify, sourcemap: false,
        logLevel: 'warning', legalComments: 'none', metafile: true,
        external: EXTERNAL,
        plugins: [languageFromSource, lazyDuckdb],
        // CommonJS packages inside an ESM bundle call require() (and some read __dirname): give them Node's.
        banner: {
            js: [
                "import { createRequire as __stroomRequire } from 'node:module';",
                "import { fileURLToPath as __stroomPath } from 'node:url';",
                'const require = __stroomRequire(import.meta.url);',
                'const __filename = __stroomPath(import.meta.url);',
                "const __dirname = __stroomPath(new URL('.', import.meta.url));",
            ].join('\n'),
        },
    });
    const vendored = VENDORED.map(([name, file]) => vendor(name, file));
    // The repository's examples/ is not installed with the package; generate's default layout comes along instead.
    fs.mkdirSync(path.join(DIST, 'layouts'));
    fs.copyFileSync(path.join(ROOT, 'examples', 'sources', 'duo', '1cijferho.layout'), path.join(DIST, 'layouts', '1cijferho.layout'));
    // Stroom in the browser, for `stroom serve` (src/commands/serve.ts finds it beside the bundle).
    const { build: buildWeb } = await import('../../web/build.mjs');
    await buildWeb({ out: path.join(DIST, 'web') });
    await writeNotices(result.metafile, path.join(CLI, 'THIRD-PARTY-NOTICES.txt'), { extra: vendored });
    const licence = path.join(ROOT, 'LICENSE');
    if (fs.existsSync(licence)) fs.copyFileSync(licence, path.join(CLI, 'LICENSE'));
    return DIST;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const dist = await bundle();
    const js = fs.readdirSync(dist).filter((f) => f.endsWith('.js'));
    const size = (f) => fs.statSync(path.join(dist, f)).size;
    const total = js.reduce((a, f) => a + size(f), 0);
    // On stderr: `npm pack --json` prints its JSON on stdout, where lifecycle scripts write too.
    console.error(`bundled ${path.relative(ROOT, path.join(dist, 'stroom.js'))} (${(size('stroom.js') / 1e3).toFixed(0)} kB) and ${js.length - 1} chunks (${(total / 1e6).toFixed(1)} MB in all)`);
}
