// Stroom in the browser: the page. Files come from the bundled examples or from a folder the user picks; they live in
// the page's memory (shims/fs.ts). The editor talks to the language server in a worker; run, funnel and explain use
// the command line's own steps on DuckDB-Wasm. Nothing is uploaded: the CSP allows no connection to any host.
import { bundledExamples, definitionFiles, mount, ROOT, writeText, type Files } from './workspace.js';
import { downloadName, explainHtml, funnelText, reportHtml, runFile, runCsv, runJson, type PageRun } from './run.js';
import { startEditor, type StroomEditor } from './editor/index.js';
import { say, setLang, uiLang } from './texts.js';
import { duckdb } from './engine/duckdb.js';
import './page.css';

declare global {
    /** The page's operations as its buttons do them, for the tests and the benchmark (test/web, bench/web.ts). */
    var stroom: {
        ready: boolean;
        editor: StroomEditor;
        open(rel: string): void;
        run(indicator?: string): Promise<PageRun>;
        /** The last run as `stroom run --format json` writes it. */
        json(): string | undefined;
        load(files: Files): Promise<void>;
    };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function layout(): void {
    document.getElementById('stroom')!.innerHTML = `
<header>
  <strong class="brand">Stroom</strong>
  <button id="examples" type="button"></button>
  <label class="button" id="folder-label"><span></span><input id="folder" type="file" webkitdirectory multiple hidden></label>
  <label class="button" id="files-label"><span></span><input id="files" type="file" multiple accept=".stroom,.json,.csv,.asc,.txt,.layout,.parquet" hidden></label>
  <button id="save" type="button"></button>
  <span class="spacer"></span>
  <span id="privacy"></span>
  <select id="lang" aria-label="taal / language"><option value="nl">Nederlands</option><option value="en">English</option></select>
</header>
<nav id="tree" aria-label="files"></nav>
<main id="editor"></main>
<section id="results" aria-live="polite">
  <div class="toolbar">
    <button id="run" type="button" class="primary"></button>
    <button id="funnel" type="button"></button>
    <button id="explain" type="button"></button>
    <select id="indicator" aria-label="indicator"></select>
    <span class="spacer"></span>
    <button id="csv" type="button" disabled>CSV</button>
    <button id="json" type="button" disabled>JSON</button>
    <button id="html" type="button" disabled>HTML</button>
  </div>
  <div id="status" role="status"></div>
  <iframe id="view" sandbox title="results"></iframe>
  <pre id="text" hidden></pre>
</section>`;
}

function labels(): void {
    $('examples').textContent = say('examples');
    $('folder-label').querySelector('span')!.textContent = say('openFolder');
    $('files-label').querySelector('span')!.textContent = say('openFiles');
    $('save').textContent = say('save');
    $('run').textContent = say('run');
    $('funnel').textContent = say('funnel');
    $('explain').textContent = say('explain');
    $('privacy').textContent = say('privacy');
    (document.getElementById('lang') as HTMLSelectElement).value = uiLang();
    document.documentElement.lang = uiLang();
}

let files: Files = new Map();
/** Each file's text as last loaded or downloaded: what differs from it would be lost with the page. */
let saved = new Map<string, string>();
let editor: StroomEditor;
let lastRun: PageRun | undefined;

function status(text: string, error = false): void {
    const el = $('status');
    el.textContent = text;
    el.classList.toggle('error', error);
}

function showTree(): void {
    const tree = $('tree');
    tree.replaceChildren(...definitionFiles(files).map((rel) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = rel;
        b.dataset.file = rel;
        b.addEventListener('click', () => open(rel));
        return b;
    }));
}

function open(rel: string): void {
    editor.open(rel);
    for (const b of $('tree').querySelectorAll('button')) b.classList.toggle('current', b.dataset.file === rel);
    const select = $<HTMLSelectElement>('indicator');
    const names = [...editor.texts().get(rel)?.matchAll(/^\s*indicator\s+([A-Za-z_][\w]*)/gm) ?? []].map((m) => m[1]);
    select.replaceChildren(new Option(say('allIndicators'), ''), ...names.map((n) => new Option(n, n)));
}

/** Files whose text in the editor was neither loaded nor downloaded as it is. */
function unsaved(): string[] {
    return [...editor.texts()].filter(([rel, text]) => saved.get(rel) !== text).map(([rel]) => rel).sort();
}

/** True when nothing would be lost, or the user agrees to lose it. */
function mayDiscard(): boolean {
    const lost = unsaved();
    return lost.length === 0 || confirm(say('discard', { files: lost.join(', ') }));
}

/** Edits in the editor go into the page's volume before anything is computed. */
function saveEdits(): void {
    for (const [rel, text] of editor.texts()) writeText(rel, text);
}

function currentFile(): string {
    const rel = editor.current();
    if (!rel) throw new Error(say('noFile'));
    return rel;
}

function showHtml(html: string): void {
    $('text').hidden = true;
    const view = $<HTMLIFrameElement>('view');
    view.hidden = false;
    view.srcdoc = html;
}

function showText(text: string): void {
    $('view').hidden = true;
    const pre = $('text');
    pre.hidden = false;
    pre.textContent = text;
}

function download(name: string, type: string, text: string): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function busy<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    const buttons = ['run', 'funnel', 'explain'].map((id) => $<HTMLButtonElement>(id));
    for (const b of buttons) b.disabled = true;
    status(what);
    try {
        return await work();
    } catch (e) {
        const err = e as Error & { diagnostics?: readonly string[] };
        status([err.message, ...(err.diagnostics ?? [])].join('\n').replaceAll(`${ROOT}/`, ''), true);
        return undefined;
    } finally {
        for (const b of buttons) b.disabled = false;
    }
}

async function doRun(indicator?: string): Promise<PageRun> {
    const rel = currentFile();
    saveEdits();
    const r = await runFile(rel, indicator);
    lastRun = r;
    showHtml(await reportHtml(r));
    for (const id of ['csv', 'json', 'html']) $<HTMLButtonElement>(id).disabled = false;
    status(say('ran', { n: r.results.length, s: (r.ms / 1000).toFixed(1) }));
    return r;
}

/** Run and Explain above an indicator (the language server's code lenses): that indicator, as the buttons do it. */
const lensCommands = Object.fromEntries(['run', 'explain'].map((button) => [`stroom.${button}`, (args: Record<string, string>) => {
    const select = $<HTMLSelectElement>('indicator');
    const name = args.indicator ?? '';
    if (![...select.options].some((o) => o.value === name)) select.add(new Option(name, name));
    select.value = name;
    $(button).click();
}]));

async function load(next: Files): Promise<void> {
    files = next;
    mount(files);
    if (editor) editor.dispose();
    $('editor').replaceChildren();
    editor = await startEditor($('editor'), files, { onOpen: open, commands: lensCommands });
    saved = editor.texts();
    showTree();
    const first = definitionFiles(files).find((f) => f === 'havo-hbo.stroom') ?? definitionFiles(files)[0];
    if (first) open(first);
    lastRun = undefined;
    for (const id of ['csv', 'json', 'html']) $<HTMLButtonElement>(id).disabled = true;
    status(say('loaded', { n: definitionFiles(files).length }));
    // DuckDB-Wasm starts (unpacks and compiles its module) once the language server is up, not on the first Run.
    void editor.server.then(() => duckdb()).catch(() => undefined);
}

/** Files the user picked: paths relative to the folder picked (its own name dropped), read into memory. */
async function picked(list: readonly File[]): Promise<Files> {
    const out: Files = new Map();
    for (const f of list) {
        const rel = (f.webkitRelativePath || f.name).split('/');
        const path = rel.length > 1 ? rel.slice(1).join('/') : rel[0];
        if (path.split('/').some((p) => p === '..' || p.startsWith('.'))) continue;
        out.set(path, new Uint8Array(await f.arrayBuffer()));
    }
    return out;
}

async function start(): Promise<void> {
    layout();
    labels();
    await load(await bundledExamples());
    $('examples').addEventListener('click', () => mayDiscard() && void busy(say('loading'), async () => load(await bundledExamples())));
    for (const id of ['folder', 'files']) {
        $<HTMLInputElement>(id).addEventListener('change', (e) => {
            const input = e.target as HTMLInputElement;
            const list = input.files ? Array.from(input.files) : [];
            // Emptied, so that picking the same folder again loads it again.
            input.value = '';
            if (list.length > 0 && mayDiscard()) void busy(say('loading'), async () => load(await picked(list)));
        });
    }
    // The edited file as it is now, to keep: the page writes nothing to the disk itself.
    $('save').addEventListener('click', () => {
        const rel = editor.current();
        if (!rel) return;
        const text = editor.texts().get(rel)!;
        download(rel.split('/').pop()!, 'text/plain', text);
        saved.set(rel, text);
    });
    window.addEventListener('beforeunload', (e) => {
        if (unsaved().length > 0) e.preventDefault();
    });
    $('lang').addEventListener('change', (e) => { setLang((e.target as HTMLSelectElement).value as 'nl' | 'en'); labels(); });
    const selected = () => $<HTMLSelectElement>('indicator').value || undefined;
    $('run').addEventListener('click', () => void busy(say('running'), () => doRun(selected())));
    $('funnel').addEventListener('click', () => void busy(say('running'), async () => {
        saveEdits();
        showText(await funnelText(currentFile(), selected(), uiLang()));
        status('');
    }));
    $('explain').addEventListener('click', () => void busy(say('running'), async () => {
        saveEdits();
        showHtml(await explainHtml(currentFile(), selected(), uiLang()));
        status('');
    }));
    $('csv').addEventListener('click', () => lastRun && download(downloadName(lastRun, 'csv'), 'text/csv', runCsv(lastRun)));
    $('json').addEventListener('click', () => lastRun && download(downloadName(lastRun, 'json'), 'application/json', runJson(lastRun)));
    $('html').addEventListener('click', () => void (lastRun && reportHtml(lastRun).then((h) => download(downloadName(lastRun!, 'html'), 'text/html', h))));
    globalThis.stroom = {
        ready: true, editor,
        open,
        run: (indicator) => doRun(indicator),
        json: () => (lastRun ? runJson(lastRun) : undefined),
        load,
    };
    Object.defineProperty(globalThis.stroom, 'editor', { get: () => editor });
}

void start().catch((e: Error) => { console.error(e.stack); status(e.message, true); });
