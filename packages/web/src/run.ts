// run in the page: the command line's steps (load, prepare, execute with DuckDB, the figures step with its
// suppression) on the in-memory workspace, with DuckDB-Wasm behind @duckdb/node-api's interface.
import { execute, loadWorkspace, openWorkspaceEngine, prepare, publishedSources, readPublished, type IndicatorResult, type PublishedFigures } from '@stroom/language';
import { ROOT } from './workspace.js';

export interface PageRun {
    readonly results: IndicatorResult[];
    readonly published: PublishedFigures[];
    readonly ms: number;
}

export async function runFile(rel: string, indicator?: string): Promise<PageRun> {
    const t0 = performance.now();
    const file = `${ROOT}/${rel}`;
    const ws = await loadWorkspace(file, [file]);
    const prepared = await prepare(ws, file, { indicator });
    const publishedSpecs = indicator ? [] : publishedSources(ws, file);
    const engine = await openWorkspaceEngine(ws, { cache: false });
    const results: IndicatorResult[] = [];
    const published: PublishedFigures[] = [];
    try {
        const disclosure = ws.config as { suppressZeros?: unknown; rounding?: unknown };
        for (const p of prepared) results.push(await execute(engine, p, { reader: engine, disclosure, changes: true, margins: true }));
        for (const spec of publishedSpecs) published.push(...await readPublished(engine, spec));
    } finally {
        await engine.close();
    }
    return { results, published, ms: performance.now() - t0 };
}
