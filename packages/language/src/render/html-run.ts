// `stroom run --format html`: one self-contained page with, per indicator, a chart of the rate over the cohort years
// (a line per breakdown value) beside the table the text output shows. The charts are drawn here, at run time, by
// Vega-Lite and Vega into inline SVG: the page has no scripts, loads nothing, and its Content-Security-Policy says so.
// The chart holds only what the table shows: a hidden rate is a gap in its line (null), never a zero.
import { TOTAL_VALUE } from '../run/figures.js';
import { describeDisclosure } from '../disclosure/disclosure.js';
import { escapeHtml } from '../text/escape.js';
import { reasonIn } from '../explain/explain.js';
import type { IndicatorResult } from '../run/session.js';
import type { PublishedFigures } from '../run/published.js';
import { CSS } from './css.js';
import {
    cells, columnsOf, headerOf, hiddenSummary, labelled, policyOf, renderPublished, subtitle, titleLine, valueCells, type NoteLang,
} from './render.js';
import { vegaInNode, type VegaLibraries } from './vendor.js';

/** The chart's points: per shown row its series (the breakdown values), cohort year and rate (null when hidden). */
export interface ChartPoint { readonly series: string; readonly year: number; readonly rate: number | null }

export function chartPoints(result: IndicatorResult): ChartPoint[] {
    return result.figures
        // A row standing for merged hidden groups is no breakdown value: no line of its own.
        .filter((f) => !f.breakdownHidden)
        .map((f) => ({
            series: f.breakdown.length === 0 ? 'all / alle' : labelled(result, f.breakdown).join(' · '),
            year: f.cohortYear, rate: f.rate.hidden === false ? f.rate.value : null,
        }));
}

/** The Vega-Lite spec of an indicator's chart: lines that break at a hidden rate. */
export function chartSpec(points: readonly ChartPoint[]): unknown {
    return {
        width: 560, height: 240,
        data: { values: points },
        // break-paths: a null rate ends the line and starts it again after the gap (filter would join over it).
        mark: { type: 'line', point: true, invalid: 'break-paths-show-domains' },
        encoding: {
            x: { field: 'year', type: 'ordinal', title: 'cohort / cohortjaar' },
            y: { field: 'rate', type: 'quantitative', title: 'rate (%) / percentage' },
            color: { field: 'series', type: 'nominal', title: null, sort: null },
        },
        config: { font: 'system-ui, sans-serif', legend: { labelLimit: 260 } },
    };
}

async function svgOf(libs: VegaLibraries, spec: unknown): Promise<string> {
    const view = new libs.vega.View(libs.vega.parse(libs.vegaLite.compile(spec).spec), { renderer: 'none' });
    try {
        return await view.toSVG();
    } finally {
        view.finalize();
    }
}

export async function renderRunHtml(results: readonly IndicatorResult[], file: string, published: readonly PublishedFigures[] = [], lang?: NoteLang): Promise<string> {
    const libs = vegaInNode();
    const sections: string[] = [];
    for (const [i, result] of results.entries()) sections.push(await section(result, i + 1, libs, lang));
    const hidden = hiddenSummary(results, lang);
    const publishedText = published.length > 0 ? `<section class="published"><h2>Published figures / gepubliceerde cijfers</h2><pre>${escapeHtml(renderPublished(published, 'table'))}</pre></section>` : '';
    return `<!doctype html>
<html lang="${lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="stroom run">
<title>${escapeHtml(file)} - Stroom run</title>
<style>${CSS}${RUN_CSS}</style>
</head>
<body>
<header>
<h1>Stroom run</h1>
<p class="muted">${escapeHtml(file)} &middot; ${results.length} indicator${results.length === 1 ? '' : 's'} / indicator${results.length === 1 ? '' : 'en'}</p>
${hidden ? `<p class="note">${escapeHtml(hidden)}</p>` : ''}
</header>
<main>
${sections.join('\n')}
${publishedText}
</main>
</body>
</html>
`;
}

async function section(result: IndicatorResult, n: number, libs: VegaLibraries, lang?: NoteLang): Promise<string> {
    const def = result.prepared.definition;
    const policy = policyOf(result);
    const out: string[] = [];
    out.push(`<section class="indicator" id="i${n}" data-indicator="${escapeHtml(def.indicator.name)}">`);
    out.push(`<h2>${escapeHtml(titleLine(result))}</h2>`, `<p class="kind">${escapeHtml(subtitle(result))}</p>`);
    out.push('<div class="side">');
    const points = chartPoints(result);
    if (points.length > 0) out.push(`<figure class="chart">${await svgOf(libs, chartSpec(points))}<figcaption>A hidden rate is a gap in its line. / Een verborgen percentage is een onderbreking in de lijn.</figcaption></figure>`);
    const header = ['cohort', ...headerOf(result)];
    const first = 1 + columnsOf(def).length;
    const th = header.map((h, i) => `<th${i >= first && h !== 'met' ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
    const rows = cells(result, lang).map((c) => {
        const values = [String(c.year), ...labelled(result, c.by), ...valueCells(result, c.cell)];
        const kind = c.by.some((v) => v === TOTAL_VALUE) ? ' class="total"' : '';
        return `<tr${kind}>${values.map((v, i) => {
            const classes = [i >= first && header[i] !== 'met' ? 'num' : '', v === 'x' || v.startsWith('<') ? 'supp' : ''].filter(Boolean).join(' ');
            return `<td${classes ? ` class="${classes}"` : ''}>${escapeHtml(v)}</td>`;
        }).join('')}</tr>`;
    });
    for (const inc of result.prepared.plan.incomplete) {
        rows.push(`<tr class="incomplete"><td>${inc.year}</td><td colspan="${header.length - 1}">${escapeHtml(lang ? `${lang === 'nl' ? 'onvolledig' : 'incomplete'}: ${reasonIn(lang, inc.reason)}` : `incomplete: ${inc.reason}`)}</td></tr>`);
    }
    out.push(`<table class="figures"><thead><tr>${th}</tr></thead><tbody>${rows.join('')}</tbody></table>`);
    out.push('</div>');
    out.push(`<p class="muted">${escapeHtml(describeDisclosure(policy))} / ${escapeHtml(describeDisclosure(policy, 'nl'))}.</p>`);
    out.push('</section>');
    return out.join('\n');
}

const RUN_CSS = `
section.indicator { border-top: 3px solid #4c78a8; margin-top: 28px; padding-top: 14px; }
.side { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure.chart { margin: 6px 0; }
figure.chart figcaption { font-size: 12px; color: #444; }
table.figures tr.total td { font-weight: 600; background: #f6f7f9; }
section.published pre { font-size: 12px; }
`;
