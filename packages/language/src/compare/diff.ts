// The semantic difference between two versions of the same workspaces (`stroom diff`): which definitions were added,
// removed or changed, each changed indicator's card choice by choice, and, with data, the figures of both versions and
// the bridge between them (compare's machinery). Text that only moved, was re-indented or re-commented is no change:
// definitions are compared by their syntax tree with references read as the qualified names they resolve to.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAstNode, isReference, type AstNode, type LangiumDocument } from 'langium';
import * as ast from '../generated/ast.js';
import { resolveIndicator, resolveSource } from '../definition/resolve.js';
import type { Definition, SourceSpec } from '../definition/types.js';
import { qualifiedName } from '../scope.js';
import { allSources, DefinitionError, pickSource, prepareOn, type Prepared } from '../run/session.js';
import type { Workspace } from '../workspace/load.js';
import type { DuckDBEngine } from '../run/engine.js';
import { choiceRows, compareDefinitions, type Comparison } from './compare.js';

export type DefinitionKind = 'source' | 'convention' | 'cohort' | 'indicator';
export type ChangeStatus = 'added' | 'removed' | 'changed';

/** One line of an indicator's card that differs between the versions. */
export interface CardChange {
    /** A choice key of the card (CHOICES), or one of measure, cohort, breakdown, source, conventions, title. */
    readonly key: string;
    readonly en: string;
    readonly nl: string;
    readonly before?: string;
    readonly after?: string;
    /** A choice of display (suppression, decimals): it changes what is shown, never who counts. */
    readonly display?: boolean;
}

export interface DefinitionChange {
    /** The workspace root, relative to where diff was run ('.' for that folder itself). */
    readonly workspace: string;
    readonly kind: DefinitionKind;
    readonly name: string;
    readonly status: ChangeStatus;
    /** Where the definition is (the after version; the before version when removed), relative to the current folder. */
    readonly file: string;
    readonly line: number;
    /**
     * Changed only through what it uses (a convention, cohort or source changed; its own text did not). Only for
     * indicators, whose card is resolved through them.
     */
    readonly indirect?: boolean;
    /** Indicators: the source it runs on, when that source's definition changed (mappings, files, peildatum). */
    readonly sourceChanged?: string;
    /** Indicators: the card lines that differ (empty when only e.g. a breakdown's spelling changed). */
    readonly card?: readonly CardChange[];
}

export interface DiffComparison {
    readonly workspace: string;
    readonly indicator: string;
    /** The figures and bridge; absent when skipped. */
    readonly comparison?: Comparison;
    /** Why no figures: data files missing in the working tree, a definition that cannot be computed. */
    readonly skipped?: string;
}

export interface DiffVersion {
    /** What the user named (HEAD, a commit, "working tree"). */
    readonly label: string;
    /** Workspace root (relative) -> the workspace in this version, absent when it does not exist there. */
    readonly workspaces: ReadonlyMap<string, Workspace>;
}

export interface SemanticDiff {
    readonly before: string;
    readonly after: string;
    readonly changes: readonly DefinitionChange[];
    readonly comparisons: readonly DiffComparison[];
}

interface Found {
    readonly kind: DefinitionKind;
    readonly name: string;
    readonly node: ast.Source | ast.Convention | ast.Cohort | ast.Indicator;
    readonly print: string;
}

const KIND_ORDER: readonly DefinitionKind[] = ['source', 'convention', 'cohort', 'indicator'];

function kindOf(e: ast.Element): DefinitionKind | undefined {
    if (ast.isSource(e)) return 'source';
    if (ast.isConvention(e)) return 'convention';
    if (ast.isCohort(e)) return 'cohort';
    if (ast.isIndicator(e)) return 'indicator';
    return undefined;
}

function nameOf(node: AstNode): string {
    const model = node.$container as ast.Model | undefined;
    return qualifiedName(model?.package, (node as unknown as { name: string }).name);
}

/**
 * A definition as a canonical text: its syntax tree without positions or comments, keys sorted, each reference as the
 * qualified name it resolves to (its text when it does not resolve). Equal prints: no semantic change.
 */
export function canonicalPrint(node: AstNode): string {
    const walk = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(walk);
        if (isReference(v)) {
            const target = v.ref;
            return { ref: target && 'name' in target && ast.isModel(target.$container) ? nameOf(target) : v.$refText };
        }
        if (isAstNode(v)) {
            const out: Record<string, unknown> = { $type: v.$type };
            for (const key of Object.keys(v).filter((k) => !k.startsWith('$')).sort()) out[key] = walk((v as unknown as Record<string, unknown>)[key]);
            return out;
        }
        return v;
    };
    return JSON.stringify(walk(node));
}

function definitionsOf(ws: Workspace): Map<string, Found> {
    const out = new Map<string, Found>();
    for (const doc of ws.documents) {
        for (const e of doc.parseResult.value.elements) {
            const kind = kindOf(e);
            if (!kind) continue;
            const node = e as Found['node'];
            out.set(`${kind} ${nameOf(node)}`, { kind, name: nameOf(node), node, print: canonicalPrint(node) });
        }
    }
    return out;
}

function fileOf(node: AstNode): { file: string; line: number } {
    let doc: LangiumDocument | undefined;
    for (let n: AstNode | undefined = node; n; n = n.$container) if (n.$document) doc = n.$document;
    return { file: doc ? doc.uri.fsPath : '', line: (node.$cstNode?.range.start.line ?? 0) + 1 };
}

/** An indicator's card in a workspace: the definition as a run would resolve it (its source as a run would pick it). */
function cardOf(ws: Workspace, indicator: ast.Indicator): { definition?: Definition; source?: ast.Source } {
    let source: ast.Source | undefined;
    try {
        source = pickSource(ws, allSources(ws), indicator);
    } catch {
        source = undefined;
    }
    let spec: SourceSpec | undefined;
    try {
        spec = source ? resolveSource(source) : undefined;
    } catch {
        spec = undefined;
    }
    const { definition } = resolveIndicator(indicator, { source: spec, suppression: ws.config.suppression, decimals: ws.config.decimals });
    return { definition, source };
}

/** Without positions and doc comments: what a definition means, not where it is written. */
function meaning(x: unknown): unknown {
    if (Array.isArray(x)) return x.map(meaning);
    if (x && typeof x === 'object') {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(x).sort()) {
            if (['file', 'line', 'at', 'doc', 'origin'].includes(key)) continue;
            out[key] = meaning((x as Record<string, unknown>)[key]);
        }
        return out;
    }
    return x;
}

const same = (a: unknown, b: unknown) => JSON.stringify(meaning(a)) === JSON.stringify(meaning(b));

/** The card lines that differ: every differing choice (compare's rows), then what else the card says. */
export function cardChanges(a: Definition, b: Definition, sourceA?: string, sourceB?: string): CardChange[] {
    const out: CardChange[] = choiceRows(a, b).filter((r) => r.differs)
        .map((r) => ({ key: r.key, en: r.en, nl: r.nl, before: r.left, after: r.right, ...(r.display ? { display: true } : {}) }));
    const extra = (key: string, en: string, nl: string, x: string | undefined, y: string | undefined) => {
        if (x !== y) out.push({ key, en, nl, ...(x !== undefined ? { before: x } : {}), ...(y !== undefined ? { after: y } : {}) });
    };
    const measure = (d: Definition) => [d.measure.name, d.measure.overRetainedAfter !== undefined ? `over retained after ${d.measure.overRetainedAfter}` : '',
        d.measure.pool ? `pooled over ${d.measure.pool} years` : '', d.classified ? 'classified by source' : ''].filter(Boolean).join(', ');
    const cohort = (d: Definition) => `${d.cohort.qualifiedName} (${d.cohort.kind}${d.cohort.years ? `, ${d.cohort.years[0]}..${d.cohort.years[1]}` : ''})`;
    extra('title', 'title', 'titel', a.indicator.title, b.indicator.title);
    extra('measure', 'measure', 'maat', measure(a), measure(b));
    extra('cohort', 'cohort', 'cohort', cohort(a), cohort(b));
    extra('breakdown', 'breakdown', 'uitsplitsing', a.breakdown.join(', ') || 'none', b.breakdown.join(', ') || 'none');
    extra('source', 'source', 'bron', sourceA, sourceB);
    extra('conventions', 'conventions', 'conventies', a.conventions.map((c) => c.name).join(', ') || 'none', b.conventions.map((c) => c.name).join(', ') || 'none');
    return out;
}

/** The definitions added, removed and changed from `before` to `after`, in a stable order. */
export function definitionChanges(before: DiffVersion, after: DiffVersion, relativeTo = process.cwd()): DefinitionChange[] {
    const rel = (f: string) => path.relative(relativeTo, f) || f;
    const out: DefinitionChange[] = [];
    const roots = [...new Set([...before.workspaces.keys(), ...after.workspaces.keys()])].sort();
    for (const root of roots) {
        const wa = before.workspaces.get(root);
        const wb = after.workspaces.get(root);
        const da = wa ? definitionsOf(wa) : new Map<string, Found>();
        const db = wb ? definitionsOf(wb) : new Map<string, Found>();
        for (const key of [...new Set([...da.keys(), ...db.keys()])]) {
            const x = da.get(key);
            const y = db.get(key);
            const at = fileOf((y ?? x)!.node);
            const base = { workspace: root, kind: (y ?? x)!.kind, name: (y ?? x)!.name, file: rel(at.file), line: at.line };
            if (!x) { out.push({ ...base, status: 'added' }); continue; }
            if (!y) { out.push({ ...base, status: 'removed' }); continue; }
            const own = x.print !== y.print;
            if (x.kind !== 'indicator') {
                if (own) out.push({ ...base, status: 'changed' });
                continue;
            }
            const ca = cardOf(wa!, x.node as ast.Indicator);
            const cb = cardOf(wb!, y.node as ast.Indicator);
            const card = ca.definition && cb.definition
                ? cardChanges(ca.definition, cb.definition, ca.source && nameOf(ca.source), cb.source && nameOf(cb.source)) : [];
            // Its source's mapping may have changed while the card did not: the figures can still differ.
            const sourceChanged = ca.source && cb.source && canonicalPrint(ca.source) !== canonicalPrint(cb.source);
            const cardDiffers = card.length > 0 || (ca.definition === undefined) !== (cb.definition === undefined)
                || (ca.definition !== undefined && !same(ca.definition, cb.definition)) || sourceChanged;
            if (own || cardDiffers) {
                out.push({ ...base, status: 'changed', ...(own ? {} : { indirect: true }), ...(sourceChanged ? { sourceChanged: nameOf(cb.source!) } : {}), card });
            }
        }
    }
    const order = (c: DefinitionChange) => [c.workspace, String(KIND_ORDER.indexOf(c.kind)), c.name].join('\u0000');
    return out.sort((p, q) => (order(p) < order(q) ? -1 : order(p) > order(q) ? 1 : 0));
}

/** What a definition says beside its choices, breakdown, name and title: what a bridge cannot walk. */
function beyondChoices(d: Definition): unknown {
    return { ...d, indicator: undefined, choices: undefined, breakdown: undefined, conventions: undefined, sourceName: undefined };
}

/** Every data file a source reads exists (database tables: not checked here, so not computed by diff). */
function dataPresent(spec: SourceSpec): string | undefined {
    const files = [...spec.mappings.map((m) => m.file), ...(spec.populations ?? []).map((p) => p.file), ...(spec.outcomes ?? []).map((o) => o.file)];
    for (const f of files) {
        if (f.format === 'table') return `source ${spec.name} reads a database table (${f.written})`;
        if (!fs.existsSync(f.path)) return `the data file ${f.written} of source ${spec.name} is not in the working tree`;
    }
    return undefined;
}

/**
 * Figures before and after for each changed indicator that exists in both versions, with the bridge between them,
 * on the data files of the working tree. `engineFor` opens one engine per workspace (closed by the caller).
 */
export async function diffFigures(before: DiffVersion, after: DiffVersion, changes: readonly DefinitionChange[],
    engineFor: (ws: Workspace) => Promise<DuckDBEngine>, relativeTo = process.cwd()): Promise<DiffComparison[]> {
    const out: DiffComparison[] = [];
    for (const c of changes) {
        if (c.kind !== 'indicator' || c.status !== 'changed') continue;
        const wa = before.workspaces.get(c.workspace)!;
        const wb = after.workspaces.get(c.workspace)!;
        const find = (ws: Workspace) => ws.documents.flatMap((d) => d.parseResult.value.elements.filter(ast.isIndicator)).find((i) => nameOf(i) === c.name)!;
        const ia = find(wa);
        const ib = find(wb);
        let pa: Prepared;
        let pb: Prepared;
        try {
            pa = prepareOn(wa, ia, pickSource(wa, allSources(wa), ia));
            pb = prepareOn(wb, ib, pickSource(wb, allSources(wb), ib));
        } catch (e) {
            if (e instanceof DefinitionError) { out.push({ workspace: c.workspace, indicator: c.name, skipped: e.message }); continue; }
            throw e;
        }
        const missing = dataPresent(pa.source) ?? dataPresent(pb.source);
        if (missing) { out.push({ workspace: c.workspace, indicator: c.name, skipped: missing }); continue; }
        // The bridge walks choices on one source: when the source or anything else beside the choices changed, the
        // steps would not add up to the after figures, so there is none.
        const noBridge = !same(pa.source, pb.source) ? `source ${pb.source.name} changed between ${before.label} and ${after.label}; a bridge walks the choices on one source`
            : !same(beyondChoices(pa.definition), beyondChoices(pb.definition))
                ? 'more than the choices changed (measure, cohort years or classification); a bridge walks the choices only' : undefined;
        const engine = await engineFor(wb);
        const comparison = await compareDefinitions(engine, pa, pb, {
            title: c.name, file: path.resolve(relativeTo, c.file), line: c.line, leftLabel: before.label, rightLabel: after.label,
            config: wb.config as { suppressZeros?: unknown; rounding?: unknown }, ...(noBridge ? { noBridge } : {}),
        });
        out.push({ workspace: c.workspace, indicator: c.name, comparison });
    }
    return out;
}
