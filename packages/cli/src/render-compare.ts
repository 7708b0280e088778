// Rendering comparisons: table (terminal), Markdown and JSON. Counts below the suppression threshold are shown as
// "<k" (bridge cells too); sums are taken before suppression, so the bridge adds up to the difference exactly.
import * as path from 'node:path';
import { renderHtml } from './html-compare.js';
import { cellValue, formatRate, hiddenSteps, MEASURED_OUTCOME, OUTSIDE, rateTenths, type Comparison, type FigureRow } from '@stroom/language';
import { KIND_TEXT, STEP_TEXT } from './compare-texts.js';
import { publishedCell } from './render.js';

export type CompareFormat = 'table' | 'md' | 'json' | 'html';

function small(n: number, k: number): string {
    return n > 0 && n < k ? `<${k}` : String(n);
}

/** A signed change; a change of fewer than k people is shown as ±<k (it could reveal a small cell). */
function signed(n: number, k: number): string {
    const sign = n > 0 ? '+' : n < 0 ? '-' : '+';
    return Math.abs(n) > 0 && Math.abs(n) < k ? `${sign}<${k}` : `${sign}${Math.abs(n)}`;
}

function figureCells(f: FigureRow | undefined, k: number): [string, string, string] {
    if (!f) return ['', '', ''];
    // The cells as the disclosure module left them (figures.ts); k stays for the markers it already carries.
    void k;
    return [f.size.shown, f.count.shown, f.rate.shown];
}

/** Difference of two rates in percentage points, one decimal, signed; empty when either is suppressed. */
function points(a: FigureRow | undefined, b: FigureRow | undefined): string {
    if (!a || !b || a.rateTenths === undefined || b.rateTenths === undefined) return '';
    const d = b.rateTenths - a.rateTenths;
    return `${d > 0 ? '+' : d < 0 ? '-' : ''}${Math.floor(Math.abs(d) / 10)}.${Math.abs(d) % 10}`;
}

function table(header: string[], rows: string[][], numericFrom: number): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) => r.map((v, i) => (i >= numericFrom ? (v ?? '').padStart(widths[i]) : (v ?? '').padEnd(widths[i]))).join('  ').trimEnd();
    return [line(header), ...rows.map(line)];
}

function md(header: string[], rows: string[][], numericFrom: number): string[] {
    return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i >= numericFrom ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function sections(c: Comparison, grid: typeof table): string[] {
    const k = c.threshold;
    const out: string[] = [];
    const l = c.left;
    const r = c.right;
    const def = l.prepared.definition;
    out.push(`Choices / keuzes${c.choices.some((x) => x.differs) ? ' (* differs / verschilt)' : ''}`);
    const choiceRows = c.choices.map((x) => [x.differs ? '*' : '', x.en, x.left ?? '', ...(r ? [x.right ?? ''] : [])]);
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
            return [String(p.cohortYear), ...p.breakdown.map((b) => b ?? '(unknown)'), size, count, rate,
                pub ? publishedCell(pub.total) : '', pub ? publishedCell(pub.count) : '', pubRate, diff];
        });
        const names = [...by, ...(c.published.rows[0]?.breakdown.length ?? 0) > by.length ? ['outcome'] : []];
        out.push(...grid(['cohort', ...names, 'size', measured, 'rate', 'published size', `published ${measured}`, 'published rate', 'difference'], rows, 1 + names.length));
        if (c.published.unmatched > 0) out.push(`${c.published.unmatched} published rows are about another outcome and were left out.`);
        return out;
    }
    if (!r) return out;
    const measured = MEASURED_OUTCOME[def.measure.name] ?? 'count';
    out.push(`Figures / cijfers (${measured})`);
    const rows = c.figures.map((p) => [String(p.cohortYear), ...p.breakdown.map((b) => b ?? '(unknown)'), ...figureCells(p.left, k), ...figureCells(p.right, k), points(p.left, p.right)]);
    out.push(...grid(['cohort', ...by, `${l.label} size`, measured, 'rate', `${r.label} size`, measured, 'rate', 'difference (points)'], rows, 1 + by.length), '');
    if (c.bridge) {
        const b = c.bridge;
        const m = b.measured ?? '';
        const size = (x: Record<string, number>) => Object.values(x).reduce((s, n) => s + n, 0);
        out.push(`Bridge / brug (cohorts ${b.years[0]}-${b.years[b.years.length - 1]}, ${m}): one step per differing choice, in card order`);
        const rowsB: string[][] = [[l.label, '', String(size(b.start)), small(b.start[m] ?? 0, k), '']];
        const hiddenSet = hiddenSteps(b, k);
        b.steps.forEach((s, i) => {
            // A step hidden as the complement of a small one hides its moves of the measured outcome too.
            const shownMove = (mv: { from: string; to: string; n: number }) => (hiddenSet.has(i) && (mv.from === m || mv.to === m) && mv.n >= k ? 'suppressed' : small(mv.n, k));
            const moves = s.moves.map((mv) => `${mv.from} -> ${mv.to} ${shownMove(mv)}`).join('; ');
            const change = s.delta[m] ?? 0;
            const net = s.cohortIn - s.cohortOut;
            rowsB.push([`${i + 1}. ${s.from} -> ${s.to}`, moves || '(nobody moves)', signed(net, k), hiddenSet.has(i) ? (Math.abs(change) < k ? signed(change, k) : 'suppressed') : signed(change, k),
                s.cohortIn || s.cohortOut ? `cohort: +${small(s.cohortIn, k)} -${small(s.cohortOut, k)}` : '']);
        });
        rowsB.push([r.label, '', String(size(b.end)), small(b.end[m] ?? 0, k), '']);
        out.push(...grid(['step', 'people moved (from -> to)', 'cohort', m, 'cohort change'], rowsB, 2));
        out.push(`The steps add up: ${b.start[m] ?? 0} ${(b.end[m] ?? 0) >= (b.start[m] ?? 0) ? '+' : '-'} ${Math.abs((b.end[m] ?? 0) - (b.start[m] ?? 0))} = ${b.end[m] ?? 0}. (${OUTSIDE}: entering or leaving the cohort.)`);
    } else if (c.noBridge) {
        out.push(`No bridge: ${c.noBridge}.`);
    }
    if (c.membership) {
        out.push('Who is in which cohort / wie zit in welk cohort (people with the same person key)');
        out.push(...grid(['cohort', 'in both', `only ${l.prepared.source.name}`, `only ${r.prepared.source.name}`, 'same outcome'],
            c.membership.map((m) => [String(m.cohortYear), small(m.both, k), small(m.leftOnly, k), small(m.rightOnly, k), small(m.sameOutcome, k)]), 1));
        const why = (name: string, per: 'droppedOnRight' | 'droppedOnLeft') => {
            const total: Record<string, number> = {};
            for (const m of c.membership!) for (const [step, n] of Object.entries(m[per] ?? {})) total[step] = (total[step] ?? 0) + n;
            const parts = Object.entries(total).sort((x, y) => y[1] - x[1]).map(([step, n]) => `${STEP_TEXT[step] ?? step} ${small(n, k)}`);
            if (parts.length > 0) out.push(`Not in the cohort on ${name}, by the clause that dropped them there / niet in het cohort op ${name}, naar de regel die hen liet vallen: ${parts.join('; ')}`);
        };
        why(r.prepared.source.name, 'droppedOnRight');
        why(l.prepared.source.name, 'droppedOnLeft');
        if (c.membership.every((m) => m.both === 0) && c.membership.some((m) => m.leftOnly > 0) && c.membership.some((m) => m.rightOnly > 0)) {
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

/** JSON: counts below the threshold are null (bridge moves, net changes, membership) or `suppressed` (figures). */
export function comparisonJson(c: Comparison, root: string): unknown {
    const k = c.threshold;
    const fig = (f?: FigureRow) => (f ? (f.suppressed ? { suppressed: true } : { cohort_size: f.size.value, count: f.count.value, rate: f.rate.value }) : null);
    const n = (x: number) => (x > 0 && x < k ? null : x);
    const hidden = c.bridge ? hiddenSteps(c.bridge, k) : new Set<number>();
    return {
        title: c.title, kind: c.kind, file: path.relative(root, c.file), line: c.line, suppression: k,
        left: { label: c.left.label, indicator: c.left.prepared.definition.indicator.qualifiedName, source: c.left.prepared.source.qualifiedName },
        ...(c.right ? { right: { label: c.right.label, indicator: c.right.prepared.definition.indicator.qualifiedName, source: c.right.prepared.source.qualifiedName } } : {}),
        choices: c.choices,
        figures: c.figures.map((p) => ({ cohort_year: p.cohortYear, breakdown: p.breakdown, left: fig(p.left), right: fig(p.right) })),
        ...(c.bridge ? {
            bridge: {
                // Net changes hidden by the shared rule (small cells and their complement) are null.
                years: c.bridge.years, measured: c.bridge.measured, start: c.bridge.start, end: c.bridge.end,
                steps: c.bridge.steps.map((s, i) => ({
                    choice: s.key, from: s.from, to: s.to,
                    delta: Object.fromEntries(Object.entries(s.delta).map(([o, d]) => [o, (Math.abs(d) > 0 && Math.abs(d) < k) || (o === c.bridge!.measured && hidden.has(i)) ? null : d])),
                    cohort_in: n(s.cohortIn), cohort_out: n(s.cohortOut), moves: s.moves.map((mv) => ({ ...mv, n: hidden.has(i) && (mv.from === c.bridge!.measured || mv.to === c.bridge!.measured) ? null : n(mv.n) })),
                })),
            },
        } : {}),
        ...(c.noBridge ? { no_bridge: c.noBridge } : {}),
        ...(c.membership ? {
            membership: c.membership.map((m) => ({
                cohort_year: m.cohortYear, both: n(m.both), left_only: n(m.leftOnly), right_only: n(m.rightOnly), same_outcome: n(m.sameOutcome),
                dropped_on_right: Object.fromEntries(Object.entries(m.droppedOnRight ?? {}).map(([s, x]) => [s, n(x)])),
                dropped_on_left: Object.fromEntries(Object.entries(m.droppedOnLeft ?? {}).map(([s, x]) => [s, n(x)])),
            })),
        } : {}),
        ...(c.published ? {
            published: {
                source: c.published.source.qualifiedName, unmatched: c.published.unmatched,
                rows: c.published.rows.map((p) => ({ cohort_year: p.cohortYear, breakdown: p.breakdown, computed: fig(p.computed), published: p.published ? { count: p.published.count, total: p.published.total, rate: p.published.rate } : null })),
            },
        } : {}),
    };
}
