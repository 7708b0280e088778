// stroom docs [workspace] --out DIR: the workspace as a static site (docs-site.ts renders it). The site is written to
// a temporary folder beside DIR and swapped in whole, so DIR is never half-written; DIR must be missing, empty, or a
// site an earlier run wrote (its marker file), so a wrong --out cannot wipe someone's folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertComputable, ast, loadWorkspace, pickSource, prepareOn, allSources } from '@stroom/language';
import { CliError, packageVersion } from '../output.js';
import { MARKER, renderSite, type DocumentedIndicator } from '../docs-site.js';
import { fail } from './common.js';

export interface DocsOptions {
    readonly out: string;
}

export async function docs(workspace: string | undefined, options: DocsOptions): Promise<number> {
    const start = workspace ?? '.';
    if (!fs.existsSync(start)) return fail(`${start}: no such file or folder / bestaat niet`, 2);
    const refused = refuseOut(options.out);
    if (refused) return fail(refused, 2);

    const ws = await loadWorkspace(start);
    // Every indicator as a run prepares it; a file with errors (or depending on one) stops everything, as in `run`.
    const sources = allSources(ws);
    const indicators: DocumentedIndicator[] = [];
    for (const doc of ws.documents) {
        const found = doc.parseResult.value.elements.filter(ast.isIndicator);
        if (found.length === 0) continue;
        assertComputable(ws, doc, path.relative(process.cwd(), doc.uri.fsPath) || doc.uri.fsPath);
        for (const node of found) {
            const source = pickSource(ws, sources, node);
            indicators.push({ node, source, prepared: prepareOn(ws, node, source) });
        }
    }
    const site = renderSite(ws, indicators, packageVersion());
    writeSite(options.out, site);
    const pages = [...site.keys()].filter((f) => f.endsWith('.html')).length;
    process.stderr.write(`stroom: ${pages} pages in ${options.out} (${indicators.length} indicators) / ${pages} pagina's\n`);
    return 0;
}

/** Why --out may not be written, or undefined. */
function refuseOut(out: string): string | undefined {
    let st: fs.Stats;
    try {
        st = fs.lstatSync(out);
    } catch {
        return undefined; // not there yet
    }
    if (st.isSymbolicLink()) return `${out}: is a symbolic link; nothing written (give the real path) / ${out} is een symbolische koppeling; niets geschreven`;
    if (!st.isDirectory()) return `${out}: is not a folder; nothing written / ${out} is geen map; niets geschreven`;
    const names = fs.readdirSync(out);
    if (names.length === 0) return undefined;
    const marker = path.join(out, MARKER);
    if (names.includes(MARKER) && fs.lstatSync(marker).isFile()) return undefined;
    return `${out}: is not empty and was not written by stroom docs (no ${MARKER} in it); nothing written`
        + ` / ${out} is niet leeg en niet door stroom docs geschreven; niets geschreven`;
}

/** Writes the site to a temporary folder beside `out` and swaps it in (a previous site is removed only then). */
function writeSite(out: string, files: ReadonlyMap<string, string>): void {
    const target = path.resolve(out);
    const parent = path.dirname(target);
    const tmp = path.join(parent, `.${path.basename(target)}.${process.pid}.tmp`);
    const old = path.join(parent, `.${path.basename(target)}.${process.pid}.old`);
    try {
        // The folder it goes in must be there (no parents are made: a typo in --out should not make a tree).
        if (!fs.statSync(parent).isDirectory()) throw Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' });
        fs.mkdirSync(tmp); // fails if something is there already: never written through
    } catch (e) {
        throw new CliError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing written / niets geschreven`, 2);
    }
    try {
        for (const [name, text] of files) fs.writeFileSync(path.join(tmp, name), text, { flag: 'wx' });
        const exists = fs.existsSync(target);
        if (exists) fs.renameSync(target, old);
        try {
            fs.renameSync(tmp, target);
        } catch (e) {
            if (exists) fs.renameSync(old, target);
            throw e;
        }
        if (exists) fs.rmSync(old, { recursive: true, force: true });
    } catch (e) {
        if (e instanceof CliError) throw e;
        throw new CliError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); left as it was / niet geschreven`, 2);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
