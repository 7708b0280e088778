// The HTML of the extension's webviews: the results view (a table and a bar chart, for `run` and `compare`) and the
// definition card (the page `stroom explain --format html` writes). Pure functions of plain data, no `vscode` import:
// the extension and the Chromium test (test/extension/webviews.test.ts) call the same ones.
// Only the escaper: the client bundle must not pull in the language package (the server has it).
import { escapeHtml } from '@stroom/language/text';

/** One table with its chart: what a run of one indicator or one compare block shows. JSON-safe (crosses the LSP). */
export interface ResultsTable {
    readonly title: string;
    readonly subtitle: string;
    /** Column headings; the label columns come first, then the figures. */
    readonly columns: readonly string[];
    /** Index of the first figure column (right-aligned). */
    readonly numericFrom: number;
    readonly rows: readonly ResultsRow[];
    /** Names of the bars per row (one for a run; left and right for a compare). */
    readonly series: readonly string[];
    readonly notes: readonly string[];
}

export interface ResultsRow {
    readonly cells: readonly string[];
    /** The label of the row in the chart (cohort year and breakdown). */
    readonly label: string;
    /** Per series: the rate in percent, or null when suppressed or absent (no bar is drawn for it). */
    readonly values: readonly (number | null)[];
    /** Per series: the rate as shown (`2.75%`, at the indicator's decimals); else the value with one decimal. */
    readonly valueLabels?: readonly (string | null)[];
}

export interface ResultsModel {
    readonly heading: string;
    readonly tables: readonly ResultsTable[];
}

export interface PageOptions {
    /** The webview's `cspSource` (VS Code), allowed for styles; omitted in a plain browser. */
    readonly cspSource?: string;
}

/** No scripts, no loads: a Content-Security-Policy that allows inline styles and images only. */
function csp(options: PageOptions): string {
    const style = options.cspSource ? `${options.cspSource} 'unsafe-inline'` : `'unsafe-inline'`;
    return `default-src 'none'; style-src ${style}; img-src data:;`;
}

const STYLE = `
body { font-family: var(--vscode-font-family, system-ui, sans-serif); color: var(--vscode-foreground, #222);
  background: var(--vscode-editor-background, #fff); margin: 1em 1.5em; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.6em; } .sub { opacity: .75; margin: .2em 0 .8em; }
table.figures { border-collapse: collapse; margin: .5em 0 1em; }
table.figures th, table.figures td { padding: .2em .7em; border-bottom: 1px solid rgba(128,128,128,.35); }
table.figures td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.suppressed { opacity: .6; font-style: italic; }
svg.chart text { fill: currentColor; font-size: 11px; }
.legend span { display: inline-block; margin-right: 1em; } .legend i { display: inline-block; width: .8em; height: .8em; margin-right: .3em; }
ul.notes { opacity: .8; }
`;

const COLORS = ['#4c78a8', '#f58518', '#54a24b', '#e45756'];

/** A horizontal bar chart of the rates as inline SVG (no script: it renders under the strictest policy). */
export function barChart(table: ResultsTable): string {
    const rows = table.rows;
    const max = Math.max(1, ...rows.flatMap((r) => r.values.filter((v): v is number => v !== null)));
    const labelWidth = 8 + 7 * Math.max(4, ...rows.map((r) => r.label.length));
    const barHeight = 14;
    const rowHeight = barHeight * table.series.length + 8;
    const plotWidth = 360;
    const width = labelWidth + plotWidth + 60;
    const height = rowHeight * rows.length + 10;
    const parts: string[] = [];
    rows.forEach((row, i) => {
        const y0 = 5 + i * rowHeight;
        parts.push(`<text x="${labelWidth - 6}" y="${y0 + rowHeight / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(row.label)}</text>`);
        row.values.forEach((v, s) => {
            const y = y0 + s * barHeight;
            if (v === null) {
                parts.push(`<text x="${labelWidth + 4}" y="${y + barHeight / 2}" dominant-baseline="middle" opacity="0.6">–</text>`);
                return;
            }
            const w = Math.max(1, (v / max) * plotWidth);
            parts.push(`<rect class="bar" data-series="${escapeHtml(table.series[s])}" x="${labelWidth}" y="${y + 1}" width="${w.toFixed(1)}" height="${barHeight - 2}" fill="${COLORS[s % COLORS.length]}"><title>${escapeHtml(`${row.label} ${table.series[s]}: ${row.valueLabels?.[s] ?? `${v.toFixed(1)}%`}`)}</title></rect>`);
            parts.push(`<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + barHeight / 2}" dominant-baseline="middle">${escapeHtml(row.valueLabels?.[s] ?? `${v.toFixed(1)}%`)}</text>`);
        });
    });
    const legend = table.series.length > 1
        ? `<div class="legend">${table.series.map((s, i) => `<span><i style="background:${COLORS[i % COLORS.length]}"></i>${escapeHtml(s)}</span>`).join('')}</div>`
        : '';
    return `${legend}<svg class="chart" role="img" aria-label="${escapeHtml(table.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function figuresTable(table: ResultsTable): string {
    const numeric = (i: number) => i >= table.numericFrom;
    const head = `<tr>${table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
    const body = table.rows.map((r) => `<tr>${r.cells.map((c, i) => {
        // Both markers of the disclosure module: `<k` (a small count) and `x` (hidden to protect another cell).
        const cls = [numeric(i) ? 'num' : '', c.startsWith('<') || (numeric(i) && c === 'x') ? 'suppressed' : ''].filter(Boolean).join(' ');
        return `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(c)}</td>`;
    }).join('')}</tr>`).join('\n');
    return `<table class="figures"><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

/** The results view: per table a heading, the figures and the chart. */
export function resultsHtml(model: ResultsModel, options: PageOptions = {}): string {
    const sections = model.tables.map((t) => [
        `<section class="result">`,
        `<h2>${escapeHtml(t.title)}</h2>`,
        `<p class="sub">${escapeHtml(t.subtitle)}</p>`,
        t.rows.length > 0 ? figuresTable(t) : '<p>(no figures)</p>',
        t.rows.some((r) => r.values.some((v) => v !== null)) ? barChart(t) : '',
        t.notes.length > 0 ? `<ul class="notes">${t.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '',
        `</section>`,
    ].join('\n'));
    return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp(options)}">
<title>${escapeHtml(model.heading)}</title>
<style>${STYLE}</style></head>
<body><h1>${escapeHtml(model.heading)}</h1>
${sections.join('\n')}
</body></html>
`;
}

/**
 * The definition card: the page `stroom explain --format html` writes, with a policy that forbids every load (the
 * page is self-contained) placed first in its head.
 */
export function cardHtml(explainPage: string, options: PageOptions = {}): string {
    const meta = `<meta http-equiv="Content-Security-Policy" content="${csp(options)}">`;
    return /<head[^>]*>/i.test(explainPage) ? explainPage.replace(/<head[^>]*>/i, (h) => `${h}\n${meta}`) : `${meta}\n${explainPage}`;
}

/** A page that says something went wrong (a run failed, the file has errors). */
export function messageHtml(title: string, message: string, options: PageOptions = {}): string {
    return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp(options)}">
<style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1><pre>${escapeHtml(message)}</pre></body></html>
`;
}
