// Rendering run results as a terminal table, CSV, JSON or Markdown. Figures arrive finished (figures.ts); this
// module only lays them out. JSON keeps run metadata under `meta`, apart from the figures.
import * as path from 'node:path';
import { cardRows } from '../explain/card.js';
import { reasonIn } from '../explain/explain.js';
import type { Lang } from '../explain/texts.js';
import { csvLine, csvNumber, csvStart, type CsvDialect, type CsvValue } from '../text/csv.js';
import { describeDisclosure, disclosurePolicy, type DisclosurePolicy } from '../disclosure/disclosure.js';
import { isDistribution, MEASURED_OUTCOME, type FigureRow } from '../run/figures.js';
import { normMetText } from '../run/norms.js';
import type { Definition } from '../definition/types.js';
import { dataQuality } from '../tasks/check-data.js';
import type { DataFinding } from '../run/checks.js';
import type { IndicatorResult } from '../run/session.js';
import type { PublishedCell, PublishedFigures } from '../run/published.js';

export type Format = 'table' | 'csv' | 'json' | 'md' | 'html' | 'xlsx';

export interface RunMeta {
    readonly engine: string;
    readonly engineVersion: string;
    readonly stroomVersion: string;
    readonly file: string;
    readonly startedAt: string;
    readonly timings: Record<string, number>;
}

type Status = 'ok' | 'partly suppressed' | 'suppressed';

/**
 * The language of the notes a run prints (incomplete years, hidden cells): stroom.json's `language`, or both
 * ("english / nederlands") when it sets none.
 */
export type NoteLang = Lang | undefined;

/** A note written as English and Dutch, in the run's language. */
function inLang(lang: NoteLang, en: string, nl: string): string {
    return lang === 'en' ? en : lang === 'nl' ? nl : `${en} / ${nl}`;
}

/** A plan's reason for an incomplete year ("english / nederlands") in the run's language. */
function reason(lang: NoteLang, text: string): string {
    return lang ? reasonIn(lang, text) : text;
}

/** The word before an incomplete year's reason. */
function incompleteWord(lang: NoteLang): string {
    return lang === 'nl' ? 'onvolledig' : 'incomplete';
}

/** An incomplete cohort year as the table shows it: `incomplete: <reason>` in the run's language. */
export function incompleteText(lang: NoteLang, text: string): string {
    return `${incompleteWord(lang)}: ${reason(lang, text)}`;
}

interface Cell { size: string; count: string; rate: string; change: string; norm: string; met: string; status: Status; note: string }

/** Whether a result carries norms (`norm from`): its outputs get a norm and a met column. */
export function hasNorms(result: IndicatorResult): boolean {
    return result.prepared.normSource !== undefined && !result.records;
}

/** Whether a result shows the year-on-year change of its rates (trends: five or more cohort years). */
export function hasChanges(result: IndicatorResult): boolean {
    return result.figures.some((f) => f.change !== undefined);
}

/** The policy the figures were protected with (results built by hand may lack it: the threshold alone). */
export function policyOf(result: IndicatorResult): DisclosurePolicy {
    return result.disclosure ?? disclosurePolicy(result.prepared.definition.choices.suppression.value);
}

export function cells(result: IndicatorResult, lang?: NoteLang): Array<{ year: number; by: readonly (string | null)[]; cell: Cell }> {
    const policy = policyOf(result);
    const def = result.prepared.definition;
    return result.figures.map((f) => {
        const hidden = [f.size, f.count, f.rate].filter((c) => c.hidden !== false).length;
        return {
            year: f.cohortYear, by: f.breakdown,
            cell: {
                size: f.size.shown, count: f.count.shown, rate: f.rate.shown, change: f.change?.shown ?? '',
                norm: f.norm ? `${f.norm.shown}%` : '', met: normMetText(f),
                status: hidden === 0 ? 'ok' : hidden === 3 ? 'suppressed' : 'partly suppressed',
                note: hiddenNote(f, def, policy, lang),
            },
        };
    });
}

/** What was hidden in a row and why, in English and Dutch (the CSV's note column); empty when nothing was. */
function hiddenNote(f: FigureRow, def: Definition, policy: DisclosurePolicy, lang?: NoteLang): string {
    const k = policy.threshold;
    const en: string[] = [];
    const nl: string[] = [];
    const words = outcomeWords(def, f);
    if (f.breakdownHidden) {
        const n = f.hiddenGroups ?? 1;
        en.push(`${n} group${n === 1 ? '' : 's'} with every cell hidden, not named`);
        nl.push(`${n} groep${n === 1 ? '' : 'en'} met alle cellen verborgen, niet genoemd`);
        if (n > 1) return inLang(lang, en.join('; '), nl.join('; '));
    }
    if (f.size.hidden === 'small') {
        en.push(`cohort size hidden: fewer than ${k} people`);
        nl.push(`cohortgrootte verborgen: minder dan ${k} personen`);
    } else if (f.size.hidden !== false) {
        en.push('cohort size hidden to protect another cell');
        nl.push('cohortgrootte verborgen om een andere cel te beschermen');
    }
    if (f.count.hidden === 'small') {
        en.push(`count hidden: fewer than ${k} ${words.en}`);
        nl.push(`aantal verborgen: minder dan ${k} ${words.nl}`);
    } else if (f.count.hidden === 'complement') {
        en.push(`count hidden: fewer than ${k} ${words.notEn}`);
        nl.push(`aantal verborgen: minder dan ${k} ${words.notNl}`);
    } else if (f.count.hidden !== false) {
        en.push(f.size.hidden !== false ? 'count hidden with the cohort size' : 'count hidden to protect another cell');
        nl.push(f.size.hidden !== false ? 'aantal verborgen met de cohortgrootte' : 'aantal verborgen om een andere cel te beschermen');
    }
    return en.length === 0 ? '' : inLang(lang, en.join('; '), nl.join('; '));
}

const OUTCOME_WORDS: Record<string, { en: string; notEn: string; nl: string; notNl: string }> = {
    dropout: { en: 'dropped out', notEn: 'did not drop out', nl: 'vielen uit', notNl: 'vielen niet uit' },
    switched: { en: 'switched', notEn: 'did not switch', nl: 'wisselden', notNl: 'wisselden niet' },
    retained: { en: 'were retained', notEn: 'were not retained', nl: 'bleven', notNl: 'bleven niet' },
    graduated: { en: 'graduated', notEn: 'did not graduate', nl: 'behaalden een diploma', notNl: 'behaalden geen diploma' },
    vsv: { en: 'left school early', notEn: 'did not leave school early', nl: 'verlieten voortijdig', notNl: 'verlieten niet voortijdig' },
    success: { en: 'succeeded', notEn: 'did not succeed', nl: 'waren succesvol', notNl: 'waren niet succesvol' },
    diploma: { en: 'got a diploma', notEn: 'got no diploma', nl: 'behaalden een diploma', notNl: 'behaalden geen diploma' },
};

function outcomeWords(def: Definition, f: FigureRow): { en: string; notEn: string; nl: string; notNl: string } {
    if (isDistribution(def.measure.name)) {
        const category = f.breakdown[f.breakdown.length - 1];
        return { en: `in ${category}`, notEn: `outside ${category}`, nl: `in ${category}`, notNl: `buiten ${category}` };
    }
    const outcome = MEASURED_OUTCOME[def.measure.name] ?? 'count';
    return OUTCOME_WORDS[outcome] ?? { en: `with ${outcome}`, notEn: `without ${outcome}`, nl: `met ${outcome}`, notNl: `zonder ${outcome}` };
}

/** How many figure cells a run hid, for one line on stderr; undefined when it hid none. */
export function hiddenSummary(results: readonly IndicatorResult[], lang?: NoteLang): string | undefined {
    let hidden = 0;
    let all = 0;
    let small = 0;
    for (const r of results) {
        for (const f of r.figures) {
            for (const c of [f.size, f.count, f.rate]) {
                all++;
                if (c.hidden !== false) hidden++;
                if (c.hidden === 'small' || c.hidden === 'complement') small++;
            }
        }
    }
    if (hidden === 0) return undefined;
    return inLang(lang, `${hidden} of ${all} cells hidden to protect small groups (${small} small, ${hidden - small} to protect others)`,
        `${hidden} van ${all} cellen verborgen om kleine groepen te beschermen (${small} klein, ${hidden - small} ter bescherming van andere)`);
}

/** The breakdown columns of the figures: a distribution (destination) adds its category. */
export function columnsOf(def: Definition): readonly string[] {
    return isDistribution(def.measure.name) ? [...def.breakdown, def.measure.name] : def.breakdown;
}

export function headerOf(result: IndicatorResult): string[] {
    const def = result.prepared.definition;
    return [...columnsOf(def), 'cohort size', MEASURED_OUTCOME[def.measure.name] ?? 'count', 'rate',
        ...(hasChanges(result) ? ['change'] : []), ...(hasNorms(result) ? ['norm', 'met'] : [])];
}

/** The shown cells of a row after its breakdown: size, count, rate and, with norms, the norm and met. */
export function valueCells(result: IndicatorResult, c: Cell): string[] {
    return [c.size, c.count, c.rate, ...(hasChanges(result) ? [c.change] : []), ...(hasNorms(result) ? [c.norm, c.met] : [])];
}

export function titleLine(result: IndicatorResult): string {
    const def = result.prepared.definition;
    return `${def.indicator.name}${def.indicator.title ? ` — ${def.indicator.title}` : ''}`;
}

export function subtitle(result: IndicatorResult): string {
    const def = result.prepared.definition;
    if (def.classified) {
        return `measure ${def.measure.name} classified by source ${result.prepared.source.name} (the publisher's population and outcomes, not computed) · ${describeDisclosure(policyOf(result))}`;
    }
    return `measure ${def.measure.name} · cohort ${def.cohort.name} · source ${result.prepared.source.name} · ${describeDisclosure(policyOf(result))}`;
}

const show = (v: string | null) => (v === null ? '(unknown)' : v);

/** A breakdown value with its label from the source's decode table, when it has one: `34001 Bedrijfskunde`. */
export function labelled(result: IndicatorResult, by: readonly (string | null)[]): string[] {
    const cols = columnsOf(result.prepared.definition);
    return by.map((v, i) => {
        const label = v === null ? undefined : result.labels?.[cols[i]]?.[v];
        return label ? `${v} ${label}` : show(v);
    });
}

/** Breakdown columns that carry labels (CSV adds `<name>_label` after each). */
function labelColumns(results: readonly IndicatorResult[]): Set<string> {
    return new Set(results.flatMap((r) => Object.keys(r.labels ?? {})));
}

export function renderTable(results: readonly IndicatorResult[], lang?: NoteLang): string {
    const out: string[] = [];
    for (const result of results) {
        out.push(titleLine(result), subtitle(result), '');
        const header = ['cohort', ...headerOf(result)];
        const rows = cells(result, lang).map((c) => [String(c.year), ...labelled(result, c.by), ...valueCells(result, c.cell)]);
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        // The value columns (size, count, rate, change, norm) align right; the met column is words.
        const first = 1 + columnsOf(result.prepared.definition).length;
        const numeric = (i: number) => i >= first && header[i] !== 'met';
        const line = (r: string[]) => r.map((v, i) => (numeric(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
        out.push(line(header));
        for (const r of rows) out.push(line(r));
        for (const inc of result.prepared.plan.incomplete) out.push(`${String(inc.year).padEnd(widths[0])}  ${incompleteWord(lang)}: ${reason(lang, inc.reason)}`);
        if (rows.length === 0 && result.prepared.plan.incomplete.length === 0) out.push('(no cohort members)');
        if (results.length > 1) out.push('');
    }
    return `${out.join('\n').trimEnd()}\n`;
}

/**
 * The figures as CSV in a dialect (`nl`: semicolons, decimal comma, byte-order mark); `start: false` leaves out the
 * dialect's byte-order mark (for a part that follows another).
 */
export function renderCsv(results: readonly IndicatorResult[], lang?: NoteLang, dialect: CsvDialect = 'default', start = true): string {
    const attrs: string[] = [];
    const withLabels = labelColumns(results);
    for (const r of results) for (const b of columnsOf(r.prepared.definition)) if (!attrs.includes(b)) attrs.push(b);
    const attrHeader = attrs.flatMap((a) => (withLabels.has(a) ? [a, `${a}_label`] : [a]));
    const normed = results.some(hasNorms);
    const changes = results.some(hasChanges);
    const line = (values: readonly CsvValue[]) => csvLine(values, dialect);
    const lines = [line(['indicator', 'cohort_year', ...attrHeader, 'cohort_size', 'count', 'rate', ...(changes ? ['change'] : []), ...(normed ? ['norm', 'norm_met'] : []), 'status', 'note'])];
    for (const result of results) {
        const def = result.prepared.definition;
        for (const c of cells(result, lang)) {
            const by = attrs.flatMap((a) => {
                const i = columnsOf(def).indexOf(a);
                const value = i < 0 ? '' : show(c.by[i]);
                if (!withLabels.has(a)) return [value];
                return [value, i < 0 || c.by[i] === null ? '' : result.labels?.[a]?.[c.by[i]!] ?? ''];
            });
            lines.push(line([def.indicator.name, String(c.year), ...by, csvNumber(c.cell.size), csvNumber(c.cell.count), csvNumber(c.cell.rate.replace('%', '')),
                ...(changes ? [csvNumber(c.cell.change)] : []), ...(normed ? [csvNumber(c.cell.norm.replace('%', '')), c.cell.met] : []), c.cell.status, c.cell.note]));
        }
        for (const inc of result.prepared.plan.incomplete) {
            lines.push(line([def.indicator.name, String(inc.year), ...attrHeader.map(() => ''), '', '', '', ...(changes ? [''] : []), ...(normed ? ['', ''] : []), 'incomplete', reason(lang, inc.reason)]));
        }
    }
    return `${start ? csvStart(dialect) : ''}${lines.join('\n')}\n`;
}

export function renderMarkdown(results: readonly IndicatorResult[], lang?: NoteLang): string {
    const out: string[] = [];
    for (const result of results) {
        out.push(`## ${titleLine(result)}`, '', subtitle(result), '');
        const header = ['cohort', ...headerOf(result)];
        const first = 1 + columnsOf(result.prepared.definition).length;
        out.push(`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i >= first && h !== 'met' ? '---:' : '---')).join('|')}|`);
        for (const c of cells(result, lang)) out.push(`| ${[String(c.year), ...labelled(result, c.by), ...valueCells(result, c.cell)].join(' | ')} |`);
        for (const inc of result.prepared.plan.incomplete) out.push(`| ${inc.year} | ${header.slice(1).map((_, i) => (i === 0 ? `${incompleteWord(lang)}: ${reason(lang, inc.reason)}` : '')).join(' | ')} |`);
        out.push('');
    }
    return out.join('\n');
}

/** A data finding in JSON: its rule, what happens to the records (severity), where, how many, the first value. */
export function findingJson(f: DataFinding, root = process.cwd()): Record<string, unknown> {
    return {
        file: path.relative(root, f.file) || f.file, column: f.column, message: f.message, severity: f.severity ?? 'warning', rule: f.rule ?? null,
        row: f.row ?? null, line: f.line ?? null, count: f.count ?? null, value: f.value ?? null,
    };
}

export function renderJson(results: readonly IndicatorResult[], meta: RunMeta, root: string, published: readonly PublishedFigures[] = [], lang?: NoteLang): string {
    const { findings, ...counts } = dataQuality(results.flatMap((r) => r.findings));
    const body = {
        meta,
        // The run's data-quality summary (docs/diagnostics.md, "Data checks"): what was left out or only warned about.
        dataQuality: { ...counts, findings: findings.map((f) => findingJson(f, root)) },
        results: results.map((result) => {
            const def = result.prepared.definition;
            return {
                indicator: def.indicator.qualifiedName,
                title: def.indicator.title ?? null,
                measure: def.measure.name,
                cohort: def.cohort.qualifiedName,
                source: result.prepared.source.qualifiedName,
                card: cardRows(def, root),
                breakdown: columnsOf(def),
                ...(def.choices.decimals ? { decimals: def.choices.decimals.value } : {}),
                ...(result.prepared.normSource ? { norms: result.prepared.normSource.qualifiedName } : {}),
                ...(result.records ? {} : { disclosure: disclosureJson(policyOf(result)) }),
                rows: result.records ?? result.figures.map((f) => ({
                    cohort_year: f.cohortYear,
                    breakdown: Object.fromEntries(columnsOf(def).map((b, i) => [b, f.breakdown[i]])),
                    ...(result.labels ? { labels: Object.fromEntries(Object.entries(result.labels).map(([b, l]) => [b, l[f.breakdown[columnsOf(def).indexOf(b)] ?? ''] ?? null])) } : {}),
                    cohort_size: f.size.value,
                    count: f.count.value,
                    rate: f.rate.value,
                    ...(f.change ? { change: f.change.value } : {}),
                    ...(f.total ? { total: columnsOf(def).filter((_, i) => f.total![i]) } : {}),
                    ...(hasNorms(result) ? { norm: f.norm?.value ?? null, norm_met: f.norm?.met ?? null } : {}),
                    suppressed: f.suppressed,
                    ...(f.breakdownHidden ? { breakdown_hidden: true, hidden_groups: f.hiddenGroups ?? 1 } : {}),
                    ...(f.size.hidden !== false || f.count.hidden !== false || f.rate.hidden !== false || f.change?.hidden ? {
                        hidden: {
                            ...(f.size.hidden !== false ? { cohort_size: f.size.hidden } : {}),
                            ...(f.count.hidden !== false ? { count: f.count.hidden } : {}),
                            ...(f.rate.hidden !== false ? { rate: f.rate.hidden } : {}),
                            // A change is hidden with a rate it would be computed from.
                            ...(f.change?.hidden ? { change: 'secondary' } : {}),
                        },
                    } : {}),
                })),
                incomplete: result.prepared.plan.incomplete.map((i) => ({ cohort_year: i.year, reason: reason(lang, i.reason) })),
                findings: result.findings.map((f) => findingJson(f, root)),
            };
        }),
        ...(published.length > 0 ? { published: publishedJson(published) } : {}),
    };
    return `${JSON.stringify(body, null, 2)}\n`;
}

function disclosureJson(p: DisclosurePolicy): unknown {
    return { threshold: p.threshold, suppress_zeros: p.suppressZeros, rounding: p.rounding ?? null, description: describeDisclosure(p), beschrijving: describeDisclosure(p, 'nl') };
}

export function renderRecordsCsv(results: readonly IndicatorResult[], dialect: CsvDialect = 'default'): string {
    const lines: string[] = [];
    const value = (v: unknown): CsvValue => (v === null || v === undefined ? '' : typeof v === 'number' ? csvNumber(String(v)) : String(v));
    for (const result of results) {
        const rows = result.records ?? [];
        const cols = rows.length > 0 ? Object.keys(rows[0]) : ['cohort_year', 'person', 'outcome'];
        if (lines.length === 0) lines.push(csvLine(['indicator', ...cols], dialect));
        for (const r of rows) lines.push(csvLine([result.prepared.definition.indicator.name, ...cols.map((c) => value(r[c]))], dialect));
    }
    return `${csvStart(dialect)}${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------ published figures

/** A published cell as shown: its value (a rate with one decimal and %), "<k" when suppressed, empty when missing. */
export function publishedCell(c: PublishedCell, percent = false): string {
    if (c === null) return '';
    if ('suppressedBelow' in c) return `<${c.suppressedBelow}`;
    return percent ? `${c.value.toFixed(1)}%` : String(c.value);
}

/** The columns a set of published figures has: year, its breakdown, outcome and the value fields it maps. */
export function publishedColumns(p: PublishedFigures, percentSign: boolean): { header: string[]; rows: string[][] } {
    const has = (f: string) => f in p.mapping.fields;
    const header = ['year', ...p.breakdown, ...(has('outcome') ? ['outcome'] : []), ...['count', 'total', 'rate'].filter(has)];
    const rows = p.rows.map((r) => [
        String(r.year), ...p.breakdown.map((b) => show(r.breakdown[b])), ...(has('outcome') ? [show(r.outcome)] : []),
        ...(has('count') ? [publishedCell(r.count)] : []), ...(has('total') ? [publishedCell(r.total)] : []),
        ...(has('rate') ? [publishedCell(r.rate, percentSign)] : []),
    ]);
    return { header, rows };
}

export function publishedTitle(p: PublishedFigures): string {
    return `${p.source.name}${p.source.title ? ` — ${p.source.title}` : ''}`;
}

export function publishedSubtitle(p: PublishedFigures): string {
    return `published figures${p.source.publisher ? ` of ${p.source.publisher}` : ''} · ${p.rows.length} rows from ${path.relative(process.cwd(), p.mapping.file.path) || p.mapping.file.path} · suppressed by the publisher: ${p.rows.filter((r) => [r.count, r.total, r.rate].some((c) => c !== null && 'suppressedBelow' in c)).length}`;
}

function publishedJson(all: readonly PublishedFigures[]): unknown {
    const cell = (c: PublishedCell) => (c === null ? null : 'value' in c ? { value: c.value } : { suppressed_below: c.suppressedBelow });
    return all.map((p) => ({
        source: p.source.qualifiedName, title: p.source.title ?? null, publisher: p.source.publisher ?? null, file: p.mapping.file.written,
        breakdown: p.breakdown,
        rows: p.rows.map((r) => ({ year: r.year, breakdown: r.breakdown, outcome: r.outcome, count: cell(r.count), total: cell(r.total), rate: cell(r.rate) })),
    }));
}

/** Published figures in a text format; CSV in the dialect given, without a byte-order mark (it follows the figures). */
export function renderPublished(all: readonly PublishedFigures[], format: Format, dialect: CsvDialect = 'default'): string {
    const out: string[] = [];
    if (format === 'json') return `${JSON.stringify({ published: publishedJson(all) }, null, 2)}\n`;
    for (const p of all) {
        const { header, rows } = publishedColumns(p, format !== 'csv');
        if (format === 'csv') {
            // The value columns (after year, breakdown and outcome) are numbers where they are not suppressed.
            const first = 1 + p.breakdown.length + (header.includes('outcome') ? 1 : 0);
            out.push(csvLine(['source', ...header], dialect), ...rows.map((r) => csvLine([p.source.name, ...r.map((v, i) => (i >= first ? csvNumber(v) : v))], dialect)), '');
            continue;
        }
        if (format === 'md') {
            out.push(`## ${publishedTitle(p)}`, '', publishedSubtitle(p), '', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`,
                ...rows.map((r) => `| ${r.join(' | ')} |`), '');
            continue;
        }
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        const line = (r: string[]) => r.map((v, i) => (i === 0 || i > p.breakdown.length + (header.includes('outcome') ? 1 : 0) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
        out.push(publishedTitle(p), publishedSubtitle(p), '', line(header), ...rows.map(line), '');
    }
    return `${out.join('\n').trimEnd()}\n`;
}
