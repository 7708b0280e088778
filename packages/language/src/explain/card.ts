// The definition card as text: every choice, its value as Stroom would write it, and where it came from. The SQL
// header, the hover and `stroom compile` all print this one rendering.
import { CHOICES, showChoice, showHistory } from '../definition/choices.js';
import { originText } from '../definition/resolve.js';
import { HISTORY_BREAKDOWN, type Definition, type MonthDay } from '../definition/types.js';

export interface CardRow {
    readonly choice: string;
    readonly value: string;
    readonly from: string;
}

export function cardRows(def: Definition, relativeTo?: string): CardRow[] {
    const rows: CardRow[] = [];
    for (const spec of CHOICES) {
        const chosen = def.choices[spec.key];
        if (!chosen) continue;
        // Classified by source: the publisher made every other choice; only these are the definition's.
        if (def.classified && spec.key !== 'peildatum' && spec.key !== 'suppression' && spec.key !== 'decimals') continue;
        rows.push({ choice: spec.en, value: showChoice(spec.key, chosen.value), from: originText(chosen.origin, relativeTo) });
    }
    return rows;
}

export function cardTitle(def: Definition): string[] {
    const lines = [`indicator ${def.indicator.qualifiedName}${def.indicator.title ? ` "${def.indicator.title}"` : ''}`];
    const years = def.cohort.years ? `, years ${def.cohort.years[0]}..${def.cohort.years[1]}` : '';
    lines.push(def.classified ? `cohort: the source's population, as the publisher made it${years}` : `cohort ${def.cohort.qualifiedName} (${def.cohort.kind === 'deregistration' ? 'leaving without diploma' : def.cohort.kind}${years})`);
    const m = def.measure;
    lines.push(`measure ${m.name}${def.classified ? ' classified by source' : ''}${m.overRetainedAfter !== undefined ? ` over retained after ${m.overRetainedAfter} year` : ''}${m.pool !== undefined ? ` pool ${m.pool} years` : ''}`);
    // `by history S` is shown with the history it tests (the breakdown's name alone says no sector).
    const shown = def.breakdown.map((b) => (b === HISTORY_BREAKDOWN && def.historyBreakdown ? showHistory(def.historyBreakdown) : b));
    if (def.breakdown.length > 0) lines.push(`by ${shown.join(', ')}`);
    for (const c of def.conventions) lines.push(`using ${c.name}${c.citation ? `: ${c.citation}` : ''}`);
    if (def.norms) lines.push(`norm from ${def.norms.source}`);
    return lines;
}

/** The card as aligned plain-text lines (for SQL comments and terminals). */
export function cardText(def: Definition, relativeTo?: string): string[] {
    const rows = cardRows(def, relativeTo);
    const w1 = Math.max(...rows.map((r) => r.value.length));
    return [...cardTitle(def), ...rows.map((r) => `${r.value.padEnd(w1)}  <- ${r.from}`)];
}

export function cardMarkdown(def: Definition, relativeTo?: string): string {
    const lines = [`**${def.indicator.title ?? def.indicator.name}**`, ''];
    if (def.indicator.doc) lines.push(def.indicator.doc, '');
    lines.push('```stroom', ...cardTitle(def), '```', '', '| choice | value | from |', '|---|---|---|');
    for (const r of cardRows(def, relativeTo)) lines.push(`| ${r.choice} | \`${r.value}\` | ${r.from} |`);
    const dates = exampleDates(def);
    if (dates) lines.push('', dates);
    return lines.join('\n');
}

/** Peildatum P(y) for a study year y whose start is `start` (SEMANTICS.md, Time). */
export function peilDate(year: number, peil: MonthDay, start: MonthDay = { month: 9, day: 1 }): string {
    const before = peil.month * 100 + peil.day < start.month * 100 + start.day;
    const y = before ? year + 1 : year;
    return `${y}-${String(peil.month).padStart(2, '0')}-${String(peil.day).padStart(2, '0')}`;
}

function exampleDates(def: Definition): string | undefined {
    const y = def.cohort.years?.[0];
    const h = def.choices.horizon?.value;
    if (y === undefined) return undefined;
    const p = def.choices.peildatum.value;
    const status = h !== undefined ? `; status measured on ${peilDate(y + h, p)} / gemeten op ${peilDate(y + h, p)}` : '';
    return `Cohort ${y}: counted on ${peilDate(y, p)} / geteld op ${peilDate(y, p)}${status}.`;
}
