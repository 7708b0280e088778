// stroom check-data <source-or-file>: the data checks of a source on their own (a .stroom file stands for the sources
// it defines, or else the sources its indicators read): every finding with its rule and what happens to the records,
// and the summary a run prints. Exit 1 when there is an error (a run on this data would refuse to compute).
import { checkSources, dataQuality, dataQualityLine, findingJson, type SourceCheck } from '@stroom/language';
import { writeOutput } from './common.js';

export interface CheckDataOptions {
    readonly format?: 'text' | 'json';
    readonly out?: string;
}

export async function checkData(target: string, options: CheckDataOptions): Promise<number> {
    const checks = await checkSources(target);
    const all = dataQuality(checks.flatMap((c) => c.findings));
    writeOutput(options.format === 'json' ? renderJson(checks) : renderText(checks), options.out);
    process.stderr.write(`stroom: ${dataQualityLine(all) ?? 'data quality: no findings / gegevenskwaliteit: niets gevonden'}\n`);
    return all.errors > 0 ? 1 : 0;
}

/** What happens to the records a finding is about, in words. */
const EFFECT: Readonly<Record<string, string>> = {
    error: 'error (nothing is computed)',
    dropped: 'left out',
    warning: 'warning (used)',
};

function renderText(checks: readonly SourceCheck[]): string {
    const out: string[] = [];
    for (const c of checks) {
        const q = dataQuality(c.findings);
        out.push(`source ${c.source}: ${q.errors} error${q.errors === 1 ? '' : 's'}, ${q.dropped} record${q.dropped === 1 ? '' : 's'} left out, ${q.warnings} warning${q.warnings === 1 ? '' : 's'}`);
        for (const f of q.findings) out.push(`  ${EFFECT[f.severity ?? 'warning']}: ${f.rule ?? 'data'}: ${f.message}`);
    }
    return `${out.join('\n')}\n`;
}

function renderJson(checks: readonly SourceCheck[]): string {
    const sources = checks.map((c) => {
        const { findings, ...counts } = dataQuality(c.findings);
        return { source: c.source, ...counts, findings: findings.map((f) => findingJson(f)) };
    });
    return `${JSON.stringify({ sources }, null, 2)}\n`;
}
