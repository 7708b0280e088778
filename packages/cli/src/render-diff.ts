// Rendering `stroom diff`: text (terminal), GitHub-flavoured Markdown (a pull-request comment) and JSON. The figures
// and the bridge are compare's renderers, so every count shown went through the disclosure module.
import type { CardChange, DefinitionChange, DiffComparison, SemanticDiff } from '@stroom/language';
import { comparisonJson, figureSections, md, table } from './render-compare.js';

export type DiffFormat = 'text' | 'md' | 'json';

/** Version of the JSON layout (docs/commands.md): raised when a field changes meaning or goes away. */
export const DIFF_JSON_VERSION = 1;

const SIGN: Record<DefinitionChange['status'], string> = { added: '+', removed: '-', changed: '~' };

function counts(d: SemanticDiff): Record<DefinitionChange['status'], number> {
    const n = { added: 0, removed: 0, changed: 0 };
    for (const c of d.changes) n[c.status]++;
    return n;
}

/** One line: what changed, in numbers, or that nothing did. */
export function summaryLine(d: SemanticDiff): string {
    if (d.changes.length === 0) return 'no semantic change / geen inhoudelijke wijziging';
    const n = counts(d);
    const en = [n.changed ? `${n.changed} changed` : '', n.added ? `${n.added} added` : '', n.removed ? `${n.removed} removed` : ''].filter(Boolean).join(', ');
    const nl = [n.changed ? `${n.changed} gewijzigd` : '', n.added ? `${n.added} toegevoegd` : '', n.removed ? `${n.removed} verwijderd` : ''].filter(Boolean).join(', ');
    return `${d.changes.length} definition${d.changes.length === 1 ? '' : 's'}: ${en} / ${d.changes.length} definitie${d.changes.length === 1 ? '' : 's'}: ${nl}`;
}

/**
 * A changed card line as Stroom writes it, the words both versions share said once: `switchers count as: retained ->
 * dropout`, `funded: no -> only`; else the card's name of the choice: `title: A -> B`.
 */
export function choiceText(c: CardChange): string {
    const a = (c.before ?? '').split(' ');
    const b = (c.after ?? '').split(' ');
    let k = 0;
    while (k < a.length - 1 && k < b.length - 1 && a[k] === b[k]) k++;
    const display = c.display ? ' (display only, moves nobody)' : '';
    if (k > 0 && c.before !== undefined && c.after !== undefined) return `${a.slice(0, k).join(' ')}: ${a.slice(k).join(' ')} -> ${b.slice(k).join(' ')}${display}`;
    return `${c.en}: ${c.before ?? '(none)'} -> ${c.after ?? '(none)'}${display}`;
}

function skippedText(x: DiffComparison): string {
    return `figures not computed: ${x.skipped} / cijfers niet berekend`;
}

function multiWorkspace(d: SemanticDiff): boolean {
    return new Set(d.changes.map((c) => c.workspace)).size > 1 || d.changes.some((c) => c.workspace !== '.');
}

function title(d: SemanticDiff): string {
    return `stroom diff ${d.before} -> ${d.after}`;
}

function text(d: SemanticDiff, data: boolean): string {
    const out = [title(d), summaryLine(d)];
    const multi = multiWorkspace(d);
    let workspace: string | undefined;
    for (const c of d.changes) {
        if (multi && c.workspace !== workspace) { out.push('', `workspace ${c.workspace}`); workspace = c.workspace; }
        else if (c === d.changes[0]) out.push('');
        const via = c.indirect ? ' (through what it uses / via wat het gebruikt)' : '';
        out.push(`${SIGN[c.status]} ${c.kind} ${c.name}${via}  ${c.file}:${c.line}`);
        for (const x of c.card ?? []) out.push(`    ${choiceText(x)}`);
        if (c.sourceChanged) out.push(`    source ${c.sourceChanged} changed / bron gewijzigd`);
    }
    for (const x of d.comparisons) {
        out.push('', `Figures / cijfers: ${x.indicator}${multi ? ` (workspace ${x.workspace})` : ''}`);
        if (x.comparison) out.push(...figureSections(x.comparison, table));
        else out.push(skippedText(x));
    }
    if (!data && d.changes.some((c) => c.kind === 'indicator' && c.status === 'changed')) out.push('', '(--no-data: figures not computed / cijfers niet berekend)');
    return `${out.join('\n').trimEnd()}\n`;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** GitHub-flavoured Markdown: a heading, the summary, a table of definitions, the cards, the figures folded away. */
function markdown(d: SemanticDiff, data: boolean): string {
    const out = [`## Stroom: semantic diff ${code(d.before)} → ${code(d.after)}`, '', `**${summaryLine(d)}**`, ''];
    if (d.changes.length === 0) return `${out.join('\n').trimEnd()}\n`;
    const multi = multiWorkspace(d);
    const rows = d.changes.map((c) => [c.status + (c.indirect ? ' (via what it uses)' : ''), c.kind, code(c.name), ...(multi ? [cell(c.workspace)] : []), cell(`${c.file}:${c.line}`)]);
    const list = md(['change', 'kind', 'name', ...(multi ? ['workspace'] : []), 'file'], rows, 99);
    // A long list is folded: a pull-request comment stays readable.
    if (rows.length > 15) out.push(`<details><summary>${rows.length} definitions</summary>`, '', ...list, '', '</details>', '');
    else out.push(...list, '');
    const cards = d.changes.filter((c) => (c.card ?? []).length > 0);
    if (cards.length > 0) {
        out.push('### Changed choices / gewijzigde keuzes', '');
        // Many cards (a convention many indicators use changed) are folded.
        const fold = cards.length > 5;
        if (fold) out.push(`<details><summary>${cards.length} indicator cards changed</summary>`, '');
        for (const c of cards) {
            out.push(`#### ${code(c.name)}`, '');
            out.push(...md(['choice', cell(d.before), cell(d.after)], c.card!.map((x) => [cell(x.en + (x.display ? ' (display only)' : '')), cell(x.before ?? '(none)'), cell(x.after ?? '(none)')]), 99), '');
        }
        if (fold) out.push('</details>', '');
    }
    if (d.comparisons.length > 0) {
        out.push('### Figures / cijfers', '');
        for (const x of d.comparisons) {
            const what = !x.comparison ? 'figures not computed' : `figures before and after${x.comparison.bridge ? ', and the bridge' : ''}`;
            out.push(`<details><summary>${x.indicator}: ${what}</summary>`, '');
            if (x.comparison) out.push(...figureSections(x.comparison, md).map((l) => (/^(Figures|Bridge|Who)/.test(l) ? `**${l}**\n` : l)));
            else out.push(skippedText(x));
            out.push('', '</details>', '');
        }
    } else if (!data && d.changes.some((c) => c.kind === 'indicator' && c.status === 'changed')) {
        out.push('_Figures not computed (--no-data)._', '');
    }
    return `${out.join('\n').trimEnd()}\n`;
}

/** JSON (docs/commands.md): stable keys, definitions in a fixed order, counts as the disclosure module shows them. */
export function diffJson(d: SemanticDiff, data: boolean): unknown {
    return {
        version: DIFF_JSON_VERSION, before: d.before, after: d.after, semantic_change: d.changes.length > 0, summary: counts(d),
        changes: d.changes.map((c) => ({
            workspace: c.workspace, kind: c.kind, name: c.name, status: c.status, file: c.file, line: c.line, indirect: c.indirect === true,
            ...(c.sourceChanged ? { source_changed: c.sourceChanged } : {}),
            ...(c.kind === 'indicator' && c.status === 'changed' ? {
                card: (c.card ?? []).map((x) => ({ key: x.key, en: x.en, nl: x.nl, before: x.before ?? null, after: x.after ?? null, display_only: x.display === true })),
            } : {}),
        })),
        data,
        figures: d.comparisons.map((x) => ({
            workspace: x.workspace, indicator: x.indicator,
            ...(x.comparison ? { comparison: comparisonJson(x.comparison, process.cwd()) } : { skipped: x.skipped }),
        })),
    };
}

export function renderDiff(d: SemanticDiff, format: DiffFormat, data: boolean): string {
    if (format === 'json') return `${JSON.stringify(diffJson(d, data), null, 2)}\n`;
    if (format === 'md') return markdown(d, data);
    return text(d, data);
}
