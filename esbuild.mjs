// Builds the VS Code extension (packages/extension) with esbuild and packages it with @vscode/vsce.
//   node esbuild.mjs                      build dist/ and write stroom-<target>-<version>.vsix for this machine
//   node esbuild.mjs --target win32-x64   the same for another platform (repeatable; --target all for every one)
//   node esbuild.mjs --build              build dist/ only (this machine's binding)
// A .vsix is platform-specific: DuckDB's native binding for its target (duckdb.node and the library it loads from its
// own folder) sits in dist/ next to the server bundle, which requires it from there. No node_modules are shipped.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { writeNotices } from './scripts/notices.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const EXT = path.join(ROOT, 'packages', 'extension');
const DIST = path.join(EXT, 'dist');
const require = createRequire(path.join(ROOT, 'packages', 'language', 'package.json'));

/** VS Code's target names, each with the DuckDB binding package that runs there. */
export const TARGETS = {
    'linux-x64': 'linux-x64',
    'linux-arm64': 'linux-arm64',
    'alpine-x64': 'linux-x64-musl',
    'alpine-arm64': 'linux-arm64-musl',
    'darwin-x64': 'darwin-x64',
    'darwin-arm64': 'darwin-arm64',
    'win32-x64': 'win32-x64',
    'win32-arm64': 'win32-arm64',
};

/** The VS Code target name of this machine (linux-x64, darwin-arm64, win32-x64, alpine-x64, ...). */
export function vscodeTarget() {
    const musl = process.platform === 'linux' && !process.report?.getReport()?.header?.glibcVersionRuntime;
    return `${musl ? 'alpine' : process.platform}-${process.arch}`;
}

/**
 * The folder of DuckDB's binding package for a target. The one of this machine is installed; npm skips the others
 * (their os/cpu fields), so those are fetched once from the npm registry at the version @duckdb/node-bindings pins,
 * unpacked into node_modules/.cache, and reused.
 */
function bindingFolder(target) {
    const suffix = TARGETS[target];
    if (!suffix) throw new Error(`unknown target ${target}; known: ${Object.keys(TARGETS).join(', ')}`);
    const name = `@duckdb/node-bindings-${suffix}`;
    const bindings = path.dirname(require.resolve('@duckdb/node-bindings/package.json'));
    try {
        return path.dirname(createRequire(path.join(bindings, 'package.json')).resolve(`${name}/package.json`));
    } catch {
        // not installed on this machine: fetch below
    }
    const version = JSON.parse(fs.readFileSync(path.join(bindings, 'package.json'), 'utf8')).optionalDependencies?.[name];
    if (!version) throw new Error(`@duckdb/node-bindings does not list ${name}`);
    const folder = path.join(ROOT, 'node_modules', '.cache', 'stroom-bindings', `${suffix}-${version}`);
    if (fs.existsSync(path.join(folder, 'package.json'))) return folder;
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-binding-'));
    try {
        const packed = JSON.parse(execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', scratch],
            { cwd: scratch, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' }));
        const tarball = path.join(scratch, packed[0].filename);
        execFileSync('tar', ['-xzf', tarball, '-C', scratch], { stdio: 'inherit' });
        fs.mkdirSync(path.dirname(folder), { recursive: true });
        fs.rmSync(folder, { recursive: true, force: true });
        fs.cpSync(path.join(scratch, 'package'), folder, { recursive: true });
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    return folder;
}

/** Every `require('@duckdb/node-bindings-<platform>/duckdb.node')` becomes `require('./duckdb.node')`, kept outside the bundle. */
const nativeBinding = {
    name: 'duckdb-native-binding',
    setup(build) {
        build.onResolve({ filter: /^@duckdb\/node-bindings-[^/]+\/duckdb\.node$/ }, () => ({ path: './duckdb.node', external: true }));
    },
};

/**
 * Bundles client and server into packages/extension/dist, puts the target's native binding next to them, and writes
 * THIRD-PARTY-NOTICES.txt for everything bundled or shipped.
 */
export async function buildExtension({ minify = true, target = vscodeTarget() } = {}) {
    const native = bindingFolder(target);
    const manifest = JSON.parse(fs.readFileSync(path.join(EXT, 'package.json'), 'utf8'));
    fs.rmSync(DIST, { recursive: true, force: true });
    const common = {
        bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify, sourcemap: false,
        logLevel: 'warning', legalComments: 'none', metafile: true,
        // Langium and its dependencies are ESM; in a CommonJS bundle import.meta.url is the bundle's own file.
        define: { 'import.meta.url': 'importMetaUrl', STROOM_VERSION: JSON.stringify(manifest.version) },
        banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' },
    };
    const client = await esbuild.build({
        ...common, entryPoints: [path.join(EXT, 'src', 'extension.ts')], outfile: path.join(DIST, 'extension.js'), external: ['vscode'],
    });
    const server = await esbuild.build({
        ...common, entryPoints: [path.join(EXT, 'src', 'server.ts')], outfile: path.join(DIST, 'server.js'), plugins: [nativeBinding],
    });
    for (const file of fs.readdirSync(native)) {
        if (/\.(node|so|dylib|dll)$/.test(file)) fs.copyFileSync(path.join(native, file), path.join(DIST, file));
    }
    // stroom.json's schema, for VS Code's own JSON checks and completion (contributes.jsonValidation).
    fs.mkdirSync(path.join(EXT, 'schemas'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'schemas', 'stroom.schema.json'), path.join(EXT, 'schemas', 'stroom.schema.json'));
    // Third-party code only: the project's own sources (packages/*/src) are not listed.
    const inputs = Object.fromEntries(Object.entries({ ...client.metafile.inputs, ...server.metafile.inputs })
        .filter(([file]) => file.split(/[\\/]/).includes('node_modules')));
    await writeNotices({ inputs, outputs: {} }, path.join(EXT, 'THIRD-PARTY-NOTICES.txt'), { extra: [native] });
    return DIST;
}

/**
 * Builds for a target and packages the extension folder with @vscode/vsce (files as .vscodeignore says, no
 * dependencies: everything is bundled) into outDir; returns the .vsix path (stroom-<target>-<version>.vsix).
 */
export async function packageVsix({ outDir = ROOT, minify = true, target = vscodeTarget() } = {}) {
    await buildExtension({ minify, target });
    // vsce wants the licence inside the extension folder; the repository's LICENSE is the one source of it.
    fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(EXT, 'LICENSE.txt'));
    const manifest = JSON.parse(fs.readFileSync(path.join(EXT, 'package.json'), 'utf8'));
    const out = path.join(outDir, `${manifest.name}-${target}-${manifest.version}.vsix`);
    fs.mkdirSync(outDir, { recursive: true });
    const { createVSIX } = createRequire(import.meta.url)('@vscode/vsce');
    await quietly(() => createVSIX({ cwd: EXT, packagePath: out, target, dependencies: false, gitHubIssueLinking: false }));
    return out;
}

/** vsce prints progress on stdout; keep it out of test output and machine-read stdout, but let errors through. */
async function quietly(fn) {
    const log = console.log;
    const info = console.info;
    console.log = console.info = () => { };
    try {
        return await fn();
    } finally {
        console.log = log;
        console.info = info;
    }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const args = process.argv.slice(2);
    if (args.includes('--build')) {
        console.log(`built ${path.relative(ROOT, await buildExtension())}`);
    } else {
        const asked = args.flatMap((a, i) => (a === '--target' ? [args[i + 1]] : a.startsWith('--target=') ? [a.slice(9)] : []));
        const targets = asked.includes('all') ? Object.keys(TARGETS) : asked.length > 0 ? asked : [vscodeTarget()];
        for (const target of targets) {
            const out = await packageVsix({ target });
            console.log(`wrote ${path.relative(ROOT, out)} (${(fs.statSync(out).size / 1e6).toFixed(1)} MB, ${target})`);
        }
    }
}
