// stroom diff [BEFORE [AFTER]]: the semantic change between two git revisions (default: HEAD against the working
// tree; one revision: it against the working tree). The files of a revision are read with git into memory, never
// checked out; each side is loaded as in-memory workspaces and compared with compare's machinery.
import * as path from 'node:path';
import {
    checkConfig, DefinitionError, definitionChanges, diffFigures, errorLines, loadWorkspaceTexts, openWorkspaceEngine, type DiffVersion, type DuckDBEngine,
    type SemanticDiff, type Workspace,
} from '@stroom/language';
import { gitTop, resolveRevision, revisionFiles, workingTreeFiles } from '../git.js';
import { CliError } from '../output.js';
import { renderDiff, type DiffFormat } from '../render-diff.js';
import { note, writeOutput } from './common.js';

export interface DiffOptions {
    readonly format?: DiffFormat;
    readonly out?: string;
    /** false with --no-data: definitions and cards only, nothing computed. */
    readonly data?: boolean;
    /** --exit-code: exit 1 when there is a semantic change. */
    readonly exitCode?: boolean;
    /** false with --no-cache. */
    readonly cache?: boolean;
}

export const WORKING_TREE = 'working tree';

export interface ComputeOptions {
    /** The folder diff covers (its workspace and every workspace below it); default the current folder. */
    readonly cwd?: string;
    readonly data?: boolean;
    readonly cache?: boolean;
}

/** The semantic diff of BEFORE [AFTER] (see the top of this file), with figures unless `data` is false. */
export async function computeDiff(revs: readonly string[], options: ComputeOptions = {}): Promise<SemanticDiff> {
    if (revs.length > 2) throw new CliError(`diff takes at most two revisions, got ${revs.length}: ${revs.join(' ')}`, 2);
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const top = await gitTop(cwd);
    // Both revisions are resolved before anything is loaded: a typo in either is reported first.
    const [beforeRev, afterRev] = revs.length === 0 ? ['HEAD', undefined] : [revs[0], revs[1]];
    const commits = await Promise.all([beforeRev, afterRev].map((r) => (r === undefined ? undefined : resolveRevision(top, r))));
    const read = async (rev: string | undefined, commit: string | undefined): Promise<{ label: string; files: Map<string, string> }> =>
        (rev === undefined || commit === undefined ? { label: WORKING_TREE, files: await workingTreeFiles(top) }
            : { label: rev, files: await revisionFiles(top, commit, rev) });
    const before = await read(beforeRev, commits[0]);
    const after = await read(afterRev, commits[1]);
    const versionBefore = await version(top, cwd, before.label, before.files);
    const versionAfter = await version(top, cwd, after.label, after.files);
    const changes = definitionChanges(versionBefore, versionAfter, cwd);
    const engines = new Map<string, DuckDBEngine>();
    try {
        const comparisons = options.data === false ? [] : await diffFigures(versionBefore, versionAfter, changes, async (ws: Workspace) => {
            if (!engines.has(ws.root)) engines.set(ws.root, await openWorkspaceEngine(ws, { cache: options.cache, note }));
            return engines.get(ws.root)!;
        }, cwd);
        return { before: before.label, after: after.label, changes, comparisons };
    } finally {
        for (const e of engines.values()) await e.close();
    }
}

export async function diffCommand(revs: readonly string[], options: DiffOptions): Promise<number> {
    const result = await computeDiff(revs, { data: options.data, cache: options.cache });
    for (const c of result.comparisons) for (const f of c.comparison?.findings ?? []) process.stderr.write(`stroom: data: ${f.message}\n`);
    writeOutput(renderDiff(result, options.format ?? 'text', options.data !== false), options.out);
    return options.exitCode && result.changes.length > 0 ? 1 : 0;
}

const posix = (p: string) => p.split(path.sep).join('/');
const under = (p: string, dir: string) => dir === '' || p === dir || p.startsWith(`${dir}/`);
const parent = (dir: string) => (dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '');

/**
 * The workspaces of one version below the current folder: the one holding it (the nearest folder with stroom.json at
 * or above it, else the folder itself) and every folder with stroom.json below it. Each holds the .stroom files under
 * it, outside hidden folders, node_modules, its `exclude` and nested workspaces, as `loadWorkspace` collects them.
 */
async function version(top: string, cwd: string, label: string, files: ReadonlyMap<string, string>): Promise<DiffVersion> {
    const base = posix(path.relative(top, cwd));
    const configDirs = [...files.keys()].filter((p) => p === 'stroom.json' || p.endsWith('/stroom.json')).map((p) => parent(p));
    let outer = base;
    for (let dir = base; ; dir = parent(dir)) {
        if (configDirs.includes(dir)) { outer = dir; break; }
        if (dir === '') break;
    }
    const roots = [outer, ...configDirs.filter((d) => d !== outer && under(d, base)).sort()];
    const workspaces = new Map<string, Workspace>();
    const where = (p: string) => (label === WORKING_TREE ? p : `${label}:${p}`);
    for (const root of roots) {
        const configPath = root === '' ? 'stroom.json' : `${root}/stroom.json`;
        const configText = files.get(configPath);
        const rootAbs = path.join(top, root);
        const exclude = configText === undefined ? [] : (checkConfig(configText).config.exclude ?? []).map((e) => posix(path.relative(top, path.resolve(rootAbs, e))));
        const nested = configDirs.filter((d) => d !== root && under(d, root));
        const texts = new Map<string, string>();
        for (const [p, text] of files) {
            if (!p.endsWith('.stroom') || !under(p, root)) continue;
            const inside = root === '' ? p : p.slice(root.length + 1);
            if (inside.split('/').slice(0, -1).some((seg) => seg.startsWith('.') || seg === 'node_modules')) continue;
            if (nested.some((d) => under(p, d)) || exclude.some((d) => under(p, d))) continue;
            texts.set(path.join(top, p), text);
        }
        if (texts.size === 0 && configText === undefined) continue;
        let ws: Workspace;
        try {
            ws = await loadWorkspaceTexts(rootAbs, texts, configText, where(configPath));
        } catch (e) {
            // stroom.json with errors: exit 2 like every other error of diff (1 is --exit-code's "changed").
            if (!(e instanceof DefinitionError)) throw e;
            for (const line of e.diagnostics) process.stderr.write(`${line}\n`);
            throw new CliError(e.message, 2);
        }
        // An example whose expectation fails is what the change does, not a definition that cannot be read: noted only.
        const all = ws.documents.flatMap(errorLines);
        const examples = all.filter((l) => / error example-(failed|error) /.test(l));
        if (examples.length > 0) note(`note: ${examples.length} example${examples.length === 1 ? '' : 's'} fail${examples.length === 1 ? 's' : ''} in ${label} (stroom test shows which) / ${examples.length} voorbeeld(en) falen in ${label}`);
        const errors = all.filter((l) => !examples.includes(l));
        if (errors.length > 0) {
            // A definition that does not parse (or link) in one version: nothing is compared, every error named.
            for (const line of errors) process.stderr.write(`${line} [${label}]\n`);
            throw new CliError(`the definitions in ${label} have ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was compared`
                + ` / de definities in ${label} bevatten fouten; er is niets vergeleken`, 2);
        }
        workspaces.set(posix(path.relative(cwd, rootAbs)) || '.', ws);
    }
    return { label, workspaces };
}
