// Shared definition packages: a consortium's conventions, sources and cohorts as a versioned npm package (installed
// from the registry, a tarball or a git URL at a tag) that a workspace declares in stroom.json's `dependencies`. Its
// .stroom files are loaded beside the workspace's own, read-only; their elements are imported as any others, by
// their qualified names. Packages are looked up in node_modules folders from the workspace root upwards, as Node
// does; a package whose real path lies outside the project that holds that node_modules (a symlink elsewhere) is
// refused, so a definition still reads nothing outside its project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import semver from 'semver';
import { checkConfig, type ConfigProblem, type ConfigCode } from './config.js';
import { parseJsonTree, lineColumn } from './json-tree.js';

/** One installed package whose definitions the workspace loads. */
export interface DefinitionPackage {
    readonly name: string;
    readonly version: string;
    /** The package folder (its real path). */
    readonly dir: string;
    /** Its .stroom files. */
    readonly files: readonly string[];
}

export interface ResolvedDependencies {
    readonly packages: readonly DefinitionPackage[];
    /** Problems, each in the stroom.json (`file`) that declares the dependency. */
    readonly problems: readonly ConfigProblem[];
}

/** npm's rules for a package name, strict enough that a name can never climb out of node_modules. */
const NPM_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/** True when a definition file belongs to an installed package (node_modules): the editor must not change it. */
export function isReadOnlyDefinition(file: string): boolean {
    return file.split(/[\\/]/).includes('node_modules');
}

function within(parent: string, child: string): boolean {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Where `name` is installed for a folder: node_modules/<name> of the folder or the nearest ancestor that has it. */
function locate(name: string, from: string): { dir: string; project: string } | undefined {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'node_modules', ...name.split('/'));
        if (fs.existsSync(candidate)) return { dir: candidate, project: dir };
        if (path.dirname(dir) === dir) return undefined;
    }
}

function readJson(file: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
        return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
    } catch {
        return undefined;
    }
}

/**
 * The packages a workspace depends on (and theirs, transitively), installed and checked: every declared range must
 * be satisfied by the installed version, and one package is loaded in one version only.
 * `collect` lists the .stroom files of a package folder.
 */
export function resolveDependencies(root: string, collect: (dir: string) => string[] = packageFiles): ResolvedDependencies {
    const packages = new Map<string, DefinitionPackage>();
    const problems: ConfigProblem[] = [];
    const visited = new Set<string>();
    const visit = (dir: string) => {
        if (visited.has(dir)) return;
        visited.add(dir);
        const file = path.join(dir, 'stroom.json');
        let text: string;
        try {
            text = fs.readFileSync(file, 'utf8');
        } catch {
            return;
        }
        const { config } = checkConfig(text);
        const deps = config.dependencies ?? {};
        const tree = parseJsonTree(text);
        const add = (code: ConfigCode, name: string, atKey: boolean, en: string, nl: string) => {
            const span = tree.spans.get(`/dependencies/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`) ?? tree.spans.get('/dependencies');
            const start = span ? (atKey && span.keyStart !== undefined ? span.keyStart : span.start) : 0;
            const end = span ? (atKey && span.keyEnd !== undefined ? span.keyEnd : span.end) : 0;
            const from = lineColumn(text, start);
            const to = lineColumn(text, end);
            problems.push({
                code, severity: 'error', key: `/dependencies/${name}`, message: `${en} / ${nl}`, file,
                line: from.line, column: from.column, endLine: to.line, endColumn: to.column,
            });
        };
        for (const [name, range] of Object.entries(deps)) {
            if (!NPM_NAME.test(name)) {
                add('invalid-dependency', name, true, `"${name}" is not an npm package name`, `"${name}" is geen npm-pakketnaam`);
                continue;
            }
            if (semver.validRange(range) === null) {
                add('invalid-dependency', name, false,
                    `"${range}" is not a version range of ${name} (say "^1.2.0", "~1.2", "1.x" or "1.2.3")`,
                    `"${range}" is geen versiebereik van ${name} (zoals "^1.2.0", "~1.2", "1.x" of "1.2.3")`);
                continue;
            }
            const found = locate(name, dir);
            if (!found) {
                add('dependency-not-installed', name, true,
                    `${name} is not installed: run \`npm install ${name}\` (it must be in node_modules/${name})`,
                    `${name} is niet geïnstalleerd: voer \`npm install ${name}\` uit (het hoort in node_modules/${name})`);
                continue;
            }
            const real = fs.realpathSync(found.dir);
            if (!within(fs.realpathSync(found.project), real)) {
                add('invalid-dependency', name, true,
                    `node_modules/${name} links to ${real}, outside the project ${found.project}: definitions are read only inside the project`,
                    `node_modules/${name} verwijst naar ${real}, buiten het project ${found.project}: definities worden alleen binnen het project gelezen`);
                continue;
            }
            if (!fs.existsSync(path.join(real, 'stroom.json'))) {
                add('invalid-dependency', name, true,
                    `${name} is not a definition package: it has no stroom.json`,
                    `${name} is geen definitiepakket: het heeft geen stroom.json`);
                continue;
            }
            const pkgJson = readJson(path.join(real, 'package.json')) ?? {};
            const own = readJson(path.join(real, 'stroom.json')) ?? {};
            const version = typeof pkgJson.version === 'string' ? pkgJson.version : typeof own.version === 'string' ? own.version : undefined;
            if (version === undefined || semver.valid(version) === null) {
                add('invalid-dependency', name, true,
                    `${name} has no valid version in its package.json or stroom.json`,
                    `${name} heeft geen geldige versie in zijn package.json of stroom.json`);
                continue;
            }
            if (!semver.satisfies(version, range)) {
                add('dependency-conflict', name, false,
                    `${name} ${version} is installed, but ${range} is needed: run \`npm install ${name}@"${range}"\``,
                    `${name} ${version} is geïnstalleerd, maar ${range} is nodig: voer \`npm install ${name}@"${range}"\` uit`);
                continue;
            }
            const earlier = packages.get(name);
            if (earlier && earlier.dir !== real) {
                if (earlier.version !== version) {
                    add('dependency-conflict', name, true,
                        `two versions of ${name} are needed: ${earlier.version} (${earlier.dir}) and ${version} (${real}); definitions load one version of a package`,
                        `twee versies van ${name} zijn nodig: ${earlier.version} (${earlier.dir}) en ${version} (${real}); definities laden één versie van een pakket`);
                }
                continue;
            }
            if (!earlier) packages.set(name, { name, version, dir: real, files: collect(real) });
            visit(real);
        }
    };
    visit(root);
    return { packages: [...packages.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), problems };
}

/** The .stroom files of an installed package: all under its folder except node_modules, hidden and excluded folders. */
export function packageFiles(dir: string): string[] {
    let exclude: readonly string[] = [];
    try {
        exclude = checkConfig(fs.readFileSync(path.join(dir, 'stroom.json'), 'utf8')).config.exclude ?? [];
    } catch {
        // no readable stroom.json: nothing excluded
    }
    const excluded = new Set(exclude.map((e) => path.resolve(dir, e)));
    const out: string[] = [];
    const walk = (folder: string) => {
        for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const full = path.join(folder, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== 'node_modules' && !entry.name.startsWith('.') && !excluded.has(full)) walk(full);
            } else if (entry.isFile() && entry.name.endsWith('.stroom')) {
                out.push(full);
            }
        }
    };
    walk(dir);
    return out;
}
