// Mutation fuzzer for lint: the example files with random mutations (fuzz/mutate.ts), each parsed, linked and
// validated in-process next to the example sources and conventions, as `stroom lint` does. A case passes when the
// build ends and every diagnostic has a catalogued code: a check that throws shows up as Langium's
// "An error occurred during validation" without a code, and a crash or a stall fails the case or the test.
//   STROOM_FUZZ_SEED=<n>  another seed (the default is fixed; a failure prints the seed and the path to replay)
//   STROOM_FUZZ_RUNS=<n>  total cases of all fuzzers (CI: 2,400; nightly: 100000)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { CODES, createStroomServices, diagnosticCode, resolveIndicator, ast } from '@stroom/language';
import { EXAMPLES, tempDir } from '../helpers.js';
import { FUZZ_SEED, caseArb, fuzzParams, fuzzRuns, mutate, seedFiles, shown } from './mutate.js';

/** A workspace of the example sources and conventions, and one file the fuzzer rewrites for every case. */
async function fuzzWorkspace() {
    const dir = tempDir('stroom-fuzz-lint-');
    for (const sub of ['sources', 'conventions']) fs.cpSync(path.join(EXAMPLES, sub), path.join(dir, sub), { recursive: true });
    fs.symlinkSync(path.join(EXAMPLES, 'data'), path.join(dir, 'data'), 'dir');
    fs.mkdirSync(path.join(dir, 'fuzz'));
    const { shared } = createStroomServices(NodeFileSystem);
    const file = path.join(dir, 'fuzz', 'case.stroom');
    fs.writeFileSync(file, '');
    const docs: LangiumDocument[] = [];
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.stroom'))) {
        const doc = await shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(path.join(dir, f)));
        docs.push(doc);
    }
    await shared.workspace.DocumentBuilder.build(docs, { validation: true });
    const uri = URI.file(file);
    /** Lints one text in the fuzz file: written to disk and rebuilt, as the language server does on a change. */
    const lint = async (text: string) => {
        fs.writeFileSync(file, text);
        await shared.workspace.DocumentBuilder.update([uri], []);
        return shared.workspace.LangiumDocuments.getDocument(uri)!;
    };
    return { dir, lint };
}

/** What must hold for any text: catalogued codes only, and every indicator resolves or says why without throwing. */
function checkDocument(doc: LangiumDocument): void {
    const unknown = (doc.diagnostics ?? []).filter((d) => !(diagnosticCode(d) in CODES));
    assert.deepEqual(unknown.map((d) => d.message), [], 'diagnostics without a catalogued code (a check threw?)');
    for (const indicator of (doc.parseResult.value as ast.Model).elements?.filter(ast.isIndicator) ?? []) resolveIndicator(indicator);
}

describe('fuzz: lint on mutated example files (seeded; STROOM_FUZZ_SEED, STROOM_FUZZ_RUNS)', function () {
    this.timeout(600_000);

    it('lints every mutation without a crash, a stall or an uncatalogued diagnostic', async () => {
        const seeds = seedFiles(EXAMPLES);
        const ws = await fuzzWorkspace();
        try {
            await fc.assert(fc.asyncProperty(caseArb(seeds), async ({ seed, mutations }) => {
                const text = mutate(seed.tokens, mutations);
                try {
                    checkDocument(await ws.lint(text));
                } catch (e) {
                    throw new Error(`seed ${FUZZ_SEED}: ${seed.name} mutated by ${JSON.stringify(mutations).slice(0, 600)}\ntext: ${shown(text)}\n${(e as Error).stack}`);
                }
            }), fuzzParams(fuzzRuns(0.8)));
        } finally {
            fs.rmSync(ws.dir, { recursive: true, force: true });
        }
    });
});
