// Mutation fuzzer for run on small data: the minimal indicator of the test helpers, mutated (fuzz/mutate.ts), over a
// small random CSV (odd dates, empty cells, unknown codes, NULs, unicode), computed on DuckDB as `stroom run` does.
// A case passes when lint reports the definition's errors, or run ends with figures or with one of the errors it
// reports to users (a DefinitionError, DataError or PlanError): any other exception is a crash.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import {
    DataError, DefinitionError, DuckDBEngine, PlanError, createStroomServices, errorLines, execute, prepare, type Workspace,
} from '@stroom/language';
import { MINI_INDICATOR, MINI_SOURCE, tempDir } from '../helpers.js';
import { FUZZ_SEED, fuzzParams, fuzzRuns, mutationArb, mutate, shown, tokenize, type Mutation } from './mutate.js';

const HEADER = 'pid,brin,opl,sector,start,eind';
/** Mostly values a column can hold, sometimes what it cannot: odd dates, unknown codes, NULs, unicode, quotes. */
const odd = fc.oneof(fc.constantFrom('', '99999999', '00000000', '20220229', '2020-09-01', '\u0000', '"', '""', 'é', '😀', ' '), fc.string({ maxLength: 6 }));
const date = fc.date({ min: new Date('2014-09-01'), max: new Date('2024-09-30'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
const column = (usual: fc.Arbitrary<string>) => fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: odd, weight: 1 });
const csvLine = fc.tuple(
    column(fc.constantFrom('p1', 'p2', 'p3', 'p4')), column(fc.constantFrom('A', 'B')), column(fc.constantFrom('34001', '34002')),
    column(fc.constantFrom('HBO', 'WO')), column(date), fc.oneof(column(date), fc.constant('')),
).map((cells) => cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','));
const csvArb = fc.array(csvLine, { maxLength: 12 }).map((lines) => [HEADER, ...lines, ''].join('\n'));

const INDICATOR_TOKENS = tokenize(MINI_INDICATOR);
/** Mild mutations keep the definition valid more often, so run itself is reached: other years, horizons, gaps. */
const NUMBER_AT = INDICATOR_TOKENS.flatMap((t, i) => (/^\d+$/.test(t) ? [i] : []));
const mild: fc.Arbitrary<Mutation> = fc.constantFrom(...NUMBER_AT).chain((at) => fc.record({
    kind: fc.constant('replace' as const),
    at: fc.constant(at),
    text: (Number(INDICATOR_TOKENS[at]) >= 1900 ? fc.integer({ min: 2012, max: 2026 }) : fc.integer({ min: 0, max: 6 })).map(String),
}));
const caseArb = fc.record({
    csv: csvArb,
    mutations: fc.array(fc.oneof({ arbitrary: mild, weight: 3 }, { arbitrary: mutationArb(INDICATOR_TOKENS.length), weight: 1 }), { maxLength: 3 }),
});

const KNOWN = [DefinitionError, DataError, PlanError];

describe('fuzz: run on small data (mutated indicator, random CSV; seeded)', function () {
    this.timeout(600_000);

    it('either reports lint errors or runs to figures or a reported error, never a crash', async () => {
        const dir = tempDir('stroom-fuzz-run-');
        const engine = await DuckDBEngine.open();
        const { shared, Stroom } = createStroomServices(NodeFileSystem);
        fs.mkdirSync(path.join(dir, 'data'));
        const files = { source: path.join(dir, 'src.stroom'), indicator: path.join(dir, 't.stroom'), csv: path.join(dir, 'data', 'enr.csv') };
        fs.writeFileSync(files.source, MINI_SOURCE);
        fs.writeFileSync(files.indicator, MINI_INDICATOR);
        fs.writeFileSync(files.csv, `${HEADER}\n`);
        const uris = [URI.file(files.source), URI.file(files.indicator)];
        const documents = await Promise.all(uris.map((u) => shared.workspace.LangiumDocuments.getOrCreateDocument(u)));
        await shared.workspace.DocumentBuilder.build(documents, { validation: true });
        let ran = 0;
        try {
            await fc.assert(fc.asyncProperty(caseArb, async ({ csv, mutations }) => {
                const text = mutate(INDICATOR_TOKENS, mutations);
                fs.writeFileSync(files.csv, csv);
                fs.writeFileSync(files.indicator, text);
                await shared.workspace.DocumentBuilder.update([uris[1]], []);
                const doc = shared.workspace.LangiumDocuments.getDocument(uris[1])!;
                if (errorLines(doc).length > 0) return;
                const ws: Workspace = { root: dir, config: {}, configProblems: [], services: Stroom, documents: [...shared.workspace.LangiumDocuments.all] as Workspace['documents'] };
                try {
                    for (const p of prepare(ws, files.indicator)) await execute(engine, p);
                    ran++;
                } catch (e) {
                    if (KNOWN.some((k) => e instanceof k)) {
                        return;
                    }
                    throw new Error(`seed ${FUZZ_SEED}: run crashed on\nindicator: ${shown(text)}\ncsv: ${shown(csv)}\n${(e as Error).stack}`);
                }
            }), fuzzParams(fuzzRuns(0.1)));
        } finally {
            await engine.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
        // The mutations must leave enough definitions valid for run to be exercised at all.
        if (process.env.STROOM_FUZZ_VERBOSE) console.log(`run reached on ${ran} cases`);
        if (ran === 0) throw new Error('no case reached run');
    });
});
