// stroom funnel <file>: per indicator and cohort year, how many people each clause of the cohort keeps, computed on
// the source's data (DuckDB in memory, or PostgreSQL). Every count shown goes through the disclosure module
// (protectFunnel): small steps are `<k`, steps that would give away a small number of dropped people are `x`, and the
// last step (the cohort size) is hidden exactly when `stroom run` hides it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    checkData, checkSelection, databaseTables, disclosurePolicy, funnel, loadWorkspace, openWorkspaceEngine, PostgresEngine, prepare,
    renderFunnelCsv, renderFunnelJson, renderFunnelMd, renderFunnelTable, workspaceLang, type CsvDialect, type Engine, type FunnelResult, type Lang,
} from '@stroom/language';
import { csvOnly, fail, note, writeOutput } from './common.js';

export type FunnelFormat = 'table' | 'csv' | 'json' | 'md';

export interface FunnelOptions {
    readonly indicator?: string;
    readonly source?: string;
    readonly format?: FunnelFormat;
    readonly out?: string;
    readonly lang?: Lang;
    /** The CSV dialect (`nl`: semicolons, decimal comma, byte-order mark). */
    readonly csv?: CsvDialect;
    readonly engine?: 'duckdb' | 'postgres';
    readonly db?: string;
    /** false with --no-cache: the workspace cache is neither read nor written. */
    readonly cache?: boolean;
}

export async function funnelCommand(file: string, options: FunnelOptions): Promise<number> {
    const started = performance.now();
    if (!fs.existsSync(file)) return fail(`${file}: no such file`, 2);
    const ws = await loadWorkspace(file, [file]);
    if (options.csv && options.format !== 'csv') return fail(csvOnly(options.format), 2);
    const wrong = checkSelection(ws, file, options);
    if (wrong) return fail(wrong, 2);
    const prepared = prepare(ws, file, options);
    const lang = options.lang ?? workspaceLang(ws);
    const url = options.db ?? process.env.STROOM_DATABASE_URL;
    const classified = prepared.find((p) => p.plan.classified);
    if (classified) {
        return fail(`${classified.definition.indicator.name} is classified by source: the publisher chose the population, no clause of Stroom did, so there is no funnel; \`stroom explain\` reports who is outside the population`
            + ` / ${classified.definition.indicator.name} neemt de indeling van de bron over: er is geen trechter; \`stroom explain\` meldt wie buiten de populatie valt`, 1);
    }
    const tables = databaseTables(prepared);
    if (tables.length > 0 && (options.engine !== 'postgres' || !url)) {
        return fail(`source ${tables[0].source} reads database tables (${tables.map((t) => t.table).join(', ')}): add --engine postgres and --db URL (or set STROOM_DATABASE_URL)`
            + ` / bron ${tables[0].source} leest databasetabellen: voeg --engine postgres en --db URL toe`, 2);
    }
    const reader = await openWorkspaceEngine(ws, { cache: options.cache, note });
    let engine: Engine = reader;
    const results: FunnelResult[] = [];
    try {
        if (options.engine === 'postgres') {
            if (!url) return fail('--engine postgres needs a database: --db URL or STROOM_DATABASE_URL / --engine postgres heeft een database nodig', 2);
            try {
                engine = await PostgresEngine.open(url);
            } catch (e) {
                return fail(`cannot connect to PostgreSQL (${(e as Error).message})`, 2);
            }
        }
        const checked = new Set<string>();
        for (const p of prepared) {
            const files = JSON.stringify(p.plan.relations);
            if (!checked.has(files)) {
                checked.add(files);
                for (const f of await checkData(reader, p.plan)) process.stderr.write(`stroom: data: ${f.message}\n`);
            }
            results.push(await funnel(engine, p, { reader }));
        }
    } finally {
        if (engine !== reader) await engine.close();
        await reader.close();
    }
    const meta = {
        engine: engine.name, engineVersion: engine.version, file: path.relative(ws.root, path.resolve(file)).split(path.sep).join('/'),
        timings: { queryMs: round(results.reduce((a, r) => a + r.queryMs, 0)), totalMs: round(performance.now() - started) },
    };
    // The workspace's suppressZeros and rounding, as `stroom run` applies them; the threshold is each indicator's.
    const config = ws.config as { suppressZeros?: unknown; rounding?: unknown };
    const policyOf = (r: FunnelResult) => disclosurePolicy(r.prepared.definition.choices.suppression.value, config);
    const format = options.format ?? 'table';
    const text = format === 'json' ? renderFunnelJson(results, lang, meta, policyOf) : format === 'csv' ? renderFunnelCsv(results, lang, policyOf, options.csv)
        : format === 'md' ? renderFunnelMd(results, lang, policyOf) : renderFunnelTable(results, lang, policyOf);
    writeOutput(text, options.out);
    return 0;
}

function round(ms: number): number {
    return Math.round(ms * 10) / 10;
}
