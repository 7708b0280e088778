// Compare: two definitions on one source (choices side by side, figures, and the bridge of SEMANTICS.md), one
// definition on two sources (figures, and who is in one cohort but not the other), or a definition against
// published figures. The comparison itself holds exact counts; what may be shown of them is decided by the disclosure
// module (protectBridge, protectMembership and the figures step), and every renderer shows only those cells.
import type { LangiumDocument } from 'langium';
import * as ast from '../generated/ast.js';
import { CHOICES, showChoice, showChoiceOrUnset, type ChoiceKey } from '../definition/choices.js';
import { originText, resolveSource } from '../definition/resolve.js';
import type { Choices, Definition, Outcome, SourceSpec } from '../definition/types.js';
import { plan as makePlan, PlanError } from '../plan/plan.js';
import { printSql } from '../sql/print.js';
import { DataError, type DataFinding } from '../run/checks.js';
import type { DuckDBEngine } from '../run/engine.js';
import { DEFAULT_DECIMALS, isDistribution, MEASURED_OUTCOME, type FigureRow } from '../run/figures.js';
import { readPublished, type PublishedCell, type PublishedRow } from '../run/published.js';
import { allSources, assertComputable, DefinitionError, execute, pickSource, prepareOn, type Prepared } from '../run/session.js';
import type { Workspace } from '../workspace/load.js';
import { funnelRecords } from '../funnel/funnel.js';
import { disclosurePolicy, protectCells, protectedCell, type CellSpec, type DisclosurePolicy, type GroupSpec, type ProtectedCell } from '../disclosure/disclosure.js';

/** A person outside the cohort of a definition (in the bridge: entering or leaving the cohort). */
export const OUTSIDE = 'outside cohort';

export type CompareKind = 'definitions' | 'sources' | 'published';

export interface ChoiceRow {
    readonly key: ChoiceKey;
    readonly en: string;
    readonly nl: string;
    readonly left?: string;
    readonly right?: string;
    readonly leftFrom?: string;
    readonly rightFrom?: string;
    readonly differs: boolean;
    /** A choice of display (suppression, decimals): it changes what is shown, never who counts (no bridge step). */
    readonly display?: boolean;
}

export interface FigurePair {
    readonly cohortYear: number;
    readonly breakdown: readonly (string | null)[];
    readonly left?: FigureRow;
    readonly right?: FigureRow;
}

export interface Move {
    readonly from: Outcome;
    readonly to: Outcome;
    readonly n: number;
}

export interface BridgeStep {
    /** The choice this step changes, shown as Stroom writes it, left -> right. */
    readonly key: ChoiceKey;
    readonly en: string;
    readonly nl: string;
    readonly from: string;
    readonly to: string;
    /** People whose outcome changes at this step (OUTSIDE: entering or leaving the cohort). */
    readonly moves: readonly Move[];
    /** Net change of each outcome's count (cohort size under OUTSIDE's opposite: see cohortDelta). */
    readonly delta: Readonly<Record<Outcome, number>>;
    /** People entering (+) and leaving (-) the cohort at this step. */
    readonly cohortIn: number;
    readonly cohortOut: number;
}

export interface Bridge {
    /** The cohort years the bridge sums (computable for every step). */
    readonly years: readonly number[];
    /** The counted outcome (dropout, switched, ...): the figure's numerator. */
    readonly measured: Outcome | undefined;
    readonly start: Readonly<Record<Outcome, number>>;
    readonly end: Readonly<Record<Outcome, number>>;
    readonly steps: readonly BridgeStep[];
    /**
     * Ends to hide whatever their value: an end is a side's count summed over the bridge years, and the figures shown
     * beside the bridge hide some of those yearly counts, which the end minus the shown years would give back.
     */
    readonly hiddenEnds?: { readonly start: readonly string[]; readonly end: readonly string[] };
}

export interface Membership {
    readonly cohortYear: number;
    readonly both: number;
    readonly leftOnly: number;
    readonly rightOnly: number;
    /** Of the people in both cohorts: how many got the same outcome on both sources. */
    readonly sameOutcome: number;
    /** For people in one cohort only: the clause that dropped them on the other source (when known). */
    readonly droppedOnRight?: Readonly<Record<string, number>>;
    readonly droppedOnLeft?: Readonly<Record<string, number>>;
}

export interface PublishedPair {
    readonly cohortYear: number;
    readonly breakdown: readonly (string | null)[];
    readonly computed?: FigureRow;
    readonly published?: PublishedRow;
    /**
     * The published count (and rate, and the total where our size is hidden) is left out: it stands beside a count we
     * hide, and with our shown size and categories it would give that count, or another hidden one, back.
     */
    readonly withheld?: readonly ('count' | 'total' | 'rate')[];
}

export interface Side {
    readonly label: string;
    readonly prepared: Prepared;
    readonly figures: readonly FigureRow[];
    /**
     * The side is the publisher's classification (`measure M classified by source`): its outcomes were taken from the
     * source's files, not computed. Holds the publisher (else the source's name).
     */
    readonly classifiedBy?: string;
}

/** What outputs say of a side that is the publisher's classification. */
export function classifiedNote(side: Side): { en: string; nl: string } | undefined {
    if (!side.classifiedBy) return undefined;
    return {
        en: `${side.label}: the publisher's classification (${side.classifiedBy}), taken from the files of source ${side.prepared.source.name}, not computed by Stroom`,
        nl: `${side.label}: de indeling van de uitgever (${side.classifiedBy}), overgenomen uit de bestanden van bron ${side.prepared.source.name}, niet door Stroom berekend`,
    };
}

export interface Comparison {
    readonly title: string;
    readonly kind: CompareKind;
    readonly file: string;
    readonly line: number;
    readonly left: Side;
    /** Absent when comparing against published figures. */
    readonly right?: Side;
    readonly choices: readonly ChoiceRow[];
    readonly figures: readonly FigurePair[];
    readonly bridge?: Bridge;
    /** Why there is no bridge (different measures or kinds of cohort). */
    readonly noBridge?: string;
    readonly membership?: readonly Membership[];
    readonly published?: { readonly source: SourceSpec; readonly rows: readonly PublishedPair[]; readonly unmatched: number };
    readonly findings: readonly DataFinding[];
    readonly threshold: number;
    /** The left indicator's threshold with the workspace's suppressZeros and rounding: what every part is protected by. */
    readonly disclosure: DisclosurePolicy;
}

// ------------------------------------------------------------------ preparing the two sides

/** A side's source: its own `on`, else the other side's, else what a run would pick (published sources aside). */
function sourceOf(ws: Workspace, side: ast.CompareSide, other: ast.CompareSide | undefined, indicator: ast.Indicator): ast.Source {
    return side.source?.ref ?? other?.source?.ref ?? pickSource(ws, allSources(ws).filter((s) => !isPublished(s)), indicator);
}

export function isPublished(source: ast.Source): boolean {
    return source.members.some((m) => ast.isMapping(m) && m.record === 'figures');
}

function documentOf(ws: Workspace, node: ast.Compare): LangiumDocument<ast.Model> | undefined {
    return ws.documents.find((d) => d.parseResult.value === node.$container);
}

/** The compare blocks of a file (after checking the file has no errors). */
export function comparesIn(ws: Workspace, file: string): ast.Compare[] {
    const doc = ws.documents.find((d) => d.uri.fsPath === file);
    if (!doc) throw new DefinitionError(`${file}: not loaded (is it a .stroom file?)`);
    assertComputable(ws, doc, file);
    return doc.parseResult.value.elements.filter(ast.isCompare);
}

// ------------------------------------------------------------------ the comparison

export async function compare(ws: Workspace, node: ast.Compare, engine: DuckDBEngine): Promise<Comparison> {
    const title = node.title;
    const doc = documentOf(ws, node);
    const at = { file: doc?.uri.fsPath ?? '', line: (node.$cstNode?.range.start.line ?? 0) + 1 };
    const [a, b] = node.sides;
    if (node.sides.length !== 2 || !a || !b) throw new DefinitionError(`compare "${title}" needs exactly two sides`);
    const ta = a.target?.ref;
    const tb = b.target?.ref;
    if (!ast.isIndicator(ta)) throw new DefinitionError(`compare "${title}": the first side must be an indicator`);
    const findings: DataFinding[] = [];
    // The workspace's suppressZeros and rounding, as `stroom run` applies them.
    const config = ws.config as { suppressZeros?: unknown; rounding?: unknown };
    const run = async (p: Prepared, label: string): Promise<Side> => {
        const r = await execute(engine, p, { disclosure: config });
        findings.push(...r.findings);
        if (!p.definition.classified) return { label, prepared: p, figures: r.figures };
        const by = p.source.publisher ?? p.source.name;
        return { label: `${label} (${by}'s classification)`, prepared: p, figures: r.figures, classifiedBy: by };
    };
    if (ast.isSource(tb) && isPublished(tb)) {
        const left = await run(prepareOn(ws, ta, sourceOf(ws, a, undefined, ta)), ta.name);
        return { title, kind: 'published', ...at, left, choices: choiceRows(left.prepared.definition), figures: [],
            published: await againstPublished(engine, left, resolveSource(tb)), findings, threshold: threshold(left),
            disclosure: disclosurePolicy(threshold(left), config) };
    }
    if (ast.isSource(tb)) {
        // One definition on two sources: the second side names the other source.
        const pa = prepareOn(ws, ta, sourceOf(ws, a, undefined, ta));
        const pb = prepareOn(ws, ta, tb);
        const left = await run(pa, `${ta.name} on ${pa.source.name}`);
        const right = await run(pb, `${ta.name} on ${pb.source.name}`);
        return {
            title, kind: 'sources', ...at, left, right, choices: choiceRows(pa.definition, pb.definition),
            figures: pairFigures(left.figures, right.figures), membership: await membership(engine, pa, pb),
            findings, threshold: threshold(left), disclosure: disclosurePolicy(threshold(left), config),
        };
    }
    if (!ast.isIndicator(tb)) throw new DefinitionError(`compare "${title}": the second side must be an indicator, a source or a source of published figures`);
    const pa = prepareOn(ws, ta, sourceOf(ws, a, b, ta));
    const pb = prepareOn(ws, tb, sourceOf(ws, b, a, tb));
    return compareDefinitions(engine, pa, pb, { title, ...at, leftLabel: ta.name, rightLabel: tb.name, config });
}

export interface DefinitionsCompareOptions {
    readonly title: string;
    readonly file: string;
    readonly line: number;
    readonly leftLabel: string;
    readonly rightLabel: string;
    /** The workspace's suppressZeros and rounding, as `stroom run` applies them. */
    readonly config: { readonly suppressZeros?: unknown; readonly rounding?: unknown };
    /** Why no bridge can be built, decided by the caller (`stroom diff`: the source changed between revisions). */
    readonly noBridge?: string;
}

/**
 * Two prepared definitions side by side: choices, figures and the bridge. The two may come from different
 * workspaces (`stroom diff` prepares one per git revision); they are computed on one engine.
 */
export async function compareDefinitions(engine: DuckDBEngine, prepA: Prepared, prepB: Prepared, o: DefinitionsCompareOptions): Promise<Comparison> {
    let pa = prepA;
    let pb = prepB;
    const findings: DataFinding[] = [];
    const run = async (p: Prepared, label: string): Promise<Side> => {
        const r = await execute(engine, p, { disclosure: o.config });
        findings.push(...r.findings);
        if (!p.definition.classified) return { label, prepared: p, figures: r.figures };
        const by = p.source.publisher ?? p.source.name;
        return { label: `${label} (${by}'s classification)`, prepared: p, figures: r.figures, classifiedBy: by };
    };
    // Figures side by side need one breakdown: the one both definitions have (possibly none).
    if (JSON.stringify(pa.definition.breakdown) !== JSON.stringify(pb.definition.breakdown)) {
        const common = pa.definition.breakdown.filter((x) => pb.definition.breakdown.includes(x));
        pa = withBreakdown(pa, common);
        pb = withBreakdown(pb, common);
    }
    const left = await run(pa, o.leftLabel);
    const right = await run(pb, o.rightLabel);
    const bridged = o.noBridge !== undefined ? { reason: o.noBridge } : await bridge(engine, pa, pb);
    return {
        title: o.title, kind: 'definitions', file: o.file, line: o.line, left, right, choices: choiceRows(pa.definition, pb.definition),
        figures: pairFigures(left.figures, right.figures),
        ...('reason' in bridged ? { noBridge: bridged.reason }
            : { bridge: { ...bridged, hiddenEnds: { start: endsHiddenBy(bridged, left.figures), end: endsHiddenBy(bridged, right.figures) } } }),
        findings, threshold: threshold(left), disclosure: disclosurePolicy(threshold(left), o.config),
    };
}

function withBreakdown(p: Prepared, breakdown: readonly string[]): Prepared {
    const definition = { ...p.definition, breakdown };
    return { ...p, definition, plan: makePlan(definition, p.source) };
}

function threshold(side: Side): number {
    return side.prepared.definition.choices.suppression.value;
}

/** Every choice of either card, in card order, with the differing ones marked. */
export function choiceRows(a: Definition, b?: Definition): ChoiceRow[] {
    const rows: ChoiceRow[] = [];
    // A classified definition made only its peildatum and threshold; the publisher made the rest.
    const own = (d: Definition, key: ChoiceKey) => !d.classified || key === 'peildatum' || key === 'suppression' || key === 'decimals';
    for (const spec of CHOICES) {
        const ca = a.choices[spec.key];
        const cb = b?.choices[spec.key];
        if (!ca && !cb) continue;
        if (!own(a, spec.key) && (!b || !own(b, spec.key))) continue;
        // A card without `decimals` shows one decimal: said so beside a side that sets it.
        const fallback = (d: Definition | undefined) => (spec.key === 'decimals' && d ? { value: DEFAULT_DECIMALS, origin: { kind: 'default' as const } } : undefined);
        const sa = ca ?? fallback(a);
        const sb = cb ?? fallback(b);
        // An off-unless-set choice (entry flag, main anchor only) shows as off on the side that lacks it; a classified
        // side shows the publisher made it.
        const side = (d: Definition, c: typeof sa) =>
            !own(d, spec.key) ? (c ? 'classified by source' : undefined) : c ? showChoice(spec.key, c.value) : b ? spec.unset : undefined;
        const left = side(a, sa);
        const right = b ? side(b, sb) : undefined;
        rows.push({
            key: spec.key, en: spec.en, nl: spec.nl,
            ...(left !== undefined ? { left, leftFrom: sa ? originText(sa.origin) : 'not set' } : {}),
            ...(right !== undefined ? { right, rightFrom: sb ? originText(sb.origin) : 'not set' } : {}),
            differs: b !== undefined && left !== right,
            ...(b !== undefined && left !== right && DISPLAY_CHOICES.includes(spec.key) ? { display: true } : {}),
        });
    }
    return rows;
}

/** Choices of display only: no person moves when they change, so the bridge has no step for them. */
export const DISPLAY_CHOICES: readonly ChoiceKey[] = ['suppression', 'decimals'];

function keyOf(year: number, breakdown: readonly (string | null)[]): string {
    return JSON.stringify([year, breakdown]);
}

export function pairFigures(left: readonly FigureRow[], right: readonly FigureRow[]): FigurePair[] {
    const out = new Map<string, { cohortYear: number; breakdown: readonly (string | null)[]; left?: FigureRow; right?: FigureRow }>();
    for (const f of left) out.set(keyOf(f.cohortYear, f.breakdown), { cohortYear: f.cohortYear, breakdown: f.breakdown, left: f });
    for (const f of right) {
        const k = keyOf(f.cohortYear, f.breakdown);
        out.set(k, { ...(out.get(k) ?? { cohortYear: f.cohortYear, breakdown: f.breakdown }), right: f });
    }
    return [...out.values()].sort((x, y) => x.cohortYear - y.cohortYear || keyOf(0, x.breakdown).localeCompare(keyOf(0, y.breakdown)));
}

// ------------------------------------------------------------------ the bridge

/**
 * Per person outcomes of a definition for the given cohort years, keyed by cohort year and person (`anchor`: also the
 * anchor's institution and programme, for cohorts that count a person more than once).
 */
async function outcomes(engine: DuckDBEngine, p: Prepared, years: readonly number[], key: 'person' | 'anchor'): Promise<Map<string, Outcome>> {
    // The relations the run built (every step of a bridge reads the same files): read, mapped and checked once.
    const rows = await engine.query(printSql(p.plan, engine.dialect, { records: true, relationTable: await engine.relations(p.plan) }));
    const out = new Map<string, Outcome>();
    const wanted = new Set(years);
    for (const r of rows) {
        const y = Number(r.cohort_year);
        if (!wanted.has(y)) continue;
        out.set(JSON.stringify(key === 'anchor' ? [y, r.person, r.institution, r.programme] : [y, String(r.person)]), String(r.outcome));
    }
    return out;
}

function count(m: Map<string, Outcome>): Record<Outcome, number> {
    const c: Record<Outcome, number> = {};
    for (const o of m.values()) c[o] = (c[o] ?? 0) + 1;
    return c;
}

/**
 * SEMANTICS.md, the bridge: from A = D0 to B = Dk, each Di changing one more differing choice (card order); a step's
 * movement is the per-person cross-table of outcomes between D(i-1) and Di, so the steps add up to B - A exactly.
 */
export async function bridge(engine: DuckDBEngine, a: Prepared, b: Prepared): Promise<Bridge | { reason: string }> {
    const da = a.definition;
    const db = b.definition;
    // A classified side has no choices that made its outcomes: there is nothing to walk from one side to the other.
    if (da.classified || db.classified) {
        const which = da.classified && db.classified ? 'both sides are' : da.classified ? `${da.indicator.name} is` : `${db.indicator.name} is`;
        return { reason: `${which} the publisher's classification, taken from the source's files: no choices of Stroom made ${da.classified && db.classified ? 'them' : 'it'}, so no bridge of choices leads from one side to the other` };
    }
    if (da.measure.name !== db.measure.name) return { reason: `the measures differ (${da.measure.name}, ${db.measure.name}): there is no common outcome to move between` };
    if (da.cohort.kind !== db.cohort.kind) return { reason: `the kinds of cohort differ (${da.cohort.kind}, ${db.cohort.kind})` };
    if (a.source.qualifiedName !== b.source.qualifiedName) return { reason: 'the sides use different sources' };
    // Suppression and decimals change what is shown, not who is counted.
    const keys = CHOICES.map((s) => s.key).filter((k) => !DISPLAY_CHOICES.includes(k)
        && JSON.stringify(da.choices[k]?.value) !== JSON.stringify(db.choices[k]?.value));
    const chain: Prepared[] = [a];
    let choices: Choices = da.choices;
    for (const k of keys) {
        const next: Record<string, unknown> = { ...choices };
        if (db.choices[k]) next[k] = db.choices[k]; else delete next[k];
        choices = next as unknown as Choices;
        // The bridge follows people, not breakdowns: a step may drop what a breakdown reads (`by history.cluster`
        // needs the history filter a step removes), so the intermediate definitions have none.
        const def: Definition = { ...da, choices, breakdown: [] };
        try {
            chain.push({ definition: def, source: a.source, plan: makePlan(def, a.source) });
        } catch (e) {
            if (e instanceof PlanError) return { reason: `an intermediate definition cannot be computed (${e.message})` };
            throw e;
        }
    }
    const shown = chain.map((p) => new Set(p.plan.shownYears));
    const years = [...shown[0]].filter((y) => shown.every((s) => s.has(y))).sort((x, y) => x - y);
    const results: Map<string, Outcome>[] = [];
    for (const p of chain) results.push(await outcomes(engine, p, years, 'anchor'));
    const steps: BridgeStep[] = keys.map((k, i) => {
        const before = results[i];
        const after = results[i + 1];
        const pairs = new Map<string, number>();
        for (const key of new Set([...before.keys(), ...after.keys()])) {
            const from = before.get(key) ?? OUTSIDE;
            const to = after.get(key) ?? OUTSIDE;
            if (from === to) continue;
            const pk = JSON.stringify([from, to]);
            pairs.set(pk, (pairs.get(pk) ?? 0) + 1);
        }
        const moves = [...pairs].map(([pk, n]) => { const [from, to] = JSON.parse(pk) as [string, string]; return { from, to, n }; })
            .sort((x, y) => y.n - x.n || (x.from + x.to).localeCompare(y.from + y.to));
        const delta: Record<Outcome, number> = {};
        for (const m of moves) {
            if (m.from !== OUTSIDE) delta[m.from] = (delta[m.from] ?? 0) - m.n;
            if (m.to !== OUTSIDE) delta[m.to] = (delta[m.to] ?? 0) + m.n;
        }
        const spec = CHOICES.find((s) => s.key === k)!;
        return {
            key: k, en: spec.en, nl: spec.nl,
            from: showChoiceOrUnset(k, da.choices[k]) ?? '(not applicable)',
            to: showChoiceOrUnset(k, db.choices[k]) ?? '(not applicable)',
            moves, delta,
            cohortIn: moves.filter((m) => m.from === OUTSIDE).reduce((s, m) => s + m.n, 0),
            cohortOut: moves.filter((m) => m.to === OUTSIDE).reduce((s, m) => s + m.n, 0),
        };
    });
    return { years, measured: MEASURED_OUTCOME[da.measure.name], start: count(results[0]), end: count(results[results.length - 1]), steps };
}

// ------------------------------------------------------------------ two sources

async function membership(engine: DuckDBEngine, a: Prepared, b: Prepared): Promise<Membership[]> {
    const years = a.plan.shownYears.filter((y) => b.plan.shownYears.includes(y));
    const left = await outcomes(engine, a, years, 'person');
    const right = await outcomes(engine, b, years, 'person');
    // Why someone in one cohort is not in the other: the first clause of the funnel on the other source that drops
    // them ('base': no record there at all that year, e.g. the source does not know the person).
    const dropped = async (p: Prepared) => {
        const m = new Map<string, string>();
        // A classified population has no funnel: whoever is missing is simply not in the publisher's file ('base').
        if (p.plan.classified) return m;
        for (const r of await funnelRecords(engine, p)) if (r.droppedAt !== null) m.set(JSON.stringify([r.cohortYear, r.person]), r.droppedAt);
        return m;
    };
    const droppedOnRight = await dropped(b);
    const droppedOnLeft = await dropped(a);
    const tally = (keys: readonly string[], why: Map<string, string>) => {
        const out: Record<string, number> = {};
        for (const k of keys) { const step = why.get(k) ?? 'base'; out[step] = (out[step] ?? 0) + 1; }
        return out;
    };
    return years.map((y) => {
        const inYear = (m: Map<string, Outcome>) => [...m.keys()].filter((k) => JSON.parse(k)[0] === y);
        const l = inYear(left);
        const r = inYear(right);
        const rs = new Set(r);
        const ls = new Set(l);
        const both = l.filter((k) => rs.has(k));
        return {
            cohortYear: y, both: both.length, leftOnly: l.length - both.length, rightOnly: r.length - both.length,
            sameOutcome: both.filter((k) => left.get(k) === right.get(k)).length,
            droppedOnRight: tally(l.filter((k) => !rs.has(k)), droppedOnRight),
            droppedOnLeft: tally(r.filter((k) => !ls.has(k)), droppedOnLeft),
        };
    });
}

// ------------------------------------------------------------------ published figures

/** A destination category as publishers code it: `other sector: hbo` is hbo, `not in education` is none. */
export function publishedOutcome(outcome: Outcome, anchorSectors: readonly string[] | 'any'): string {
    if (outcome === 'not in education') return 'none';
    const other = /^other sector: (.+)$/.exec(outcome);
    if (other) return other[1];
    if (['same programme', 'other programme, same institution', 'other institution, same sector'].includes(outcome)) {
        return anchorSectors !== 'any' && anchorSectors.length === 1 ? anchorSectors[0] : 'same sector';
    }
    return outcome;
}

async function againstPublished(engine: DuckDBEngine, side: Side, source: SourceSpec): Promise<{ source: SourceSpec; rows: PublishedPair[]; unmatched: number }> {
    const [published] = await readPublished(engine, source);
    if (!published) throw new DataError(`source ${source.name} maps no published figures`);
    const def = side.prepared.definition;
    const distribution = isDistribution(def.measure.name);
    const missing = def.breakdown.filter((b) => !published.breakdown.includes(b));
    if (missing.length > 0 || published.breakdown.some((b) => !def.breakdown.includes(b))) {
        throw new DefinitionError(`${def.indicator.name} is broken down by ${def.breakdown.join(', ') || 'nothing'}, the published figures of ${source.name} by ${published.breakdown.join(', ') || 'nothing'}: make them the same to compare`);
    }
    const sectors = def.choices.sector.value;
    const rows = new Map<string, PublishedPair>();
    for (const f of side.figures) {
        const breakdown = distribution ? [...f.breakdown.slice(0, -1), publishedOutcome(String(f.breakdown[f.breakdown.length - 1]), sectors)] : f.breakdown;
        rows.set(keyOf(f.cohortYear, breakdown), { cohortYear: f.cohortYear, breakdown, computed: f });
    }
    let unmatched = 0;
    const measured = MEASURED_OUTCOME[def.measure.name];
    for (const p of published.rows) {
        if (!distribution && p.outcome !== null && p.outcome !== measured && p.outcome !== def.measure.name) { unmatched++; continue; }
        const breakdown = [...def.breakdown.map((b) => p.breakdown[b] ?? null), ...(distribution ? [p.outcome] : [])];
        const k = keyOf(p.year, breakdown);
        const row = rows.get(k) ?? { cohortYear: p.year, breakdown };
        rows.set(k, { ...row, published: p });
    }
    for (const [k, row] of rows) {
        const c = row.computed;
        const pub = row.published;
        if (!pub || !c || c.count.hidden === false) continue;
        const withheld = (['count', 'rate', ...(c.size.hidden === false ? [] : ['total'] as const)] as const).filter((f) => pub[f] !== null);
        if (withheld.length === 0) continue;
        const blank = Object.fromEntries(withheld.map((f) => [f, null]));
        rows.set(k, { ...row, withheld, published: { ...pub, ...blank } });
    }
    return { source, rows: [...rows.values()].sort((x, y) => x.cohortYear - y.cohortYear || keyOf(0, x.breakdown).localeCompare(keyOf(0, y.breakdown))), unmatched };
}

/** The value of a published cell, or undefined when suppressed or missing. */
export function cellValue(c: PublishedCell): number | undefined {
    return c !== null && 'value' in c ? c.value : undefined;
}


// ------------------------------------------------------------------ disclosure control of the bridge and membership

export interface ProtectedStep {
    /** Each move as shown (same order as the step's moves). */
    readonly moves: readonly ProtectedCell[];
    readonly cohortIn: ProtectedCell;
    readonly cohortOut: ProtectedCell;
    /**
     * Net change per outcome, shown only when every move into or out of that outcome is: it is then a sum of shown
     * cells and tells nothing more (taken from the shown, possibly rounded, moves). Null when hidden.
     */
    readonly delta: Readonly<Record<Outcome, number | null>>;
    /** The net change of the cohort size (in minus out), null unless both are shown. */
    readonly net: number | null;
}

export interface ProtectedBridge {
    readonly start: Readonly<Record<Outcome, ProtectedCell>>;
    readonly end: Readonly<Record<Outcome, ProtectedCell>>;
    readonly startSize: ProtectedCell;
    readonly endSize: ProtectedCell;
    readonly steps: readonly ProtectedStep[];
}

/**
 * The bridge through the disclosure module. Every shown number is a count of people (the ends per outcome and in
 * total, every move, the people entering and leaving the cohort), and they add up: per outcome and step, the count
 * before plus the moves in equals the count after plus the moves out (a never-shown pool cell holds both sides), and
 * the same for the cohort size with the moves from and to outside. The counts of the intermediate definitions are
 * never shown but follow from the rest: they are derived cells, protected by a move next to them when small.
 */
/**
 * The ends of a bridge that one side's figures force hidden: the size ('size') when a yearly cohort size in the bridge
 * years is hidden, an outcome's count when a yearly count of it is (the measured outcome, or a distribution's
 * category). Conservative: one hidden year hides the end.
 */
function endsHiddenBy(b: Bridge, figures: readonly FigureRow[]): string[] {
    const out = new Set<string>();
    for (const f of figures) {
        if (!b.years.includes(f.cohortYear)) continue;
        if (f.size.hidden !== false) out.add('size');
        const outcome = b.measured ?? f.breakdown[f.breakdown.length - 1];
        if (f.count.hidden !== false && outcome) out.add(outcome);
    }
    return [...out].sort();
}

export function protectBridge(b: Bridge, policy: DisclosurePolicy | number): ProtectedBridge {
    const p = typeof policy === 'number' ? disclosurePolicy(policy) : policy;
    const outcomes = [...new Set([...Object.keys(b.start), ...Object.keys(b.end), ...b.steps.flatMap((s) => s.moves.flatMap((m) => [m.from, m.to]))])]
        .filter((o) => o !== OUTSIDE).sort();
    const K = b.steps.length;
    const cells: CellSpec[] = [];
    const groups: GroupSpec[] = [];
    const moveId = (i: number, j: number) => `m${i}.${j}`;
    // Exact counts of each outcome after each step (0: the left definition, K: the right one).
    const counts: Array<Record<string, number>> = [{ ...b.start }];
    b.steps.forEach((s) => {
        const c = { ...counts[counts.length - 1] };
        for (const m of s.moves) {
            if (m.from !== OUTSIDE) c[m.from] = (c[m.from] ?? 0) - m.n;
            if (m.to !== OUTSIDE) c[m.to] = (c[m.to] ?? 0) + m.n;
        }
        counts.push(c);
    });
    const sizes = counts.map((c) => outcomes.reduce((t, o) => t + (c[o] ?? 0), 0));
    // The shown move a derived cell hides when small, and through which more moves can be hidden: the largest move
    // (not a small one, which is what needs protecting) touching it in the steps around boundary i.
    const near = (i: number, touches: (m: Move) => boolean, fallback: string) => {
        let best: { id: string; n: number } | undefined;
        for (const si of [i - 1, i, i + 1]) {
            if (si < 0 || si >= K) continue;
            b.steps[si].moves.forEach((m, j) => { if (touches(m) && (!best || m.n > best.n)) best = { id: moveId(si, j), n: m.n }; });
        }
        return best?.id ?? fallback;
    };
    const countId = (i: number, o: string) => (i === 0 ? `a:${o}` : i === K ? `b:${o}` : `c${i}:${o}`);
    const sizeId = (i: number) => (i === 0 ? 'A' : i === K ? 'B' : `n${i}`);
    b.steps.forEach((s, i) => s.moves.forEach((m, j) => cells.push({ id: moveId(i, j), value: m.n })));
    b.steps.forEach((s, i) => {
        cells.push({ id: `in${i}`, value: s.cohortIn }, { id: `out${i}`, value: s.cohortOut });
        const ins = s.moves.map((m, j) => (m.from === OUTSIDE ? moveId(i, j) : '')).filter(Boolean);
        const outs = s.moves.map((m, j) => (m.to === OUTSIDE ? moveId(i, j) : '')).filter(Boolean);
        if (ins.length > 0) groups.push({ cells: ins, total: `in${i}` });
        if (outs.length > 0) groups.push({ cells: outs, total: `out${i}` });
    });
    for (const o of outcomes) {
        cells.push({ id: `a:${o}`, value: b.start[o] ?? 0 }, { id: `b:${o}`, value: b.end[o] ?? 0 });
        for (let i = 1; i < K; i++) cells.push({ id: countId(i, o), value: counts[i][o] ?? 0, protectedBy: near(i, (m) => m.from === o || m.to === o, `b:${o}`) });
    }
    cells.push({ id: 'A', value: sizes[0] }, { id: 'B', value: sizes[K] });
    for (let i = 1; i < K; i++) cells.push({ id: sizeId(i), value: sizes[i], protectedBy: near(i, (m) => m.from === OUTSIDE || m.to === OUTSIDE, 'B') });
    for (let i = 0; i <= K; i++) groups.push({ cells: outcomes.map((o) => countId(i, o)), total: sizeId(i) });
    b.steps.forEach((s, i) => {
        for (const o of outcomes) {
            const into = s.moves.map((m, j) => (m.to === o ? moveId(i, j) : '')).filter(Boolean);
            const outOf = s.moves.map((m, j) => (m.from === o ? moveId(i, j) : '')).filter(Boolean);
            const pool = `p${i}:${o}`;
            cells.push({ id: pool, value: (counts[i][o] ?? 0) + s.moves.filter((m) => m.to === o).reduce((t, m) => t + m.n, 0),
                protectedBy: near(i + 1, (m) => m.from === o || m.to === o, `b:${o}`) });
            groups.push({ cells: [countId(i, o), ...into], total: pool }, { cells: [countId(i + 1, o), ...outOf], total: pool });
        }
        const pool = `q${i}`;
        cells.push({ id: pool, value: sizes[i] + s.cohortIn, protectedBy: near(i + 1, (m) => m.from === OUTSIDE || m.to === OUTSIDE, 'B') });
        groups.push({ cells: [sizeId(i), `in${i}`], total: pool }, { cells: [sizeId(i + 1), `out${i}`], total: pool });
    });
    // The ends are the two definitions' own counts, public when shown: decided first, from the ends alone, and kept.
    const endIds = new Set(['A', 'B', ...outcomes.flatMap((o) => [`a:${o}`, `b:${o}`])]);
    const forced = new Set([
        ...(b.hiddenEnds?.start ?? []).map((o) => (o === 'size' ? 'A' : `a:${o}`)),
        ...(b.hiddenEnds?.end ?? []).map((o) => (o === 'size' ? 'B' : `b:${o}`)),
    ]);
    const endCells = cells.filter((c) => endIds.has(c.id)).map((c) => (forced.has(c.id) ? { ...c, hide: true } : c));
    const endState = protectCells(endCells, [0, K].map((i) => ({ cells: outcomes.map((o) => countId(i, o)), total: sizeId(i) })), p).state;
    const state = protectCells(cells.map((c) => (endIds.has(c.id) ? { ...c, fixed: endState.get(c.id)! } : c)), groups, p).state;
    const cell = (id: string, value: number) => protectedCell(value, state.get(id)!, p);
    const ends = (which: 'a' | 'b', x: Readonly<Record<Outcome, number>>) => Object.fromEntries(outcomes.map((o) => [o, cell(`${which}:${o}`, x[o] ?? 0)]));
    return {
        start: ends('a', b.start), end: ends('b', b.end), startSize: cell('A', sizes[0]), endSize: cell('B', sizes[K]),
        steps: b.steps.map((s, i) => {
            const moves = s.moves.map((m, j) => cell(moveId(i, j), m.n));
            const delta: Record<Outcome, number | null> = {};
            for (const o of Object.keys(s.delta)) {
                const touching = s.moves.map((m, j) => [m, moves[j]] as const).filter(([m]) => m.from === o || m.to === o);
                delta[o] = touching.every(([, c]) => c.value !== null)
                    ? touching.reduce((t, [m, c]) => t + (m.to === o ? c.value! : -c.value!), 0) : null;
            }
            const cohortIn = cell(`in${i}`, s.cohortIn);
            const cohortOut = cell(`out${i}`, s.cohortOut);
            return { moves, cohortIn, cohortOut, delta, net: cohortIn.value !== null && cohortOut.value !== null ? cohortIn.value - cohortOut.value : null };
        }),
    };
}

export interface ProtectedMembership {
    readonly cohortYear: number;
    readonly both: ProtectedCell;
    readonly leftOnly: ProtectedCell;
    readonly rightOnly: ProtectedCell;
    readonly sameOutcome: ProtectedCell;
    readonly droppedOnRight: Readonly<Record<string, ProtectedCell>>;
    readonly droppedOnLeft: Readonly<Record<string, ProtectedCell>>;
}

export interface ProtectedMemberships {
    readonly years: readonly ProtectedMembership[];
    /** Per clause, the people dropped over all years (what the text and HTML show). */
    readonly droppedOnRight: Readonly<Record<string, ProtectedCell>>;
    readonly droppedOnLeft: Readonly<Record<string, ProtectedCell>>;
}

/**
 * Who is in which cohort, through the disclosure module. Per year, in both + only left adds up to the left cohort and
 * in both + only right to the right one (public totals); same outcome + different outcome adds up to in both (the
 * different ones are never shown, so they are a derived cell); the clauses that dropped the people of one side only
 * add up to that side's "only" count, per year and, summed over the years, to the totals shown per clause.
 */
export function protectMembership(ms: readonly Membership[], policy: DisclosurePolicy | number): ProtectedMemberships {
    const p = typeof policy === 'number' ? disclosurePolicy(policy) : policy;
    const cells: CellSpec[] = [];
    const groups: GroupSpec[] = [];
    const totals = { R: new Map<string, string[]>(), L: new Map<string, string[]>() };
    const sums = { R: new Map<string, number>(), L: new Map<string, number>() };
    const onlyIds = { R: [] as string[], L: [] as string[] };
    ms.forEach((m, y) => {
        cells.push({ id: `both${y}`, value: m.both }, { id: `lo${y}`, value: m.leftOnly }, { id: `ro${y}`, value: m.rightOnly },
            { id: `same${y}`, value: m.sameOutcome }, { id: `diff${y}`, value: m.both - m.sameOutcome, protectedBy: `same${y}` });
        groups.push({ cells: [`both${y}`, `lo${y}`] }, { cells: [`both${y}`, `ro${y}`] }, { cells: [`same${y}`, `diff${y}`], total: `both${y}` });
        for (const [side, per, only] of [['R', m.droppedOnRight, `lo${y}`], ['L', m.droppedOnLeft, `ro${y}`]] as const) {
            onlyIds[side].push(only);
            const ids = Object.entries(per ?? {}).map(([step, n]) => {
                const id = `${side}${y}:${step}`;
                cells.push({ id, value: n });
                totals[side].set(step, [...(totals[side].get(step) ?? []), id]);
                sums[side].set(step, (sums[side].get(step) ?? 0) + n);
                return id;
            });
            if (ids.length > 0) groups.push({ cells: ids, total: only });
        }
    });
    for (const side of ['R', 'L'] as const) {
        const ids = [...totals[side].keys()].map((step) => `${side}:${step}`);
        for (const [step, members] of totals[side]) {
            cells.push({ id: `${side}:${step}`, value: sums[side].get(step)! });
            groups.push({ cells: members, total: `${side}:${step}` });
        }
        // Summed over the years, the clauses add up to the "only" counts summed (a cell no output shows).
        if (ids.length > 0) {
            cells.push({ id: `${side}:all`, value: onlyIds[side].reduce((t, id) => t + cells.find((c) => c.id === id)!.value, 0) });
            groups.push({ cells: ids, total: `${side}:all` }, { cells: onlyIds[side], total: `${side}:all` });
        }
    }
    const state = protectCells(cells, groups, p).state;
    const cell = (id: string, v: number) => protectedCell(v, state.get(id)!, p);
    const per = (side: 'R' | 'L', y: number, x: Readonly<Record<string, number>> | undefined) =>
        Object.fromEntries(Object.entries(x ?? {}).map(([step, n]) => [step, cell(`${side}${y}:${step}`, n)]));
    return {
        years: ms.map((m, y) => ({
            cohortYear: m.cohortYear, both: cell(`both${y}`, m.both), leftOnly: cell(`lo${y}`, m.leftOnly), rightOnly: cell(`ro${y}`, m.rightOnly),
            sameOutcome: cell(`same${y}`, m.sameOutcome), droppedOnRight: per('R', y, m.droppedOnRight), droppedOnLeft: per('L', y, m.droppedOnLeft),
        })),
        droppedOnRight: Object.fromEntries([...sums.R].map(([step, n]) => [step, cell(`R:${step}`, n)])),
        droppedOnLeft: Object.fromEntries([...sums.L].map(([step, n]) => [step, cell(`L:${step}`, n)])),
    };
}
