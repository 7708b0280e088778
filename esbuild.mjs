// Builds the VS Code extension (packages/extension) with esbuild and packs it as stroom-<version>.vsix.
//   node esbuild.mjs            build dist/ and write the .vsix in the repository root (npm run package)
//   node esbuild.mjs --build    build dist/ only
// The .vsix is platform-specific: DuckDB's native binding for this machine (duckdb.node and the libduckdb it loads
// from its own folder) is copied into dist/ next to the server bundle, which requires it from there. No node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const EXT = path.join(ROOT, 'packages', 'extension');
const DIST = path.join(EXT, 'dist');
const require = createRequire(path.join(ROOT, 'packages', 'language', 'package.json'));

/** The VS Code target name of this machine (linux-x64, darwin-arm64, win32-x64, alpine-x64, ...). */
export function vscodeTarget() {
    const musl = process.platform === 'linux' && !process.report?.getReport()?.header?.glibcVersionRuntime;
    return `${musl ? 'alpine' : process.platform}-${process.arch}`;
}

/** The folder of DuckDB's native binding for this machine (the package @duckdb/node-bindings picks). */
function bindingFolder() {
    const musl = vscodeTarget().startsWith('alpine');
    const name = `@duckdb/node-bindings-${process.platform}-${process.arch}${musl ? '-musl' : ''}`;
    const bindings = path.dirname(require.resolve('@duckdb/node-bindings/package.json'));
    return path.dirname(createRequire(path.join(bindings, 'package.json')).resolve(`${name}/package.json`));
}

/** Every `require('@duckdb/node-bindings-<platform>/duckdb.node')` becomes `require('./duckdb.node')`, kept outside the bundle. */
const nativeBinding = {
    name: 'duckdb-native-binding',
    setup(build) {
        build.onResolve({ filter: /^@duckdb\/node-bindings-[^/]+\/duckdb\.node$/ }, () => ({ path: './duckdb.node', external: true }));
    },
};

/** Bundles client and server into packages/extension/dist and copies the native binding next to them. */
export async function buildExtension({ minify = true } = {}) {
    fs.rmSync(DIST, { recursive: true, force: true });
    const common = {
        bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify, sourcemap: false,
        logLevel: 'warning', legalComments: 'none',
        // Langium and its dependencies are ESM; in a CommonJS bundle import.meta.url is the bundle's own file.
        define: { 'import.meta.url': 'importMetaUrl' },
        banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' },
    };
    await esbuild.build({
        ...common, entryPoints: [path.join(EXT, 'src', 'extension.ts')], outfile: path.join(DIST, 'extension.js'), external: ['vscode'],
    });
    await esbuild.build({
        ...common, entryPoints: [path.join(EXT, 'src', 'server.ts')], outfile: path.join(DIST, 'server.js'), plugins: [nativeBinding],
    });
    const native = bindingFolder();
    for (const file of fs.readdirSync(native)) {
        if (/\.(node|so|dylib|dll)$/.test(file)) fs.copyFileSync(path.join(native, file), path.join(DIST, file));
    }
    fs.copyFileSync(path.join(native, 'LICENSE'), path.join(DIST, 'LICENSE.duckdb'));
    return DIST;
}

// ------------------------------------------------------------------ the .vsix (a zip)

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});

function crc32(buf) {
    let c = 0xffffffff;
    for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of (name, contents) entries, deflated, with a fixed timestamp (the same input gives the same bytes). */
export function zip(entries) {
    const locals = [];
    const central = [];
    let offset = 0;
    const dosTime = 0; // 00:00:00
    const dosDate = ((2024 - 1980) << 9) | (1 << 5) | 1; // 2024-01-01
    for (const { name, data } of entries) {
        const nameBuf = Buffer.from(name, 'utf8');
        const deflated = zlib.deflateRawSync(data, { level: 9 });
        const stored = deflated.length >= data.length;
        const body = stored ? data : deflated;
        const crc = crc32(data);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
        local.writeUInt16LE(stored ? 0 : 8, 8); local.writeUInt16LE(dosTime, 10); local.writeUInt16LE(dosDate, 12);
        local.writeUInt32LE(crc, 14); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(data.length, 22);
        local.writeUInt16LE(nameBuf.length, 26); local.writeUInt16LE(0, 28);
        locals.push(local, nameBuf, body);
        const dir = Buffer.alloc(46);
        dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(0x0314, 4); dir.writeUInt16LE(20, 6); dir.writeUInt16LE(0x0800, 8);
        dir.writeUInt16LE(stored ? 0 : 8, 10); dir.writeUInt16LE(dosTime, 12); dir.writeUInt16LE(dosDate, 14);
        dir.writeUInt32LE(crc, 16); dir.writeUInt32LE(body.length, 20); dir.writeUInt32LE(data.length, 24);
        dir.writeUInt16LE(nameBuf.length, 28); dir.writeUInt32LE(((0o100644) << 16) >>> 0, 38); dir.writeUInt32LE(offset, 42);
        central.push(dir, nameBuf);
        offset += 30 + nameBuf.length + body.length;
    }
    const centralBuf = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(centralBuf.length, 12); end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, centralBuf, end]);
}

function listFiles(dir, base = dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
    });
}

const xml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function vsixManifest(manifest, target) {
    return `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(manifest.name)}" Version="${xml(manifest.version)}" Publisher="${xml(manifest.publisher)}" TargetPlatform="${xml(target)}"/>
    <DisplayName>${xml(manifest.displayName)}</DisplayName>
    <Description xml:space="preserve">${xml(manifest.description)}</Description>
    <Tags>${xml((manifest.keywords ?? []).join(','))},__ext_stroom</Tags>
    <Categories>${xml((manifest.categories ?? []).join(','))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(manifest.engines.vscode)}"/>
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value=""/>
      <Property Id="Microsoft.VisualStudio.Code.ExtensionPack" Value=""/>
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace"/>
      <Property Id="Microsoft.VisualStudio.Code.LocalizedLanguages" Value=""/>
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code"/>
  </Installation>
  <Dependencies/>
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true"/>
    <Asset Type="Microsoft.VisualStudio.Services.Content.Details" Path="extension/README.md" Addressable="true"/>
  </Assets>
</PackageManifest>
`;
}

function contentTypes(files) {
    const types = { json: 'application/json', js: 'application/javascript', md: 'text/markdown', txt: 'text/plain', vsixmanifest: 'text/xml', xml: 'text/xml' };
    const exts = [...new Set(files.map((f) => path.extname(f).slice(1).toLowerCase()).filter(Boolean))].sort();
    return `<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
${exts.map((e) => `  <Default Extension=".${e}" ContentType="${types[e] ?? 'application/octet-stream'}"/>`).join('\n')}
</Types>
`;
}

/** The files of the extension folder that go into the .vsix (never node_modules, never sources). */
const SHIPPED = ['package.json', 'README.md', 'LICENSE.txt', 'language-configuration.json', 'syntaxes', 'snippets', 'dist'];

/** Builds and writes stroom-<version>.vsix into outDir (default: the repository root); returns its path. */
export async function packageVsix({ outDir = ROOT, minify = true } = {}) {
    await buildExtension({ minify });
    const manifest = JSON.parse(fs.readFileSync(path.join(EXT, 'package.json'), 'utf8'));
    const target = vscodeTarget();
    const files = SHIPPED.flatMap((p) => {
        const full = path.join(EXT, p);
        if (!fs.existsSync(full)) return [];
        return fs.statSync(full).isDirectory() ? listFiles(full).map((f) => `${p}/${f}`) : [p];
    }).filter((f) => !f.split('/').includes('node_modules'));
    const entries = [
        { name: 'extension.vsixmanifest', data: Buffer.from(vsixManifest(manifest, target)) },
        ...files.map((f) => ({ name: `extension/${f}`, data: fs.readFileSync(path.join(EXT, f)) })),
    ];
    entries.unshift({ name: '[Content_Types].xml', data: Buffer.from(contentTypes(entries.map((e) => e.name))) });
    const out = path.join(outDir, `stroom-${manifest.version}.vsix`);
    fs.writeFileSync(out, zip(entries));
    return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    if (process.argv.includes('--build')) {
        console.log(`built ${path.relative(ROOT, await buildExtension())}`);
    } else {
        const out = await packageVsix();
        console.log(`wrote ${path.relative(ROOT, out)} (${(fs.statSync(out).size / 1e6).toFixed(1)} MB, ${vscodeTarget()})`);
    }
}
