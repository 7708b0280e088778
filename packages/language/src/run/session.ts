// From a file and a few names to prepared indicators: the indicator(s), the source (SEMANTICS.md: --source, else
// the indicator's `on`, else the workspace default, else the only source), the card and the plan. Then execution.
import * as path from 'node:path';
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import * as ast from '../generated/ast.js';
import type { Diagnostic } from 'vscode-languageserver';
import { resolveIndicator, resolveSource } from '../definition/resolve.js';
import type { Definition, SourceSpec } from '../definition/types.js';
import { plan as makePlan, type Plan } from '../plan/plan.js';
import { printSql, type PrintOptions } from '../sql/print.js';
import { importedNames, qualifiedName } from '../scope.js';
import { decodeInput } from '../sql/input.js';
import { diagnosticCode, type Workspace } from '../workspace/load.js';
import { DuckDBEngine, EngineError, type Engine } from './engine.js';
import { applyNorms, readNorms } from './norms.js';
import { DEFAULT_DECIMALS, figures, identifyingBreakdown, withChanges, type CountRow, type FigureRow } from './figures.js';
import { checkData, DataError, engineMessage, type DataFinding } from './checks.js';
import { cut } from '../text/quote.js';
import { readPublished, type PublishedFigures } from './published.js';
import { disclosurePolicy, isSmall, protectedCell, type DisclosurePolicy, type ProtectedCell } from '../disclosure/disclosure.js';
import type { Outcome } from '../definition/types.js';

export class DefinitionError extends Error {
    constructor(message: string, readonly diagnostics: readonly string[] = []) {
        super(message);
    }
}

export interface Prepared {
    readonly definition: Definition;
    readonly source: SourceSpec;
    readonly plan: Plan;
    /** The source of published norms (`norm from X`), read beside the run. */
    readonly normSource?: SourceSpec;
}

export interface Selection {
    readonly indicator?: string;
    readonly source?: string;
}

/** Lines `path:line:col severity code message` for the errors of a document. */
export function errorLines(doc: LangiumDocument): string[] {
    const shown = path.relative(process.cwd(), doc.uri.fsPath) || doc.uri.fsPath;
    return (doc.diagnostics ?? []).filter((d: Diagnostic) => d.severity === 1)
        .map((d) => `${shown}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${diagnosticCode(d)} ${d.message.replace(/\s*\n\s*/g, ' ')}`);
}

/**
 * The documents a document depends on, transitively, without itself: those its references resolve into and those its
 * imports name. A figure computed from a definition whose convention or source file has an error is not the figure
 * the author wrote, so commands that compute refuse when any of these has an error.
 */
export function dependencyDocuments(ws: Workspace, doc: LangiumDocument): LangiumDocument<ast.Model>[] {
    const seen = new Set<LangiumDocument>([doc]);
    const queue: LangiumDocument[] = [doc];
    const out: LangiumDocument<ast.Model>[] = [];
    while (queue.length > 0) {
        for (const next of directDependencies(ws, queue.shift()!)) {
            if (seen.has(next)) continue;
            seen.add(next);
            queue.push(next);
            out.push(next);
        }
    }
    return out;
}

function directDependencies(ws: Workspace, doc: LangiumDocument): LangiumDocument<ast.Model>[] {
    const found = new Set<LangiumDocument>();
    for (const ref of doc.references) {
        const targets: Array<AstNode | undefined> = 'items' in ref ? ref.items.map((i) => i.ref) : [ref.ref];
        for (const t of targets) if (t) found.add(AstUtils.getDocument(t));
    }
    // An import whose element a parse error swallowed resolves nothing, but the file it names is still a dependency.
    const model = doc.parseResult.value as ast.Model;
    for (const imp of model.imports ?? []) {
        for (const entry of importedNames(imp)) {
            // A wildcard brings in its whole package; a named import the files of that package defining the name.
            const pkg = 'packagePrefix' in entry ? entry.packagePrefix : entry.qualified.slice(0, entry.qualified.lastIndexOf('.'));
            const name = 'packagePrefix' in entry ? undefined : entry.qualified.slice(pkg.length + 1);
            for (const d of ws.documents) {
                const m = d.parseResult.value;
                if (m.package === pkg && (name === undefined || m.elements.some((e) => 'name' in e && e.name === name))) found.add(d);
            }
        }
    }
    return ws.documents.filter((d) => d !== doc && found.has(d));
}

/** Error lines (`path:line:col error code message`) of the documents `doc` depends on. */
export function dependencyErrorLines(ws: Workspace, doc: LangiumDocument): string[] {
    return dependencyDocuments(ws, doc).flatMap(errorLines);
}

/**
 * Throws a DefinitionError when the file or anything it depends on has an error: nothing is computed then. The
 * message names the files; the diagnostics say file:line:col of each error.
 */
export function assertComputable(ws: Workspace, doc: LangiumDocument, file: string): void {
    const own = errorLines(doc);
    const broken = dependencyDocuments(ws, doc).filter((d) => errorLines(d).length > 0);
    const theirs = broken.flatMap(errorLines);
    if (own.length === 0 && theirs.length === 0) return;
    const shownFile = path.relative(process.cwd(), path.resolve(file)) || file;
    const n = own.length + theirs.length;
    const names = broken.map((d) => path.relative(process.cwd(), d.uri.fsPath) || d.uri.fsPath);
    const message = theirs.length === 0 ? `${file} has ${n} error${n === 1 ? '' : 's'}`
        : `${shownFile} depends on ${names.join(', ')}, which ${broken.length === 1 ? 'has' : 'have'} errors (${n} in all); nothing was computed`
        + ` / ${shownFile} hangt af van ${names.join(', ')}, met fouten; er is niets berekend`;
    throw new DefinitionError(message, [...own, ...theirs]);
}

export function findDocument(ws: Workspace, file: string): LangiumDocument<ast.Model> {
    const abs = path.resolve(file);
    const doc = ws.documents.find((d) => d.uri.fsPath === abs);
    if (!doc) throw new DefinitionError(`${file}: not loaded (is it a .stroom file?)`);
    return doc;
}

export function allSources(ws: Workspace): ast.Source[] {
    return ws.documents.flatMap((d) => d.parseResult.value.elements.filter(ast.isSource));
}

/** Sources of published figures (`figures from ...`) a file defines or imports by name: `run` shows them. */
export function publishedSources(ws: Workspace, file: string): SourceSpec[] {
    const model = findDocument(ws, file).parseResult.value;
    const imported = new Set(model.imports.flatMap(importedNames).flatMap((n) => ('qualified' in n ? [n.qualified] : [])));
    return allSources(ws)
        .filter((s) => s.$container === model || imported.has(qualifiedName(s.$container.package, s.name)))
        .filter((s) => s.members.some((m) => ast.isMapping(m) && m.record === 'figures'))
        .map(resolveSource);
}

export function prepare(ws: Workspace, file: string, selection: Selection = {}): Prepared[] {
    const doc = findDocument(ws, file);
    assertComputable(ws, doc, file);
    const indicators = doc.parseResult.value.elements.filter(ast.isIndicator);
    // A file of published figures only has no indicators to prepare.
    if (indicators.length === 0 && !selection.indicator && publishedSources(ws, file).length > 0) return [];
    const chosen = selection.indicator ? indicators.filter((i) => i.name === selection.indicator) : indicators;
    if (selection.indicator && chosen.length === 0) {
        throw new DefinitionError(`${file} has no indicator ${selection.indicator}; it has: ${indicators.map((i) => i.name).join(', ') || 'none'}`);
    }
    if (chosen.length === 0) throw new DefinitionError(`${file} defines no indicator`);
    const sources = allSources(ws);
    return chosen.map((indicator) => prepareOn(ws, indicator, pickSource(ws, sources, indicator, selection.source)));
}

/** An indicator prepared on a given source (which must be free of errors). */
export function prepareOn(ws: Workspace, indicator: ast.Indicator, source: ast.Source): Prepared {
    const sourceDoc = ws.documents.find((d) => d.parseResult.value === source.$container);
    const sourceErrors = sourceDoc ? errorLines(sourceDoc) : [];
    if (sourceErrors.length > 0) throw new DefinitionError(`source ${source.name} has errors`, sourceErrors);
    const spec = resolveSource(source);
    const { definition } = resolveIndicator(indicator, { source: spec, suppression: ws.config.suppression, decimals: ws.config.decimals });
    if (!definition) throw new DefinitionError(`${indicator.name} does not resolve to a complete definition`);
    const normRef = (indicator.clauses.find(ast.isNormClause) ?? indicator.convention?.ref?.clauses.find(ast.isNormClause))?.source?.ref;
    const normDoc = normRef ? ws.documents.find((d) => d.parseResult.value === normRef.$container) : undefined;
    const normErrors = normDoc ? errorLines(normDoc) : [];
    if (normRef && normErrors.length > 0) throw new DefinitionError(`source ${normRef.name} has errors`, normErrors);
    return { definition, source: spec, plan: makePlan(definition, spec), ...(normRef ? { normSource: resolveSource(normRef) } : {}) };
}

/** The source of a run (SEMANTICS.md): --source, else the indicator's `on`, else the workspace default, else the only one. */
export function pickSource(ws: Workspace, sources: ast.Source[], indicator: ast.Indicator, requested?: string): ast.Source {
    const byName = (name: string) => sources.filter((s) => s.name === name || `${s.$container.package ?? ''}.${s.name}` === name);
    const list = sources.map((s) => s.name).join(', ') || 'none';
    if (requested) {
        const found = byName(requested);
        if (found.length !== 1) throw new DefinitionError(`no source ${requested} in the workspace (sources: ${list})`);
        return found[0];
    }
    const own = indicator.clauses.find(ast.isOnSourceClause)?.source?.ref
        ?? indicator.clauses.find(ast.isCohortRefClause)?.cohort.ref?.clauses.find(ast.isOnSourceClause)?.source?.ref;
    if (own) return own;
    if (ws.config.defaultSource) {
        const found = byName(ws.config.defaultSource);
        if (found.length === 1) return found[0];
        throw new DefinitionError(`stroom.json names defaultSource ${ws.config.defaultSource}, which is not in the workspace (sources: ${list})`);
    }
    if (sources.length === 1) return sources[0];
    throw new DefinitionError(`${indicator.name}: which source? Use --source, \`on <Source>\` or defaultSource in stroom.json (sources: ${list})`);
}

export interface IndicatorResult {
    readonly prepared: Prepared;
    readonly figures: readonly FigureRow[];
    readonly records?: readonly Record<string, string | number | boolean | null>[];
    readonly findings: readonly DataFinding[];
    readonly timings: { readonly checkMs: number; readonly queryMs: number };
    /** Labels of breakdown values from the source's decode tables (`labels programme from Opleidingen`). */
    readonly labels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
    /** How the figures were protected (disclosure control): outputs say so. */
    readonly disclosure?: DisclosurePolicy;
    /**
     * Classified by source: per cohort year, the persons the outcomes file gives the measured outcome who are not in
     * the population (counted, never added), as a protected cell (`<5` when small).
     */
    readonly notInPopulation?: ReadonlyArray<{ readonly cohortYear: number; readonly count: ProtectedCell }>;
}

export interface ExecuteOptions {
    readonly records?: boolean;
    /** Reads and checks data files when the engine cannot (PostgreSQL); defaults to the engine itself. */
    readonly reader?: DuckDBEngine;
    /** The workspace's disclosure settings (stroom.json `suppressZeros`, `rounding`); the threshold is the indicator's. */
    readonly disclosure?: { readonly suppressZeros?: unknown; readonly rounding?: unknown };
    /** `stroom run`'s report: the year-on-year change of each rate (five or more cohort years). */
    readonly changes?: boolean;
    /** `stroom run`'s report: with two or more breakdowns, the totals per dimension too (margins), protected with the cells. */
    readonly margins?: boolean;
}

/**
 * What `stroom run` computes for a file, the same wherever it runs (the command line, the browser page): every
 * prepared indicator with the run report's options and the workspace's disclosure settings, then the published
 * figures the file defines. The engine computes; the reader (DuckDB) reads and checks the data files.
 */
export async function computeRun(ws: Workspace, prepared: readonly Prepared[], engines: { readonly engine: Engine; readonly reader: DuckDBEngine },
    options: { readonly records?: boolean; readonly published?: readonly SourceSpec[] } = {}): Promise<{ results: IndicatorResult[]; published: PublishedFigures[] }> {
    const disclosure = ws.config as { suppressZeros?: unknown; rounding?: unknown };
    const results: IndicatorResult[] = [];
    for (const p of prepared) {
        results.push(await execute(engines.engine, p, { records: options.records, reader: engines.reader, disclosure, changes: true, margins: true }));
    }
    const published: PublishedFigures[] = [];
    for (const spec of options.published ?? []) published.push(...await readPublished(engines.reader, spec));
    return { results, published };
}

export async function execute(engine: Engine, prepared: Prepared, options: ExecuteOptions = {}): Promise<IndicatorResult> {
    const { plan } = prepared;
    const t0 = performance.now();
    const reader = options.reader ?? (engine instanceof DuckDBEngine ? engine : undefined);
    const disclosure = disclosurePolicy(prepared.definition.choices.suppression.value, options.disclosure);
    if (!reader) throw new Error(`the ${engine.name} engine needs a DuckDB reader for data files`);
    const findings = await checkData(reader, plan);
    if (engine.prepareData) await engine.prepareData(plan, reader);
    const t1 = performance.now();
    if (plan.years.length === 0) {
        return { prepared, figures: [], findings, disclosure, timings: { checkMs: t1 - t0, queryMs: 0 }, ...(options.records ? { records: [] } : {}) };
    }
    let rows: Awaited<ReturnType<Engine['query']>>;
    let relationTable: PrintOptions['relationTable'];
    try {
        // Each relation is built once per run (or found in the workspace cache); every indicator's query reads it.
        relationTable = engine.relations ? await engine.relations(plan, reader) : undefined;
        rows = await engine.query(printSql(plan, engine.dialect, { records: options.records, relationTable }));
    } catch (e) {
        if (e instanceof EngineError) throw e;
        // Typically a value a database table holds that the mapping cannot read (a date in another format).
        throw new DataError(`${prepared.definition.indicator.name}: ${engine.name} could not compute it: ${engineMessage(e)}`);
    }
    const notInPopulation = plan.classified ? await unmatchedOutcomes(engine, prepared, disclosure, findings, relationTable) : undefined;
    const t2 = performance.now();
    const extra = notInPopulation ? { notInPopulation } : {};
    if (options.records) {
        return { prepared, figures: [], records: rows, findings, disclosure, timings: { checkMs: t1 - t0, queryMs: t2 - t1 }, ...extra };
    }
    const counts: CountRow[] = rows.map((r) => ({
        cohortYear: Number(r.cohort_year),
        breakdown: plan.breakdown.map((b) => (r[`by_${b.name}`] === null ? null : String(r[`by_${b.name}`]))),
        outcome: String(r.outcome) as Outcome,
        n: Number(r.n),
    }));
    refuseIdentifyingBreakdown(prepared, counts);
    const def = prepared.definition;
    const computed = figures(poolCounts(counts, plan.pool, plan.shownYears), def.measure.name, disclosure, def.choices.decimals?.value ?? DEFAULT_DECIMALS,
        { margins: options.margins });
    const norms = prepared.normSource ? await readNorms(reader, prepared.normSource) : undefined;
    const normed = norms ? applyNorms(computed, norms, def.breakdown, def.measure.name) : computed;
    const shown = options.changes ? withChanges(normed) : normed;
    const labels = await breakdownLabels(reader, prepared, shown, findings);
    return {
        prepared, figures: shown, findings, disclosure, timings: { checkMs: t1 - t0, queryMs: t2 - t1 },
        ...(Object.keys(labels).length > 0 ? { labels } : {}), ...extra,
    };
}

/**
 * Persons the publisher gives the outcome but who are not in that year's population: SEMANTICS.md says they are
 * counted and reported, never added. The count is a cell like any other: below the threshold it reads `<k`.
 */
async function unmatchedOutcomes(engine: Engine, prepared: Prepared, policy: DisclosurePolicy, findings: DataFinding[],
    relationTable: PrintOptions['relationTable']): Promise<Array<{ cohortYear: number; count: ProtectedCell }>> {
    const { plan } = prepared;
    const rows = await engine.query(printSql(plan, engine.dialect, { notInPopulation: true, relationTable }));
    const byYear = new Map(rows.map((r) => [Number(r.cohort_year), Number(r.n)]));
    const out = plan.years.map((y) => {
        const n = byYear.get(y) ?? 0;
        return { cohortYear: y, count: protectedCell(n, isSmall(n, policy) ? 'small' : false, policy) };
    });
    const outcome = plan.measure.kind === 'classified' ? plan.measure.outcome : prepared.definition.measure.name;
    for (const o of out) {
        if (o.count.value === 0) continue;
        const files = plan.classified!.outcomes.filter((x) => x.years.includes(o.cohortYear)).map((x) => x.relation.file);
        const noun = notInPopulationNoun(outcome, o.count.value === 1);
        findings.push({
            file: files[0]?.path ?? '', column: 'person', severity: 'warning', rule: 'not-in-population', count: o.count.value ?? undefined,
            message: `cohort ${o.cohortYear}: ${o.count.shown} ${noun.en} in ${files.map((f) => f.written).join(', ')} ${o.count.value === 1 ? 'is' : 'are'} not in the population; not counted`
                + ` / cohort ${o.cohortYear}: ${o.count.shown} ${noun.nl} ${o.count.value === 1 ? 'staat' : 'staan'} niet in de populatie; niet meegeteld`,
        });
    }
    return out;
}

/** A breakdown by a column that is nearly unique per person (a birth date, a student number) lists persons: refused. */
function refuseIdentifyingBreakdown(prepared: Prepared, counts: readonly CountRow[]): void {
    const { plan } = prepared;
    const own = plan.breakdown.flatMap((b, i) => (b.from === 'person' || b.from === 'anchor' ? [i] : []));
    const found = identifyingBreakdown(counts, own);
    if (!found) return;
    const name = plan.breakdown[found.index].name;
    throw new DataError(`${prepared.definition.indicator.name}: the breakdown by ${name} looks like an identifier: in cohort ${found.cohortYear}, ${found.persons} persons have ${found.values} different values. A breakdown groups people; map the column to a few groups (\`map { ... }\`) or leave it out.`
        + ` / De uitsplitsing naar ${name} lijkt een identificatie: in cohort ${found.cohortYear} hebben ${found.persons} personen ${found.values} verschillende waarden.`);
}

/** For each breakdown with a decode table: the labels of the values that occur (a code the table lacks has none). */
async function breakdownLabels(reader: DuckDBEngine, prepared: Prepared, rows: readonly FigureRow[], findings: DataFinding[]): Promise<Record<string, Record<string, string>>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [i, name] of prepared.definition.breakdown.entries()) {
        const decode = prepared.source.labels[name];
        if (!decode) continue;
        const values = [...new Set(rows.filter((r) => !r.breakdownHidden && !r.total?.[i]).map((r) => r.breakdown[i]).filter((v): v is string => v !== null))];
        if (values.length === 0) continue;
        const d = reader.dialect;
        const found = await reader.query(`SELECT "code", "label" FROM ${decodeInput(d, decode)} AS "decode" WHERE "code" IN (${values.map((v) => d.quoteString(v)).join(', ')})`);
        out[name] = Object.fromEntries(found.map((r) => [String(r.code), String(r.label)]));
        const unlabelled = values.filter((v) => !(v in out[name]));
        if (unlabelled.length > 0) {
            findings.push({
                file: decode.file.path, column: decode.code,
                message: `${unlabelled.length} ${name} code${unlabelled.length === 1 ? ' is' : 's are'} not in decode table ${decode.name} (${path.basename(decode.file.path)}), shown without a label: ${unlabelled.sort().slice(0, 10).map((c) => cut(c)).join(', ')}${unlabelled.length > 10 ? ', ...' : ''}`,
            });
        }
    }
    return out;
}

/** Pooled counts: the figure of year y sums the counts of cohorts y-pool+1 .. y (Inspectie: three years). */
export function poolCounts(counts: readonly CountRow[], pool: number, shownYears: readonly number[]): CountRow[] {
    if (pool <= 1) return counts.filter((c) => shownYears.includes(c.cohortYear));
    const out: CountRow[] = [];
    for (const y of shownYears) {
        for (const c of counts) {
            if (c.cohortYear > y - pool && c.cohortYear <= y) out.push({ ...c, cohortYear: y });
        }
    }
    return out;
}

/** Database tables a prepared indicator reads: such sources run on PostgreSQL only. */
export function databaseTables(prepared: readonly Prepared[]): Array<{ source: string; table: string }> {
    const out: Array<{ source: string; table: string }> = [];
    for (const p of prepared) {
        for (const r of p.plan.relations) {
            if (r.file.format === 'table' && !out.some((o) => o.table === r.file.written)) out.push({ source: p.source.name, table: r.file.written });
        }
    }
    return out;
}

/** What the persons of an outcomes file are called: DUO's vsv list holds leavers. */
export function notInPopulationNoun(outcome: string, one: boolean): { en: string; nl: string } {
    if (outcome === 'vsv') return one ? { en: 'leaver', nl: 'voortijdig schoolverlater' } : { en: 'leavers', nl: 'voortijdig schoolverlaters' };
    return { en: `person${one ? '' : 's'} with outcome ${outcome}`, nl: `${one ? 'persoon' : 'personen'} met uitkomst ${outcome}` };
}
