// `stroom funnel`'s outputs (table, Markdown, CSV, JSON) from funnel results: every count through the disclosure
// module (protectFunnel), as the command line and the browser page show them.
import { csvLine, csvNumber, csvStart, type CsvDialect } from '../text/csv.js';
import { describeDisclosure, type DisclosurePolicy } from '../disclosure/disclosure.js';
import { protectFunnel, type FunnelResult } from '../funnel/funnel.js';
import { funnelStepLabel, funnelTable, funnelUnitWord, reasonIn, say } from '../explain/explain.js';
import type { Lang } from '../explain/texts.js';

function title(r: FunnelResult): string {
    const def = r.prepared.definition;
    return `${def.indicator.name}${def.indicator.title ? ` — ${def.indicator.title}` : ''}`;
}

/** The disclosure policy of each funnel: its indicator's threshold with the workspace's settings. */
export type FunnelPolicyOf = (r: FunnelResult) => DisclosurePolicy;

function subtitle(r: FunnelResult, lang: Lang, policy: DisclosurePolicy): string {
    const def = r.prepared.definition;
    const unit = funnelUnitWord(r.unit, lang);
    // The last part says what the disclosure module did (describeDisclosure), not the old fixed text.
    return lang === 'nl'
        ? `trechter van cohort ${def.cohort.name} · bron ${r.prepared.source.name} · ${unit} · ${describeDisclosure(policy, 'nl')}`
        : `funnel of cohort ${def.cohort.name} · source ${r.prepared.source.name} · ${unit} · ${describeDisclosure(policy, 'en')}`;
}

function incompleteLines(r: FunnelResult, lang: Lang): Array<[number, string]> {
    return r.prepared.plan.incomplete.map((i) => [i.year, `${say(lang, 'funnelIncomplete')}: ${reasonIn(lang, i.reason)}`]);
}

export function renderFunnelTable(results: readonly FunnelResult[], lang: Lang, policyOf: FunnelPolicyOf): string {
    const out: string[] = [];
    for (const r of results) {
        out.push(title(r), subtitle(r, lang, policyOf(r)), '');
        const { header, rows } = funnelTable(r, lang, policyOf(r));
        if (r.years.length > 0) {
            const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
            const line = (row: readonly string[]) => row.map((v, i) => (i >= 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
            out.push(line(header), ...rows.map(line));
        }
        for (const [year, reason] of incompleteLines(r, lang)) out.push(`${year}  ${reason}`);
        out.push('');
    }
    return `${out.join('\n').trimEnd()}\n`;
}

export function renderFunnelMd(results: readonly FunnelResult[], lang: Lang, policyOf: FunnelPolicyOf): string {
    const out: string[] = [];
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    for (const r of results) {
        out.push(`## ${title(r)}`, '', subtitle(r, lang, policyOf(r)), '');
        const { header, rows } = funnelTable(r, lang, policyOf(r));
        if (r.years.length > 0) {
            out.push(`| ${header.map(cell).join(' | ')} |`, `|${header.map((_, i) => (i >= 2 ? '---:' : '---')).join('|')}|`);
            for (const row of rows) out.push(`| ${row.map(cell).join(' | ')} |`);
            out.push('');
        }
        for (const [year, reason] of incompleteLines(r, lang)) out.push(`- ${year}: ${reason}`);
        if (r.prepared.plan.incomplete.length > 0) out.push('');
    }
    return `${out.join('\n').trimEnd()}\n`;
}

export function renderFunnelCsv(results: readonly FunnelResult[], lang: Lang, policyOf: FunnelPolicyOf, dialect: CsvDialect = 'default'): string {
    const lines = [csvLine(['indicator', 'cohort_year', 'step', 'key', 'clause', 'count', 'status', 'note'], dialect)];
    for (const r of results) {
        const name = r.prepared.definition.indicator.name;
        const shown = protectFunnel(r, policyOf(r));
        for (const y of shown) {
            r.steps.forEach((s, i) => {
                const c = y.kept[i];
                lines.push(csvLine([name, String(y.cohortYear), String(i), s.key, s.clause ?? funnelStepLabel(r, i, lang),
                    csvNumber(c.shown), c.hidden === false ? 'ok' : 'suppressed', hiddenNote(c.hidden)], dialect));
            });
        }
        for (const [year, reason] of incompleteLines(r, lang)) lines.push(csvLine([name, String(year), '', '', '', '', 'incomplete', reason], dialect));
    }
    return `${csvStart(dialect)}${lines.join('\n')}\n`;
}

/** Why a funnel count is hidden, in English and Dutch (empty when shown). */
function hiddenNote(reason: false | 'small' | 'complement' | 'secondary'): string {
    if (reason === 'small') return 'small count / klein aantal';
    if (reason === 'complement') return 'fewer than the threshold dropped at this step / te weinig uitvallers bij deze stap';
    if (reason === 'secondary') return 'hidden to protect another count / verborgen om een ander aantal te beschermen';
    return '';
}

export function renderFunnelJson(results: readonly FunnelResult[], lang: Lang, meta: Record<string, unknown>, policyOf: FunnelPolicyOf): string {
    const body = {
        meta,
        results: results.map((r) => {
            const def = r.prepared.definition;
            const policy = policyOf(r);
            return {
                indicator: def.indicator.qualifiedName,
                cohort: def.cohort.qualifiedName,
                source: r.prepared.source.qualifiedName,
                unit: r.unit,
                suppression: policy.threshold,
                disclosure: { ...policy, description: describeDisclosure(policy, lang) },
                steps: r.steps.map((s, i) => ({ key: s.key, label: funnelStepLabel(r, i, lang), clause: s.clause ?? null })),
                years: protectFunnel(r, policy).map((y) => ({
                    cohort_year: y.cohortYear,
                    kept: y.kept.map((c) => c.value),
                    suppressed: y.kept.map((c) => c.hidden !== false),
                    hidden: y.kept.map((c) => c.hidden),
                })),
                incomplete: r.prepared.plan.incomplete.map((i) => ({ cohort_year: i.year, reason: reasonIn(lang, i.reason) })),
            };
        }),
    };
    return `${JSON.stringify(body, null, 2)}\n`;
}
