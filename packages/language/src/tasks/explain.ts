// What `stroom explain` and the editor's definition card compute: each indicator's card in plain words, with the
// funnel when the source's data can be read. Returns the page as text, and what the data check found, as data.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ast from '../generated/ast.js';
import { explainHtml, explainMarkdown, say, sourcePickOf, type ExplainInput, type FunnelPart, type Lang } from '../explain/explain.js';
import { funnel, funnelSteps, type FunnelResult } from '../funnel/funnel.js';
import { checkData, type DataFinding } from '../run/checks.js';
import type { DuckDBEngine } from '../run/engine.js';
import { openWorkspaceEngine } from '../workspace/cache.js';
import { databaseTables, execute, prepare, type Prepared } from '../run/session.js';
import type { Workspace } from '../workspace/load.js';
import { loadWorkspace } from '../workspace/load.js';
import { checkSelection, workspaceLang } from './select.js';

export interface ExplainOptions {
    readonly indicator?: string;
    readonly source?: string;
    readonly lang?: Lang;
    readonly format?: 'md' | 'html';
    /** false: no data is read (no funnel). */
    readonly data?: boolean;
    /** The threshold where the workspace's stroom.json sets none (the editor's setting). */
    readonly suppression?: number;
    /** true: read the data through the workspace cache (`stroom explain`; --no-cache gives false). Default: in memory. */
    readonly cache?: boolean;
    /** Where a note goes when the cache cannot be used this time. */
    readonly note?: (message: string) => void;
}

export type ExplainOutcome =
    | { readonly kind: 'page'; readonly text: string; readonly findings: readonly DataFinding[] }
    /** A usage mistake: no such indicator or source. */
    | { readonly kind: 'usage'; readonly message: string };

export async function explainFile(file: string, options: ExplainOptions = {}): Promise<ExplainOutcome> {
    // A folder: every indicator of the workspace's files under it (the workspace's root: all of them), file by file.
    const folder = fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
    const loaded = await loadWorkspace(file, folder ? [] : [file]);
    const ws = options.suppression !== undefined && loaded.config.suppression === undefined
        ? { ...loaded, config: { ...loaded.config, suppression: options.suppression } } : loaded;
    const files = folder ? indicatorFiles(ws, file) : [file];
    if (folder && files.length === 0) return { kind: 'usage', message: `${file}: no indicators in this folder / geen indicatoren in deze map` };
    const wrong = folder ? checkFolderSelection(ws, file, files, options) : checkSelection(ws, file, options);
    if (wrong) return { kind: 'usage', message: wrong };
    const prepared = files.flatMap((f) => (folder && options.indicator && !hasIndicator(ws, f, options.indicator) ? [] : prepare(ws, f, options)));
    const lang = options.lang ?? workspaceLang(ws);
    const inputs: ExplainInput[] = [];
    const funnels = new FunnelCache(() => openWorkspaceEngine(ws, { cache: options.cache ?? false, note: options.note }), ws.config);
    try {
        for (const p of prepared) {
            inputs.push({
                definition: p.definition, source: p.source, sourcePick: sourcePickOf(ws, p, options.source), plan: p.plan,
                funnel: options.data === false ? { kind: 'skipped' } : await funnels.get(p), relativeTo: ws.root,
                disclosure: ws.config,
            });
        }
    } finally {
        await funnels.close();
    }
    const shown = path.relative(ws.root, path.resolve(file)).split(path.sep).join('/') || '.';
    const text = options.format === 'html'
        ? explainHtml(inputs, lang, `Stroom: ${say(lang, 'pageTitle', { file: shown })}`)
        : explainMarkdown(inputs, lang);
    return { kind: 'page', text, findings: funnels.findings };
}

/** The files of the workspace under `folder` that define indicators, in the workspace's (sorted) order. */
export function indicatorFiles(ws: Workspace, folder: string): string[] {
    const under = path.resolve(folder);
    return ws.documents
        .filter((d) => d.uri.scheme === 'file' && d.parseResult.value.elements.some(ast.isIndicator))
        .map((d) => d.uri.fsPath)
        .filter((f) => f === under || f.startsWith(under.endsWith(path.sep) ? under : under + path.sep));
}

function hasIndicator(ws: Workspace, file: string, name: string): boolean {
    return ws.documents.some((d) => d.uri.fsPath === path.resolve(file) && d.parseResult.value.elements.some((e) => ast.isIndicator(e) && e.name === name));
}

function checkFolderSelection(ws: Workspace, folder: string, files: readonly string[], options: { indicator?: string; source?: string }): string | undefined {
    if (options.indicator && !files.some((f) => hasIndicator(ws, f, options.indicator!))) {
        return `${folder}: no indicator ${options.indicator} in this folder / geen indicator ${options.indicator} in deze map`;
    }
    return options.source ? checkSelection(ws, files[0], { source: options.source }) : undefined;
}

/**
 * Funnels on DuckDB, in memory, one per distinct cohort (indicators of one file often share theirs); data files are
 * checked once. Anything that stops the data from being read becomes the reason the funnel is missing.
 */
class FunnelCache {
    private engine?: Promise<DuckDBEngine>;
    private readonly results = new Map<string, Promise<FunnelResult>>();
    private readonly checked = new Map<string, Promise<DataFinding[]>>();
    readonly findings: DataFinding[] = [];

    constructor(private readonly open: () => Promise<DuckDBEngine>, private readonly disclosure?: { readonly suppressZeros?: unknown; readonly rounding?: unknown }) { }

    async get(p: Prepared): Promise<FunnelPart> {
        const tables = databaseTables([p]);
        if (tables.length > 0) return { kind: 'database', source: p.source.name, tables: tables.map((t) => t.table) };
        try {
            this.engine ??= this.open();
            const engine = await this.engine;
            const files = JSON.stringify(p.plan.relations);
            if (!this.checked.has(files)) {
                this.checked.set(files, checkData(engine, p.plan).then((found) => { this.findings.push(...found); return found; }));
            }
            await this.checked.get(files);
            // Classified by source: nothing is chosen from enrollments, so no funnel; the outcomes outside the population.
            if (p.plan.classified) {
                if (p.plan.years.length === 0) return { kind: 'classified', notInPopulation: [] };
                const result = await execute(engine, p, { disclosure: this.disclosure });
                return { kind: 'classified', notInPopulation: result.notInPopulation ?? [] };
            }
            // What the funnel reads: the cohort, its years and peildatum, and (over retained) the outcome steps.
            const key = JSON.stringify([p.source.qualifiedName, p.plan.cohort, p.plan.years, p.plan.peil, p.plan.mainOnly, files,
                p.definition.measure.overRetainedAfter ?? null, p.definition.measure.overRetainedAfter !== undefined ? p.plan.measure : null]);
            if (!this.results.has(key)) this.results.set(key, funnel(engine, p));
            const result = await this.results.get(key)!;
            return { kind: 'result', result: { ...result, prepared: p, steps: funnelSteps(p.definition) } };
        } catch (e) {
            return { kind: 'unavailable', reason: (e as Error).message.split('\n')[0] };
        }
    }

    async close(): Promise<void> {
        if (this.engine) await (await this.engine.catch(() => undefined))?.close();
    }
}
