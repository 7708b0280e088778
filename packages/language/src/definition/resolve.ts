// Resolves an indicator to its definition card: explicit value, else convention, else source, else default
// (SEMANTICS.md). Required choices never default; the problems list says what is missing or overridden, and
// validation turns those into diagnostics, so the editor and the compiler agree by construction.
import { AstUtils, type AstNode } from 'langium';
import * as path from 'node:path';
import * as ast from '../generated/ast.js';
import { qualifiedName } from '../scope.js';
import { readLayout } from '../workspace/layout.js';
import { readRecordsLayout } from '../workspace/records-layout.js';
import { dataAccessFor, dataPathRefusal, encodingRefusal, pathRefusal, tableRefusal } from '../workspace/data-access.js';
import { hasOutOfRange } from '../validation/bounds.js';
import { unquote } from '../text/quote.js';
import { CHOICES, monthDay, readHistory, showChoice, type ChoiceKey, type ChoiceSpec } from './choices.js';
import type {
    Choices, Chosen, CohortKind, DataFileSpec, Definition, ElementRef, FieldValue, MappingSpec, MeasureName, Origin,
    RecordKind, SourceSpec, DecodeSpec, OrderOperator, WhereSpec, MonthDay, OutcomesSpec, PopulationSpec,
} from './types.js';
import { HISTORY_BREAKDOWN } from './types.js';

export interface ResolveProblem {
    readonly code: 'missing-choice' | 'convention-override' | 'missing-cohort' | 'missing-measure' | 'out-of-range';
    readonly severity: 'error' | 'warning';
    readonly message: string;
    readonly node: AstNode;
    readonly property?: string;
    readonly choice?: ChoiceKey;
    /** For missing-choice: the element the fix inserts into. */
    readonly target?: ast.Cohort | ast.Indicator;
}

export interface ResolveResult {
    readonly definition?: Definition;
    readonly problems: readonly ResolveProblem[];
}

export interface ResolveContext {
    /** Workspace default suppression threshold (stroom.json), else 5. */
    readonly suppression?: number;
    /** Workspace default decimals of rates (stroom.json), else 1. */
    readonly decimals?: number;
    /** The source the run uses: its peildatum is a default for the cohort. */
    readonly source?: SourceSpec;
}

export function documentPath(node: AstNode): string {
    const doc = AstUtils.getDocument(node);
    return doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.toString();
}

export function lineOf(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

function packageOf(node: AstNode): string | undefined {
    return AstUtils.getContainerOfType(node, ast.isModel)?.package;
}

/** The `///` comment lines directly above a node, as one paragraph. */
export function docComment(node: AstNode): string | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const text = cst.root.fullText;
    // Walks back line by line from the node: splitting all the text before it made a file of N elements cost N^2.
    let end = text.lastIndexOf('\n', cst.offset - 1); // end of the line before the node's line
    const doc: string[] = [];
    while (end >= 0) {
        const start = text.lastIndexOf('\n', end - 1) + 1;
        const m = /^\s*\/\/\/\s?(.*)$/.exec(text.slice(start, end).replace(/\r$/, ''));
        if (!m) break;
        doc.unshift(m[1]);
        end = start - 1;
    }
    return doc.length > 0 ? doc.join(' ').trim() : undefined;
}

function elementRef(node: ast.Cohort | ast.Indicator): ElementRef {
    return {
        name: node.name,
        qualifiedName: qualifiedName(packageOf(node), node.name),
        title: node.title ? unquote(node.title) : undefined,
        doc: docComment(node),
        file: documentPath(node),
        line: lineOf(node),
    };
}

export { unquote } from '../text/quote.js';

function clauseOf(clauses: readonly ast.Clause[], spec: ChoiceSpec): { clause: ast.Clause; value: unknown } | undefined {
    for (const clause of clauses) {
        if (spec.clauses.includes(clause.$type)) {
            const value = spec.read(clause);
            if (value !== undefined) return { clause, value };
        }
    }
    return undefined;
}

export function cohortKind(cohort: ast.Cohort, convention?: ast.Convention): CohortKind {
    const own = cohort.clauses.find(ast.isKindClause) ?? convention?.clauses.find(ast.isKindClause);
    // `kind leaving without diploma` is its own kind: de-registrations, not jaarresultaat's leavers.
    if (own?.kind === 'leaving' && own.withoutDiploma) return 'deregistration';
    return (own?.kind as CohortKind | undefined) ?? 'entering';
}

export function measureOf(indicator: ast.Indicator): ast.MeasureClause | undefined {
    return indicator.clauses.find(ast.isMeasureClause) ?? indicator.convention?.ref?.clauses.find(ast.isMeasureClause);
}

export function cohortOf(indicator: ast.Indicator): ast.Cohort | undefined {
    return indicator.clauses.find(ast.isCohortRefClause)?.cohort?.ref;
}

/** Resolves one indicator. Without a cohort or measure there is no card, only problems. */
export function resolveIndicator(indicator: ast.Indicator, ctx: ResolveContext = {}): ResolveResult {
    const problems: ResolveProblem[] = [];
    const cohort = cohortOf(indicator);
    const measureClause = measureOf(indicator);
    if (measureClause?.classified && measureClause.measure) return resolveClassified(indicator, cohort, measureClause, ctx);
    if (!cohort) {
        if (!indicator.clauses.some(ast.isCohortRefClause)) {
            problems.push({ code: 'missing-cohort', severity: 'error', node: indicator, property: 'name',
                message: `Indicator ${indicator.name} names no cohort: add \`cohort <Name>\`. / Indicator ${indicator.name} noemt geen cohort.` });
        }
        return { problems };
    }
    if (!measureClause?.measure) {
        problems.push({ code: 'missing-measure', severity: 'error', node: indicator, property: 'name',
            message: `Indicator ${indicator.name} has no measure: add \`measure dropout\` (or switch, retention, success, ...). / Indicator ${indicator.name} heeft geen maat.` });
        return { problems };
    }
    return resolveCard(cohort, indicator, measureClause.measure as MeasureName, measureClause, ctx);
}

/**
 * The breakdown names of `by` clauses, in order: an attribute by its name (`leave reason` with its space), `by history S` as `history`, a field of
 * that earlier enrollment as `history.<field>`. An item still being typed (no name yet) is left out.
 */
export function breakdownNames(clauses: readonly ast.ByClause[]): string[] {
    return clauses.flatMap((b) => b.items).flatMap((i) => {
        if (ast.isHistoryBy(i)) return i.field ? [`${HISTORY_BREAKDOWN}.${i.field}`] : i.sector ? [HISTORY_BREAKDOWN] : [];
        return i.attribute ? [normalizeField(i.attribute)] : [];
    });
}

/** `norm from S` as the card's `norms`; nothing while the source is unwritten or unresolved. */
function normsOf(clause: ast.NormClause | undefined): Pick<Definition, 'norms'> {
    const source = clause?.source?.ref;
    return clause && source ? { norms: { source: qualifiedName(packageOf(source), source.name), file: documentPath(clause), line: lineOf(clause) } } : {};
}

/** Clauses a classified indicator (and the cohort it may name) can hold: the rest would read dates (validation). */
export const CLASSIFIED_CLAUSES: ReadonlySet<string> = new Set(['CohortRefClause', 'MeasureClause', 'YearsClause', 'SuppressClause',
    'DecimalsClause', 'NormClause', 'ByClause', 'OnSourceClause']);

/**
 * `measure M classified by source`: the cohort is the source's population, the outcome the publisher's. The card has
 * no enrollment choices: the population filters are `any` (the publisher already chose), the peildatum is the
 * population's (when the run's source is known), and only the suppression threshold is the indicator's.
 */
function resolveClassified(indicator: ast.Indicator, cohort: ast.Cohort | undefined, measureClause: ast.MeasureClause,
    ctx: ResolveContext): ResolveResult {
    const outside = [cohort, indicator].find(hasOutOfRange);
    if (outside) {
        return { problems: [{ code: 'out-of-range', severity: 'error', node: outside,
            message: `${(outside as { name?: string }).name ?? 'This definition'} holds a number out of range (see its out-of-range error). / Bevat een getal buiten het bereik.` }] };
    }
    const dflt = <T>(value: T): Chosen<T> => ({ value, origin: { kind: 'default' } });
    const suppressClause = indicator.clauses.find(ast.isSuppressClause);
    const conventionSuppress = indicator.convention?.ref?.clauses.find(ast.isSuppressClause);
    const suppression: Chosen<number> = suppressClause
        ? { value: suppressClause.threshold, origin: { kind: 'explicit', element: `indicator ${indicator.name}`, file: documentPath(suppressClause), line: lineOf(suppressClause) } }
        : conventionSuppress
            ? { value: conventionSuppress.threshold, origin: { kind: 'convention', convention: indicator.convention!.ref!.name, file: documentPath(conventionSuppress), line: lineOf(conventionSuppress) } }
            : ctx.suppression !== undefined ? { value: ctx.suppression, origin: { kind: 'workspace' } } : dflt(5);
    const population = ctx.source?.populations?.[0];
    const peildatum: Chosen<MonthDay> = population
        ? { value: { month: Number(population.on.slice(5, 7)), day: Number(population.on.slice(8, 10)) }, origin: { kind: 'source', source: ctx.source!.name } }
        : dflt({ month: 10, day: 1 });
    // Decimals and norms are about showing the figure, not choosing the cohort: a classified indicator has them too.
    const decimalsClause = indicator.clauses.find(ast.isDecimalsClause);
    const decimals: Chosen<number> | undefined = decimalsClause
        ? { value: decimalsClause.decimals, origin: { kind: 'explicit', element: `indicator ${indicator.name}`, file: documentPath(decimalsClause), line: lineOf(decimalsClause) } }
        : ctx.decimals !== undefined ? { value: ctx.decimals, origin: { kind: 'workspace' } } : undefined;
    const choices: Choices = {
        peildatum, prior: dflt('any'), sector: dflt('any'), mode: dflt('any'), level: dflt('any'), funded: dflt(false),
        mainOnly: dflt(false), ageBelow: dflt(null), unit: dflt('person'), suppression, ...(decimals ? { decimals } : {}),
    };
    const years = indicator.clauses.find(ast.isYearsClause) ?? cohort?.clauses.find(ast.isYearsClause);
    const sourceRef = indicator.clauses.find(ast.isOnSourceClause)?.source ?? cohort?.clauses.find(ast.isOnSourceClause)?.source;
    const definition: Definition = {
        indicator: elementRef(indicator),
        // The population on its peildatum: who is there, as the publisher lists them (an enrolled cohort, not computed).
        cohort: { ...elementRef(cohort ?? indicator), kind: 'enrolled', ...(years ? { years: [years.from, years.to ?? years.from] as const } : {}) },
        measure: { name: measureClause.measure as MeasureName },
        conventions: [],
        choices,
        breakdown: breakdownNames(indicator.clauses.filter(ast.isByClause)),
        ...(sourceRef?.ref ? { sourceName: sourceRef.ref.name } : {}),
        classified: { by: 'source' },
        ...normsOf(indicator.clauses.find(ast.isNormClause)),
    };
    return { definition, problems: [] };
}

/**
 * The card of a cohort alone, for membership (`expect p in Cohort`): a distribution measure that reads only the
 * cohort's choices (destination on the peildatum itself; jaarresultaat for leaving cohorts).
 */
export function resolveCohort(cohort: ast.Cohort, ctx: ResolveContext = {}): ResolveResult {
    const kind = cohortKind(cohort, cohort.convention?.ref);
    return resolveCard(cohort, undefined, kind === 'leaving' ? 'jaarresultaat' : 'destination', undefined, ctx);
}

function resolveCard(cohort: ast.Cohort, indicator: ast.Indicator | undefined, measure: MeasureName,
    measureClause: ast.MeasureClause | undefined, ctx: ResolveContext): ResolveResult {
    const problems: ResolveProblem[] = [];
    const subject: ast.Cohort | ast.Indicator = indicator ?? cohort;
    const indicatorConvention = indicator?.convention?.ref;
    const cohortConvention = cohort.convention?.ref;
    // Refused before any value is read: a card with years 2015..99999999999 would be planned, evaluated and printed.
    const outside = [cohort, indicator, cohortConvention, indicatorConvention].find(hasOutOfRange);
    if (outside) {
        return { problems: [{ code: 'out-of-range', severity: 'error', node: outside,
            message: `${(outside as { name?: string }).name ?? 'This definition'} holds a number out of range (see its out-of-range error). / Bevat een getal buiten het bereik.` }] };
    }
    const kind = cohortKind(cohort, cohortConvention ?? indicatorConvention);

    const values: Partial<Record<ChoiceKey, Chosen<unknown>>> = {};
    const plain: Partial<Record<ChoiceKey, unknown>> = {};
    for (const spec of CHOICES) {
        if (!spec.applies(kind, measure)) continue;
        const owner = spec.owner === 'cohort' ? cohort : indicator;
        const conventions = spec.owner === 'cohort'
            ? [cohortConvention, indicatorConvention].filter((c): c is ast.Convention => !!c)
            : [indicatorConvention].filter((c): c is ast.Convention => !!c);
        const explicit = owner ? clauseOf(owner.clauses, spec) : undefined;
        let fromConvention: { clause: ast.Clause; value: unknown; convention: ast.Convention } | undefined;
        for (const conv of conventions) {
            const found = clauseOf(conv.clauses, spec);
            if (found) { fromConvention = { ...found, convention: conv }; break; }
        }
        let chosen: Chosen<unknown> | undefined;
        if (explicit && owner) {
            chosen = { value: explicit.value, origin: { kind: 'explicit', element: `${owner.$type === 'Cohort' ? 'cohort' : 'indicator'} ${owner.name}`, file: documentPath(explicit.clause), line: lineOf(explicit.clause) } };
            if (fromConvention && JSON.stringify(fromConvention.value) !== JSON.stringify(explicit.value)) {
                const conv = fromConvention.convention;
                problems.push({
                    code: 'convention-override', severity: 'warning', node: explicit.clause, choice: spec.key,
                    message: `\`${showChoice(spec.key, explicit.value)}\` (${owner.name}, line ${lineOf(explicit.clause)}) overrides convention ${conv.name}'s \`${showChoice(spec.key, fromConvention.value)}\` (${path.basename(documentPath(fromConvention.clause))} line ${lineOf(fromConvention.clause)}); the explicit value wins. / Overschrijft de waarde van conventie ${conv.name}.`,
                });
            }
        } else if (fromConvention) {
            chosen = { value: fromConvention.value, origin: { kind: 'convention', convention: fromConvention.convention.name, file: documentPath(fromConvention.clause), line: lineOf(fromConvention.clause) } };
        } else if (spec.key === 'peildatum' && ctx.source?.peildatum) {
            chosen = { value: ctx.source.peildatum, origin: { kind: 'source', source: ctx.source.name } };
        } else if (spec.key === 'suppression' && ctx.suppression !== undefined) {
            chosen = { value: ctx.suppression, origin: { kind: 'workspace' } };
        } else if (spec.key === 'decimals') {
            if (ctx.decimals !== undefined) chosen = { value: ctx.decimals, origin: { kind: 'workspace' } };
            else continue;
        } else if (spec.unset !== undefined) {
            // Off unless a clause sets it: absent from the card.
            continue;
        } else if (!spec.required(kind, measure, plain) && spec.defaultValue !== undefined) {
            chosen = { value: spec.defaultValue, origin: { kind: 'default' } };
        } else if (!indicator && spec.owner === 'indicator') {
            // A cohort alone is looked at on its own peildatum.
            chosen = { value: spec.key === 'horizon' || spec.key === 'horizonMonths' ? 0 : spec.defaultValue, origin: { kind: 'default' } };
        }
        if (chosen) {
            values[spec.key] = chosen;
            plain[spec.key] = chosen.value;
        } else {
            const where = spec.owner === 'cohort' ? `cohort ${cohort.name}` : `indicator ${subject.name}`;
            problems.push({
                code: 'missing-choice', severity: 'error', node: subject, property: 'name', choice: spec.key,
                target: spec.owner === 'cohort' ? cohort : subject,
                message: `${subject.name} leaves '${spec.en}' implicit: set it in ${where} or in a convention (${spec.options.map((o) => `\`${o.text}\``).join(', ')}). / '${spec.nl}' is niet gekozen.`,
            });
        }
    }
    if (problems.some((p) => p.severity === 'error')) return { problems };

    const years = cohort.clauses.find(ast.isYearsClause);
    const byClauses = indicator?.clauses.filter(ast.isByClause) ?? [];
    const breakdown = breakdownNames(byClauses);
    const historyBy = byClauses.flatMap((b) => b.items).find((i): i is ast.HistoryBy => ast.isHistoryBy(i) && i.sector !== undefined);
    const conventions = [indicatorConvention, cohortConvention]
        .filter((c, i, all): c is ast.Convention => !!c && all.indexOf(c) === i)
        .map((c) => ({ name: c.name, citation: c.clauses.find(ast.isCiteClause)?.citation }))
        .map((c) => ({ name: c.name, ...(c.citation ? { citation: unquote(c.citation) } : {}) }));
    const normClause = indicator?.clauses.find(ast.isNormClause) ?? indicatorConvention?.clauses.find(ast.isNormClause);
    const sourceRef = indicator?.clauses.find(ast.isOnSourceClause)?.source ?? cohort.clauses.find(ast.isOnSourceClause)?.source;
    const definition: Definition = {
        indicator: elementRef(subject),
        cohort: { ...elementRef(cohort), kind, ...(years ? { years: [years.from, years.to ?? years.from] as const } : {}) },
        measure: {
            name: measure,
            ...(measureClause?.overRetainedAfter !== undefined ? { overRetainedAfter: measureClause.overRetainedAfter } : {}),
            ...(measureClause?.pool !== undefined ? { pool: measureClause.pool } : {}),
        },
        conventions,
        choices: values as unknown as Choices,
        breakdown,
        ...(historyBy ? { historyBreakdown: readHistory(historyBy) } : {}),
        ...(sourceRef?.ref ? { sourceName: sourceRef.ref.name } : {}),
        ...normsOf(normClause),
    };
    return { definition, problems };
}

// ------------------------------------------------------------------ sources

function fieldValue(v: ast.ValueExpr): FieldValue {
    if (ast.isDateValue(v)) return { kind: 'date', column: unquote(v.column), format: unquote(v.format) };
    if (ast.isPeriodValue(v)) {
        return {
            kind: 'period',
            from: { column: unquote(v.from?.column), format: unquote(v.from?.format) },
            to: { column: unquote(v.to?.column), format: unquote(v.to?.format) },
        };
    }
    if (ast.isYearPeriodValue(v)) return { kind: 'year period', column: unquote(v.column), start: monthDay(v.day, v.month) };
    if (ast.isSchoolYearValue(v)) return { kind: 'school year', column: unquote(v.column) };
    if (ast.isConstantValue(v)) return constantValue(v);
    const map = v.valueMap;
    const decode = v.decode?.ref;
    return {
        kind: 'column', column: unquote(v.column),
        ...(v.alternatives.length > 0 ? { alternatives: v.alternatives.map(unquote) } : {}),
        ...(decode ? { decode: decodeSpec(decode) } : {}),
        ...(map ? { map: { ...(map.prefix !== undefined ? { prefix: map.prefix } : {}), entries: map.entries.map((e) => [unquote(e.key), e.value] as const) } } : {}),
    };
}

/** A constant as written: a date, a number, `true` / `false` (a boolean), or a code. */
export function constantValue(v: ast.ConstantValue): FieldValue {
    if (v.date !== undefined) return { kind: 'constant', type: 'date', value: v.date };
    if (v.number !== undefined) return { kind: 'constant', type: 'number', value: String(v.number) };
    if (v.value === 'true' || v.value === 'false') return { kind: 'constant', type: 'boolean', value: v.value };
    return { kind: 'constant', type: 'code', value: v.value ?? '' };
}

/** A row filter as plain data; `and` / `or` chains become one node with every operand. */
export function whereSpec(c: ast.Condition): WhereSpec {
    if (ast.isBinaryCondition(c)) {
        const kind = c.operator as 'and' | 'or';
        const flat = (x: ast.Condition): WhereSpec[] => {
            const w = whereSpec(x);
            return w.kind === kind ? [...w.operands] : [w];
        };
        return { kind, operands: [...flat(c.left), ...flat(c.right)] };
    }
    if (ast.isNotCondition(c)) return { kind: 'not', operand: whereSpec(c.operand) };
    const cmp = c as ast.Comparison;
    const column = unquote(cmp.dateColumn ?? cmp.column);
    if (cmp.missing) return { kind: 'missing', column, negated: cmp.notMissing };
    if (cmp.operator === '=' || cmp.operator === '!=') return { kind: 'codes', column, operator: cmp.operator, values: [unquote(cmp.value)] };
    if (cmp.operator) {
        const operator = cmp.operator as OrderOperator;
        return cmp.date !== undefined
            ? { kind: 'date', column, format: unquote(cmp.format), operator, value: cmp.date }
            : { kind: 'number', column, operator, value: cmp.number ?? 0 };
    }
    return { kind: 'codes', column, operator: cmp.negated ? 'not in' : 'in', values: cmp.values.map(unquote) };
}

/** The grammar gives `fixed width` as one word. */
export function fileFormat(written: string | undefined): DataFileSpec['format'] {
    const compact = (written ?? '').replace(/\s+/g, '');
    return compact === 'fixedwidth' ? 'fixed width' : compact as DataFileSpec['format'];
}

export function decodeSpec(table: ast.DecodeTable): DecodeSpec | undefined {
    const file = table.file?.ref;
    if (!file) return undefined;
    return { name: table.name, file: dataFileSpec(file), code: unquote(table.code), label: unquote(table.label) };
}

export function dataFileSpec(file: ast.DataFile): DataFileSpec {
    const written = unquote(file.path);
    const docUri = AstUtils.getDocument(file).uri;
    const dir = docUri.scheme === 'file' ? path.dirname(docUri.fsPath) : process.cwd();
    const format = fileFormat(file.format);
    const layoutPath = file.layout ? path.resolve(dir, unquote(file.layout)) : undefined;
    const resolved = format === 'table' ? written : path.resolve(dir, written);
    const refused = fileRefusal(format, resolved, written, layoutPath, file, docUri.scheme === 'file' ? docUri.fsPath : path.join(dir, 'untitled'));
    // A refused layout is never opened: its lines would end up in messages.
    const readable = refused?.property !== 'layout';
    const layout = readable && layoutPath && format === 'fixed width' ? readLayout(layoutPath) : undefined;
    const records = readable && layoutPath && format === 'records' ? readRecordsLayout(layoutPath) : undefined;
    return {
        name: file.name, format, written,
        path: resolved,
        ...(refused ? { refused } : {}),
        ...(file.encoding ? { encoding: unquote(file.encoding) } : {}),
        ...(layoutPath && layout && !layout.tooLarge ? { layout: { path: layoutPath, width: layout.width, fields: layout.fields.map(({ name, start, width }) => ({ name, start, width })) } } : {}),
        ...(layoutPath && records && !records.tooLarge ? { records: { path: layoutPath, ...(records.header ? { header: records.header } : {}), types: records.types } } : {}),
        at: { file: documentPath(file), line: lineOf(file) },
        ...(file.delimiter ? { delimiter: unquote(file.delimiter) } : {}),
    };
}

/** The first reason the workspace refuses what a file declaration reads: its path, its layout, its encoding. */
function fileRefusal(format: DataFileSpec['format'], resolved: string, written: string, layoutPath: string | undefined,
    file: ast.DataFile, definitionFile: string): DataFileSpec['refused'] {
    const access = dataAccessFor(definitionFile);
    if (format === 'table') {
        const r = tableRefusal(written, access);
        return r ? { ...r, property: 'path' } : undefined;
    }
    const onPath = dataPathRefusal(resolved, access, written);
    if (onPath) return { ...onPath, property: 'path' };
    const onLayout = layoutPath ? pathRefusal(layoutPath, access, unquote(file.layout!)) : undefined;
    if (onLayout) return { ...onLayout, property: 'layout' };
    const onEncoding = file.encoding ? encodingRefusal(unquote(file.encoding), written) : undefined;
    return onEncoding ? { ...onEncoding, property: 'encoding' } : undefined;
}

function fieldsOf(fields: readonly ast.FieldMapping[]): Record<string, FieldValue> {
    const out: Record<string, FieldValue> = {};
    for (const f of fields) if (f.value) out[normalizeField(f.field)] = fieldValue(f.value);
    return out;
}

function isoDay(day: number, month: string, year: number): string {
    const md = monthDay(day, month);
    return `${String(year).padStart(4, '0')}-${String(md.month).padStart(2, '0')}-${String(md.day).padStart(2, '0')}`;
}

/** The cohort year whose peildatum is the day written (P(y) falls in y + 1 when it comes before the study year start). */
export function classifiedYear(day: number, month: string, year: number, studyYearStart: MonthDay): number {
    const md = monthDay(day, month);
    return year - (md.month * 100 + md.day < studyYearStart.month * 100 + studyYearStart.day ? 1 : 0);
}

function populationSpecs(source: ast.Source, studyYearStart: MonthDay): { populations: PopulationSpec[]; outcomes: OutcomesSpec[] } {
    const populations: PopulationSpec[] = [];
    const outcomes: OutcomesSpec[] = [];
    for (const m of source.members) {
        if (!ast.isPopulation(m) && !ast.isOutcomes(m)) continue;
        const file = m.file?.ref;
        if (!file) continue;
        const common = {
            file: dataFileSpec(file), ...(m.where ? { where: whereSpec(m.where) } : {}), fields: fieldsOf(m.fields),
            at: { file: documentPath(m), line: lineOf(m) },
        };
        if (ast.isPopulation(m)) {
            populations.push({ ...common, on: isoDay(m.day, m.month, m.year), year: classifiedYear(m.day, m.month, m.year, studyYearStart) });
        } else {
            outcomes.push({ ...common, ...(m.year !== undefined && m.month ? { on: isoDay(m.day!, m.month, m.year) } : {}) });
        }
    }
    return { populations, outcomes };
}

export function resolveSource(source: ast.Source): SourceSpec {
    const peil = source.members.find(ast.isPeildatumClause);
    const start = source.members.find(ast.isStudyYearStartClause);
    const observed = source.members.find(ast.isObservedClause);
    const mappings: MappingSpec[] = [];
    for (const m of source.members.filter(ast.isMapping)) {
        const file = m.file?.ref;
        if (!file) continue;
        const fields = fieldsOf(m.fields);
        const where = m.where;
        mappings.push({
            record: normalizeField(m.record) as RecordKind,
            file: dataFileSpec(file),
            ...(m.recordType ? { recordType: unquote(m.recordType) } : {}),
            ...(m.joinType ? { join: { type: unquote(m.joinType), on: m.joinOn.map(unquote) } } : {}),
            ...(where ? { where: whereSpec(where) } : {}),
            fields,
            ...(m.fields.some((f) => f.perMille) ? { perMille: m.fields.filter((f) => f.perMille).map((f) => normalizeField(f.field)) } : {}),
            at: { file: documentPath(m), line: lineOf(m) },
        });
    }
    const studyYearStart = start ? monthDay(start.day, start.month) : { month: 9, day: 1 };
    const classified = populationSpecs(source, studyYearStart);
    return {
        name: source.name,
        qualifiedName: qualifiedName(packageOf(source), source.name),
        ...(source.title ? { title: unquote(source.title) } : {}),
        ...(source.members.find(ast.isPublisherClause) ? { publisher: unquote(source.members.find(ast.isPublisherClause)!.publisher) } : {}),
        ...(peil ? { peildatum: monthDay(peil.day, peil.month) } : {}),
        studyYearStart,
        ...(observed ? { observed: { from: observed.from, until: observed.until } } : {}),
        missing: source.members.filter(ast.isMissingClause).flatMap((c) => c.values.map(unquote)),
        ...(source.members.find(ast.isYearOnlyClause) ? { yearOnlyAt: source.members.find(ast.isYearOnlyClause)!.at as 'first' | 'last' } : {}),
        mappings,
        labels: Object.fromEntries(source.members.filter(ast.isLabelsClause)
            .flatMap((l) => {
                const spec = l.table?.ref ? decodeSpec(l.table.ref) : undefined;
                return spec && l.field ? [[l.field, spec] as const] : [];
            })),
        ...(classified.populations.length > 0 ? { populations: classified.populations } : {}),
        ...(classified.outcomes.length > 0 ? { outcomes: classified.outcomes } : {}),
        file: documentPath(source),
        line: lineOf(source),
    };
}

/** Field names are written with spaces in the language (`birth date`); the grammar yields them token by token. */
const JOINED: Readonly<Record<string, string>> = {
    birthdate: 'birth date', leavereason: 'leave reason', diplomayear: 'diploma year', prioreducation: 'prior education',
    leavetiming: 'leave timing',
};

export function normalizeField(field: string | undefined): string {
    if (field === undefined) return '';
    const compact = field.replace(/\s+/g, ' ').trim();
    return JOINED[compact.replace(/ /g, '')] ?? compact;
}

export function originText(origin: Origin, relativeTo?: string): string {
    switch (origin.kind) {
        case 'explicit': return `${origin.element} (${rel(origin.file, relativeTo)}:${origin.line})`;
        case 'convention': return `convention ${origin.convention} (${rel(origin.file, relativeTo)}:${origin.line})`;
        case 'source': return `source ${origin.source}`;
        case 'workspace': return 'workspace (stroom.json)';
        case 'default': return 'default';
    }
}

function rel(file: string, relativeTo?: string): string {
    if (!relativeTo || file.includes('://')) return path.basename(file);
    return path.relative(relativeTo, file).split(path.sep).join('/');
}

