// Rendering comparisons: table (terminal), Markdown and JSON. Every count shown comes from the disclosure module:
// the figures' protected cells, protectBridge and protectMembership (`<k` small, `x` hidden to protect another).
import * as path from 'node:path';
import { renderHtml } from './html-compare.js';
import {
    cellValue, classifiedNote, describeDisclosure, formatRate, normMetText, rateDifference, MEASURED_OUTCOME, OUTSIDE, protectBridge, protectMembership, rateTenths, type Comparison, type FigureRow,
    type ProtectedCell, type Side, publishedCell,
} from '@stroom/language';
import { hiddenTotalsNote, KIND_TEXT, STEP_TEXT, WITHHELD_NOTE } from './compare-texts.js';

export type CompareFormat = 'table' | 'md' | 'json' | 'html';

/** A signed change, or `x` when the disclosure module hides it (null). */
function signed(n: number | null): string {
    return n === null ? 'x' : `${n < 0 ? '-' : '+'}${Math.abs(n)}`;
}

function figureCells(f: FigureRow | undefined, k: number): [string, string, string] {
    if (!f) return ['', '', ''];
    // The cells as the disclosure module left them (figures.ts); k stays for the markers it already carries.
    void k;
    return [f.size.shown, f.count.shown, f.rate.shown];
}

/** Difference of two rates in percentage points at the sides' decimals, signed; empty when either is suppressed. */
function points(a: FigureRow | undefined, b: FigureRow | undefined): string {
    return rateDifference(a, b);
}

export function table(header: string[], rows: string[][], numericFrom: number): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) => r.map((v, i) => (i >= numericFrom ? (v ?? '').padStart(widths[i]) : (v ?? '').padEnd(widths[i]))).join('  ').trimEnd();
    return [line(header), ...rows.map(line)];
}

export function md(header: string[], rows: string[][], numericFrom: number): string[] {
    return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i >= numericFrom ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function sections(c: Comparison, grid: typeof table): string[] {
    const k = c.threshold;
    const out: string[] = [];
    const l = c.left;
    const r = c.right;
    const def = l.prepared.definition;
    for (const side of [l, ...(r ? [r] : [])]) {
        const note = classifiedNote(side);
        if (note) out.push(`${note.en}.`, `${note.nl}.`, '');
    }
    out.push(`Choices / keuzes${c.choices.some((x) => x.differs) ? ' (* differs / verschilt)' : ''}`);
    const choiceRows = c.choices.map((x) => [x.differs ? '*' : '', x.display ? `${x.en} (display only, moves nobody / alleen weergave)` : x.en, x.left ?? '', ...(r ? [x.right ?? ''] : [])]);
    out.push(...grid(['', 'choice', l.label, ...(r ? [r.label] : [])], choiceRows, 99), '');
    const by = def.breakdown;
    if (c.kind === 'published' && c.published) {
        const measured = MEASURED_OUTCOME[def.measure.name] ?? def.measure.name;
        out.push(`Computed and published / berekend en gepubliceerd (${c.published.source.name}${c.published.source.publisher ? `, ${c.published.source.publisher}` : ''})`);
        const rows = c.published.rows.map((p) => {
            const [size, count, rate] = figureCells(p.computed, k);
            const pub = p.published;
            const pubRate = pub ? (cellValue(pub.rate) !== undefined ? publishedCell(pub.rate, true)
                : cellValue(pub.count) !== undefined && cellValue(pub.total) ? formatRate(rateTenths(cellValue(pub.count)!, cellValue(pub.total)!)) : '') : '';
            const diff = p.computed && p.computed.count.hidden === false && pub && cellValue(pub.count) !== undefined ? String(p.computed.numerator - cellValue(pub.count)!) : '';
            const withheld = (field: 'count' | 'total' | 'rate', cell: string) => (p.withheld?.includes(field) ? 'x' : cell);
            return [String(p.cohortYear), ...p.breakdown.map((b) => b ?? '(unknown)'), size, count, rate,
                pub ? withheld('total', publishedCell(pub.total)) : '', pub ? withheld('count', publishedCell(pub.count)) : '',
                withheld('rate', pubRate), diff];
        });
        const names = [...by, ...(c.published.rows[0]?.breakdown.length ?? 0) > by.length ? ['outcome'] : []];
        out.push(...grid(['cohort', ...names, 'size', measured, 'rate', 'published size', `published ${measured}`, 'published rate', 'difference'], rows, 1 + names.length));
        if (c.published.unmatched > 0) out.push(`${c.published.unmatched} published rows are about another outcome and were left out.`);
        if (c.published.rows.some((p) => p.withheld)) out.push(WITHHELD_NOTE);
        return out;
    }
    if (!r) return out;
    return [...out, ...figureSections(c, grid)];
}

/** The figures of both sides, the bridge and who is in which cohort (no choices): what `stroom diff` shows too. */
export function figureSections(c: Comparison, grid: typeof table): string[] {
    const k = c.threshold;
    const out: string[] = [];
    const l = c.left;
    const r = c.right!;
    const def = l.prepared.definition;
    const by = def.breakdown;
    const measured = MEASURED_OUTCOME[def.measure.name] ?? 'count';
    out.push(`Figures / cijfers (${measured})`);
    // Norm and met columns per side only where a side has norms (`norm from`): other comparisons read as before.
    const normed = c.figures.some((p) => p.left?.norm || p.right?.norm);
    const norm = (f?: FigureRow) => (normed ? [f?.norm ? `${f.norm.shown}%` : '', f ? normMetText(f) : ''] : []);
    const normHead = normed ? ['norm', 'met'] : [];
    const rows = c.figures.map((p) => [String(p.cohortYear), ...p.breakdown.map((b) => b ?? '(unknown)'), ...figureCells(p.left, k), ...norm(p.left), ...figureCells(p.right, k), ...norm(p.right), points(p.left, p.right)]);
    out.push(...grid(['cohort', ...by, `${l.label} size`, measured, 'rate', ...normHead, `${r.label} size`, measured, 'rate', ...normHead, 'difference (points)'], rows, 1 + by.length), '');
    if (c.bridge) {
        const b = c.bridge;
        const m = b.measured ?? '';
        const pb = protectBridge(b, c.disclosure);
        const none = { shown: '0', value: 0 } as const;
        out.push(`Bridge / brug (cohorts ${b.years[0]}-${b.years[b.years.length - 1]}, ${m}): one step per differing choice, in card order`);
        const rowsB: string[][] = [[l.label, '', pb.startSize.shown, (pb.start[m] ?? none).shown, '']];
        b.steps.forEach((s, i) => {
            const ps = pb.steps[i];
            const moves = s.moves.map((mv, j) => `${mv.from} -> ${mv.to} ${ps.moves[j].shown}`).join('; ');
            rowsB.push([`${i + 1}. ${s.from} -> ${s.to}`, moves || '(nobody moves)', signed(ps.net), signed(m in ps.delta ? ps.delta[m] : 0),
                s.cohortIn || s.cohortOut ? `cohort: +${ps.cohortIn.shown} -${ps.cohortOut.shown}` : '']);
        });
        rowsB.push([r.label, '', pb.endSize.shown, (pb.end[m] ?? none).shown, '']);
        out.push(...grid(['step', 'people moved (from -> to)', 'cohort', m, 'cohort change'], rowsB, 2));
        const start = (pb.start[m] ?? none).value;
        const end = (pb.end[m] ?? none).value;
        // Spelled out only with numbers that are shown anyway.
        if (start !== null && end !== null) out.push(`The steps add up: ${start} ${end >= start ? '+' : '-'} ${Math.abs(end - start)} = ${end}. (${OUTSIDE}: entering or leaving the cohort.)`);
        else out.push(`(${OUTSIDE}: entering or leaving the cohort.)`);
        if (start === null || end === null) out.push(hiddenTotalsNote(b, l.label, r.label));
        out.push(`${describeDisclosure(c.disclosure)} / ${describeDisclosure(c.disclosure, 'nl')}`);
    } else if (c.noBridge) {
        out.push(`No bridge: ${c.noBridge}.`);
    }
    if (c.membership) {
        const pm = protectMembership(c.membership, c.disclosure);
        out.push('Who is in which cohort / wie zit in welk cohort (people with the same person key)');
        out.push(...grid(['cohort', 'in both', `only ${l.prepared.source.name}`, `only ${r.prepared.source.name}`, 'same outcome'],
            pm.years.map((m) => [String(m.cohortYear), m.both.shown, m.leftOnly.shown, m.rightOnly.shown, m.sameOutcome.shown]), 1));
        const why = (name: string, per: Readonly<Record<string, ProtectedCell>>, exact: 'droppedOnRight' | 'droppedOnLeft') => {
            const total: Record<string, number> = {};
            for (const m of c.membership!) for (const [step, n] of Object.entries(m[exact] ?? {})) total[step] = (total[step] ?? 0) + n;
            // Largest first by the exact counts, as before: the order says no more than the shown cells do.
            const parts = Object.entries(total).sort((x, y) => y[1] - x[1]).map(([step]) => `${STEP_TEXT[step] ?? step} ${per[step].shown}`);
            if (parts.length > 0) out.push(`Not in the cohort on ${name}, by the clause that dropped them there / niet in het cohort op ${name}, naar de regel die hen liet vallen: ${parts.join('; ')}`);
        };
        why(r.prepared.source.name, pm.droppedOnRight, 'droppedOnRight');
        why(l.prepared.source.name, pm.droppedOnLeft, 'droppedOnLeft');
        // Said from the shown cells only.
        if (pm.years.every((m) => m.both.value === 0) && pm.years.some((m) => (m.leftOnly.value ?? 1) > 0) && pm.years.some((m) => (m.rightOnly.value ?? 1) > 0)) {
            out.push('The two sources share no person keys (different numbering), so nobody can be followed across them. / De bronnen delen geen persoonsnummers.');
        }
    }
    return out;
}

function header(c: Comparison, root: string): string[] {
    return [`Compare "${c.title}" (${path.relative(root, c.file)}:${c.line})`, KIND_TEXT[c.kind], ''];
}

export function renderComparisons(all: readonly Comparison[], format: CompareFormat, root: string): string {
    if (format === 'json') return `${JSON.stringify(all.map((c) => comparisonJson(c, root)), null, 2)}\n`;
    if (format === 'html') return renderHtml(all, root);
    const out: string[] = [];
    for (const c of all) {
        if (format === 'md') out.push(`## ${c.title}`, '', KIND_TEXT[c.kind], '', ...sections(c, md).map((l) => (/^(Choices|Figures|Bridge|Computed|Who)/.test(l) ? `### ${l}\n` : l)), '');
        else out.push(...header(c, root), ...sections(c, table), '');
    }
    return `${out.join('\n').trimEnd()}\n`;
}

/** A side in JSON; `classified_by` says it is the publisher's classification, not a computation. */
function sideJson(side: Side): Record<string, unknown> {
    return {
        label: side.label, indicator: side.prepared.definition.indicator.qualifiedName, source: side.prepared.source.qualifiedName,
        computed: !side.classifiedBy, ...(side.classifiedBy ? { classified_by: side.classifiedBy, note: classifiedNote(side)!.en, opmerking: classifiedNote(side)!.nl } : {}),
    };
}

/** JSON: every count as the disclosure module shows it; a hidden one is null (figures: `suppressed`). */
export function comparisonJson(c: Comparison, root: string): unknown {
    const k = c.threshold;
    const norm = (f: FigureRow) => (f.norm ? { norm: f.norm.value, norm_met: f.norm.met } : {});
    const fig = (f?: FigureRow) => (f ? (f.suppressed ? { suppressed: true, ...norm(f) } : { cohort_size: f.size.value, count: f.count.value, rate: f.rate.value, ...norm(f) }) : null);
    const values = (x: Readonly<Record<string, ProtectedCell>>) => Object.fromEntries(Object.entries(x).map(([key, cell]) => [key, cell.value]));
    const pb = c.bridge ? protectBridge(c.bridge, c.disclosure) : undefined;
    const pm = c.membership ? protectMembership(c.membership, c.disclosure) : undefined;
    return {
        title: c.title, kind: c.kind, file: path.relative(root, c.file), line: c.line, suppression: k,
        disclosure: { threshold: k, suppress_zeros: c.disclosure.suppressZeros, rounding: c.disclosure.rounding ?? null,
            description: describeDisclosure(c.disclosure), beschrijving: describeDisclosure(c.disclosure, 'nl') },
        left: sideJson(c.left),
        ...(c.right ? { right: sideJson(c.right) } : {}),
        choices: c.choices,
        figures: c.figures.map((p) => ({ cohort_year: p.cohortYear, breakdown: p.breakdown, left: fig(p.left), right: fig(p.right) })),
        ...(c.bridge && pb ? {
            bridge: {
                years: c.bridge.years, measured: c.bridge.measured, start: values(pb.start), end: values(pb.end),
                start_size: pb.startSize.value, end_size: pb.endSize.value,
                steps: c.bridge.steps.map((s, i) => ({
                    choice: s.key, from: s.from, to: s.to, delta: pb.steps[i].delta,
                    cohort_in: pb.steps[i].cohortIn.value, cohort_out: pb.steps[i].cohortOut.value,
                    moves: s.moves.map((mv, j) => ({ from: mv.from, to: mv.to, n: pb.steps[i].moves[j].value })),
                })),
            },
        } : {}),
        ...(c.noBridge ? { no_bridge: c.noBridge } : {}),
        ...(pm ? {
            membership: pm.years.map((m) => ({
                cohort_year: m.cohortYear, both: m.both.value, left_only: m.leftOnly.value, right_only: m.rightOnly.value, same_outcome: m.sameOutcome.value,
                dropped_on_right: values(m.droppedOnRight), dropped_on_left: values(m.droppedOnLeft),
            })),
        } : {}),
        ...(c.published ? {
            published: {
                source: c.published.source.qualifiedName, unmatched: c.published.unmatched,
                rows: c.published.rows.map((p) => ({ cohort_year: p.cohortYear, breakdown: p.breakdown, computed: fig(p.computed), published: p.published ? { count: p.published.count, total: p.published.total, rate: p.published.rate } : null, ...(p.withheld ? { withheld: p.withheld } : {}) })),
            },
        } : {}),
    };
}
