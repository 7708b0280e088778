// Protocol-level fuzzer for the language server: the real `stroom lsp --stdio` (test/lsp/client.ts) gets random
// didChange notifications (mutated example text, fuzz/mutate.ts) and random requests (hover, completion, definition,
// symbols, semantic tokens, inlay hints, code lenses, formatting, folding, references, rename, code actions) at random
// positions, some past the end of the text. Every request must be answered (a result or an error response) within
// the client's timeout, and the server must still be running and answer a hover after each case.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Position } from 'vscode-languageserver-protocol';
import { EXAMPLES } from '../helpers.js';
import { LspClient } from '../lsp/client.js';
import { FUZZ_SEED, fuzzParams, fuzzRuns, mutationArb, mutate, shown, tokenize } from './mutate.js';

const FILE = 'havo-hbo.stroom';
const TOKENS = tokenize(fs.readFileSync(path.join(EXAMPLES, FILE), 'utf8'));
const REQUESTS = ['hover', 'completion', 'definition', 'documentSymbols', 'semanticTokens', 'inlayHints', 'codeLenses',
    'formatting', 'foldingRanges', 'references', 'prepareRename', 'rename', 'codeActions', 'workspaceSymbols'] as const;

type Action =
    | { readonly kind: 'change'; readonly mutations: ReturnType<typeof mutationArb> extends fc.Arbitrary<infer M> ? M[] : never }
    | { readonly kind: (typeof REQUESTS)[number]; readonly position: Position };

const position = fc.record({ line: fc.nat({ max: 80 }), character: fc.nat({ max: 120 }) });
const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant('change' as const), mutations: fc.array(mutationArb(TOKENS.length), { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constantFrom(...REQUESTS), position }),
);

/** One request of the fuzzer; an error response counts as an answer (only a timeout or an exit fails). */
async function send(client: LspClient, a: Exclude<Action, { kind: 'change' }>): Promise<void> {
    const p = a.position;
    const range = { start: p, end: { line: p.line + 2, character: 0 } };
    const calls: Record<(typeof REQUESTS)[number], () => Promise<unknown>> = {
        hover: () => client.hover(FILE, p),
        completion: () => client.completion(FILE, p),
        definition: () => client.definition(FILE, p),
        documentSymbols: () => client.documentSymbols(FILE),
        semanticTokens: () => client.semanticTokens(FILE),
        inlayHints: () => client.inlayHints(FILE),
        codeLenses: () => client.codeLenses(FILE),
        formatting: () => client.formatting(FILE),
        foldingRanges: () => client.foldingRanges(FILE),
        references: () => client.references(FILE, p),
        prepareRename: () => client.prepareRename(FILE, p),
        rename: () => client.rename(FILE, p, 'Renamed'),
        codeActions: () => client.codeActions(FILE, range, []),
        workspaceSymbols: () => client.workspaceSymbols('Uit'),
    };
    try {
        await calls[a.kind]();
    } catch (e) {
        if (/no response to|server exited/.test((e as Error).message)) throw e;
    }
}

describe('fuzz: the language server over stdio (random changes and requests; seeded)', function () {
    this.timeout(600_000);
    let client: LspClient | undefined;
    after(async () => { await client?.stop(); });

    it('stays alive and answers every request, whatever the text', async () => {
        client = await LspClient.start({ examples: true, timeout: 15_000 });
        const c = client;
        await c.open(FILE);
        let text = c.text(FILE);
        await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 6 }), async (actions) => {
            try {
                for (const a of actions) {
                    if (a.kind === 'change') {
                        text = mutate(TOKENS, a.mutations);
                        await c.changeOnly(FILE, text);
                    } else {
                        await send(c, a);
                    }
                }
                assert.ok(c.running, 'the server is running');
                await c.hover(FILE, { line: 0, character: 0 });
            } catch (e) {
                throw new Error(`seed ${FUZZ_SEED}: last text ${shown(text)}\nactions ${JSON.stringify(actions).slice(0, 1500)}\n${(e as Error).message}`);
            }
        }), fuzzParams(fuzzRuns(0.1)));
        assert.ok(c.running, `the server is running${c.stderr ? `\n${c.stderr.slice(-2000)}` : ''}`);
    });
});
