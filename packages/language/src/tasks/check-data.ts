// What `stroom check-data` computes: the data checks of one or more sources, on their own, with every finding (errors
// included) as data, plus the summary a run prints. A source is named, or a .stroom file stands for the sources it
// defines, or else the sources its indicators read, or a data file for the mappings that read it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ast from '../generated/ast.js';
import { resolveSource } from '../definition/resolve.js';
import { sourceRelations } from '../plan/plan.js';
import { inspectData, type DataFinding } from '../run/checks.js';
import { DuckDBEngine } from '../run/engine.js';
import { allSources, assertComputable, DefinitionError, findDocument, pickSource } from '../run/session.js';
import { matchingFiles } from '../workspace/files.js';
import { loadWorkspace, type Workspace } from '../workspace/load.js';

export interface SourceCheck {
    readonly source: string;
    readonly findings: readonly DataFinding[];
}

export interface DataQuality {
    readonly errors: number;
    /** Records left out, over every rule that drops. */
    readonly dropped: number;
    readonly warnings: number;
    readonly findings: readonly DataFinding[];
}

/** Rules about a column's codes: said once per file and column, however many indicators (or mappings) read it. */
const PER_COLUMN = new Set(['unmapped-code', 'unknown-decode-code']);

/** Errors, dropped records and warnings of a list of findings (each finding once: by file and column for a code
 *  rule, else by its message). */
export function dataQuality(findings: readonly DataFinding[]): DataQuality {
    const key = (f: DataFinding) => (f.rule && PER_COLUMN.has(f.rule) ? `${f.rule}\0${f.file}\0${f.column}` : f.message);
    const byKey = new Map<string, DataFinding>();
    for (const f of findings) if (!byKey.has(key(f))) byKey.set(key(f), f);
    const unique = [...byKey.values()];
    return {
        errors: unique.filter((f) => f.severity === 'error').length,
        dropped: unique.filter((f) => f.severity === 'dropped').reduce((n, f) => n + (f.count ?? 0), 0),
        warnings: unique.filter((f) => f.severity !== 'error' && f.severity !== 'dropped').length,
        findings: unique,
    };
}

/** The summary line a run prints on stderr (undefined when the data gave nothing to say). */
export function dataQualityLine(q: DataQuality): string | undefined {
    if (q.findings.length === 0) return undefined;
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    return `data quality: ${plural(q.errors, 'error', 'errors')}, ${plural(q.dropped, 'record', 'records')} left out, ${plural(q.warnings, 'warning', 'warnings')}`
        + ` / gegevenskwaliteit: ${q.errors} fout${q.errors === 1 ? '' : 'en'}, ${q.dropped} record${q.dropped === 1 ? '' : 's'} weggelaten, ${q.warnings} waarschuwing${q.warnings === 1 ? '' : 'en'}`;
}

/** The sources a target stands for: a .stroom file's own sources, else those its indicators read; or a source name. */
export function sourcesOf(ws: Workspace, target: string): ast.Source[] {
    const sources = allSources(ws);
    if (target.endsWith('.stroom') && fs.existsSync(target)) {
        const doc = findDocument(ws, target);
        assertComputable(ws, doc, target);
        const model = doc.parseResult.value;
        const own = model.elements.filter(ast.isSource);
        if (own.length > 0) return own;
        const read = model.elements.filter(ast.isIndicator).map((i) => pickSource(ws, sources, i));
        if (read.length === 0) throw new DefinitionError(`${target} defines no source and no indicator / ${target} bevat geen bron en geen indicator`);
        return [...new Set(read)];
    }
    const found = sources.filter((s) => s.name === target || `${s.$container.package ?? ''}.${s.name}` === target);
    if (found.length !== 1) {
        throw new DefinitionError(`no source ${target} in the workspace (sources: ${sources.map((s) => s.name).join(', ') || 'none'}) / geen bron ${target} in de werkruimte`);
    }
    const doc = ws.documents.find((d) => d.parseResult.value === found[0].$container);
    if (doc) assertComputable(ws, doc, path.relative(process.cwd(), doc.uri.fsPath) || doc.uri.fsPath);
    return found;
}

/**
 * The data checks of every source a target stands for, on DuckDB in memory. A target that is a data file (not a
 * .stroom file) stands for the mappings that read it, in the sources of its workspace.
 */
export async function checkSources(target: string): Promise<SourceCheck[]> {
    const exists = fs.existsSync(target);
    const dataFile = exists && !target.endsWith('.stroom') && fs.statSync(target).isFile() ? path.resolve(target) : undefined;
    const ws = await loadWorkspace(exists ? target : process.cwd(), exists && target.endsWith('.stroom') ? [target] : []);
    const sources = (dataFile ? sourcesReading(ws, dataFile) : sourcesOf(ws, target)).map(resolveSource);
    const engine = await DuckDBEngine.open();
    try {
        const out: SourceCheck[] = [];
        for (const spec of sources) {
            // Database tables are checked on PostgreSQL when a run loads them; they have nothing to check here.
            const relations = sourceRelations(spec).filter((r) => r.file.format !== 'table' && (!dataFile || matchingFiles(r.file.path).includes(dataFile)));
            out.push({ source: spec.qualifiedName, findings: await inspectData(engine, { relations, source: spec }) });
        }
        return out;
    } finally {
        await engine.close();
    }
}

/** The sources with a mapping that reads a data file (directly or through a pattern); none is a usage mistake. */
function sourcesReading(ws: Workspace, dataFile: string): ast.Source[] {
    const reads = (s: ast.Source) => {
        try {
            return sourceRelations(resolveSource(s)).some((r) => r.file.format !== 'table' && matchingFiles(r.file.path).includes(dataFile));
        } catch {
            return false; // a source too broken to resolve reads nothing here; linting it says why
        }
    };
    const found = allSources(ws).filter(reads);
    if (found.length === 0) {
        throw new DefinitionError(`no source in the workspace of ${dataFile} reads it / geen bron in de werkruimte leest ${dataFile}`);
    }
    for (const s of found) {
        const doc = ws.documents.find((d) => d.parseResult.value === s.$container);
        if (doc) assertComputable(ws, doc, path.relative(process.cwd(), doc.uri.fsPath) || doc.uri.fsPath);
    }
    return found;
}
