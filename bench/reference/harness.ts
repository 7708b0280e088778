// Shared by test/language/reference-sql.test.ts and bench/sql.ts: the example indicators that have a hand-written
// reference query, a workspace on given data, and the relation tables both queries read.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { duckdb, loadWorkspace, prepare, Printer, printSql, type DuckDBEngine, type Plan, type RelationPlan } from '@stroom/language';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const EXAMPLES = path.resolve(HERE, '..', '..', 'examples');

/** An example indicator and the file of its hand-written query (bench/reference/<file>). */
export interface ReferenceCase {
    readonly file: string;
    readonly indicator: string;
    readonly reference: string;
}

export const REFERENCE_CASES: readonly ReferenceCase[] = [
    { file: 'havo-hbo.stroom', indicator: 'UitvalCBS', reference: 'havo-hbo.UitvalCBS.sql' },
    { file: 'havo-hbo.stroom', indicator: 'UitvalOCW', reference: 'havo-hbo.UitvalOCW.sql' },
    { file: 'havo-hbo.stroom', indicator: 'StudiewisselVH', reference: 'havo-hbo.StudiewisselVH.sql' },
    { file: 'havo-hbo.stroom', indicator: 'Rendement5', reference: 'havo-hbo.Rendement5.sql' },
    { file: 'vsv.stroom', indicator: 'Vsv', reference: 'vsv.Vsv.sql' },
    { file: 'vsv.stroom', indicator: 'VsvNiveau', reference: 'vsv.VsvNiveau.sql' },
];

/** The table a relation is built into: the name of the printer's step that reads it. */
export const TABLE_OF: Readonly<Record<string, string>> = {
    enrollment: 'enrollment_record', diploma: 'diploma', prior_education: 'prior_education', person: 'person_record',
};

export function referenceSql(c: ReferenceCase): string {
    return fs.readFileSync(path.join(HERE, c.reference), 'utf8');
}

/**
 * The example workspace, or (with `data`, a folder of `stroom generate` CSV files) a temporary copy of it whose
 * source Voorbeeld reads that folder. The caller removes the returned `cleanup` folder.
 */
export function workspaceOn(data?: string): { root: string; cleanup?: string } {
    if (!data) return { root: EXAMPLES };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-reference-'));
    fs.cpSync(EXAMPLES, root, { recursive: true, filter: (src) => path.relative(EXAMPLES, src) !== 'data' });
    fs.mkdirSync(path.join(root, 'data'));
    const generated = fs.realpathSync(data);
    const bundled = path.join(EXAMPLES, 'data');
    for (const name of fs.readdirSync(bundled)) {
        const own = fs.existsSync(path.join(generated, name)) && name.endsWith('.csv');
        fs.symlinkSync(path.join(own ? generated : bundled, name), path.join(root, 'data', name));
    }
    // The links lead outside the copy: stroom.json lets the definitions read there.
    const config = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'stroom.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(root, 'stroom.json'), JSON.stringify({ ...config, dataFolders: [generated, fs.realpathSync(bundled)] }, null, 2));
    return { root, cleanup: root };
}

/** The plan of each reference case, in the workspace at root. */
export async function plans(root: string): Promise<Plan[]> {
    const ws = await loadWorkspace(root, [], { warn: () => undefined });
    return REFERENCE_CASES.map((c) => {
        const [p] = prepare(ws, path.join(root, c.file), { indicator: c.indicator });
        return p.plan;
    });
}

/**
 * Builds each relation the plans read once, as a table named after the printer's step (enrollment_record, diploma,
 * ...), from the printer's own mapping; returns the `relationTable` option that makes the printer read them.
 */
export async function buildRelations(engine: DuckDBEngine, all: readonly Plan[]): Promise<(r: RelationPlan) => string | undefined> {
    const built = new Map<string, string>();
    for (const plan of all) {
        for (const r of plan.relations) {
            const sql = new Printer(duckdb, plan).relation(r);
            const table = TABLE_OF[r.name];
            if (!table) throw new Error(`no reference table for relation ${r.name}`);
            const before = built.get(table);
            if (before === undefined) {
                await engine.query(`CREATE OR REPLACE TABLE ${duckdb.quoteIdent(table)} AS ${sql}`);
                built.set(table, sql);
            } else if (before !== sql) {
                throw new Error(`relation ${r.name} is mapped differently by two reference indicators`);
            }
        }
    }
    return (r) => TABLE_OF[r.name];
}

/** The generated query of a plan on the relation tables. */
export function generatedSql(plan: Plan, relationTable: (r: RelationPlan) => string | undefined): string {
    return printSql(plan, duckdb, { relationTable });
}

/** Result rows as sorted JSON lines, for comparing two queries' counts. */
export function countLines(rows: ReadonlyArray<Record<string, unknown>>): string[] {
    // Integer columns come back as numbers or strings depending on their width: compare them as numbers.
    const cell = (k: string, v: unknown) => (k === 'n' || k === 'cohort_year' ? Number(v) : v);
    return rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, cell(k, r[k])]))).sort();
}
