// Third-party notices for a bundle: every npm package whose files esbuild put into it, with its licence text.
// Used for the CLI tarball (packages/cli/scripts/bundle.mjs) and the VS Code extension.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files whose text a package's licence obliges us to carry along (LICENSE, LICENCE.md, COPYING, NOTICE, LICENSE-MIT, ...). */
const LICENCE_FILE = /^(licen[cs]e|copying|notice)([.\-_].*)?$/i;

function readJson(file) {
    try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
        return undefined;
    }
}

/**
 * The package folder of a file: the nearest folder up with a package.json that names a package. Folders whose
 * package.json only sets a module type (e.g. esm/package.json with {"type":"module"}) are not packages.
 */
function packageFolder(file, cache) {
    const seen = [];
    let dir = path.dirname(file);
    for (;;) {
        if (cache.has(dir)) { const found = cache.get(dir); for (const d of seen) cache.set(d, found); return found; }
        seen.push(dir);
        const manifest = readJson(path.join(dir, 'package.json'));
        // A subpath entry's own manifest (write-excel-file/node/package.json, named "write-excel-file/node") is no
        // package either: a package name holds a slash only after an @scope.
        if (manifest?.name && manifest?.version && (!manifest.name.includes('/') || manifest.name.startsWith('@'))) { for (const d of seen) cache.set(d, dir); return dir; }
        const up = path.dirname(dir);
        if (up === dir) { for (const d of seen) cache.set(d, undefined); return undefined; }
        dir = up;
    }
}

/** The licence named in package.json: the SPDX `license`, or the older `licenses` list. */
function licenceOf(manifest) {
    const { license, licenses } = manifest;
    if (typeof license === 'string') return license;
    if (license && typeof license.type === 'string') return license.type;
    if (Array.isArray(licenses)) return licenses.map((l) => (typeof l === 'string' ? l : l?.type)).filter(Boolean).join(' OR ') || 'UNKNOWN';
    return 'UNKNOWN';
}

function describe(dir) {
    const manifest = readJson(path.join(dir, 'package.json')) ?? {};
    const files = fs.readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && LICENCE_FILE.test(e.name))
        .map((e) => e.name)
        .sort();
    return {
        name: String(manifest.name ?? path.basename(dir)),
        version: String(manifest.version ?? ''),
        license: licenceOf(manifest),
        texts: files.map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8').replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').trimEnd() })),
    };
}

/**
 * Writes outFile: each npm package whose files went into the bundle described by an esbuild metafile (build with
 * `metafile: true`; its input paths are relative to esbuild's working directory, which must be the current one, as
 * esbuild's default), plus the package folders in `extra` (packages shipped beside the bundle, e.g. a native
 * binding), with name, version, licence and the full text of its licence and notice files. The workspace's own
 * packages (@stroom/*) are left out. Sorted by name and version, without dates or local paths, so the same inputs
 * give the same file. Returns the packages listed.
 */
export async function writeNotices(metafile, outFile, { extra = [] } = {}) {
    const cache = new Map();
    const folders = new Set(extra.map((dir) => path.resolve(dir)));
    for (const input of Object.keys(metafile.inputs)) {
        // Inputs outside the file namespace (e.g. "ns:thing" from a plugin) have no package on disk.
        if (/^[a-z][\w-]*:/i.test(input) && !/^[a-z]:[\\/]/i.test(input)) continue;
        const dir = packageFolder(path.resolve(input), cache);
        if (dir) folders.add(dir);
    }
    const packages = [...folders]
        .map(describe)
        .filter((p) => !p.name.startsWith('@stroom/'));
    // One entry per name and version, even when the same version sits in two folders.
    const unique = [...new Map(packages.map((p) => [`${p.name}@${p.version}`, p])).values()]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
    const rule = '='.repeat(80);
    const parts = [
        'THIRD-PARTY NOTICES',
        '',
        'This distribution includes the following third-party packages. Each is listed with its version, the licence',
        'its package.json declares, and the full text of the licence and notice files it ships.',
        '',
        ...unique.map((p) => `- ${p.name} ${p.version} (${p.license})`),
        '',
    ];
    for (const p of unique) {
        parts.push(rule, `${p.name} ${p.version}`, `License: ${p.license}`, rule, '');
        if (p.texts.length === 0) parts.push('(The package ships no licence file; its licence is the one named above.)', '');
        for (const { file, text } of p.texts) {
            if (p.texts.length > 1) parts.push(`--- ${file} ---`, '');
            parts.push(text, '');
        }
    }
    await fs.promises.mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
    await fs.promises.writeFile(outFile, parts.join('\n'));
    return unique.map(({ name, version, license }) => ({ name, version, license }));
}
