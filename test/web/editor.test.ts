// The editor of the browser page: Monaco talking to the Stroom language server in a web worker. One page for the
// whole file (opened once, edits undone after each test). What the page shows is checked against the same language
// services run here in Node on the same files (diagnostics, inlay hints) or against `stroom fmt`'s formatText, so no
// message or hint text is written down in this file. The page may not attempt any request, break its CSP or throw.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnosticCode, formatText, type StroomServices } from '@stroom/language';
import type { LangiumDocument } from 'langium';
import { build, EXAMPLES } from '../helpers.js';
import { openPage, type WebPage } from './page.js';

const FILE = 'havo-hbo.stroom';
const URI = `file:///workspace/${FILE}`;

/** Every definition file of the examples (as the page bundles them), with replacements applied to some. */
function exampleFiles(changed: Record<string, string> = {}): Record<string, string> {
    const out: Record<string, string> = { 'stroom.json': fs.readFileSync(path.join(EXAMPLES, 'stroom.json'), 'utf8') };
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            if (e.name.startsWith('.') || ['node_modules', 'ci', 'output'].includes(e.name)) continue;
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith('.stroom')) out[path.relative(EXAMPLES, p).split(path.sep).join('/')] = fs.readFileSync(p, 'utf8');
        }
    };
    walk(EXAMPLES);
    return { ...out, ...changed };
}

/** The examples built by the language services in Node: what the page's worker should say. */
async function inNode(changed: Record<string, string> = {}): Promise<{ services: StroomServices; doc: LangiumDocument }> {
    const unchanged = Object.keys(changed).length === 0;
    if (unchanged && examplesInNode) return examplesInNode;
    const { services, documents } = await build(exampleFiles(changed));
    const result = { services, doc: documents[Object.keys(changed)[0] ?? FILE]! };
    if (unchanged) examplesInNode = result;
    return result;
}
let examplesInNode: { services: StroomServices; doc: LangiumDocument } | undefined;

describe('web page: the editor and its language server', function () {
    this.timeout(120_000);
    let web: WebPage;
    const original = fs.readFileSync(path.join(EXAMPLES, FILE), 'utf8');
    const lines = original.split('\n');
    /** 1-based line of the first line matching. */
    const lineOf = (text: string, re: RegExp) => text.split('\n').findIndex((l) => re.test(l)) + 1;

    const markers = (rel = FILE) => web.page.evaluate((uri) => {
        const { monaco } = globalThis.stroom.editor;
        return monaco.editor.getModelMarkers({ resource: monaco.Uri.parse(uri) })
            .map((m) => ({ line: m.startLineNumber, column: m.startColumn, severity: m.severity, code: typeof m.code === 'string' ? m.code : undefined, message: m.message }));
    }, `file:///workspace/${rel}`);
    /** Replaces the shown model's text as typing would (an undoable edit), not by swapping the model. */
    const setText = (text: string) => web.page.evaluate((t) => {
        const { editor } = globalThis.stroom.editor;
        const model = editor.getModel()!;
        editor.executeEdits('test', [{ range: model.getFullModelRange(), text: t }]);
    }, text);
    const text = () => web.page.evaluate(() => globalThis.stroom.editor.editor.getModel()!.getValue());
    const show = async (rel: string) => { await web.page.evaluate((r) => globalThis.stroom.open(r), rel); };
    const cursor = (line: number, column: number) => web.page.evaluate(([l, c]) => {
        const { editor } = globalThis.stroom.editor;
        editor.setPosition({ lineNumber: l!, column: c! });
        editor.revealLineInCenter(l!);
        editor.focus();
    }, [line, column]);
    const trigger = (action: string, args: unknown = {}) => web.page.evaluate(([a, x]) => globalThis.stroom.editor.editor.trigger('test', a as string, x), [action, args] as const);
    /** Waits until the file has an error marker, or `count` markers with this code (no eval in the page: its CSP). */
    const waitMarkers = (want: { code?: string; count?: number }, rel = FILE) => web.page.waitForFunction(([uri, code, count]) => {
        const { monaco } = globalThis.stroom.editor;
        const found = monaco.editor.getModelMarkers({ resource: monaco.Uri.parse(uri as string) })
            .filter((m) => (code ? m.code === code : m.severity === monaco.MarkerSeverity.Error));
        return count === undefined ? found.length > 0 : found.length === count;
    }, [`file:///workspace/${rel}`, want.code, want.count] as const);
    let originals: Record<string, string> = {};
    const back = async () => {
        await web.page.keyboard.press('Escape');
        await show(FILE);
        if (await text() !== original) await setText(original);
        // A rename or a quick fix may have changed other files too.
        await web.page.evaluate((texts) => {
            for (const m of globalThis.stroom.editor.monaco.editor.getModels()) {
                const want = texts[m.uri.toString()];
                if (want !== undefined && m.getValue() !== want) m.setValue(want);
            }
        }, originals);
        await web.page.waitForFunction((uri) => globalThis.stroom.editor.monaco.editor.getModelMarkers({ resource: globalThis.stroom.editor.monaco.Uri.parse(uri) })
            .every((m) => m.severity < 8), URI);
    };

    let firstDiagnosticMs = 0;
    let checkedMs = 0;
    before(async function () {
        web = await openPage(this);
        await web.page.evaluate(async (uri) => (await globalThis.stroom.editor.server).checked(uri), URI);
        checkedMs = Date.now() - web.startedAt;
        originals = await web.page.evaluate(() => Object.fromEntries(globalThis.stroom.editor.monaco.editor.getModels().map((m) => [m.uri.toString(), m.getValue()])));
    });
    after(async () => { await web?.close(); });
    afterEach(async () => { if (web) await back(); });

    it('checks the shown file as the user types: a misspelled cohort gets the marker Node\'s language server gives it', async () => {
        assert.deepEqual((await markers()).filter((m) => m.severity === 8), [], 'the example starts without errors');
        const line = lineOf(original, /^\s+cohort HavoHbo$/);
        const edited = lines.map((l, i) => (i === line - 1 ? l.replace('HavoHbo', 'HavoHpo') : l)).join('\n');
        const expected = (await inNode({ [FILE]: edited })).doc.diagnostics!.filter((d) => d.severity === 1)
            .map((d) => ({ line: d.range.start.line + 1, column: d.range.start.character + 1, code: diagnosticCode(d), message: d.message }));
        assert.ok(expected.length > 0 && expected.every((e) => e.line === line), `Node finds the error on line ${line}: ${JSON.stringify(expected)}`);

        const started = Date.now();
        await setText(edited);
        await waitMarkers({});
        firstDiagnosticMs = Date.now() - started;
        const shown = (await markers()).filter((m) => m.severity === 8).map(({ severity: _, ...m }) => m);
        assert.deepEqual(shown, expected);
        await web.screenshot('editor-diagnostic');
        // The marker is what the user sees: a squiggle under the name, its message on hover.
        assert.ok(await web.page.locator('.view-overlays .squiggly-error').count() > 0, 'a red squiggle');
    });

    it('shows a cohort\'s card on hover: its title, documentation and clauses', async () => {
        const line = lineOf(original, /^\s+cohort HavoHbo$/);
        await cursor(line, lines[line - 1]!.indexOf('HavoHbo') + 3);
        await trigger('editor.action.showHover');
        const hover = web.page.locator('.monaco-hover:not(.hidden)').first();
        await hover.waitFor({ state: 'visible', timeout: 10_000 });
        await web.page.waitForFunction(() => /sector/.test(document.querySelector('.monaco-hover:not(.hidden)')?.textContent ?? ''));
        const card = (await hover.textContent())!;
        const decl = lineOf(original, /^cohort HavoHbo /);
        const doc = lines[decl - 2]!.replace(/^\/\/\/\s*/, '');
        const title = /"([^"]+)"/.exec(lines[decl - 1]!)![1]!;
        assert.ok(card.includes(title), `the title in ${card}`);
        assert.ok(card.includes(doc), `the documentation in ${card}`);
        for (const clause of lines.slice(decl, lineOf(original, /^}/) - 1).map((l) => l.trim())) assert.ok(card.includes(clause), `${clause} in ${card}`);
        await web.screenshot('editor-hover');
    });

    it('completes keywords: `sc` in an indicator offers `scope`', async () => {
        const line = lineOf(original, /^\s+measure dropout$/);
        await web.page.evaluate((l) => {
            const { editor, monaco } = globalThis.stroom.editor;
            editor.executeEdits('test', [{ range: new monaco.Range(l, 1, l, 1), text: '    sc\n' }]);
        }, line + 1);
        await cursor(line + 1, 7);
        await trigger('editor.action.triggerSuggest');
        await web.page.locator('.suggest-widget .monaco-list-row').first().waitFor({ timeout: 10_000 });
        const rows = await web.page.$$eval('.suggest-widget .monaco-list-row', (rs) => rs.map((r) => r.getAttribute('aria-label') ?? ''));
        assert.ok(rows.some((r) => /^scope\b/.test(r)), `scope among ${rows.join(' | ')}`);
        await web.screenshot('editor-completion');
        await web.page.keyboard.press('Enter');
        await web.page.waitForFunction((l) => globalThis.stroom.editor.editor.getModel()!.getLineContent(l).trim() !== 'sc', line + 1);
        assert.match((await text()).split('\n')[line]!, /^\s+scope\b/, 'Enter put the keyword in');
    });

    it('applies a quick fix: a missing choice gets its clause inserted where it belongs (indicator or its cohort)', async () => {
        const header = lineOf(original, /^indicator UitvalOCW .* using ResearchNed \{$/);
        const edited = lines.map((l, i) => (i === header - 1 ? l.replace(' using ResearchNed', '') : l)).join('\n');
        await setText(edited);
        await waitMarkers({ code: 'missing-choice' });
        const before = (await markers()).filter((m) => m.code === 'missing-choice');
        await cursor(before[0]!.line, before[0]!.column);
        await trigger('editor.action.codeAction', { kind: 'quickfix', apply: 'first' });
        await web.page.waitForFunction((t) => globalThis.stroom.editor.editor.getModel()!.getValue() !== t, edited);
        const fixed = (await text()).split('\n');
        const added = fixed.filter((l) => !edited.split('\n').includes(l));
        assert.equal(added.length, 1, `one clause added: ${added.join(' | ')}`);
        const at = fixed.indexOf(added[0]!) + 1;
        const block = (start: number) => [start, start + fixed.slice(start - 1).findIndex((l) => l === '}')];
        const [cohortStart, cohortEnd] = block(lineOf(fixed.join('\n'), /^cohort HavoHbo /));
        const [indicatorStart, indicatorEnd] = block(lineOf(fixed.join('\n'), /^indicator UitvalOCW /));
        const inside = (at > cohortStart! && at < cohortEnd!) || (at > indicatorStart! && at < indicatorEnd!);
        assert.ok(inside && /^ {4}\S/.test(added[0]!), `in the cohort or UitvalOCW, indented: line ${at} ${JSON.stringify(added[0])}`);
        await waitMarkers({ code: 'missing-choice', count: before.length - 1 });
    });

    it('goes to a definition in another file: `using CBS` opens the convention', async () => {
        const line = lineOf(original, /using CBS \{$/);
        await cursor(line, lines[line - 1]!.lastIndexOf('CBS') + 2);
        await trigger('editor.action.revealDefinition');
        await web.page.waitForFunction((f) => globalThis.stroom.editor.current() !== f, FILE);
        const [current, position] = await web.page.evaluate(() => [globalThis.stroom.editor.current(), globalThis.stroom.editor.editor.getPosition()] as const);
        const target = fs.readFileSync(path.join(EXAMPLES, current!), 'utf8');
        assert.equal(position!.lineNumber, lineOf(target, /^convention CBS\b/), `the cursor on CBS's declaration in ${current}`);
        assert.equal(await web.page.locator('#tree button.current').textContent(), current, 'the file list follows');
        await web.screenshot('editor-definition');
    });

    it('renames a cohort in every file Node\'s language server would change', async () => {
        const { services, doc } = await inNode();
        const decl = lineOf(original, /^cohort HavoHbo /);
        const position = { line: decl - 1, character: 'cohort Havo'.length };
        const expected = (await services.lsp.RenameProvider!.rename(doc, { textDocument: { uri: doc.uri.toString() }, position, newName: 'HavoHboDirect' }))!;
        const root = doc.uri.toString().slice(0, -FILE.length);
        const counts = Object.fromEntries(Object.entries(expected.changes!).map(([uri, edits]) => [uri.slice(root.length), edits.length]));
        assert.ok(Object.keys(counts).length >= 1 && counts[FILE]! > 1, `Node renames: ${JSON.stringify(counts)}`);

        await cursor(decl, position.character + 1);
        await trigger('editor.action.rename');
        const input = web.page.locator('.rename-box input, .rename-input');
        await input.first().waitFor({ timeout: 10_000 });
        await input.first().fill('HavoHboDirect');
        await input.first().press('Enter');
        await web.page.waitForFunction(() => /cohort HavoHboDirect /.test(globalThis.stroom.editor.editor.getModel()!.getValue()));
        const texts = await web.page.evaluate(() => Object.fromEntries(globalThis.stroom.editor.texts()));
        for (const [rel, n] of Object.entries(counts)) {
            assert.equal(texts[rel]!.match(/\bHavoHboDirect\b/g)?.length ?? 0, n, `${n} renamed in ${rel}`);
            assert.doesNotMatch(texts[rel]!, /\bHavoHbo\b/, `nothing left in ${rel}`);
        }
    });

    it('finds the references of a cohort across the workspace, as many as Node\'s language server', async () => {
        const { services, doc } = await inNode();
        const decl = lineOf(original, /^cohort HavoHbo /);
        const position = { line: decl - 1, character: 'cohort Havo'.length };
        const expected = await services.lsp.ReferencesProvider!.findReferences(doc, { textDocument: { uri: doc.uri.toString() }, position, context: { includeDeclaration: true } });
        assert.ok(expected.length > 1, 'the cohort is used');
        await cursor(decl, position.character + 1);
        await trigger('editor.action.referenceSearch.trigger');
        await web.page.locator('.peekview-widget .ref-tree .monaco-list-row').first().waitFor({ timeout: 10_000 });
        await web.page.waitForFunction((n) => document.querySelector('.peekview-widget .peekview-title')?.textContent?.includes(`(${n})`), expected.length);
        await web.screenshot('editor-references');
    });

    it('formats a badly indented file into what `stroom fmt` gives', async () => {
        const messy = original.split('\n').map((l, i) => (i % 2 ? l.trimStart() : `  ${l}   `)).join('\n').replace(/\n\n/g, '\n\n\n');
        await setText(messy);
        await trigger('editor.action.formatDocument');
        await web.page.waitForFunction((t) => globalThis.stroom.editor.editor.getModel()!.getValue() !== t, messy);
        assert.equal(await text(), formatText(messy));
    });

    it('colours keywords, and references by what they name (the server\'s semantic tokens)', async () => {
        const line = lineOf(original, /^\s+cohort HavoHbo$/);
        await cursor(line, 1);
        // The colour of each word on screen, against the editor's plain text colour.
        const colours = await web.page.waitForFunction((l) => {
            const row = [...document.querySelectorAll('.view-line')].find((v) => v.textContent!.replace(/\s+/g, ' ').trim() === 'cohort HavoHbo');
            if (!row) return undefined;
            // (No named functions in here: tsx would wrap them in a helper the page does not have.)
            const spans = [...row.querySelectorAll('span span')].map((sp) => [sp.textContent!.trim(), getComputedStyle(sp).color] as const);
            const plain = getComputedStyle(document.querySelector('.monaco-editor .view-lines')!).color;
            const result = { plain, keyword: spans.find(([w]) => w === 'cohort')?.[1], reference: spans.find(([w]) => w === 'HavoHbo')?.[1] };
            return result.reference && result.reference !== plain ? result : undefined;
        }, line, { timeout: 10_000 });
        const c = await colours.jsonValue() as { plain: string; keyword: string; reference: string };
        assert.notEqual(c.keyword, c.plain, 'a keyword has its colour');
        assert.notEqual(c.reference, c.keyword, 'a cohort reference is not coloured as a keyword');
    });

    it('shows the inlay hints Node\'s language server computes (dates of years and horizons)', async () => {
        const { services, doc } = await inNode();
        const hints = (await services.lsp.InlayHintProvider!.getInlayHints(doc, {
            textDocument: { uri: doc.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
        })) ?? [];
        assert.ok(hints.length > 0, 'the example has hints');
        await cursor(1, 1);
        for (const h of hints.slice(0, 3)) {
            const label = typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
            await web.page.evaluate((l) => globalThis.stroom.editor.editor.revealLineInCenter(l), h.position.line + 1);
            await web.page.waitForFunction((want) => [...document.querySelectorAll('.view-line')].some((v) => v.textContent!.replace(/\s+/g, ' ').includes(want)),
                label.trim().replace(/\s+/g, ' '), { timeout: 10_000 });
        }
    });

    it('starts a new language server when the files are loaded again, and drops the old markers', async () => {
        await setText(original.replace(/^(\s+cohort )HavoHbo$/m, '$1HavoHpo'));
        await waitMarkers({});
        const oldEditor = await web.page.evaluate(() => { (globalThis as { oldEditor?: unknown }).oldEditor = globalThis.stroom.editor; return true; });
        assert.ok(oldEditor);
        // The edit was not downloaded: the page asks before it drops it.
        const asked = new Promise<string>((resolve) => web.page.once('dialog', (d) => { resolve(d.message()); void d.accept(); }));
        await web.page.click('#examples');
        assert.match(await asked, new RegExp(`${FILE.replace('.', '\\.')}.*(lost|verloren)`));
        await web.page.waitForFunction(() => globalThis.stroom.editor !== (globalThis as { oldEditor?: unknown }).oldEditor);
        await web.page.evaluate(async (uri) => (await globalThis.stroom.editor.server).checked(uri), URI);
        assert.equal(await text(), original, 'the bundled text again');
        assert.deepEqual((await markers()).filter((m) => m.severity === 8), [], 'no marker of the edit before');
        originals = await web.page.evaluate(() => Object.fromEntries(globalThis.stroom.editor.monaco.editor.getModels().map((m) => [m.uri.toString(), m.getValue()])));
        // The new server answers: a new mistake is found.
        await setText(original.replace(/^(\s+cohort )HavoHbo$/m, '$1HavoHpo'));
        await waitMarkers({});
    });

    it('puts Run and Explain above each indicator; Explain selects that indicator and starts', async () => {
        const indicators = [...original.matchAll(/^indicator (\w+)/gm)].map((m) => m[1]!);
        await cursor(1, 1);
        await web.page.locator('.codelens-decoration a').first().waitFor({ timeout: 10_000 });
        const lenses = await web.page.$$eval('.codelens-decoration', (ls) => ls.map((l) => l.textContent!.replace(/\s+/g, ' ')));
        assert.deepEqual(lenses, indicators.slice(0, lenses.length).map(() => 'Run | Explain'), 'only the commands the page has (no SQL, Compare, Test)');
        assert.ok(lenses.length >= 2, `lenses for the visible indicators: ${lenses.length}`);
        await web.page.locator('.codelens-decoration').nth(1).locator('a', { hasText: 'Explain' }).click();
        assert.equal(await web.page.$eval('#indicator', (s) => (s as HTMLSelectElement).value), indicators[1]);
        assert.equal(await web.page.$eval('#explain', (b) => (b as HTMLButtonElement).disabled), true, 'the explanation is being made');
    });

    it('checks a mapping against the header of a data file over 1 MiB (the server gets its first MiB only)', async () => {
        const rel = 'sources/seed.stroom';
        assert.ok(fs.statSync(path.join(EXAMPLES, 'data', 'seed', 'csv', 'inschrijvingen.csv')).size > 2 ** 20, 'the example data file is over 1 MiB');
        await show(rel);
        await web.page.evaluate(async (uri) => (await globalThis.stroom.editor.server).checked(uri), `file:///workspace/${rel}`);
        assert.deepEqual((await markers(rel)).filter((m) => m.severity === 8), [], 'every column it maps is in the header');
        const seed = await text();
        const line = lineOf(seed, /^\s+institution = brin$/);
        await setText(seed.replace('institution = brin', 'institution = brinn'));
        await waitMarkers({}, rel);
        const shown = (await markers(rel)).filter((m) => m.severity === 8);
        assert.ok(shown.some((m) => m.line === line && /brinn/.test(m.message)), JSON.stringify(shown));
        await setText(seed);
        await waitMarkers({ code: 'unknown-column', count: 0 }, rel);
    });

    it('loaded without a request, a CSP violation, a page error or a failed server request', async () => {
        const failures = await web.page.evaluate(async () => (await globalThis.stroom.editor.server).failures);
        assert.deepEqual({ blocked: web.blocked, csp: web.csp, errors: web.errors, failures }, { blocked: [], csp: [], errors: [], failures: [] });
        console.log(`      page ready ${web.readyMs} ms, ${FILE} checked ${checkedMs} ms after navigation; an error's marker ${firstDiagnosticMs} ms after the edit`);
    });
});
