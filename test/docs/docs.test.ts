// The user documentation (README.md and docs/*.md) checked against what a user would notice:
//
// - every diagnostic code of the catalogue (CODES) has its own `### <code>` section in docs/diagnostics.md, and no
//   section there documents a code that does not exist;
// - every link points at a file inside the repository that exists (and an `#anchor` at a heading of that file);
//   nothing links outside the repository (`../shared`, absolute paths, web addresses);
// - every fenced ```stroom block is checked in a small workspace shaped like examples/: the example source
//   (sources/voorbeeld.stroom, package `sources`), the conventions library (conventions/published.stroom, package
//   `conventions`), stroom.json, the data (data/) and DUO's layouts (sources/duo/*.layout). The block is the file
//   `docs/block.stroom` of that workspace, as if it were a file in a folder beside examples/sources, so data paths
//   are written as there (`"../data/inschrijvingen.csv"`).
//
// A block's first line may say how it is checked:
//
//   (nothing)                    a complete file: no diagnostic at all, not even a warning;
//   // triggers: code, code      a complete file that must give exactly these diagnostic codes (the examples of
//                                docs/diagnostics.md), each at least once, and no other code;
//   // fragment ...              part of a file (a few clauses, a mapping on its own): not checked.
//
// A fenced ```jsonc block whose first line is `// stroom.json triggers: code, code` is a workspace file: the rest of
// the block, checked as stroom.json, must give exactly these codes. It is checked with its dependencies, in a
// workspace where @consortium/vsv-conventies 1.4.0 is installed; `// regio/stroom.json triggers: ...` is the
// stroom.json of a nested folder regio/ in a workspace of its own.
//
// A code that no check reports yet is listed in NOT_REPORTED: its section must say "Lint does not report it yet",
// and its example is a fragment. When the code starts being reported, this test fails until the page is updated.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODES, checkConfig, workspaceConfigProblems } from '@stroom/language';
import { REPO, EXAMPLES, build, diagnostics, tempDir, writeFiles } from '../helpers.js';

const DOCS = path.join(REPO, 'docs');

/** Codes in the catalogue that no validation check emits (yet). */
const NOT_REPORTED = ['unknown-attribute'];

function docFiles(): string[] {
    const docs = fs.existsSync(DOCS)
        ? fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(DOCS, f))
        : [];
    return [path.join(REPO, 'README.md'), ...docs];
}

const rel = (file: string) => path.relative(REPO, file);

/** The text outside fenced code blocks (links and headings in code are not links or headings). */
function prose(text: string): string {
    let inFence = false;
    return text.split('\n').map((line) => {
        if (/^\s*```/.test(line)) { inFence = !inFence; return ''; }
        return inFence ? '' : line;
    }).join('\n');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
    return heading.trim().toLowerCase()
        .replace(/`/g, '')
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
    const seen = new Map<string, number>();
    const out = new Set<string>();
    for (const line of prose(fs.readFileSync(file, 'utf8')).split('\n')) {
        const m = /^#{1,6}\s+(.*)$/.exec(line);
        if (!m) continue;
        const base = slug(m[1]);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        out.add(n === 0 ? base : `${base}-${n}`);
    }
    return out;
}

/** Markdown links `[text](target)` and `<http...>` autolinks outside code. */
function links(text: string): string[] {
    const body = prose(text).replace(/`[^`\n]*`/g, '');
    const found: string[] = [];
    for (const m of body.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) found.push(m[1]);
    for (const m of body.matchAll(/<(https?:[^>]+)>/g)) found.push(m[1]);
    for (const m of body.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) found.push(m[1]);
    return found;
}

interface Block {
    readonly file: string;
    readonly line: number;
    readonly text: string;
}

function stroomBlocks(file: string): Block[] {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const blocks: Block[] = [];
    for (let i = 0; i < lines.length; i++) {
        if (!/^\s*```stroom\s*$/.test(lines[i])) continue;
        const start = i + 1;
        let j = start;
        while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) j++;
        blocks.push({ file, line: start + 1, text: `${lines.slice(start, j).join('\n')}\n` });
        i = j;
    }
    return blocks;
}

/** ```jsonc blocks that are a stroom.json: the codes the first line names, and the file without that line. */
function configBlocks(file: string): Array<Block & { folder: string; triggers: string[] }> {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const blocks: Array<Block & { folder: string; triggers: string[] }> = [];
    for (let i = 0; i < lines.length; i++) {
        if (!/^\s*```jsonc\s*$/.test(lines[i])) continue;
        const m = /^\/\/ ((?:[\w-]+\/)?)stroom\.json triggers:\s*(.*)$/.exec(lines[i + 1]?.trim() ?? '');
        let j = i + 1;
        while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) j++;
        if (m) blocks.push({ file, line: i + 2, text: `${lines.slice(i + 2, j).join('\n')}\n`, folder: m[1], triggers: m[2].split(/\s*,\s*/).filter(Boolean) });
        i = j;
    }
    return blocks;
}

/**
 * A stroom.json block's problems, checked as lint checks it: in a workspace where the shared definition package
 * @consortium/vsv-conventies 1.4.0 is installed. A block headed `// regio/stroom.json` is a nested folder's.
 */
function configProblemsOf(block: { text: string; folder: string }) {
    const dir = writeFiles({
        'node_modules/@consortium/vsv-conventies/package.json': JSON.stringify({ name: '@consortium/vsv-conventies', version: '1.4.0' }),
        'node_modules/@consortium/vsv-conventies/stroom.json': JSON.stringify({ name: '@consortium/vsv-conventies', version: '1.4.0' }),
        ...(block.folder ? { 'stroom.json': '{}', [`${block.folder}stroom.json`]: block.text } : { 'stroom.json': block.text }),
    });
    return block.folder ? workspaceConfigProblems(dir) : [...checkConfig(block.text).problems, ...workspaceConfigProblems(dir).filter((p) => p.file)];
}

/** The workspace a block is checked in: the example source and its data, the conventions library, the block. */
async function check(block: Block) {
    const dir = tempDir('stroom-docs-');
    fs.symlinkSync(path.join(EXAMPLES, 'data'), path.join(dir, 'data'), 'dir');
    fs.mkdirSync(path.join(dir, 'sources', 'duo'), { recursive: true });
    for (const layout of fs.readdirSync(path.join(EXAMPLES, 'sources', 'duo')).filter((f) => f.endsWith('.layout'))) {
        fs.copyFileSync(path.join(EXAMPLES, 'sources', 'duo', layout), path.join(dir, 'sources', 'duo', layout));
    }
    const { documents } = await build({
        // The data folder is a link to the examples' data, outside this temporary workspace: listed, as a user would.
        'stroom.json': JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'stroom.json'), 'utf8')), dataFolders: [path.join(EXAMPLES, 'data')] }),
        'sources/voorbeeld.stroom': fs.readFileSync(path.join(EXAMPLES, 'sources', 'voorbeeld.stroom'), 'utf8'),
        'conventions/published.stroom': fs.readFileSync(path.join(EXAMPLES, 'conventions', 'published.stroom'), 'utf8'),
        'docs/block.stroom': block.text,
    }, dir);
    return diagnostics(documents['docs/block.stroom']);
}

describe('documentation', () => {
    it('has a docs/ folder with the pages the README links to', () => {
        assert.ok(fs.existsSync(DOCS), 'docs/ exists');
        const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
        for (const page of fs.readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
            assert.ok(readme.includes(`](docs/${page})`), `README.md links to docs/${page}`);
        }
    });

    describe('diagnostics catalogue (docs/diagnostics.md)', () => {
        const text = fs.existsSync(path.join(DOCS, 'diagnostics.md')) ? fs.readFileSync(path.join(DOCS, 'diagnostics.md'), 'utf8') : '';
        const sections = [...prose(text).matchAll(/^### (\S+)\s*$/gm)].map((m) => m[1]);
        const codes = Object.keys(CODES);

        it('has a `### <code>` section for every diagnostic code', () => {
            const missing = codes.filter((c) => !sections.includes(c));
            assert.deepEqual(missing, [], `codes without a section: ${missing.join(', ')}`);
        });

        it('documents no code that does not exist, and each code once', () => {
            const unknown = sections.filter((s) => !codes.includes(s));
            assert.deepEqual(unknown, [], `sections for unknown codes: ${unknown.join(', ')}`);
            const twice = sections.filter((s, i) => sections.indexOf(s) !== i);
            assert.deepEqual(twice, [], `codes documented twice: ${twice.join(', ')}`);
        });

        it('gives each code its real severity', () => {
            for (const [code, spec] of Object.entries(CODES)) {
                const start = text.indexOf(`### ${code}\n`);
                if (start < 0) continue;
                const next = text.indexOf('\n### ', start + 1);
                const section = text.slice(start, next < 0 ? undefined : next);
                assert.match(section, new RegExp(`Severity: \\*\\*${spec.severity}\\*\\*`), `${code} says Severity: **${spec.severity}**`);
            }
        });

        it('has, for every code, an example block that triggers it', () => {
            const triggered = new Set([...stroomBlocks(path.join(DOCS, 'diagnostics.md'))
                .flatMap((b) => /^\/\/ triggers:\s*(.*)$/.exec(b.text.split('\n')[0])?.[1].split(/\s*,\s*/) ?? []),
            ...configBlocks(path.join(DOCS, 'diagnostics.md')).flatMap((b) => b.triggers)]);
            const missing = codes.filter((c) => !triggered.has(c) && !NOT_REPORTED.includes(c));
            assert.deepEqual(missing, [], `codes without a triggering example: ${missing.join(', ')}`);
            for (const code of NOT_REPORTED) {
                assert.ok(!triggered.has(code), `${code} is listed as not reported, but an example triggers it`);
                const start = text.indexOf(`### ${code}\n`);
                assert.match(text.slice(start, text.indexOf('\n### ', start + 1)), /Lint does not report it yet/, `${code}'s section says it is not reported yet`);
            }
        });
    });

    describe('stroom.json examples', () => {
        for (const file of docFiles()) {
            for (const block of configBlocks(file)) {
                it(`${rel(file)}:${block.line} triggers ${block.triggers.join(', ')}`, () => {
                    const found = configProblemsOf(block);
                    const shown = found.map((p) => `${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`);
                    assert.deepEqual([...new Set(found.map((p) => p.code))].sort(), [...block.triggers].sort(), `problems:\n${shown.join('\n')}`);
                });
            }
        }
    });

    describe('links', () => {
        for (const file of docFiles()) {
            it(`${rel(file)}: every link resolves inside the repository`, () => {
                const problems: string[] = [];
                for (const target of links(fs.readFileSync(file, 'utf8'))) {
                    if (/^[a-z][a-z+.-]*:/i.test(target)) { problems.push(`${target}: leaves the repository`); continue; }
                    const [pathPart, anchor] = target.split('#');
                    if (pathPart.startsWith('/')) { problems.push(`${target}: absolute path`); continue; }
                    const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), decodeURI(pathPart));
                    const inside = path.relative(REPO, resolved);
                    if (inside.startsWith('..') || path.isAbsolute(inside)) { problems.push(`${target}: outside the repository`); continue; }
                    if (!fs.existsSync(resolved)) { problems.push(`${target}: ${inside} does not exist`); continue; }
                    if (anchor !== undefined && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) {
                        problems.push(`${target}: ${inside} has no heading #${anchor}`);
                    }
                }
                assert.deepEqual(problems, [], problems.join("\n"));
            });
        }

        it('no page mentions the team folder outside the repository', () => {
            for (const file of docFiles()) {
                const text = fs.readFileSync(file, 'utf8');
                assert.ok(!/\.\.\/shared\b|\/work\//.test(text), `${rel(file)} refers to ../shared or /work`);
            }
        });
    });

    describe('stroom examples', () => {
        for (const file of docFiles()) {
            for (const block of stroomBlocks(file)) {
                const first = block.text.split('\n')[0].trim();
                const triggers = /^\/\/ triggers:\s*(.*)$/.exec(first)?.[1].split(/\s*,\s*/).filter(Boolean);
                if (/^\/\/ fragment\b/.test(first)) continue;
                const title = `${rel(file)}:${block.line} ${triggers ? `triggers ${triggers.join(', ')}` : 'lints clean'}`;
                it(title, async () => {
                    const found = await check(block);
                    const shown = found.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
                    if (!triggers) {
                        assert.deepEqual(shown, [], 'a complete example has no diagnostics');
                        return;
                    }
                    const got = [...new Set(found.map((d) => d.code))].sort();
                    assert.deepEqual(got, [...triggers].sort(), `diagnostics:\n${shown.join('\n')}`);
                });
            }
        }
    });
});
