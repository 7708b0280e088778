// stroom diff: the semantic change between git revisions, on a temporary repository holding an example workspace
// (havo-hbo.stroom with its source, conventions and data) through a few commits: a changed choice, an added and a
// removed indicator, a definition that does not parse, and a working tree that only re-formats.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeDiff } from '../../packages/cli/src/commands/diff.js';
import { renderDiff } from '../../packages/cli/src/render-diff.js';
import type { SemanticDiff } from '@stroom/language';
import { EXAMPLES, stroom, tempDir } from '../helpers.js';
import { stroomIn } from './in-process.js';

const WS = 'ws';

function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** A repository with the example workspace under ws/ and tags v1 (as in examples/), v2, broken and v4 (= v2). */
function makeRepo(): { repo: string; original: string; changed: string } {
    const repo = tempDir('stroom-diff-');
    const ws = path.join(repo, WS);
    for (const f of ['stroom.json', 'sources/voorbeeld.stroom', 'conventions/published.stroom', 'havo-hbo.stroom',
        'data/personen.csv', 'data/inschrijvingen.csv', 'data/diplomas.csv', 'data/vooropleidingen.csv']) {
        fs.mkdirSync(path.dirname(path.join(ws, f)), { recursive: true });
        fs.copyFileSync(path.join(EXAMPLES, f), path.join(ws, f));
    }
    git(repo, 'init', '-q');
    git(repo, 'config', 'user.name', 'Stroom Test');
    git(repo, 'config', 'user.email', 'test@example.org');
    git(repo, 'config', 'commit.gpgsign', 'false');
    const commit = (tag: string) => { git(repo, 'add', '-A'); git(repo, 'commit', '-q', '-m', tag); git(repo, 'tag', tag); };
    commit('v1');
    const file = path.join(ws, 'havo-hbo.stroom');
    const original = fs.readFileSync(file, 'utf8');
    // OCW's switchers become dropout; Rendement5 goes; a new indicator comes.
    const changed = original
        .replace(/(indicator UitvalOCW [^{]*\{\n(?:.*\n)*?    after 1 year\n)/, '$1    switchers count as dropout\n')
        .replace(/\/\/\/ Bachelor diploma[^\n]*\nindicator Rendement5[^}]*\}\n/, '')
        + '\nindicator UitvalNieuw "Uitval na 2 jaar" using ResearchNed {\n    cohort HavoHbo\n    measure dropout\n    after 2 years\n}\n';
    assert.notEqual(changed, original);
    fs.writeFileSync(file, changed);
    commit('v2');
    fs.writeFileSync(file, changed.replace('measure dropout', 'measure dropout {{'));
    commit('broken');
    fs.writeFileSync(file, changed);
    commit('v4');
    // Only formatting and comments: re-indented, a comment and blank lines added.
    fs.writeFileSync(file, `// reformatted\n\n${changed.replace(/^ {4}/gm, '\t').replace(/\{\n/g, '{\n\n')}`);
    return { repo, original, changed };
}

describe('stroom diff', function () {
    this.timeout(60000);
    const { repo } = makeRepo();
    let withData: SemanticDiff;
    let noData: SemanticDiff;

    before(async () => {
        withData = await computeDiff(['v1', 'v2'], { cwd: repo, cache: false });
        noData = await computeDiff(['v1', 'v2'], { cwd: repo, data: false });
    });

    it('lists the definitions added, removed and changed, and the changed choice of the card', () => {
        const changes = noData.changes.map((c) => `${c.status} ${c.kind} ${c.name}`);
        assert.deepEqual(changes.sort(), ['added indicator regio_noord.UitvalNieuw', 'changed indicator regio_noord.UitvalOCW', 'removed indicator regio_noord.Rendement5']);
        const ocw = noData.changes.find((c) => c.name === 'regio_noord.UitvalOCW')!;
        assert.equal(ocw.workspace, WS);
        assert.deepEqual(ocw.card!.map((x) => x.key), ['switchTreatment']);
        assert.match(ocw.card![0].before!, /retained/);
        assert.match(ocw.card![0].after!, /dropout/);
        const text = renderDiff(noData, 'text', false);
        assert.match(text, /~ indicator regio_noord\.UitvalOCW {2}ws\/havo-hbo\.stroom:\d+\n {4}switchers count as: retained -> dropout\n/);
        assert.match(text, /\+ indicator regio_noord\.UitvalNieuw/);
        assert.match(text, /- indicator regio_noord\.Rendement5/);
        assert.match(text, /--no-data: figures not computed/);
        assert.equal(noData.comparisons.length, 0, '--no-data computes nothing');
    });

    it('with data: the figures before and after, and a bridge whose steps move people and add up', () => {
        assert.equal(withData.comparisons.length, 1);
        const c = withData.comparisons[0].comparison!;
        assert.ok(c, withData.comparisons[0].skipped);
        assert.equal(c.left.label, 'v1');
        assert.equal(c.right!.label, 'v2');
        // Switchers called dropout: more dropout after than before in some year, never less.
        const shown = c.figures.filter((p) => p.left?.count.value != null && p.right?.count.value != null);
        assert.ok(shown.length > 0);
        assert.ok(shown.every((p) => p.right!.count.value! >= p.left!.count.value!));
        assert.ok(shown.some((p) => p.right!.count.value! > p.left!.count.value!));
        const b = c.bridge!;
        assert.deepEqual(b.steps.map((s) => s.key), ['switchTreatment']);
        const moved = b.steps[0].moves.filter((m) => m.to === 'dropout').reduce((t, m) => t + m.n, 0);
        assert.ok(moved > 0);
        assert.equal(b.start.dropout + b.steps[0].delta.dropout, b.end.dropout);
        const text = renderDiff(withData, 'text', true);
        assert.match(text, /Figures \/ cijfers: regio_noord\.UitvalOCW/);
        assert.match(text, /v1 size .* v2 size/);
        assert.match(text, /Bridge \/ brug/);
        assert.match(text, /retained -> dropout (\d+|<\d+|x) /);
    });

    it('md is a pull-request comment: heading, summary, tables, figures folded in <details>', () => {
        const md = renderDiff(withData, 'md', true);
        assert.match(md, /^## Stroom: semantic diff `v1` → `v2`\n\n\*\*3 definitions: 1 changed, 1 added, 1 removed/);
        assert.match(md, /\| change \| kind \| name \|/);
        assert.match(md, /\| removed \| indicator \| `regio_noord\.Rendement5` \|/);
        assert.match(md, /\| choice \| v1 \| v2 \|\n\|---\|---\|---\|\n\| a switcher counts as \| [^|]*retained \| [^|]*dropout \|/);
        assert.match(md, /<details><summary>regio_noord\.UitvalOCW: figures before and after, and the bridge<\/summary>[\s\S]*\| cohort \|[\s\S]*<\/details>/);
    });

    it('json: versioned, with the summary, the card and the protected figures', () => {
        const j = JSON.parse(renderDiff(withData, 'json', true));
        assert.equal(j.version, 1);
        assert.equal(j.semantic_change, true);
        assert.deepEqual(j.summary, { added: 1, removed: 1, changed: 1 });
        const ocw = j.changes.find((c: { name: string }) => c.name === 'regio_noord.UitvalOCW');
        assert.equal(ocw.card[0].key, 'switchTreatment');
        assert.equal(j.data, true);
        assert.equal(j.figures[0].comparison.bridge.steps[0].choice, 'switchTreatment');
        assert.ok(j.figures[0].comparison.figures.length > 0);
        assert.equal(JSON.parse(renderDiff(noData, 'json', false)).figures.length, 0);
    });

    it('a working tree that only re-formats and comments is no semantic change', async () => {
        const d = await computeDiff([], { cwd: repo, data: false });
        assert.equal(d.before, 'HEAD');
        assert.equal(d.after, 'working tree');
        assert.deepEqual(d.changes, []);
        assert.match(renderDiff(d, 'text', false), /no semantic change/);
        assert.match(renderDiff(d, 'md', false), /no semantic change/);
        assert.equal(JSON.parse(renderDiff(d, 'json', false)).semantic_change, false);
    });

    it('--exit-code: 1 with a semantic change, 0 without (the command itself)', async () => {
        const out = path.join(tempDir(), 'diff.md');
        const changed = await stroomIn(['diff', 'v1', 'v2', '--no-data', '--exit-code', '--format', 'md', '--out', out], repo);
        assert.equal(changed.status, 1, changed.stderr);
        assert.equal(changed.stdout, '', 'with --out nothing goes to stdout');
        assert.match(fs.readFileSync(out, 'utf8'), /^## Stroom: semantic diff `v1` → `v2`[\s\S]*_Figures not computed \(--no-data\)\._/);
        const same = await stroomIn(['diff', '--exit-code', '--no-data'], path.join(repo, WS));
        assert.equal(same.status, 0, same.stderr);
        assert.match(same.stdout, /no semantic change/);
    });

    it('errors: an unknown revision, not a git repository, a definition that does not parse at a revision', async () => {
        // The real binary (a spawned process) once for this command: exit code and output; the rest run in-process.
        const bad = stroom(['diff', 'no-such-rev', '--no-data'], repo);
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /unknown revision no-such-rev/);
        const outside = await stroomIn(['diff', '--no-data'], tempDir());
        assert.equal(outside.status, 2);
        assert.match(outside.stderr, /is not in a git repository/);
        await assert.rejects(computeDiff(['v2', 'broken'], { cwd: repo, data: false }), /the definitions in broken have \d+ errors?; nothing was compared/);
        const broken = await stroomIn(['diff', 'v2', 'broken', '--no-data'], repo);
        assert.equal(broken.status, 2);
        assert.match(broken.stderr, /^ws\/havo-hbo\.stroom:\d+:\d+ error \S+ .*\[broken\]$/m);
    });
});
