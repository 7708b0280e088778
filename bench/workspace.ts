// Benchmark: how long the language services take to parse, link and validate a large workspace (what the
// language server does on start) and to re-validate one 2,000-line file after an edit.
// Run: npx tsx bench/workspace.ts   (numbers are printed; the README records them with the machine)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { loadWorkspace } from '@stroom/language';

const EXAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'examples');

function file(pkg: string, indicators: number): string {
    const lines = [`package ${pkg}`, 'import sources.Voorbeeld', 'import conventions.{CBS, ResearchNed}', ''];
    for (let j = 0; j < indicators; j++) {
        lines.push(`cohort C${j} {`, '    sector hbo', '    prior havo', '    inflow direct gap 0 years', '    mode fulltime', '    years 2016..2022', '}', '',
            `indicator U${j} using CBS {`, `    cohort C${j}`, '    measure dropout', '    after 1 year', '    by institution', '}', '');
    }
    return lines.join('\n');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-bench-'));
try {
    for (const sub of ['sources', 'conventions', 'data']) fs.cpSync(path.join(EXAMPLES, sub), path.join(dir, sub), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stroom.json'), '{"defaultSource": "sources.Voorbeeld"}');
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(dir, `f${String(i).padStart(3, '0')}.stroom`), file(`p${i}`, 5));
    const big = file('big', 134); // about 2,000 lines
    fs.writeFileSync(path.join(dir, 'big.stroom'), big);

    let t = performance.now();
    const ws = await loadWorkspace(dir);
    const load = performance.now() - t;
    const lines = ws.documents.reduce((a, d) => a + d.textDocument.lineCount, 0);
    console.log(`workspace: ${ws.documents.length} files, ${lines} lines: parse + link + validate ${Math.round(load)} ms`);

    // An edit of the big file: rebuild it (and what depends on it) as the language server does on a change.
    const shared = ws.services.shared;
    const uri = URI.file(path.join(dir, 'big.stroom'));
    const runs: number[] = [];
    for (let k = 0; k < 5; k++) {
        const edited = big.replace('after 1 year', `after ${1 + (k % 2)} year${k % 2 ? 's' : ''}`);
        fs.writeFileSync(uri.fsPath, edited);
        t = performance.now();
        await shared.workspace.DocumentBuilder.update([uri], []);
        runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    const bigDoc = shared.workspace.LangiumDocuments.getDocument(uri)!;
    console.log(`edit of a ${bigDoc.textDocument.lineCount}-line file: re-validate median ${Math.round(runs[2])} ms (min ${Math.round(runs[0])}, max ${Math.round(runs[4])})`);
} finally {
    fs.rmSync(dir, { recursive: true, force: true });
}
