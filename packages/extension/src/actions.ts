// What the editor's commands compute, on the files as saved: run (figures), compare, SQL and the definition card.
// Runs inside the bundled language server (dist/server.js), which loads DuckDB's native binding from dist/.
import * as path from 'node:path';
import {
    compare, comparesIn, databaseTables, describeDisclosure, disclosurePolicy, DuckDBEngine, duckdb, execute, explainFile, isDistribution, loadWorkspace,
    MEASURED_OUTCOME, normMetText, postgres, prepare, PostgresEngine, printSql, type Comparison, type Engine, type IndicatorResult,
} from '@stroom/language';
import type { ResultsModel, ResultsTable } from './views.js';

export interface RunSettings {
    readonly engine?: 'duckdb' | 'postgres';
    /** From the environment or VS Code's secret storage, never from settings files. */
    readonly databaseUrl?: string;
    readonly lang?: 'nl' | 'en';
    /** The stroom.suppression setting: the threshold for a workspace whose stroom.json sets none. */
    readonly suppression?: number;
}

/** The indicators of a file (or the one named) computed on their source: what `stroom run` computes. */
export async function runIndicators(file: string, indicator: string | undefined, settings: RunSettings = {}): Promise<IndicatorResult[]> {
    const loaded = await loadWorkspace(file, [file]);
    // stroom.json wins over the editor's setting: a shared definition must give the same cells everywhere.
    const ws = settings.suppression !== undefined && loaded.config.suppression === undefined
        ? { ...loaded, config: { ...loaded.config, suppression: settings.suppression } } : loaded;
    const prepared = prepare(ws, file, { indicator });
    const tables = databaseTables(prepared);
    const url = settings.databaseUrl;
    if (tables.length > 0 && (settings.engine !== 'postgres' || !url)) {
        throw new Error(`source ${tables[0].source} reads database tables: set stroom.engine to postgres and a database URL (Stroom: Set database URL, or STROOM_DATABASE_URL)`);
    }
    const reader = await DuckDBEngine.open();
    let engine: Engine = reader;
    try {
        if (settings.engine === 'postgres') {
            if (!url) throw new Error('the postgres engine needs a database: run "Stroom: Set database URL" or set STROOM_DATABASE_URL');
            engine = await PostgresEngine.open(url);
        }
        const results: IndicatorResult[] = [];
        const disclosure = ws.config as { suppressZeros?: unknown; rounding?: unknown };
        for (const p of prepared) results.push(await execute(engine, p, { reader, disclosure }));
        return results;
    } finally {
        if (engine !== reader) await engine.close();
        await reader.close();
    }
}

const show = (v: string | null) => (v === null ? '(unknown)' : v);

/** Run results as the results view shows them: per indicator a table of figures, rates charted. */
export function runModel(results: readonly IndicatorResult[], heading: string): ResultsModel {
    return {
        heading,
        tables: results.map((r): ResultsTable => {
            const def = r.prepared.definition;
            const policy = r.disclosure ?? disclosurePolicy(def.choices.suppression.value);
            const by = isDistribution(def.measure.name) ? [...def.breakdown, def.measure.name] : [...def.breakdown];
            return {
                title: `${def.indicator.name}${def.indicator.title ? ` — ${def.indicator.title}` : ''}`,
                subtitle: `measure ${def.measure.name} · cohort ${def.cohort.name} · source ${r.prepared.source.name} · ${describeDisclosure(policy)}`,
                columns: ['cohort', ...by, 'cohort size', MEASURED_OUTCOME[def.measure.name] ?? 'count', 'rate', ...(r.prepared.normSource ? ['norm', 'met'] : [])],
                numericFrom: 1 + by.length,
                series: ['rate'],
                rows: r.figures.map((f) => {
                    const labels = f.breakdown.map((v, i) => {
                        const label = v === null ? undefined : r.labels?.[by[i]]?.[v];
                        return label ? `${v} ${label}` : show(v);
                    });
                    return {
                        label: [String(f.cohortYear), ...f.breakdown.map(show)].join(' · '),
                        // The protected cells (disclosure module): `<k` and `x` where hidden, no bar for a hidden rate.
                        cells: [String(f.cohortYear), ...labels, f.size.shown, f.count.shown, f.rate.shown,
                            ...(r.prepared.normSource ? [f.norm ? `${f.norm.shown}%` : '', normMetText(f)] : [])],
                        values: [f.rate.value],
                        valueLabels: [f.rate.hidden === false ? f.rate.shown : null],
                    };
                }),
                notes: [
                    ...r.prepared.plan.incomplete.map((i) => `${i.year}: incomplete: ${i.reason}`),
                    ...r.findings.map((f) => `data: ${f.message}`),
                ],
            };
        }),
    };
}

/** The compare blocks of a file (or the one titled), computed with embedded DuckDB: what `stroom compare` computes. */
export async function compareBlocks(file: string, title: string | undefined): Promise<Comparison[]> {
    const ws = await loadWorkspace(file, [file]);
    const all = comparesIn(ws, path.resolve(file));
    const blocks = title === undefined ? all : all.filter((c) => c.title === title);
    if (blocks.length === 0) throw new Error(title === undefined ? `${file} has no compare block` : `${file} has no compare block "${title}"`);
    const engine = await DuckDBEngine.open();
    try {
        const results: Comparison[] = [];
        for (const block of blocks) results.push(await compare(ws, block, engine));
        return results;
    } finally {
        await engine.close();
    }
}

/** Compare blocks in the results view: the two sides' figures next to each other, both rates charted. */
export function compareModel(comparisons: readonly Comparison[], heading: string): ResultsModel {
    return {
        heading,
        tables: comparisons.map((c): ResultsTable => {
            const leftLabel = c.left.label;
            const rightLabel = c.right?.label ?? 'published';
            const by = c.left.prepared.definition.breakdown;
            // The protected cells (disclosure module), as `stroom compare` shows them: `<k`, `x` or the count.
            const fig = (row: typeof c.figures[number]['left']) => row === undefined
                ? ['', '', ''] : [row.size.shown, row.count.shown, row.rate.shown];
            const rate = (row: typeof c.figures[number]['left']) => row === undefined || row.rate.hidden !== false ? null : row.rate.value;
            const rateLabel = (row: typeof c.figures[number]['left']) => row === undefined || row.rate.hidden !== false ? null : row.rate.shown;
            const figures = c.figures.map((p) => ({
                label: [String(p.cohortYear), ...p.breakdown.map(show)].join(' · '),
                cells: [String(p.cohortYear), ...p.breakdown.map(show), ...fig(p.left), ...fig(p.right)],
                values: [rate(p.left), rate(p.right)],
                valueLabels: [rateLabel(p.left), rateLabel(p.right)],
            }));
            return {
                title: c.title,
                subtitle: `${c.kind}: ${leftLabel} ↔ ${rightLabel} · ${describeDisclosure(c.disclosure)}`,
                columns: ['cohort', ...by, `${leftLabel} size`, `${leftLabel} count`, `${leftLabel} rate`, `${rightLabel} size`, `${rightLabel} count`, `${rightLabel} rate`],
                numericFrom: 1 + by.length,
                series: [leftLabel, rightLabel],
                rows: figures,
                notes: [
                    ...(c.noBridge ? [`no bridge: ${c.noBridge}`] : []),
                    ...c.findings.map((f) => `data: ${f.message}`),
                ],
            };
        }),
    };
}

/** The SQL of an indicator (DuckDB or PostgreSQL), with its card as a comment header: what `stroom compile` prints. */
export async function sqlOf(file: string, indicator: string | undefined, dialect: 'duckdb' | 'postgres' = 'duckdb'): Promise<string> {
    const ws = await loadWorkspace(file, [file]);
    const prepared = prepare(ws, file, { indicator });
    if (databaseTables(prepared).length > 0) dialect = 'postgres';
    return prepared.map((p) => printSql(p.plan, dialect === 'postgres' ? postgres : duckdb, { relativeTo: ws.root, dataFolders: ws.config.dataFolders })).join('\n');
}

/** The definition card page: what `stroom explain --format html` writes (the same function). */
export async function cardPage(file: string, indicator: string | undefined, settings: RunSettings & { data?: boolean } = {}): Promise<string> {
    const outcome = await explainFile(file, { indicator, lang: settings.lang, format: 'html', suppression: settings.suppression, data: settings.data });
    if (outcome.kind === 'usage') throw new Error(outcome.message);
    return outcome.text;
}
