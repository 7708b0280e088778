// One corpus, many views: every example file parses cleanly, formats to itself, compiles to the golden SQL of each
// indicator, and that SQL run as printed gives the same counts as `stroom run`.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DuckDBEngine, ast, collectFiles, databaseTables, duckdb, loadWorkspace, postgres, prepare, printSql, readConfig } from '@stroom/language';
import { EXAMPLES, REPO, diagnostics } from '../helpers.js';

const GOLDEN = path.join(REPO, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe('example corpus', () => {
    const files = collectFiles(EXAMPLES, readConfig(EXAMPLES));

    it('has example files, each without any diagnostic', async () => {
        assert.ok(files.length >= 3);
        const ws = await loadWorkspace(EXAMPLES);
        for (const doc of ws.documents) assert.deepEqual(diagnostics(doc), [], doc.uri.fsPath);
    });

    it('formats every example file to itself, and a scrambled layout back to it', async () => {
        const ws = await loadWorkspace(EXAMPLES);
        const formatter = ws.services.lsp.Formatter!;
        for (const doc of ws.documents) {
            const edits = await formatter.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
            const formatted = TextDocument.applyEdits(doc.textDocument, edits);
            assert.equal(formatted, doc.textDocument.getText(), `${path.basename(doc.uri.fsPath)} is not in canonical format`);
        }
    });

    it('formats twice the same as once', async () => {
        const scrambled = fs.readFileSync(path.join(EXAMPLES, 'havo-hbo.stroom'), 'utf8')
            .replace(/\n {4}/g, '\n  ').replace(/ \{\n/g, '{\n').replace(/\n\n(indicator|cohort)/g, '\n$1');
        const dir = fs.mkdtempSync(path.join(REPO, 'examples', '.fmt-'));
        try {
            const file = path.join(dir, 'x.stroom');
            fs.writeFileSync(file, scrambled);
            const ws = await loadWorkspace(EXAMPLES, [file]);
            const doc = ws.documents.find((d) => d.uri.fsPath === file)!;
            const formatter = ws.services.lsp.Formatter!;
            const opts = { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 4, insertSpaces: true } };
            const once = TextDocument.applyEdits(doc.textDocument, await formatter.formatDocument(doc, opts));
            assert.equal(once, fs.readFileSync(path.join(EXAMPLES, 'havo-hbo.stroom'), 'utf8'));
            const again = TextDocument.create(doc.uri.toString(), 'stroom', 2, once);
            const parsed = ws.services.shared.workspace.LangiumDocumentFactory.fromTextDocument(again);
            const twice = TextDocument.applyEdits(again, await formatter.formatDocument(parsed, opts));
            assert.equal(twice, once);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    describe('golden SQL (DuckDB and PostgreSQL)', () => {
        let engine: DuckDBEngine;
        before(async () => { engine = await DuckDBEngine.open(); });
        after(async () => { await engine.close(); });

        it('compiles every example indicator to its golden SQL per dialect, and the DuckDB SQL runs as printed, counting what a run counts', async () => {
            const ws = await loadWorkspace(EXAMPLES);
            let compared = 0;
            for (const doc of ws.documents) {
                if (!doc.parseResult.value.elements.some(ast.isIndicator)) continue;
                for (const p of prepare(ws, doc.uri.fsPath)) {
                    // A source of database tables compiles for PostgreSQL only (test/cli/consortium.test.ts runs it).
                    const onDatabase = databaseTables([p]).length > 0;
                    const sql = onDatabase ? '' : printSql(p.plan, duckdb, { relativeTo: ws.root });
                    const dialects = [['postgres', printSql(p.plan, postgres, { relativeTo: ws.root })], ...(onDatabase ? [] : [['duckdb', sql]])];
                    for (const [dialect, text] of dialects) {
                        const golden = path.join(GOLDEN, dialect, `${p.definition.indicator.qualifiedName}.sql`);
                        if (update || !fs.existsSync(golden)) fs.writeFileSync(golden, text);
                        assert.equal(text, fs.readFileSync(golden, 'utf8'), `${golden} differs (UPDATE_GOLDEN=1 to accept)`);
                    }
                    if (onDatabase) continue;
                    // The printed SQL runs as it is from the workspace root, and counts what a run counts.
                    await engine.query(`SET file_search_path = ${duckdb.quoteString(ws.root)}`);
                    const counts = async (text: string) => (await engine.query(text)).map((r) => JSON.stringify(r)).sort();
                    const printed = await counts(sql);
                    assert.ok(printed.length > 0, p.definition.indicator.name);
                    assert.deepEqual(printed, await counts(printSql(p.plan, duckdb)));
                    compared++;
                }
            }
            assert.ok(compared >= 4, `only ${compared} indicators compared`);
        });
    });
});
