// stroom funnel <file>: per indicator and cohort year, how many people each clause of the cohort keeps, computed on
// the source's data (DuckDB in memory, or PostgreSQL). Every count shown goes through the disclosure module
// (protectFunnel): small steps are `<k`, steps that would give away a small number of dropped people are `x`, and the
// last step (the cohort size) is hidden exactly when `stroom run` hides it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    checkData, checkSelection, csvLine, csvNumber, csvStart, databaseTables, describeDisclosure, disclosurePolicy, funnel, funnelStepLabel, funnelTable, funnelUnitWord, loadWorkspace, openWorkspaceEngine,
    PostgresEngine, prepare, protectFunnel, reasonIn, say, workspaceLang, type CsvDialect, type DisclosurePolicy, type Engine, type FunnelResult, type Lang,
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
    const text = format === 'json' ? renderJson(results, lang, meta, policyOf) : format === 'csv' ? renderCsv(results, lang, policyOf, options.csv)
        : format === 'md' ? renderMd(results, lang, policyOf) : renderTable(results, lang, policyOf);
    writeOutput(text, options.out);
    return 0;
}

function round(ms: number): number {
    return Math.round(ms * 10) / 10;
}

function title(r: FunnelResult): string {
    const def = r.prepared.definition;
    return `${def.indicator.name}${def.indicator.title ? ` — ${def.indicator.title}` : ''}`;
}

export type PolicyOf = (r: FunnelResult) => DisclosurePolicy;

function subtitle(r: FunnelResult, lang: Lang, policy: DisclosurePolicy): string {
    const def = r.prepared.definition;
    const unit = funnelUnitWord(r.unit, lang);
    // The last part says what the disclosure module did (describeDisclosure), not the old fixed text.
    return lang === 'nl'
        ? `trechter van cohort ${def.cohort.name} · bron ${r.prepared.source.name} · ${unit} · ${describeDisclosure(policy, 'nl')}`
        : `funnel of cohort ${def.cohort.name} · source ${r.prepared.source.name} · ${unit} · ${describeDisclosure(policy, 'en')}`;
}

function incompleteLines(r: FunnelResult, lang: Lang): Array<[number, string]> {
    return r.prepared.plan.incomplete.map((i) => [i.year, `${say(lang, 'funnelIncomplete')}: ${reasonIn(lang, i.reason)}`]);
}

export function renderTable(results: readonly FunnelResult[], lang: Lang, policyOf: PolicyOf): string {
    const out: string[] = [];
    for (const r of results) {
        out.push(title(r), subtitle(r, lang, policyOf(r)), '');
        const { header, rows } = funnelTable(r, lang, policyOf(r));
        if (r.years.length > 0) {
            const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
            const line = (row: readonly string[]) => row.map((v, i) => (i >= 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
            out.push(line(header), ...rows.map(line));
        }
        for (const [year, reason] of incompleteLines(r, lang)) out.push(`${year}  ${reason}`);
        out.push('');
    }
    return `${out.join('\n').trimEnd()}\n`;
}

function renderMd(results: readonly FunnelResult[], lang: Lang, policyOf: PolicyOf): string {
    const out: string[] = [];
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    for (const r of results) {
        out.push(`## ${title(r)}`, '', subtitle(r, lang, policyOf(r)), '');
        const { header, rows } = funnelTable(r, lang, policyOf(r));
        if (r.years.length > 0) {
            out.push(`| ${header.map(cell).join(' | ')} |`, `|${header.map((_, i) => (i >= 2 ? '---:' : '---')).join('|')}|`);
            for (const row of rows) out.push(`| ${row.map(cell).join(' | ')} |`);
            out.push('');
        }
        for (const [year, reason] of incompleteLines(r, lang)) out.push(`- ${year}: ${reason}`);
        if (r.prepared.plan.incomplete.length > 0) out.push('');
    }
    return `${out.join('\n').trimEnd()}\n`;
}

function renderCsv(results: readonly FunnelResult[], lang: Lang, policyOf: PolicyOf, dialect: CsvDialect = 'default'): string {
    const lines = [csvLine(['indicator', 'cohort_year', 'step', 'key', 'clause', 'count', 'status', 'note'], dialect)];
    for (const r of results) {
        const name = r.prepared.definition.indicator.name;
        const shown = protectFunnel(r, policyOf(r));
        for (const y of shown) {
            r.steps.forEach((s, i) => {
                const c = y.kept[i];
                lines.push(csvLine([name, String(y.cohortYear), String(i), s.key, s.clause ?? funnelStepLabel(r, i, lang),
                    csvNumber(c.shown), c.hidden === false ? 'ok' : 'suppressed', hiddenNote(c.hidden)], dialect));
            });
        }
        for (const [year, reason] of incompleteLines(r, lang)) lines.push(csvLine([name, String(year), '', '', '', '', 'incomplete', reason], dialect));
    }
    return `${csvStart(dialect)}${lines.join('\n')}\n`;
}

/** Why a funnel count is hidden, in English and Dutch (empty when shown). */
function hiddenNote(reason: false | 'small' | 'complement' | 'secondary'): string {
    if (reason === 'small') return 'small count / klein aantal';
    if (reason === 'complement') return 'fewer than the threshold dropped at this step / te weinig uitvallers bij deze stap';
    if (reason === 'secondary') return 'hidden to protect another count / verborgen om een ander aantal te beschermen';
    return '';
}

export function renderJson(results: readonly FunnelResult[], lang: Lang, meta: Record<string, unknown>, policyOf: PolicyOf): string {
    const body = {
        meta,
        results: results.map((r) => {
            const def = r.prepared.definition;
            const policy = policyOf(r);
            return {
                indicator: def.indicator.qualifiedName,
                cohort: def.cohort.qualifiedName,
                source: r.prepared.source.qualifiedName,
                unit: r.unit,
                suppression: policy.threshold,
                disclosure: { ...policy, description: describeDisclosure(policy, lang) },
                steps: r.steps.map((s, i) => ({ key: s.key, label: funnelStepLabel(r, i, lang), clause: s.clause ?? null })),
                years: protectFunnel(r, policy).map((y) => ({
                    cohort_year: y.cohortYear,
                    kept: y.kept.map((c) => c.value),
                    suppressed: y.kept.map((c) => c.hidden !== false),
                    hidden: y.kept.map((c) => c.hidden),
                })),
                incomplete: r.prepared.plan.incomplete.map((i) => ({ cohort_year: i.year, reason: reasonIn(lang, i.reason) })),
            };
        }),
    };
    return `${JSON.stringify(body, null, 2)}\n`;
}
