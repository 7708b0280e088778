// stroom explain <file>: each indicator's definition card in plain Dutch or English (the three questions, every choice
// and where it came from, the dates of each cohort year), with the funnel when the source's data can be read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    checkData, databaseTables, DuckDBEngine, explainHtml, explainMarkdown, funnel, funnelSteps, loadWorkspace, prepare, say,
    sourcePickOf, type ExplainInput, type FunnelPart, type FunnelResult, type Lang, type Prepared, type DataFinding,
} from '@stroom/language';
import { fail, writeOutput } from './common.js';
import { checkSelection, workspaceLang } from './funnel.js';

export interface ExplainOptions {
    readonly indicator?: string;
    readonly source?: string;
    readonly lang?: Lang;
    readonly format?: 'md' | 'html';
    readonly out?: string;
    /** false with --no-data: no data is read (no funnel). */
    readonly data?: boolean;
}

export async function explain(file: string, options: ExplainOptions): Promise<number> {
    if (!fs.existsSync(file)) return fail(`${file}: no such file`, 2);
    const ws = await loadWorkspace(file, [file]);
    const wrong = checkSelection(ws, file, options);
    if (wrong) return fail(wrong, 2);
    const prepared = prepare(ws, file, options);
    const lang = options.lang ?? workspaceLang(ws);
    const inputs: ExplainInput[] = [];
    const funnels = new FunnelCache();
    try {
        for (const p of prepared) {
            inputs.push({
                definition: p.definition, source: p.source, sourcePick: sourcePickOf(ws, p, options.source), plan: p.plan,
                funnel: options.data === false ? { kind: 'skipped' } : await funnels.get(p), relativeTo: ws.root,
            });
        }
    } finally {
        await funnels.close();
    }
    for (const f of funnels.findings) process.stderr.write(`stroom: data: ${f.message}\n`);
    const shown = path.relative(ws.root, path.resolve(file)).split(path.sep).join('/');
    const text = options.format === 'html'
        ? explainHtml(inputs, lang, `Stroom: ${say(lang, 'pageTitle', { file: shown })}`)
        : explainMarkdown(inputs, lang);
    writeOutput(text, options.out);
    return 0;
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

    async get(p: Prepared): Promise<FunnelPart> {
        const tables = databaseTables([p]);
        if (tables.length > 0) return { kind: 'database', source: p.source.name, tables: tables.map((t) => t.table) };
        try {
            this.engine ??= DuckDBEngine.open();
            const engine = await this.engine;
            const files = JSON.stringify(p.plan.relations);
            if (!this.checked.has(files)) {
                this.checked.set(files, checkData(engine, p.plan).then((found) => { this.findings.push(...found); return found; }));
            }
            await this.checked.get(files);
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
