// The CI examples (examples/ci/*.yml) and the pre-commit hook (.pre-commit-hooks.yaml) as a user copies them: every
// `stroom` / `npx stroom` command in them runs, in a copy of the example workspace, exits 0, and every file a later
// step uploads (SARIF, JUnit, artifacts) is there and valid. The commands are read from the files, not listed here,
// so a step added later (`stroom fmt --check`, `stroom diff`) is run too.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { XMLValidator } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { EXAMPLES, REPO, STROOM_BIN, tempDir } from '../helpers.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;

interface Command {
    /** Where it came from: `examples/ci/github-actions.yml: jobs.definitions.steps[4].run`. */
    readonly origin: string;
    /** The arguments after `stroom`. */
    readonly args: string[];
}

/** Shell words of one simple command line: whitespace-separated, '...' and "..." quoting, no expansion. */
function words(line: string, origin: string): string[] {
    const out: string[] = [];
    const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
    for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
    // Other steps (cat into $GITHUB_STEP_SUMMARY, git fetch) are not run here, so they may use the shell freely.
    assert.ok(!out.includes('stroom') || !out.some((w) => /^(\||>|<|2>|&)$/.test(w) || /[`$]/.test(w)),
        `${origin}: "${line}" uses pipes, redirection or expansion; write stroom steps as simple commands so this test can run them`);
    return out;
}

/** The stroom commands of a shell script (a `run:` or `script:` entry): `stroom ...` or `npx stroom ...`, per line and `&&`. */
function stroomCommands(script: string, origin: string): Command[] {
    const out: Command[] = [];
    const lines = script.replace(/\\\n/g, ' ').split('\n').map((l) => l.replace(/(^|\s)#.*$/, '').trim()).filter(Boolean);
    for (const line of lines) {
        for (const part of line.split(/&&|;/).map((p) => p.trim()).filter(Boolean)) {
            const w = words(part, origin);
            const at = w[0] === 'npx' ? (w[1] === '--no-install' || w[1] === '--yes' ? 2 : 1) : 0;
            if (w[at] === 'stroom') out.push({ origin, args: w.slice(at + 1) });
        }
    }
    return out;
}

function read(rel: string): unknown {
    return parseYaml(fs.readFileSync(path.join(REPO, rel), 'utf8'));
}

type Job = Record<string, unknown>;

/** GitHub Actions: the `run` of every step, and what upload-sarif / upload-artifact steps upload. */
function github(rel: string): { commands: Command[]; uploads: string[] } {
    const wf = read(rel) as { jobs: Record<string, { steps: Job[] }> };
    const commands: Command[] = [];
    const uploads: string[] = [];
    for (const [name, job] of Object.entries(wf.jobs)) {
        for (const [k, step] of job.steps.entries()) {
            if (typeof step.run === 'string') commands.push(...stroomCommands(step.run, `${rel}: jobs.${name}.steps[${k}].run`));
            const uses = String(step.uses ?? '');
            const w = (step.with ?? {}) as Record<string, string>;
            if (uses.startsWith('github/codeql-action/upload-sarif')) uploads.push(w.sarif_file);
            if (uses.startsWith('actions/upload-artifact')) uploads.push(...String(w.path).split('\n').map((s) => s.trim()).filter(Boolean));
        }
    }
    return { commands, uploads };
}

/** GitLab CI: before_script, script and after_script of every job, and its artifacts (paths and reports). */
function gitlab(rel: string): { commands: Command[]; uploads: string[] } {
    const ci = read(rel) as Record<string, Job>;
    const commands: Command[] = [];
    const uploads: string[] = [];
    for (const [name, job] of Object.entries(ci)) {
        if (job === null || typeof job !== 'object' || Array.isArray(job)) continue; // stages, variables lists
        for (const key of ['before_script', 'script', 'after_script']) {
            const lines = job[key] === undefined ? [] : Array.isArray(job[key]) ? job[key] as string[] : [String(job[key])];
            for (const [k, line] of lines.entries()) commands.push(...stroomCommands(line, `${rel}: ${name}.${key}[${k}]`));
        }
        const artifacts = (job.artifacts ?? {}) as { paths?: string[]; reports?: Record<string, string | string[]> };
        uploads.push(...(artifacts.paths ?? []));
        for (const report of Object.values(artifacts.reports ?? {})) uploads.push(...(Array.isArray(report) ? report : [report]));
    }
    return { commands, uploads };
}

/** pre-commit: each hook's entry and args, given the workspace's files that match `files` (as pre-commit passes them). */
function preCommit(rel: string, workspace: string): Command[] {
    const hooks = read(rel) as Array<{ id: string; entry: string; args?: string[]; files?: string; pass_filenames?: boolean; language: string }>;
    const all = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? (e.name === '.git' ? [] : all(full)) : [path.relative(workspace, full).split(path.sep).join('/')];
    });
    return hooks.flatMap((hook) => {
        const re = new RegExp(hook.files ?? '');
        const files = hook.pass_filenames === false ? [] : all(workspace).filter((f) => re.test(f)).sort();
        assert.ok(hook.pass_filenames === false || files.length > 0, `${rel}: hook ${hook.id} matches no file of the example workspace`);
        return stroomCommands(hook.entry, `${rel}: ${hook.id}.entry`).map((c) => ({ ...c, args: [...c.args, ...(hook.args ?? []), ...files] }));
    });
}

/** The example workspace without most of tests/ (their 60 example blocks take half a minute; one file is enough). */
function workspace(): string {
    const dir = tempDir('stroom-ci-');
    fs.cpSync(EXAMPLES, dir, { recursive: true, filter: (f) => !path.relative(EXAMPLES, f).startsWith('tests') || !f.endsWith('.stroom') || f.endsWith('bestemming.stroom') });
    // A git repository as a CI checkout of a pull request is: two commits on main and origin/main at the first, so
    // commands that compare with a revision (HEAD~1, origin/main) have one.
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    if (git('init', '-q', '-b', 'main').status === 0) {
        git('add', '-A');
        git('commit', '-q', '-m', 'definitions');
        git('update-ref', 'refs/remotes/origin/main', 'HEAD');
        git('commit', '-q', '--allow-empty', '-m', 'the change under review');
    }
    return dir;
}

function checkUpload(file: string, dir: string, origin: string): void {
    const full = path.join(dir, file);
    assert.ok(fs.existsSync(full), `${origin} uploads ${file}, which no step wrote`);
    const text = fs.readFileSync(full, 'utf8');
    if (file.endsWith('.sarif')) {
        const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8'));
        const validate = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
        assert.ok(validate(JSON.parse(text)), `${file}: not valid SARIF 2.1.0: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    } else if (file.endsWith('.xml')) {
        assert.equal(XMLValidator.validate(text), true, `${file}: not well-formed XML`);
        assert.match(text, /<testsuites[ >]/, `${file}: not a JUnit report`);
    } else if (file.endsWith('.json')) {
        JSON.parse(text);
    }
}

describe('CI examples and the pre-commit hook', function () {
    this.timeout(180_000);
    const template = workspace();
    const sources = [
        { rel: 'examples/ci/github-actions.yml', ...github('examples/ci/github-actions.yml') },
        { rel: 'examples/ci/gitlab-ci.yml', ...gitlab('examples/ci/gitlab-ci.yml') },
        { rel: '.pre-commit-hooks.yaml', commands: preCommit('.pre-commit-hooks.yaml', template), uploads: [] as string[] },
    ];

    it('find the stroom commands the docs promise', () => {
        const all = sources.flatMap((s) => s.commands.map((c) => `${s.rel}: stroom ${c.args.slice(0, 5).join(' ')}`));
        const has = (rel: string, re: RegExp) => assert.ok(all.some((c) => c.startsWith(rel) && re.test(c)), `${rel} has no command like ${re}: ${all.join('\n')}`);
        has('examples/ci/github-actions.yml', /stroom lint --format sarif --out stroom\.sarif/);
        has('examples/ci/github-actions.yml', /stroom lint --format github/);
        has('examples/ci/github-actions.yml', /stroom test --reporter junit --out junit\.xml/);
        has('examples/ci/gitlab-ci.yml', /stroom test --reporter junit/);
        has('.pre-commit-hooks.yaml', /stroom lint \S+\.stroom/);
        has('.pre-commit-hooks.yaml', /stroom fmt --check \S+\.stroom/);
        has('examples/ci/github-actions.yml', /stroom fmt --check/);
        has('examples/ci/github-actions.yml', /stroom diff origin\/main HEAD --format md/);
        has('examples/ci/gitlab-ci.yml', /stroom fmt --check/);
        has('examples/ci/gitlab-ci.yml', /stroom diff origin\/main HEAD --format md/);
    });

    for (const source of sources) {
        describe(source.rel, () => {
            // Each file in its own checkout: an upload must come from its own steps.
            let dir: string;
            before(() => {
                dir = tempDir('stroom-ci-');
                fs.cpSync(template, dir, { recursive: true });
            });
            // In order, in one checkout, as the job runs them: a later step may read what an earlier one wrote.
            for (const command of source.commands) {
                it(`stroom ${command.args.join(' ').slice(0, 100)} exits 0`, () => {
                    const r = spawnSync(process.execPath, [STROOM_BIN, ...command.args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
                    assert.equal(r.status, 0, `${command.origin}: exit ${r.status}\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(0, 2000)}`);
                });
            }
            if (source.uploads.length > 0) {
                it(`uploads files that exist and are valid (${source.uploads.join(', ')})`, () => {
                    for (const file of source.uploads) checkUpload(file, dir, source.rel);
                });
            }
        });
    }
});
