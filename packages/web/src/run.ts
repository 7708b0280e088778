// run, funnel and explain in the page: the command line's own steps (load, prepare, execute on DuckDB, the figures
// step with its suppression, the same renderers) on the in-memory workspace, with DuckDB-Wasm behind the interface of
// @duckdb/node-api (shims/duckdb-node-api.ts). Only aggregates come out, as on the command line.
import {
    checkData, computeRun, disclosurePolicy, explainFile, funnel, loadWorkspace, openWorkspaceEngine, prepare, publishedSources,
    renderCsv, renderFunnelTable, renderJson, renderRunHtml, type FunnelResult, type IndicatorResult, type Lang, type PublishedFigures,
} from '@stroom/language';
import { ROOT } from './workspace.js';

export interface PageRun {
    readonly file: string;
    readonly results: IndicatorResult[];
    readonly published: PublishedFigures[];
    readonly startedAt: Date;
    readonly ms: number;
}

export async function runFile(rel: string, indicator?: string): Promise<PageRun> {
    const startedAt = new Date();
    const t0 = performance.now();
    const file = `${ROOT}/${rel}`;
    const ws = await loadWorkspace(file, [file]);
    const prepared = await prepare(ws, file, { indicator });
    const publishedSpecs = indicator ? [] : publishedSources(ws, file);
    // The page keeps no workspace cache: every run reads the files again.
    const engine = await openWorkspaceEngine(ws, { cache: false });
    try {
        const { results, published } = await computeRun(ws, prepared, { engine, reader: engine }, { published: publishedSpecs });
        return { file: rel, results, published, startedAt, ms: performance.now() - t0 };
    } finally {
        await engine.close();
    }
}

export function runJson(r: PageRun): string {
    const ms = Math.round(r.ms * 10) / 10;
    return renderJson(r.results, {
        engine: 'duckdb-wasm', engineVersion: (globalThis as { STROOM_BUILD?: { duckdb: string } }).STROOM_BUILD?.duckdb ?? '',
        stroomVersion: (globalThis as { STROOM_BUILD?: { version: string } }).STROOM_BUILD?.version ?? '',
        file: r.file, startedAt: r.startedAt.toISOString(),
        timings: {
            loadMs: 0, checkMs: Math.round(r.results.reduce((a, x) => a + x.timings.checkMs, 0)),
            queryMs: Math.round(r.results.reduce((a, x) => a + x.timings.queryMs, 0)), totalMs: ms,
        },
    }, ROOT, r.published);
}

export function runCsv(r: PageRun): string {
    return renderCsv(r.results);
}

export function reportHtml(r: PageRun): Promise<string> {
    return renderRunHtml(r.results, r.file, r.published);
}

export function downloadName(r: PageRun, ext: string): string {
    return `${r.file.replace(/\.stroom$/, '').replaceAll('/', '-')}.${ext}`;
}

export async function funnelText(rel: string, indicator: string | undefined, lang: Lang): Promise<string> {
    const file = `${ROOT}/${rel}`;
    const ws = await loadWorkspace(file, [file]);
    const prepared = await prepare(ws, file, { indicator });
    const engine = await openWorkspaceEngine(ws, { cache: false });
    const results: FunnelResult[] = [];
    try {
        for (const p of prepared) {
            if (p.plan.classified) continue;
            await checkData(engine, p.plan);
            results.push(await funnel(engine, p, { reader: engine }));
        }
    } finally {
        await engine.close();
    }
    const config = ws.config as { suppressZeros?: unknown; rounding?: unknown };
    return renderFunnelTable(results, lang, (f) => disclosurePolicy(f.prepared.definition.choices.suppression.value, config));
}

export async function explainHtml(rel: string, indicator: string | undefined, lang: Lang): Promise<string> {
    const outcome = await explainFile(`${ROOT}/${rel}`, { indicator, lang, format: 'html', data: true, cache: false });
    if (outcome.kind === 'usage') throw new Error(outcome.message);
    return outcome.text;
}
