// stroom compile <file>: the SQL of each indicator, with its definition card as a comment header.
import * as fs from 'node:fs';
import { databaseTables, duckdb, loadWorkspace, postgres, prepare, printSql } from '@stroom/language';
import { fail, writeOutput } from './common.js';

export interface CompileOptions {
    readonly indicator?: string;
    readonly source?: string;
    readonly dialect?: 'duckdb' | 'postgres';
    readonly records?: boolean;
    readonly out?: string;
}

export async function compile(file: string, options: CompileOptions): Promise<number> {
    if (!fs.existsSync(file)) return fail(`${file}: no such file`, 2);
    const ws = await loadWorkspace(file, [file]);
    const prepared = prepare(ws, file, options);
    const tables = databaseTables(prepared);
    if (tables.length > 0 && options.dialect !== 'postgres') {
        return fail(`source ${tables[0].source} reads database tables (${tables.map((t) => t.table).join(', ')}): compile it with --dialect postgres`, 2);
    }
    for (const p of prepared) {
        if (p.plan.years.length > 0) continue;
        const why = p.plan.incomplete.map((i) => `${i.year}: ${i.reason}`).join('; ');
        return fail(`${p.definition.indicator.name}: no complete cohort year to compile${why ? ` (${why})` : ''}`, 1);
    }
    const text = prepared.map((p) => printSql(p.plan, options.dialect === 'postgres' ? postgres : duckdb, { records: options.records, relativeTo: ws.root, dataFolders: ws.config.dataFolders })).join('\n');
    writeOutput(text, options.out);
    return 0;
}
