// A small document model for explanations: headings, paragraphs, lists and tables of inline text and code. Built
// once, then written as Markdown (explain, hover) or as a self-contained HTML page (inline CSS, nothing loaded).
import { TEXT, type Lang, type TextKey } from './texts.js';
import { escapeHtml } from '../text/escape.js';

export type Inline = string | { readonly code: string } | { readonly strong: string };

export type Block =
    | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: readonly Inline[] }
    | { readonly kind: 'paragraph'; readonly text: readonly Inline[] }
    | { readonly kind: 'list'; readonly ordered?: boolean; readonly items: ReadonlyArray<readonly Inline[]> }
    | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: ReadonlyArray<readonly string[]>; readonly numeric: readonly boolean[] };

export type Param = string | number | Inline | readonly Inline[];

/** A text of the catalogue in one language, its `{name}` places filled. */
export function t(lang: Lang, key: TextKey, params: Readonly<Record<string, Param>> = {}): Inline[] {
    return fill(TEXT[key][lang], params);
}

export function fill(template: string, params: Readonly<Record<string, Param>> = {}): Inline[] {
    const out: Inline[] = [];
    for (const [i, part] of template.split(/\{(\w+)\}/).entries()) {
        if (i % 2 === 0) { if (part) out.push(part); continue; }
        const value = params[part];
        if (value === undefined) throw new Error(`no value for {${part}} in "${template}"`);
        if (Array.isArray(value)) out.push(...(value as Inline[]));
        else out.push(typeof value === 'number' ? String(value) : value as Inline);
    }
    return merge(out);
}

/** Adjacent plain strings as one. */
function merge(parts: readonly Inline[]): Inline[] {
    const out: Inline[] = [];
    for (const p of parts) {
        const last = out[out.length - 1];
        if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
        else if (p !== '') out.push(p);
    }
    return out;
}

/** Inline parts joined with a separator. */
export function join(parts: ReadonlyArray<readonly Inline[]>, separator: string): Inline[] {
    return merge(parts.flatMap((p, i) => (i === 0 ? [...p] : [separator, ...p])));
}

export function code(text: string): Inline {
    return { code: text };
}

/** The first letter in upper case (a phrase that starts a sentence). */
export function capitalize(parts: readonly Inline[]): Inline[] {
    const [first, ...rest] = parts;
    if (typeof first !== 'string') return [...parts];
    // The first letter, after any opening quote.
    return [first.replace(/^(["'(]*)(\p{L})/u, (_, open: string, letter: string) => open + letter.toUpperCase()), ...rest];
}

// ------------------------------------------------------------------ Markdown

function mdInline(parts: readonly Inline[]): string {
    return parts.map((p) => {
        if (typeof p === 'string') return p.replace(/([\\*_])/g, '\\$1');
        if ('code' in p) return p.code.includes('`') ? `\`\` ${p.code} \`\`` : `\`${p.code}\``;
        return `**${p.strong.replace(/([\\*_])/g, '\\$1')}**`;
    }).join('');
}

function mdCell(text: string): string {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Markdown; `headingShift` moves every heading down (the hover starts at level 3). */
export function blocksToMarkdown(blocks: readonly Block[], headingShift = 0): string {
    const out: string[] = [];
    for (const b of blocks) {
        switch (b.kind) {
            case 'heading': out.push(`${'#'.repeat(Math.min(6, b.level + headingShift))} ${mdInline(b.text)}`); break;
            case 'paragraph': out.push(mdInline(b.text)); break;
            case 'list': out.push(b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${mdInline(item)}`).join('\n')); break;
            case 'table': {
                const lines = [`| ${b.header.map(mdCell).join(' | ')} |`, `|${b.numeric.map((n) => (n ? '---:' : '---')).join('|')}|`];
                for (const r of b.rows) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
                out.push(lines.join('\n'));
                break;
            }
        }
    }
    return `${out.join('\n\n')}\n`;
}

// ------------------------------------------------------------------ HTML

function htmlInline(parts: readonly Inline[]): string {
    return parts.map((p) => {
        if (typeof p === 'string') return escapeHtml(p);
        if ('code' in p) return `<code>${escapeHtml(p.code)}</code>`;
        return `<strong>${escapeHtml(p.strong)}</strong>`;
    }).join('');
}

const STYLE = `
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #2f6f8f; padding-bottom: .3rem; margin-top: 3rem; }
h1:first-of-type { margin-top: 0; }
h2 { font-size: 1.2rem; color: #2f6f8f; margin-top: 1.8rem; }
code { font: .9em ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #eef3f6; padding: .05rem .3rem; border-radius: 3px; }
ol, ul { padding-left: 1.4rem; }
li { margin: .35rem 0; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .92rem; }
th, td { border: 1px solid #cfd8de; padding: .25rem .55rem; text-align: left; }
th { background: #eef3f6; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
@media print { body { margin: 0; } h1 { page-break-before: always; } h1:first-of-type { page-break-before: avoid; } }
`;

/** The blocks as HTML body lines; `headingShift` moves every heading down (a page that embeds them has its own h1). */
export function blocksToHtmlBody(blocks: readonly Block[], headingShift = 0): string[] {
    const body: string[] = [];
    for (const b of blocks) {
        switch (b.kind) {
            case 'heading': {
                const h = Math.min(6, b.level + headingShift);
                body.push(`<h${h}>${htmlInline(b.text)}</h${h}>`);
                break;
            }
            case 'paragraph': body.push(`<p>${htmlInline(b.text)}</p>`); break;
            case 'list': {
                const tag = b.ordered ? 'ol' : 'ul';
                body.push(`<${tag}>\n${b.items.map((i) => `  <li>${htmlInline(i)}</li>`).join('\n')}\n</${tag}>`);
                break;
            }
            case 'table': {
                const cls = (i: number) => (b.numeric[i] ? ' class="n"' : '');
                body.push([
                    '<table>',
                    `  <thead><tr>${b.header.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
                    '  <tbody>',
                    ...b.rows.map((r) => `    <tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`),
                    '  </tbody>',
                    '</table>',
                ].join('\n'));
                break;
            }
        }
    }
    return body;
}

/** The style of explanation pages, for pages that embed explanations (`stroom docs`). */
export const EXPLAIN_STYLE = STYLE;

/** A self-contained page: inline CSS, no scripts, nothing fetched from anywhere. */
export function blocksToHtml(blocks: readonly Block[], title: string, lang: Lang): string {
    const body = blocksToHtmlBody(blocks);
    return [
        '<!DOCTYPE html>',
        `<html lang="${lang}">`,
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${escapeHtml(title)}</title>`,
        `<style>${STYLE}</style>`,
        '</head>',
        '<body>',
        ...body,
        '</body>',
        '</html>',
        '',
    ].join('\n');
}
