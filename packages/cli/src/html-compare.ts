// `stroom compare --format html`: one self-contained page for all comparisons of a run. Tables as the text renderer
// shows them (the disclosure module's cells: "<k" small, "x" hidden to protect another), and charts drawn in the page by Vega-Lite and Vega,
// whose builds are copied INLINE from node_modules: nothing is loaded from the network or from other files, and a
// Content-Security-Policy in the page forbids it. The chart data holds only what the tables show: a suppressed cell
// is a label ("<5") in the chart, never a number.
import * as path from 'node:path';
import {
    escapeHtml, library, CSS,
    cellValue, classifiedNote, describeDisclosure, disclosurePolicy, formatRate, rateDifference, MEASURED_OUTCOME, OUTSIDE, protectBridge, protectMembership, rateTenths,
    type Bridge, type Comparison, type DisclosurePolicy, type ProtectedCell, type FigureRow, type PublishedCell, type PublishedPair,
} from '@stroom/language';
import { hiddenTotalsNote, KIND_TEXT, STEP_TEXT, WITHHELD_NOTE } from './compare-texts.js';


/** Chart colours: the left and right side, and the waterfall's totals, increases, decreases and hidden steps. */
const COLOURS = { left: '#4c78a8', right: '#f58518', total: '#4c78a8', up: '#d9763a', down: '#3d9a8b', zero: '#777777', hidden: '#c8c8c8' };

// ------------------------------------------------------------------ the page

export function renderHtml(all: readonly Comparison[], root: string): string {
    const charts: ChartSpec[] = [];
    const files = [...new Set(all.map((c) => path.relative(root, c.file)))];
    const title = all.length === 1 ? `${all[0].title} - Stroom compare` : `${files.join(', ')} - Stroom compare`;
    const sections = all.map((c, i) => section(c, i + 1, root, charts));
    const nav = all.length > 1
        ? `<nav><ol>${all.map((c, i) => `<li><a href="#c${i + 1}">${escapeHtml(c.title)}</a> <span class="muted">${escapeHtml(c.kind)}</span></li>`).join('')}</ol></nav>`
        : '';
    const vega = library('vega', 'vega.min.js');
    const vegaLite = library('vega-lite', 'vega-lite.min.js');
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="stroom compare">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body data-charts="pending">
<header>
<h1>Stroom compare / vergelijking</h1>
<p class="muted">${escapeHtml(files.join(', '))} &middot; ${all.length} comparison${all.length === 1 ? '' : 's'} / vergelijking${all.length === 1 ? '' : 'en'}</p>
${nav}
<noscript><p class="note">The charts are drawn by JavaScript in this page; the tables show every figure. / De grafieken worden met JavaScript getekend; de tabellen tonen alle cijfers.</p></noscript>
</header>
<main>
${sections.join('\n')}
</main>
<script type="application/json" id="stroom-charts">${json(charts)}</script>
<!--
The charts are drawn by Vega ${escapeHtml(vega.version)} and Vega-Lite ${escapeHtml(vegaLite.version)}, included below.
Vega:
${escapeHtml(vega.license)}
Vega-Lite:
${escapeHtml(vegaLite.license)}
-->
<script>${scriptText(vega.code)}</script>
<script>${scriptText(vegaLite.code)}</script>
<script>${DRAW}</script>
</body>
</html>
`;
}

interface ChartSpec {
    readonly id: string;
    readonly spec: unknown;
}

function section(c: Comparison, n: number, root: string, charts: ChartSpec[]): string {
    const k = c.threshold;
    const out: string[] = [];
    out.push(`<section class="comparison" id="c${n}" data-kind="${c.kind}" data-title="${escapeHtml(c.title)}">`);
    out.push(`<h2>${escapeHtml(c.title)}</h2>`);
    out.push(`<p class="kind">${escapeHtml(KIND_TEXT[c.kind])} <span class="muted">&middot; ${escapeHtml(path.relative(root, c.file))}:${c.line}</span></p>`);
    for (const side of [c.left, ...(c.right ? [c.right] : [])]) {
        const note = classifiedNote(side);
        if (note) out.push(`<p class="classified" data-classified-by="${escapeHtml(side.classifiedBy!)}">${escapeHtml(note.en)}. / ${escapeHtml(note.nl)}.</p>`);
    }
    out.push(choicesTable(c));
    const notes: string[] = [
        `Counts from 1 to ${k - 1} are shown as &lt;${k} (in tables and charts), x is hidden to protect another count. / Aantallen van 1 tot ${k} staan als &lt;${k} (in tabellen en grafieken), x is verborgen om een ander aantal te beschermen.`,
        `${escapeHtml(describeDisclosure(c.disclosure))} / ${escapeHtml(describeDisclosure(c.disclosure, 'nl'))}.`,
    ];
    if (c.kind === 'published' && c.published) {
        out.push(...publishedPart(c, n, charts, notes));
    } else if (c.right) {
        out.push(...figuresPart(c, n, charts, notes));
        if (c.bridge) out.push(...bridgePart(c, c.bridge, n, charts, notes));
        else if (c.noBridge) notes.push(`No bridge / geen brug: ${escapeHtml(c.noBridge)}.`);
        if (c.membership) out.push(...membershipPart(c, notes));
    }
    for (const f of c.findings) notes.push(`Data / gegevens: ${escapeHtml(f.message)}`);
    out.push('<h3>Notes / opmerkingen</h3>', `<ul class="notes">${notes.map((x) => `<li>${x}</li>`).join('')}</ul>`);
    out.push('</section>');
    return out.join('\n');
}

// ------------------------------------------------------------------ choices

function choicesTable(c: Comparison): string {
    const r = c.right;
    const differs = c.choices.some((x) => x.differs);
    const head = `<tr><th class="mark"></th><th>choice / keuze</th><th>${escapeHtml(c.left.label)}</th>${r ? `<th>${escapeHtml(r.label)}</th>` : ''}</tr>`;
    const rows = c.choices.map((x) => {
        const cell = (v?: string, from?: string) => `<td>${escapeHtml(v ?? '')}${from ? `<span class="from">${escapeHtml(from)}</span>` : ''}</td>`;
        return `<tr${x.differs ? ' class="differs"' : ''} data-choice="${escapeHtml(x.key)}"><td class="mark">${x.differs ? '&ne;' : ''}</td>`
            + `<td>${escapeHtml(x.en)}<span class="nl">${escapeHtml(x.nl)}</span>${x.display ? '<span class="from">display only, moves nobody / alleen weergave</span>' : ''}</td>${cell(x.left, x.leftFrom)}${r ? cell(x.right, x.rightFrom) : ''}</tr>`;
    });
    const count = c.choices.filter((x) => x.differs).length;
    return `<h3>Choices / keuzes${differs ? ` <span class="badge">${count} differ${count === 1 ? 's' : ''} / ${count} verschil${count === 1 ? 't' : 'len'}</span>` : ''}</h3>
<table class="choices"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

// ------------------------------------------------------------------ figures (two definitions, two sources)

function figuresPart(c: Comparison, n: number, charts: ChartSpec[], notes: string[]): string[] {
    const k = c.threshold;
    const l = c.left;
    const r = c.right!;
    const def = l.prepared.definition;
    const by = def.breakdown;
    const measured = MEASURED_OUTCOME[def.measure.name] ?? 'count';
    // Norm and met columns per side only where a side has norms (`norm from`).
    const normed = c.figures.some((p) => p.left?.norm || p.right?.norm);
    const span = normed ? 5 : 3;
    const head = `<tr><th rowspan="2">cohort</th>${by.map((b) => `<th rowspan="2">${escapeHtml(b)}</th>`).join('')}`
        + `<th colspan="${span}" class="side">${escapeHtml(l.label)}</th><th colspan="${span}" class="side">${escapeHtml(r.label)}</th><th rowspan="2" class="num">difference (points)</th></tr>`
        + `<tr>${['left', 'right'].map(() => `<th class="num">size</th><th class="num">${escapeHtml(measured)}</th><th class="num">rate</th>${normed ? '<th class="num">norm</th><th>met / gehaald</th>' : ''}`).join('')}</tr>`;
    const rows = c.figures.map((p) => `<tr><td>${p.cohortYear}</td>${p.breakdown.map((b) => `<td>${escapeHtml(b ?? '(unknown)')}</td>`).join('')}`
        + `${figureCells(p.left, k, 'left')}${normed ? normCells(p.left, 'left') : ''}${figureCells(p.right, k, 'right')}${normed ? normCells(p.right, 'right') : ''}<td class="num">${points(p.left, p.right)}</td></tr>`);
    const sides = [{ label: l.label, rows: c.figures.map((p) => ({ p, f: p.left })) }, { label: r.label, rows: c.figures.map((p) => ({ p, f: p.right })) }];
    const data: RateDatum[] = [];
    for (const side of sides) {
        for (const { p, f } of side.rows) {
            if (!f) continue;
            data.push(rateDatum(side.label, p.cohortYear, p.breakdown, f.rate.value,
                f.rate.shown, f.rate.hidden === false ? `${f.count.shown} of ${f.size.shown}` : ''));
        }
    }
    for (const side of [l, r]) {
        if (side.figures.length === 0) notes.push(`${escapeHtml(side.label)} has no cohort in these years. / ${escapeHtml(side.label)} heeft in deze jaren geen cohort.`);
    }
    const id = `c${n}-rates`;
    charts.push({ id, spec: ratesSpec(data, [l.label, r.label], by, `${measured} rate (%)`) });
    return [
        `<h3>Figures / cijfers (${escapeHtml(measured)})</h3>`,
        `<div class="chart" id="${id}" data-chart="rates" role="img" aria-label="${escapeHtml(`${measured} rate per cohort year: ${l.label} and ${r.label}`)}"></div>`,
        `<table class="figures"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`,
    ];
}

function figureCells(f: FigureRow | undefined, k: number, side: string): string {
    if (!f) return '<td></td><td></td><td></td>';
    void k;
    // The cells as the disclosure module left them: a hidden one shows its marker (`<k` or `x`).
    const td = (c: FigureRow['size'], name: string) => (c.hidden === false
        ? `<td class="num" data-cell="${side}-${name}">${escapeHtml(c.shown)}</td>`
        : `<td class="num supp" data-cell="${side}-${name}" title="hidden / verborgen">${escapeHtml(c.shown)}</td>`);
    return td(f.size, 'size') + td(f.count, 'count') + td(f.rate, 'rate');
}

/** The norm beside a side's rate and whether it is met: empty without a norm, the rate's mark while it is hidden. */
function normCells(f: FigureRow | undefined, side: string): string {
    if (!f?.norm) return `<td class="num" data-cell="${side}-norm"></td><td data-cell="${side}-met"></td>`;
    const met = f.norm.met;
    const cls = met === null ? 'supp' : met ? 'met' : 'notmet';
    const text = met === null ? escapeHtml(f.rate.shown) : met ? 'met / gehaald' : 'not met / niet gehaald';
    return `<td class="num" data-cell="${side}-norm">${escapeHtml(f.norm.shown)}%</td><td class="${cls}" data-cell="${side}-met">${text}</td>`;
}

function suppressedCell(k: number, cell?: string): string {
    return `<td class="num supp"${cell ? ` data-cell="${cell}"` : ''} title="below ${k} / onder ${k}">&lt;${k}</td>`;
}

/** Difference of two rates in percentage points at the sides' decimals, signed; empty when either is suppressed. */
function points(a: FigureRow | undefined, b: FigureRow | undefined): string {
    return rateDifference(a, b).replace(/^-/, '&minus;');
}

// ------------------------------------------------------------------ against published figures

function publishedPart(c: Comparison, n: number, charts: ChartSpec[], notes: string[]): string[] {
    const k = c.threshold;
    const pub = c.published!;
    const def = c.left.prepared.definition;
    const by = def.breakdown;
    const measured = MEASURED_OUTCOME[def.measure.name] ?? def.measure.name;
    const names = [...by, ...(pub.rows[0]?.breakdown.length ?? 0) > by.length ? ['outcome'] : []];
    const head = `<tr><th rowspan="2">cohort</th>${names.map((b) => `<th rowspan="2">${escapeHtml(b)}</th>`).join('')}`
        + `<th colspan="3" class="side">computed / berekend</th><th colspan="3" class="side">published / gepubliceerd</th><th rowspan="2" class="num">difference (${escapeHtml(measured)})</th></tr>`
        + `<tr>${[0, 1].map(() => `<th class="num">size</th><th class="num">${escapeHtml(measured)}</th><th class="num">rate</th>`).join('')}</tr>`;
    const computedLabel = 'computed / berekend';
    const publishedLabel = `published / gepubliceerd (${pub.source.name})`;
    // Rates side by side when the publisher gives them (or counts and totals); else the counts.
    const byRate = pub.rows.some((p) => typeof publishedRate(p)?.value === 'number');
    const data: RateDatum[] = [];
    const rows = pub.rows.map((p) => {
        const f = p.computed;
        if (f) {
            const v = byRate ? f.rate.value : f.count.value;
            data.push(rateDatum(computedLabel, p.cohortYear, p.breakdown, v,
                byRate ? f.rate.shown : f.count.shown, f.rate.hidden === false ? `${f.count.shown} of ${f.size.shown}` : ''));
        }
        const shown = publishedRate(p);
        const count = p.published?.count ?? null;
        if (byRate && shown) data.push(rateDatum(publishedLabel, p.cohortYear, p.breakdown, shown.value, shown.label, shown.of));
        if (!byRate && count) data.push(rateDatum(publishedLabel, p.cohortYear, p.breakdown, cellValue(count) ?? null, publishedText(count), ''));
        const pr = p.published;
        const diff = f && f.count.hidden === false && pr && cellValue(pr.count) !== undefined ? f.numerator - cellValue(pr.count)! : undefined;
        return `<tr><td>${p.cohortYear}</td>${p.breakdown.map((b) => `<td>${escapeHtml(b ?? '(unknown)')}</td>`).join('')}${figureCells(f, k, 'computed')}`
            + `${pr ? publishedCell(pr.total, 'published-size', p.withheld?.includes('total')) + publishedCell(pr.count, 'published-count', p.withheld?.includes('count')) + (shown ? `<td class="num${shown.value === null ? ' supp' : ''}" data-cell="published-rate">${escapeHtml(shown.label)}</td>` : p.withheld?.includes('rate') ? WITHHELD_CELL : '<td></td>') : '<td></td><td></td><td></td>'}`
            + `<td class="num">${diff === undefined ? '' : diff > 0 ? `+${diff}` : diff < 0 ? `&minus;${-diff}` : '0'}</td></tr>`;
    });
    if (pub.rows.some((p) => p.withheld)) notes.push(escapeHtml(WITHHELD_NOTE));
    if (pub.unmatched > 0) notes.push(`${pub.unmatched} published rows are about another outcome and were left out. / ${pub.unmatched} gepubliceerde rijen gaan over een andere uitkomst en zijn weggelaten.`);
    notes.push(`Published figures / gepubliceerde cijfers: ${escapeHtml(pub.source.name)}${pub.source.publisher ? ` (${escapeHtml(pub.source.publisher)})` : ''}${pub.source.title ? `, ${escapeHtml(pub.source.title)}` : ''}. Cells the publisher suppressed stay suppressed.`);
    const id = `c${n}-rates`;
    charts.push({ id, spec: ratesSpec(data, [computedLabel, publishedLabel], names, byRate ? `${measured} rate (%)` : `${measured} (count)`) });
    if (!byRate) notes.push('The publisher gives counts without totals or rates, so the chart compares counts. / De publicatie geeft aantallen zonder totalen: de grafiek vergelijkt aantallen.');
    return [
        `<h3>Computed and published / berekend en gepubliceerd (${escapeHtml(pub.source.name)}${pub.source.publisher ? `, ${escapeHtml(pub.source.publisher)}` : ''})</h3>`,
        `<div class="chart" id="${id}" data-chart="rates" role="img" aria-label="${escapeHtml(`${measured} per cohort year: computed and published`)}"></div>`,
        `<table class="figures published"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`,
    ];
}

function publishedText(c: PublishedCell): string {
    if (c === null) return '';
    return 'suppressedBelow' in c ? `<${c.suppressedBelow}` : String(c.value);
}

const WITHHELD_CELL = '<td class="num supp" title="withheld / weggelaten">x</td>';

function publishedCell(c: PublishedCell, cell: string, withheld = false): string {
    if (c === null) return withheld ? WITHHELD_CELL : '<td></td>';
    if ('suppressedBelow' in c) return suppressedCell(c.suppressedBelow, cell);
    return `<td class="num" data-cell="${cell}">${c.value}</td>`;
}

/** The published rate as the text renderer shows it: the published percentage, else count over total; else suppressed. */
function publishedRate(p: PublishedPair): { value: number | null; label: string; of: string } | undefined {
    const pr = p.published;
    if (!pr) return undefined;
    const rate = cellValue(pr.rate);
    const count = cellValue(pr.count);
    const total = cellValue(pr.total);
    const of = count !== undefined && total !== undefined ? `${count} of ${total}` : '';
    if (rate !== undefined) return { value: Math.round(rate * 10) / 10, label: `${rate.toFixed(1)}%`, of };
    if (count !== undefined && total) {
        const t = rateTenths(count, total);
        return { value: t / 10, label: formatRate(t), of };
    }
    const below = [pr.rate, pr.count, pr.total].find((x): x is { suppressedBelow: number } => x !== null && 'suppressedBelow' in x);
    return below ? { value: null, label: `<${below.suppressedBelow}`, of: '' } : undefined;
}

// ------------------------------------------------------------------ the bridge

function signed(n: number): string {
    return n > 0 ? `+${n}` : n < 0 ? `&minus;${-n}` : '0';
}

/** A protected count as a table cell: its number, or its marker greyed out. */
function countCell(c: ProtectedCell, attrs = ''): string {
    return c.hidden === false ? `<td class="num"${attrs}>${escapeHtml(c.shown)}</td>` : `<td class="num supp"${attrs} title="hidden / verborgen">${escapeHtml(c.shown)}</td>`;
}

const HIDDEN_CHANGE = 'x (hidden / verborgen)';

interface WaterfallDatum {
    readonly order: number;
    readonly name: string;
    readonly kind: 'total' | 'up' | 'down' | 'zero' | 'hidden';
    readonly base: number;
    readonly top: number;
    readonly label: string;
    readonly tip: string;
    readonly desc: string;
}

/**
 * The waterfall: the left side's count, one floating bar per step (its net change of the measured outcome), the
 * right side's count, all from the disclosure module's cells (protectBridge). A step whose net change is hidden says
 * so, not its number. With one such step its bar is drawn to size: it follows from the shown start, end and other
 * steps. With more, each of them is a mark on the running total and one bar shows their change together, so no single
 * hidden step can be read off the chart. Undefined when the start or the end count is itself hidden.
 */
export function waterfall(b: Bridge, policy: number | DisclosurePolicy, leftLabel: string, rightLabel: string): WaterfallDatum[] | undefined {
    const p = typeof policy === 'number' ? disclosurePolicy(policy) : policy;
    const k = p.threshold;
    const m = b.measured ?? '';
    const pb = protectBridge(b, p);
    const start = pb.start[m]?.value ?? 0;
    const end = pb.end[m]?.value ?? 0;
    if ((pb.start[m] && pb.start[m].value === null) || (pb.end[m] && pb.end[m].value === null)) return undefined;
    const change = (i: number) => pb.steps[i].delta[m] ?? 0;
    const isHidden = (i: number) => pb.steps[i].delta[m] === null;
    const hiddenCount = b.steps.filter((_, i) => isHidden(i)).length;
    const together = hiddenCount > 1;
    const out: WaterfallDatum[] = [];
    const right = rightLabel === leftLabel ? `${rightLabel} (right)` : rightLabel;
    out.push({ order: 0, name: leftLabel, kind: 'total', base: 0, top: start, label: String(start), tip: `${leftLabel}: ${start} ${m}`, desc: `start ${leftLabel}: ${start}` });
    let run = start;
    let shownSum = 0;
    b.steps.forEach((s, i) => {
        const name = `${i + 1}. ${s.en}`;
        const what = `${s.from} -> ${s.to}`;
        if (isHidden(i)) {
            const size = together ? 0 : end - start - b.steps.reduce((t, _, j) => t + (isHidden(j) ? 0 : change(j)), 0);
            out.push({ order: i + 1, name, kind: 'hidden', base: run, top: run + size, label: HIDDEN_CHANGE, tip: `${name} (${what}): hidden, it would reveal a count below ${k}`, desc: `step ${i + 1}: hidden` });
            run += size;
            return;
        }
        const d = change(i);
        shownSum += d;
        out.push({ order: i + 1, name, kind: d > 0 ? 'up' : d < 0 ? 'down' : 'zero', base: run, top: run + d, label: d > 0 ? `+${d}` : String(d).replace('-', '\u2212'), tip: `${name} (${what}): ${d >= 0 ? '+' : ''}${d} ${m}`, desc: `step ${i + 1}: ${d}` });
        run += d;
    });
    if (together) {
        // Their sum follows from the shown start, end and steps anyway.
        const rest = end - start - shownSum;
        out.push({ order: b.steps.length + 1, name: 'hidden steps together / samen', kind: 'hidden', base: run, top: run + rest, label: rest > 0 ? `+${rest}` : String(rest).replace('-', '\u2212'), tip: `The ${hiddenCount} hidden steps together: ${rest >= 0 ? '+' : ''}${rest}`, desc: `hidden steps together: ${rest}` });
        run += rest;
    }
    out.push({ order: b.steps.length + 2, name: right, kind: 'total', base: 0, top: end, label: String(end), tip: `${rightLabel}: ${end} ${m}`, desc: `end ${rightLabel}: ${end}` });
    return out;
}

function bridgePart(c: Comparison, b: Bridge, n: number, charts: ChartSpec[], notes: string[]): string[] {
    const k = c.threshold;
    const l = c.left;
    const r = c.right!;
    const m = b.measured ?? '';
    const pb = protectBridge(b, c.disclosure);
    const none: ProtectedCell = { value: 0, shown: '0', hidden: false };
    const years = `${b.years[0]}-${b.years[b.years.length - 1]}`;
    const rows: string[] = [];
    rows.push(`<tr class="total"><td>${escapeHtml(l.label)}</td><td></td><td></td><td></td>${countCell(pb.startSize)}${countCell(pb.start[m] ?? none, ' data-bridge="start"')}</tr>`);
    b.steps.forEach((s, i) => {
        const ps = pb.steps[i];
        const moves = s.moves.map((mv, j) => `<li>${escapeHtml(mv.from)} &rarr; ${escapeHtml(mv.to)} <b>${escapeHtml(ps.moves[j].shown)}</b></li>`).join('');
        const d = ps.delta[m] ?? 0;
        const cohort = `${ps.net === null ? 'x' : signed(ps.net)}${s.cohortIn || s.cohortOut ? `<span class="from">+${escapeHtml(ps.cohortIn.shown)} / &minus;${escapeHtml(ps.cohortOut.shown)}</span>` : ''}`;
        rows.push(`<tr data-step="${i + 1}"><td>${i + 1}.</td><td>${escapeHtml(s.en)}<span class="nl">${escapeHtml(s.nl)}</span></td><td>${escapeHtml(s.from)} &rarr; ${escapeHtml(s.to)}</td>`
            + `<td>${moves ? `<ul class="moves">${moves}</ul>` : '<span class="muted">(nobody moves / niemand verschuift)</span>'}</td>`
            + `<td class="num">${cohort}</td>${ps.delta[m] === null ? `<td class="num supp" title="hidden / verborgen">${escapeHtml(HIDDEN_CHANGE)}</td>` : `<td class="num">${signed(d)}</td>`}</tr>`);
    });
    rows.push(`<tr class="total"><td>${escapeHtml(r.label)}</td><td></td><td></td><td></td>${countCell(pb.endSize)}${countCell(pb.end[m] ?? none, ' data-bridge="end"')}</tr>`);
    const out = [`<h3>Bridge / brug <span class="muted">(cohorts ${years}, ${escapeHtml(m)}): one step per differing choice, in card order / één stap per verschillende keuze</span></h3>`];
    const data = waterfall(b, c.disclosure, l.label, r.label);
    if (data) {
        const id = `c${n}-waterfall`;
        charts.push({ id, spec: waterfallSpec(data, `${m} (cohorts ${years})`) });
        out.push(`<div class="chart" id="${id}" data-chart="waterfall" data-bars="${data.length}" role="img" aria-label="${escapeHtml(`bridge from ${l.label} to ${r.label}: ${m}`)}"></div>`);
        out.push(`<p class="caption"><span class="key" style="background:${COLOURS.total}"></span>${escapeHtml(l.label)}, ${escapeHtml(r.label)} `
            + `<span class="key" style="background:${COLOURS.up}"></span>more / meer ${escapeHtml(m)} <span class="key" style="background:${COLOURS.down}"></span>less / minder `
            + `<span class="key" style="background:${COLOURS.zero}"></span>no change / geen verschil <span class="key hidden" style="background:${COLOURS.hidden}"></span>hidden / verborgen</p>`);
        const start = data[0].top;
        const end = data[data.length - 1].top;
        notes.push(`The steps add up / de stappen tellen op: ${start} ${end >= start ? '+' : '&minus;'} ${Math.abs(end - start)} = ${end}.`);
        if (data.some((x) => x.kind === 'hidden')) {
            notes.push(data.some((x) => x.name.endsWith('together / samen'))
                ? `Steps whose change would reveal fewer than ${k} people are hidden; the chart marks them on the running total and shows their change together in one bar. / Stappen die minder dan ${k} personen zouden verraden, zijn verborgen.`
                : `A step whose change would reveal fewer than ${k} people is hidden; its bar follows from the other bars. / Een stap die minder dan ${k} personen zou verraden, is verborgen.`);
        }
    } else {
        notes.push(`${escapeHtml(hiddenTotalsNote(b, l.label, r.label))} No waterfall chart. / Geen watervalgrafiek.`);
    }
    notes.push(`&ldquo;${escapeHtml(OUTSIDE)}&rdquo;: entering or leaving the cohort / het cohort in of uit.`);
    out.push(`<table class="bridge"><thead><tr><th>step / stap</th><th>choice / keuze</th><th>change / wijziging</th><th>people moved / verschuivingen (from &rarr; to)</th><th class="num">cohort</th><th class="num">${escapeHtml(m)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
    return out;
}

// ------------------------------------------------------------------ two sources: membership

function membershipPart(c: Comparison, notes: string[]): string[] {
    const l = c.left.prepared.source.name;
    const r = c.right!.prepared.source.name;
    const ms = c.membership!;
    const pm = protectMembership(ms, c.disclosure);
    const rows = pm.years.map((x) => `<tr><td>${x.cohortYear}</td>${countCell(x.both)}${countCell(x.leftOnly)}${countCell(x.rightOnly)}${countCell(x.sameOutcome)}</tr>`);
    if (pm.years.every((x) => x.both.value === 0) && pm.years.some((x) => (x.leftOnly.value ?? 1) > 0) && pm.years.some((x) => (x.rightOnly.value ?? 1) > 0)) {
        notes.push('The two sources share no person keys (different numbering), so nobody can be followed across them. / De bronnen delen geen persoonsnummers.');
    }
    const out = [
        '<h3>Who is in which cohort / wie zit in welk cohort <span class="muted">(people with the same person key)</span></h3>',
        `<table class="membership"><thead><tr><th>cohort</th><th class="num">in both / in beide</th><th class="num">only / alleen ${escapeHtml(l)}</th><th class="num">only / alleen ${escapeHtml(r)}</th><th class="num">same outcome / zelfde uitkomst</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    ];
    // Why people are in one cohort only: the first clause that dropped them on the other source, over all years.
    for (const [name, per, cells] of [[r, 'droppedOnRight', pm.droppedOnRight], [l, 'droppedOnLeft', pm.droppedOnLeft]] as const) {
        const total: Record<string, number> = {};
        for (const x of ms) for (const [step, n] of Object.entries(x[per] ?? {})) total[step] = (total[step] ?? 0) + n;
        const entries = Object.entries(total).sort((x, y) => y[1] - x[1]);
        if (entries.length === 0) continue;
        out.push(`<p class="dropped">Not in the cohort on ${escapeHtml(name)}, by the clause that dropped them there / niet in het cohort op ${escapeHtml(name)}, naar de regel die hen liet vallen:</p>`,
            `<table class="dropped" data-dropped-on="${escapeHtml(name)}"><thead><tr><th>clause / regel</th><th class="num">people / personen</th></tr></thead><tbody>`
            + entries.map(([step]) => `<tr><td>${escapeHtml(STEP_TEXT[step] ?? step)}</td>${countCell(cells[step])}</tr>`).join('')
            + '</tbody></table>');
    }
    return out;
}

// ------------------------------------------------------------------ chart specifications (Vega-Lite)

interface RateDatum {
    readonly side: string;
    readonly year: string;
    readonly group: string;
    readonly rate: number | null;
    readonly label: string;
    readonly tip: string;
    readonly desc: string;
}

function rateDatum(side: string, year: number, breakdown: readonly (string | null)[], rate: number | null, label: string, of: string): RateDatum {
    const group = breakdown.map((b) => b ?? '(unknown)').join(' \u00b7 ');
    const where = `${year}${group ? ` ${group}` : ''}`;
    return { side, year: String(year), group, rate, label, tip: `${side}, ${where}: ${label}${of ? ` (${of})` : ''}`, desc: `${side} | ${where}: ${label}` };
}

const CONFIG = {
    font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', titleColor: '#555' },
    legend: { labelFontSize: 11, labelLimit: 320 },
    header: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' },
};

/** Bars of the rate per cohort year, the sides side by side; suppressed cells are a "<k" label at zero, not a bar. */
function ratesSpec(data: readonly RateDatum[], sides: readonly string[], breakdown: readonly string[], yTitle: string): unknown {
    const groups = [...new Set(data.map((d) => d.group))];
    const years = [...new Set(data.map((d) => d.year))].sort();
    const faceted = breakdown.length > 0 && !(groups.length === 1 && groups[0] === '');
    // One chart per breakdown value, as many side by side as fit a page: narrow bars, years written upwards.
    // (With xOffset, Vega-Lite's step is one bar's; a year is the sides' bars plus padding.)
    const step = faceted ? 9 : 20;
    const columns = Math.max(1, Math.min(groups.length, Math.floor(1100 / (years.length * sides.length * step * 1.3 + 60))));
    const unit = {
        width: { step },
        height: faceted ? 140 : 170,
        encoding: {
            x: { field: 'year', type: 'ordinal', sort: years, title: 'cohort', axis: { labelAngle: faceted ? -90 : 0 } },
            xOffset: { field: 'side', type: 'nominal', sort: sides, scale: { domain: sides } },
            color: { field: 'side', type: 'nominal', scale: { domain: sides, range: [COLOURS.left, COLOURS.right] }, legend: { orient: 'top', title: null, direction: 'vertical' } },
        },
        layer: [
            {
                transform: [{ filter: 'datum.rate != null' }],
                mark: { type: 'bar' },
                encoding: {
                    y: { field: 'rate', type: 'quantitative', title: yTitle, scale: { domainMin: 0 } },
                    tooltip: { field: 'tip', type: 'nominal' },
                    description: { field: 'desc', type: 'nominal' },
                },
            },
            {
                transform: [{ filter: 'datum.rate == null' }],
                mark: { type: 'text', baseline: 'bottom', dy: -2, fontSize: 9, color: '#666' },
                encoding: { y: { datum: 0, type: 'quantitative' }, text: { field: 'label' }, color: { value: '#666' }, tooltip: { field: 'tip', type: 'nominal' } },
            },
        ],
    };
    if (!faceted) return { data: { values: data }, ...unit, config: CONFIG };
    return {
        data: { values: data },
        facet: { field: 'group', type: 'nominal', sort: groups, title: breakdown.join(' \u00b7 ') },
        columns,
        spec: unit,
        config: CONFIG,
    };
}

/** The waterfall: bars from base to top, a label above each; zero-height bars stay visible as a line. */
function waterfallSpec(data: readonly WaterfallDatum[], yTitle: string): unknown {
    const kinds = ['total', 'up', 'down', 'zero', 'hidden'];
    return {
        data: { values: data.map((d) => ({ ...d, at: Math.max(d.base, d.top) })) },
        width: { step: 96 },
        height: 220,
        encoding: {
            x: { field: 'name', type: 'nominal', sort: data.map((d) => d.name), title: null, axis: { labelAngle: -25, labelLimit: 180, labelAlign: 'right' } },
        },
        layer: [
            {
                mark: { type: 'bar', strokeWidth: 1.5, width: { band: 0.7 } },
                encoding: {
                    y: { field: 'base', type: 'quantitative', title: yTitle, scale: { domainMin: 0 } },
                    y2: { field: 'top' },
                    color: { field: 'kind', type: 'nominal', scale: { domain: kinds, range: [COLOURS.total, COLOURS.up, COLOURS.down, COLOURS.zero, COLOURS.hidden] }, legend: null },
                    stroke: { field: 'kind', type: 'nominal', scale: { domain: kinds, range: [COLOURS.total, COLOURS.up, COLOURS.down, COLOURS.zero, '#888'] }, legend: null },
                    strokeDash: { condition: { test: "datum.kind === 'hidden'", value: [3, 2] }, value: [] },
                    tooltip: { field: 'tip', type: 'nominal' },
                    description: { field: 'desc', type: 'nominal' },
                },
            },
            {
                mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: 11 },
                encoding: { y: { field: 'at', type: 'quantitative' }, text: { field: 'label' }, color: { value: '#333' } },
            },
        ],
        config: CONFIG,
    };
}

// ------------------------------------------------------------------ inline libraries and text

/** Code inside a <script> element: "</script" in it would end the element ("<\/" means the same in strings and regexes). */
function scriptText(code: string): string {
    return code.replace(/<\/(script)/gi, '<\\/$1');
}

/** JSON inside a <script type="application/json">: "<" escaped so no tag can close it. */
function json(value: unknown): string {
    return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Draws every chart of the page; body[data-charts] says when it is done ("drawn") or that one failed ("failed"). */
const DRAW = `
(async function () {
    var charts = JSON.parse(document.getElementById('stroom-charts').textContent);
    var views = {};
    var failed = 0;
    for (var i = 0; i < charts.length; i++) {
        var c = charts[i];
        var el = document.getElementById(c.id);
        try {
            var spec = vegaLite.compile(c.spec).spec;
            var view = new vega.View(vega.parse(spec), { renderer: 'svg', container: el, hover: true });
            await view.runAsync();
            views[c.id] = view;
        } catch (e) {
            failed++;
            el.classList.add('failed');
            el.textContent = 'This chart could not be drawn / deze grafiek kon niet worden getekend: ' + (e && e.message ? e.message : e);
        }
    }
    window.stroomViews = views;
    document.body.setAttribute('data-charts', failed ? 'failed' : 'drawn');
})();
`;

