// `stroom docs`: the whole workspace as a static site that works from file:// with no network. An index with a
// search box (inline script over an inline JSON index), and a page per source, cohort, convention and indicator.
// An indicator's page is its explanation (the explain module's blocks, in Dutch and in English: the three questions,
// every choice and where it came from), its examples and links to its cohort, source and conventions; those pages
// link back. Every page carries a strict Content-Security-Policy: nothing loads, and the only script and style are
// the inline ones, allowed by their hashes. Pure: the same workspace gives byte-identical pages (no dates, no
// absolute paths, everything sorted).
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import {
    ast, blocksToHtmlBody, docComment, escapeHtml, explainBlocks, EXPLAIN_STYLE, qualifiedName, sourcePickOf,
    type Prepared, type Workspace,
} from '@stroom/language';

/** The name of the file that marks a folder as written by `stroom docs` (so a later run may replace it). */
export const MARKER = '.stroom-docs';
export const MARKER_TEXT = 'This folder was written by `stroom docs`; the next run replaces all of it.\n'
    + 'Deze map is geschreven door `stroom docs`; de volgende keer wordt ze helemaal vervangen.\n';

export interface DocumentedIndicator {
    readonly node: ast.Indicator;
    readonly prepared: Prepared;
    /** The source the indicator reads (as `run` picks it). */
    readonly source: ast.Source;
}

type Kind = 'indicator' | 'cohort' | 'source' | 'convention';
type Element = ast.Indicator | ast.Cohort | ast.Source | ast.Convention;

interface Entry {
    readonly kind: Kind;
    readonly node: Element;
    readonly name: string;
    readonly title?: string;
    readonly doc?: string;
    readonly at: string;
    readonly file: string;
}

const KIND_WORDS: Record<Kind, { readonly nl: string; readonly en: string; readonly nlPlural: string; readonly enPlural: string }> = {
    indicator: { nl: 'indicator', en: 'indicator', nlPlural: 'Indicatoren', enPlural: 'Indicators' },
    cohort: { nl: 'cohort', en: 'cohort', nlPlural: 'Cohorten', enPlural: 'Cohorts' },
    source: { nl: 'bron', en: 'source', nlPlural: 'Bronnen', enPlural: 'Sources' },
    convention: { nl: 'conventie', en: 'convention', nlPlural: 'Conventies', enPlural: 'Conventions' },
};
/** "bron / source", but "indicator" once where both languages say the same. */
function kindWord(kind: Kind): string {
    const w = KIND_WORDS[kind];
    return w.nl === w.en ? w.nl : `${w.nl} / ${w.en}`;
}

const KINDS: readonly Kind[] = ['indicator', 'cohort', 'source', 'convention'];

const SITE_STYLE = `${EXPLAIN_STYLE}
header.site { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; font-size: .92rem; border-bottom: 1px solid #cfd8de; padding-bottom: .4rem; margin-bottom: 1rem; }
header.site a { color: #2f6f8f; }
a { color: #2f6f8f; }
.meta { color: #56606b; font-size: .9rem; }
.kind { color: #56606b; font-size: .85rem; }
pre { background: #f5f7f9; border: 1px solid #dde4e9; border-radius: 4px; padding: .6rem .8rem; overflow-x: auto; font: .85rem/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
section.lang { border-top: 2px solid #2f6f8f; margin-top: 2rem; }
#search { font: inherit; width: 100%; box-sizing: border-box; padding: .45rem .6rem; border: 1px solid #9fb3c0; border-radius: 4px; }
#result-count { color: #56606b; font-size: .9rem; min-height: 1.4rem; }
ul.entries li { margin: .2rem 0; }
footer { margin-top: 3rem; color: #56606b; font-size: .8rem; border-top: 1px solid #cfd8de; padding-top: .4rem; }
`;

// The index page's search: plain DOM (textContent, never innerHTML), every word must occur, accents ignored.
const SEARCH_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('search-index').textContent);
  var input = document.getElementById('search');
  var out = document.getElementById('results');
  var count = document.getElementById('result-count');
  function norm(s) { return s.toLowerCase().normalize('NFD').replace(/[\\u0300-\\u036f]/g, ''); }
  data.forEach(function (d) { d.hay = norm(d.text); });
  function show() {
    var words = norm(input.value).split(/\\s+/).filter(Boolean);
    while (out.firstChild) out.removeChild(out.firstChild);
    if (words.length === 0) { count.textContent = ''; return; }
    var hits = data.filter(function (d) { return words.every(function (w) { return d.hay.indexOf(w) >= 0; }); });
    hits.forEach(function (d) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = d.href;
      a.textContent = d.name;
      li.appendChild(a);
      var k = document.createElement('span');
      k.className = 'kind';
      k.textContent = ' ' + d.kind + (d.title ? ' \\u2014 ' + d.title : '');
      li.appendChild(k);
      out.appendChild(li);
    });
    count.textContent = hits.length + (hits.length === 1 ? ' resultaat / result' : ' resultaten / results');
  }
  input.addEventListener('input', show);
  show();
})();
`;

function sha256(text: string): string {
    return `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Byte order, never the locale's: the same names sort the same everywhere. */
function byName(a: { name: string }, b: { name: string }): number {
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function relFile(ws: Workspace, node: Element | ast.Example): string {
    const uri = ast.isModel(node.$container) ? node.$container.$document?.uri : undefined;
    const file = uri?.scheme === 'file' ? path.relative(ws.root, uri.fsPath).split(path.sep).join('/') : (uri?.toString() ?? '?');
    return file;
}

function lineOf(node: { $cstNode?: { range: { start: { line: number } } } }): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

/** A file name for a page: the qualified name with anything unusual spelled out, unique even where case does not count. */
function pageNames(entries: readonly Entry[]): Map<Element, string> {
    const names = new Map<Element, string>();
    const taken = new Set<string>();
    for (const e of entries) {
        const slug = e.name.replace(/[^A-Za-z0-9._-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
        let name = `${e.kind}-${slug}.html`;
        for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${e.kind}-${slug}-${i}.html`;
        taken.add(name.toLowerCase());
        names.set(e.node, name);
    }
    return names;
}

/**
 * The site: file name -> contents, in a fixed order. `indicators` are the workspace's indicators as prepared for a run;
 * `version` goes into the footer.
 */
export function renderSite(ws: Workspace, indicators: readonly DocumentedIndicator[], version: string): Map<string, string> {
    const elements = ws.documents.flatMap((d) => d.parseResult.value.elements);
    const entry = (kind: Kind, node: Element): Entry => {
        const model = node.$container as ast.Model;
        const file = relFile(ws, node);
        return {
            kind, node, name: qualifiedName(model.package, node.name), title: node.title, doc: docComment(node),
            file, at: `${file}:${lineOf(node)}`,
        };
    };
    const entries: Entry[] = [];
    for (const kind of KINDS) {
        const is = { indicator: ast.isIndicator, cohort: ast.isCohort, source: ast.isSource, convention: ast.isConvention }[kind];
        entries.push(...elements.filter(is).map((n) => entry(kind, n as Element)).sort((a, b) => byName(a, b) || (a.at < b.at ? -1 : 1)));
    }
    const pages = pageNames(entries);
    const byNode = new Map(entries.map((e) => [e.node, e]));
    const examples = elements.filter(ast.isExample).sort((a, b) => {
        const x = `${relFile(ws, a)}:${String(lineOf(a)).padStart(8, '0')}`;
        const y = `${relFile(ws, b)}:${String(lineOf(b)).padStart(8, '0')}`;
        return x < y ? -1 : x > y ? 1 : 0;
    });
    const prepared = new Map(indicators.map((i) => [i.node as Element, i]));

    const link = (node: Element | undefined): string => {
        const e = node && byNode.get(node);
        if (!e) return '';
        return `<a href="${escapeHtml(pages.get(e.node)!)}">${escapeHtml(e.name)}</a>${e.title ? ` <span class="kind">${escapeHtml(e.title)}</span>` : ''}`;
    };
    const list = (nodes: ReadonlyArray<Element | undefined>): string => {
        const items = [...new Set(nodes.filter((n): n is Element => n !== undefined && byNode.has(n)))]
            .map((n) => byNode.get(n)!).sort(byName).map((e) => `  <li>${link(e.node)}</li>`);
        return items.length > 0 ? `<ul class="entries">\n${items.join('\n')}\n</ul>` : '<p class="meta">—</p>';
    };
    const cohortOf = (i: ast.Indicator) => i.clauses.find(ast.isCohortRefClause)?.cohort.ref;
    const onOf = (n: ast.Indicator | ast.Cohort) => n.clauses.find(ast.isOnSourceClause)?.source?.ref;
    const conventionsOf = (i: ast.Indicator): Element[] => [i.convention?.ref, cohortOf(i)?.convention?.ref].filter((c): c is ast.Convention => c !== undefined);
    const sourceOf = (i: ast.Indicator) => prepared.get(i)?.source;
    const examplesOf = (node: Element) => examples.filter((ex) => ex.members.some((m) =>
        (ast.isExpectMember(m) && m.target.ref === node) || (ast.isExpectOutcome(m) && m.indicator.ref === node)));

    const head = (e: Entry): string[] => [
        `<h1>${escapeHtml(e.name)}${e.title ? ` — ${escapeHtml(e.title)}` : ''}</h1>`,
        `<p class="meta">${escapeHtml(kindWord(e.kind))} · <code>${escapeHtml(e.at)}</code></p>`,
        ...(e.doc ? [`<p>${escapeHtml(e.doc)}</p>`] : []),
    ];
    const sourceText = (node: Element): string[] => [
        '<h2>Definitie / Definition</h2>',
        `<pre><code>${escapeHtml(node.$cstNode?.text ?? '')}</code></pre>`,
    ];
    const exampleSection = (node: Element): string[] => {
        const found = examplesOf(node);
        if (found.length === 0) return [];
        return ['<h2 id="examples">Voorbeelden / Examples</h2>', ...found.flatMap((ex) => [
            `<h3>${escapeHtml(ex.name)}</h3>`,
            `<p class="meta"><code>${escapeHtml(`${relFile(ws, ex)}:${lineOf(ex)}`)}</code></p>`,
            `<pre><code>${escapeHtml(ex.$cstNode?.text ?? '')}</code></pre>`,
        ])];
    };

    const files = new Map<string, string>();
    files.set('index.html', indexPage(entries, pages, prepared, version));
    for (const e of entries) {
        const body: string[] = [...head(e)];
        switch (e.kind) {
            case 'indicator': {
                const node = e.node as ast.Indicator;
                const p = prepared.get(node);
                const classified = Boolean(p?.prepared.definition.classified);
                body.push('<h2>Verband / Links</h2>', '<ul class="entries">',
                    `  <li>Cohort: ${classified ? 'de populatie van de bron / the source\'s population' : link(cohortOf(node)) || '—'}</li>`,
                    `  <li>Bron / Source: ${link(sourceOf(node)) || '—'}</li>`,
                    ...conventionsOf(node).map((c) => `  <li>Conventie / Convention: ${link(c)}</li>`),
                    ...(examplesOf(node).length > 0 ? ['  <li><a href="#examples">Voorbeelden / Examples</a></li>'] : []),
                    '</ul>',
                    '<p class="meta"><a href="#nl">Nederlands</a> · <a href="#en">English</a></p>');
                if (p) {
                    for (const lang of ['nl', 'en'] as const) {
                        const input = {
                            definition: p.prepared.definition, source: p.prepared.source, sourcePick: sourcePickOf(ws, p.prepared),
                            plan: p.prepared.plan, relativeTo: ws.root,
                        };
                        body.push(`<section class="lang" id="${lang}" lang="${lang}">`, `<h2>${lang === 'nl' ? 'Nederlands' : 'English'}</h2>`,
                            ...blocksToHtmlBody(explainBlocks(input, lang), 1), '</section>');
                    }
                }
                body.push(...exampleSection(node), ...sourceText(node));
                break;
            }
            case 'cohort': {
                const node = e.node as ast.Cohort;
                const users = indicators.filter((i) => cohortOf(i.node) === node).map((i) => i.node);
                body.push('<h2>Verband / Links</h2>', '<ul class="entries">',
                    `  <li>Bron / Source: ${link(onOf(node)) || 'zoals de indicator of de werkruimte zegt / as the indicator or the workspace says'}</li>`,
                    ...(node.convention?.ref ? [`  <li>Conventie / Convention: ${link(node.convention.ref)}</li>`] : []),
                    '</ul>',
                    '<h2>Indicatoren / Indicators</h2>', list(users),
                    ...exampleSection(node), ...sourceText(node));
                break;
            }
            case 'source': {
                const node = e.node as ast.Source;
                const publisher = node.members.find(ast.isPublisherClause);
                if (publisher) body.push(`<p>Uitgever / Publisher: ${escapeHtml(publisher.publisher)}</p>`);
                const readers = indicators.filter((i) => i.source === node).map((i) => i.node);
                const cohorts = elements.filter(ast.isCohort).filter((c) => onOf(c) === node);
                body.push('<h2>Indicatoren die deze bron lezen / Indicators reading this source</h2>', list(readers),
                    '<h2>Cohorten met <code>on</code> deze bron / Cohorts with <code>on</code> this source</h2>', list(cohorts),
                    ...sourceText(node));
                break;
            }
            case 'convention': {
                const node = e.node as ast.Convention;
                const cite = node.clauses.find(ast.isCiteClause)?.citation;
                if (cite) body.push(`<p>Bron van de conventie / Cited: ${escapeHtml(cite)}</p>`);
                const cohorts = elements.filter(ast.isCohort).filter((c) => c.convention?.ref === node);
                const users = elements.filter(ast.isIndicator).filter((i) => conventionsOf(i).includes(node));
                body.push('<h2>Indicatoren / Indicators</h2>', list(users), '<h2>Cohorten / Cohorts</h2>', list(cohorts), ...sourceText(node));
                break;
            }
        }
        files.set(pages.get(e.node)!, page(`${e.name} — Stroom`, body, version));
    }
    files.set(MARKER, MARKER_TEXT);
    return files;
}

function indexPage(entries: readonly Entry[], pages: ReadonlyMap<Element, string>, prepared: ReadonlyMap<Element, DocumentedIndicator>, version: string): string {
    const index = entries.map((e) => {
        const p = prepared.get(e.node)?.prepared.definition;
        const words = [e.name, e.title ?? '', e.doc ?? '', KIND_WORDS[e.kind].nl, KIND_WORDS[e.kind].en, e.file,
            ...(p ? [p.cohort.qualifiedName, p.measure.name, ...p.conventions.map((c) => c.name)] : [])];
        return { kind: kindWord(e.kind), name: e.name, title: e.title ?? '', href: pages.get(e.node)!, text: words.join(' ') };
    });
    // JSON inside <script> is raw text: `<`, `>` and `&` as JSON escapes, so no `</script>` can end it early.
    const json = JSON.stringify(index).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const body = [
        '<h1>Stroom: documentatie / documentation</h1>',
        '<p><label for="search">Zoeken / Search</label></p>',
        '<input id="search" type="search" autocomplete="off" placeholder="naam, titel, bestand … / name, title, file …">',
        '<p id="result-count" aria-live="polite"></p>',
        '<ul id="results" class="entries"></ul>',
    ];
    for (const kind of KINDS) {
        const mine = entries.filter((e) => e.kind === kind);
        body.push(`<h2 id="${kind}s">${KIND_WORDS[kind].nlPlural} / ${KIND_WORDS[kind].enPlural} (${mine.length})</h2>`);
        if (mine.length === 0) { body.push('<p class="meta">—</p>'); continue; }
        body.push('<ul class="entries">', ...mine.map((e) => `  <li><a href="${escapeHtml(pages.get(e.node)!)}">${escapeHtml(e.name)}</a>`
            + `${e.title ? ` ${escapeHtml(e.title)}` : ''} <span class="kind"><code>${escapeHtml(e.at)}</code></span></li>`), '</ul>');
    }
    body.push(`<script type="application/json" id="search-index">${json}</script>`);
    return page('Stroom: documentatie / documentation', body, version, SEARCH_SCRIPT, false);
}

function page(title: string, body: readonly string[], version: string, script?: string, back = true): string {
    const csp = [`default-src 'none'`, `style-src ${sha256(SITE_STYLE)}`, ...(script ? [`script-src ${sha256(script)}`] : []),
        `img-src 'none'`, `base-uri 'none'`, `form-action 'none'`].join('; ');
    return [
        '<!DOCTYPE html>',
        '<html lang="nl">',
        '<head>',
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        `<title>${escapeHtml(title)}</title>`,
        `<style>${SITE_STYLE}</style>`,
        '</head>',
        '<body>',
        ...(back ? ['<header class="site"><a href="index.html">← Overzicht / Index</a></header>'] : []),
        ...body,
        `<footer>stroom docs ${escapeHtml(version)}</footer>`,
        ...(script ? [`<script>${script}</script>`] : []),
        '</body>',
        '</html>',
        '',
    ].join('\n');
}
