// dist/server.js: the bundled language server the extension starts (node IPC, or --stdio), plus the requests behind
// the editor's commands (stroom/run, stroom/compare, stroom/sql, stroom/explain, stroom/test). Without a transport
// argument it works as a small command line on the same code, for the packaging test and for troubleshooting:
//   node dist/server.js run <file> [indicator]   -> the figures as JSON, as disclosure control shows them
//   node dist/server.js test <file> [example]    -> the example blocks (or the one named), like `stroom test`
import * as path from 'node:path';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { URI } from 'langium';
import { createStroomServices, examplesSummary, fileReport, findRoot, runExamples } from '@stroom/language';
import { cardPage, compareBlocks, compareModel, runIndicators, runModel, sqlOf, type RunSettings } from './actions.js';

/** The argument of every command (code lenses pass it): the document and the indicator, example or compare title. */
export interface Target {
    readonly uri: string;
    readonly name?: string;
}

interface Request extends Target, RunSettings {
    readonly dialect?: 'duckdb' | 'postgres';
    /** explain: false for the card without data (an untrusted workspace). */
    readonly data?: boolean;
}

/** The extension's version from its package.json, put in by the bundler (esbuild.mjs). */
declare const STROOM_VERSION: string;

const fsPath = (uri: string) => URI.parse(uri).fsPath;

function startServer(): void {
    const connection = createConnection(ProposedFeatures.all);
    const { shared } = createStroomServices({ connection, ...NodeFileSystem });
    startLanguageServer(shared);
    connection.onRequest('stroom/run', async (r: Request) => placed(async () => {
        const results = await runIndicators(fsPath(r.uri), r.name, r);
        return runModel(results, `Stroom run: ${r.name ?? fsPath(r.uri)}`);
    }));
    connection.onRequest('stroom/compare', async (r: Request) =>
        placed(async () => compareModel(await compareBlocks(fsPath(r.uri), r.name), `Stroom compare: ${r.name ?? fsPath(r.uri)}`)));
    connection.onRequest('stroom/sql', async (r: Request) => placed(() => sqlOf(fsPath(r.uri), r.name, r.dialect ?? r.engine)));
    connection.onRequest('stroom/explain', async (r: Request) => placed(() => cardPage(fsPath(r.uri), r.name, r)));
    connection.onRequest('stroom/version', () => ({ version: STROOM_VERSION, platform: `${process.platform}-${process.arch}` }));
}

/**
 * A refusal with the place of each error (file:line:col) in its message: the editor shows only the message, and
 * "an imported file has errors" is no help without saying where.
 */
async function placed<T>(work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (e) {
        const lines = (e as { diagnostics?: readonly string[] }).diagnostics ?? [];
        if (lines.length === 0) throw e;
        throw new Error([(e as Error).message, ...lines.slice(0, 20), ...(lines.length > 20 ? [`... and ${lines.length - 20} more`] : [])].join('\n'));
    }
}

async function command(args: readonly string[]): Promise<number> {
    const [verb, file, name] = args;
    if (verb === 'run' && file) {
        const results = await placed(() => runIndicators(file, name, { engine: 'duckdb' }));
        const out = results.map((r) => ({
            indicator: r.prepared.definition.indicator.name,
            // The protected cells only (value null when hidden, shown `<k` or `x`): never the exact counts.
            figures: r.figures.map((f) => ({
                cohortYear: f.cohortYear, breakdown: f.breakdown,
                size: { value: f.size.value, shown: f.size.shown }, count: { value: f.count.value, shown: f.count.shown },
                rate: { value: f.rate.value, shown: f.rate.shown }, suppressed: f.suppressed,
                ...(f.norm ? { norm: { value: f.norm.value, shown: f.norm.shown, met: f.norm.met } } : {}),
            })),
        }));
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return 0;
    }
    if (verb === 'test' && file) {
        const target = path.resolve(file);
        const files = await runExamples(new Map([[findRoot(target), [target]]]), (f) => process.stdout.write(fileReport(f, process.cwd())),
            { example: name });
        process.stdout.write(examplesSummary(files, [file], name));
        if (name !== undefined && files.length === 0) return 2;
        return files.some((f) => f.failed > 0) ? 1 : 0;
    }
    process.stderr.write('usage: server.js --stdio | --node-ipc | run <file> [indicator] | test <file> [example]\n');
    return 2;
}

const args = process.argv.slice(2);
if (args.length === 0 || args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--clientProcessId'))) {
    startServer();
} else {
    command(args).then((code) => { process.exitCode = code; }, (e: Error) => {
        process.stderr.write(`stroom: ${e.message}\n`);
        process.exitCode = 1;
    });
}
