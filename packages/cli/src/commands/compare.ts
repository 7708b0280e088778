// stroom compare <file> [TITLE]: the compare blocks of a file (all, or the one titled TITLE), computed with embedded
// DuckDB: choices side by side, figures, the bridge, membership across sources, published figures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compare, comparesIn, loadWorkspace, openWorkspaceEngine, type Comparison } from '@stroom/language';
import { renderComparisons, type CompareFormat } from '../render-compare.js';
import { fail, note, writeOutput } from './common.js';

export interface CompareOptions {
    readonly format?: CompareFormat;
    readonly out?: string;
    /** false with --no-cache: the workspace cache is neither read nor written. */
    readonly cache?: boolean;
}

export async function compareCommand(file: string, title: string | undefined, options: CompareOptions): Promise<number> {
    if (!fs.existsSync(file)) return fail(`${file}: no such file`, 2);
    const ws = await loadWorkspace(file, [file]);
    const all = comparesIn(ws, path.resolve(file));
    const blocks = title === undefined ? all : all.filter((c) => c.title === title);
    if (blocks.length === 0) {
        const titles = all.map((c) => `"${c.title}"`).join(', ') || 'none';
        return fail(title === undefined ? `${file} has no compare block / bevat geen vergelijking` : `${file} has no compare block "${title}"; it has: ${titles}`, 2);
    }
    const engine = await openWorkspaceEngine(ws, { cache: options.cache, note });
    const results: Comparison[] = [];
    try {
        for (const block of blocks) results.push(await compare(ws, block, engine));
    } finally {
        await engine.close();
    }
    for (const r of results) for (const f of r.findings) process.stderr.write(`stroom: data: ${f.message}\n`);
    writeOutput(renderComparisons(results, options.format ?? 'table', ws.root), options.out);
    return 0;
}
