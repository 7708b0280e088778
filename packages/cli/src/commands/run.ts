// stroom run <file>: computes the file's indicators on their source, with embedded DuckDB or (--engine postgres) on
// PostgreSQL; a source of database tables runs on PostgreSQL only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    computeRun, hiddenSummary, renderCsv, renderJson, renderMarkdown, renderPublished, renderRecordsCsv, renderRunHtml, renderTable, type Format, openWorkspaceEngine, PostgresEngine, dataQuality, dataQualityLine, databaseTables, loadWorkspace, prepare, publishedSources,
    csvStart, sourcePickOf, workspaceLang, type CsvDialect, type Engine, type IndicatorResult, type Lang, type PublishedFigures,
} from '@stroom/language';
import { packageVersion } from '../output.js';
import { csvOnly, fail, note, writeOutput } from './common.js';

export interface RunOptions {
    readonly indicator?: string;
    readonly source?: string;
    readonly format?: Format;
    readonly out?: string;
    /** The CSV dialect (`nl`: semicolons, decimal comma, byte-order mark). */
    readonly csv?: CsvDialect;
    /** The language of the notes and of the xlsx definition sheets (default: stroom.json's). */
    readonly lang?: Lang;
    readonly records?: boolean;
    readonly engine?: 'duckdb' | 'postgres';
    readonly db?: string;
    /** false with --no-cache: the workspace cache is neither read nor written. */
    readonly cache?: boolean;
}

export async function run(file: string, options: RunOptions): Promise<number> {
    const started = new Date();
    const t0 = performance.now();
    const format = options.format ?? 'table';
    // Mistakes in the options are told before any data is read.
    if (options.csv && format !== 'csv') return fail(csvOnly(format), 2);
    if (options.records && format !== 'csv' && format !== 'json') return fail('--records writes csv or json only (--format csv|json)', 2);
    if (format === 'xlsx' && !options.out && process.stdout.isTTY) {
        return fail('--format xlsx writes a binary workbook, not text for a terminal: give --out FILE.xlsx (or redirect: > figures.xlsx)'
            + ' / --format xlsx schrijft een Excel-bestand, geen tekst voor de terminal: geef --out BESTAND.xlsx (of stuur door: > cijfers.xlsx)', 2);
    }
    if (!fs.existsSync(file)) return fail(`${file}: no such file`, 2);
    const ws = await loadWorkspace(file, [file]);
    const t1 = performance.now();
    const prepared = await prepare(ws, file, options);
    // Published figures defined in the file are shown after the computed ones (not with --indicator or --records).
    const publishedSpecs = options.indicator || options.records ? [] : publishedSources(ws, file);
    const url = options.db ?? process.env.STROOM_DATABASE_URL;
    const tables = databaseTables(prepared);
    if (tables.length > 0 && (options.engine !== 'postgres' || !url)) return fail(needsDatabase(tables, options), 2);
    // DuckDB always reads and checks the data files; with --engine postgres the figures come from PostgreSQL.
    const reader = await openWorkspaceEngine(ws, { cache: options.cache, note });
    let engine: Engine = reader;
    const results: IndicatorResult[] = [];
    const published: PublishedFigures[] = [];
    try {
        if (options.engine === 'postgres') {
            if (!url) {
                return fail('--engine postgres needs a database: --db URL or STROOM_DATABASE_URL'
                    + ' / --engine postgres heeft een database nodig: --db URL of STROOM_DATABASE_URL', 2);
            }
            try {
                engine = await PostgresEngine.open(url);
            } catch (e) {
                return fail(`cannot connect to PostgreSQL (${(e as Error).message})`, 2);
            }
        }
        const computed = await computeRun(ws, prepared, { engine, reader }, { records: options.records, published: publishedSpecs });
        results.push(...computed.results);
        published.push(...computed.published);
    } finally {
        if (engine !== reader) await engine.close();
        await reader.close();
    }
    const t2 = performance.now();
    // The notes' language: --lang, else stroom.json's, else both.
    const lang = options.lang ?? ws.config.language;
    const quality = dataQuality(results.flatMap((r) => r.findings));
    for (const f of quality.findings) process.stderr.write(`stroom: data: ${f.message}\n`);
    const qualityLine = dataQualityLine(quality);
    if (qualityLine) process.stderr.write(`stroom: ${qualityLine}\n`);
    let text: string | Uint8Array;
    if (options.records) {
        process.stderr.write('stroom: --records writes one row per person: personal data, keep it where it is allowed to be.\n');
    } else {
        const hidden = hiddenSummary(results, lang);
        if (hidden) process.stderr.write(`stroom: ${hidden}\n`);
    }
    switch (format) {
        case 'json':
            text = renderJson(results, {
                engine: engine.name, engineVersion: engine.version, stroomVersion: packageVersion(),
                file: path.relative(ws.root, path.resolve(file)), startedAt: started.toISOString(),
                timings: {
                    loadMs: round(t1 - t0), checkMs: round(results.reduce((a, r) => a + r.timings.checkMs, 0)),
                    queryMs: round(results.reduce((a, r) => a + r.timings.queryMs, 0)), totalMs: round(t2 - t0),
                },
            }, ws.root, published, lang);
            break;
        case 'csv': text = options.records ? renderRecordsCsv(results, options.csv) : renderCsv(results, lang, options.csv); break;
        case 'md': text = renderMarkdown(results, lang); break;
        case 'xlsx': {
            // The workbook writer is loaded only here: the other formats start without it.
            const { renderRunXlsx } = await import('../xlsx-run.js');
            text = await renderRunXlsx(results, published, {
                lang, cardLang: options.lang ?? workspaceLang(ws),
                explain: results.map((r) => ({
                    definition: r.prepared.definition, source: r.prepared.source, sourcePick: sourcePickOf(ws, r.prepared, options.source),
                    plan: r.prepared.plan, relativeTo: ws.root, disclosure: ws.config,
                })),
            });
            break;
        }
        case 'html': {
            // Vega and Vega-Lite are loaded only here (vegaInNode): the other formats start without them.
            text = await renderRunHtml(results, path.relative(ws.root, path.resolve(file)), published, lang);
            break;
        }
        default: text = renderTable(results, lang);
    }
    if (published.length > 0 && typeof text === 'string' && format !== 'json' && format !== 'html') {
        const shown = renderPublished(published, format, options.csv);
        // The CSV's byte-order mark (--csv nl) starts the whole document, never the part that follows.
        text = results.length > 0 ? `${text}\n${shown}` : `${format === 'csv' ? csvStart(options.csv) : ''}${shown}`;
    }
    writeOutput(text, options.out);
    return 0;
}

/**
 * Why indicators on database tables cannot run as asked, in English and Dutch: each source and its tables, and what
 * to add (the engine, the database, or both).
 */
function needsDatabase(tables: ReadonlyArray<{ source: string; table: string }>, options: RunOptions): string {
    const bySource = new Map<string, string[]>();
    for (const t of tables) bySource.set(t.source, [...(bySource.get(t.source) ?? []), t.table]);
    const en = [...bySource].map(([source, names]) => `source ${source} reads database table${names.length > 1 ? 's' : ''} ${names.join(', ')}`);
    const nl = [...bySource].map(([source, names]) => `bron ${source} leest ${names.length > 1 ? 'tabellen' : 'een tabel'} in een database`);
    const given = options.db ? '--db' : process.env.STROOM_DATABASE_URL ? 'STROOM_DATABASE_URL' : undefined;
    if (options.engine === 'postgres') {
        return `${en.join('; ')}: --engine postgres needs a database: --db URL or STROOM_DATABASE_URL`
            + ` / ${nl.join('; ')}: --engine postgres heeft een database nodig: --db URL of STROOM_DATABASE_URL`;
    }
    if (given) {
        return `${en.join('; ')}: it runs on PostgreSQL only: add --engine postgres (the database is given by ${given})`
            + ` / ${nl.join('; ')}: die draait alleen op PostgreSQL: voeg --engine postgres toe (de database staat in ${given})`;
    }
    return `${en.join('; ')}: it runs on PostgreSQL only: add --engine postgres and --db URL (or set STROOM_DATABASE_URL)`
        + ` / ${nl.join('; ')}: die draait alleen op PostgreSQL: voeg --engine postgres en --db URL toe (of zet STROOM_DATABASE_URL)`;
}

function round(ms: number): number {
    return Math.round(ms * 10) / 10;
}
