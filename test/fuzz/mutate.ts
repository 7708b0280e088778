// Mutations of Stroom text for the fuzzers: the example files cut into tokens, then tokens deleted, duplicated,
// swapped, or replaced by what broke the tools before (huge numbers, NULs, long strings, unicode). Everything is
// drawn from fast-check arbitraries, so a seed replays a run exactly and a failure shrinks to few mutations.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';

/** How many cases a fuzzer runs: its CI share, or STROOM_FUZZ_RUNS split the same way (nightly: 100000). */
export function fuzzRuns(share: number): number {
    const total = Number(process.env.STROOM_FUZZ_RUNS);
    return Number.isSafeInteger(total) && total > 0 ? Math.max(1, Math.round(total * share)) : Math.round(2400 * share);
}

/** The seed of every fuzzer: fixed, so CI is reproducible; STROOM_FUZZ_SEED replays another. */
export const FUZZ_SEED = process.env.STROOM_FUZZ_SEED ? Number(process.env.STROOM_FUZZ_SEED) : 20261205;

/** fast-check parameters shared by the fuzzers; a failure message names the seed and the path to replay it. */
export function fuzzParams(numRuns: number): fc.Parameters<unknown> {
    return { seed: FUZZ_SEED, numRuns, endOnFailure: true };
}

/** Words, strings, numbers, punctuation and whitespace: joining the tokens gives the text back. */
export function tokenize(text: string): string[] {
    return text.match(/\s+|"(?:[^"\\]|\\.)*"?|[A-Za-z_][\w-]*|\d+|\S/g) ?? [];
}

/** Numbers that broke or stalled the tools, and the edges of the bounds. */
const NUMBERS = ['0', '1', '1899', '1900', '2100', '2101', '1000000', '99999999999', '9'.repeat(400), '2015..99999999999', '-1'];
/** Text no definition should hold but a file may: control characters, unicode the lexer has never seen. */
const ODD = ['\u0000', '\u0001', '\u001b', '\u007f', '\r', '\t', '\uFEFF', '\u202E', '\uD800', '😀', 'é', 'e\u0301', '\u00A0', '\u2028', '"', '\\', '/*', '*/', '//', '///', '{', '}', '..', ',', '.*'];
const KEYWORDS = ['cohort', 'indicator', 'source', 'convention', 'example', 'compare', 'import', 'package', 'years', 'after',
    'measure', 'using', 'on', 'file', 'layout', 'where', 'map', 'prefix', 'expect', 'person', 'enrolled', 'diploma', 'gap',
    'lookback', 'age', 'below', 'suppress', 'pool', 'peildatum', 'by', 'in', 'not', 'year', 'years', 'from', 'to'];

export type Mutation =
    | { readonly kind: 'delete' | 'duplicate'; readonly at: number }
    | { readonly kind: 'swap'; readonly at: number; readonly with: number }
    | { readonly kind: 'insert' | 'replace'; readonly at: number; readonly text: string }
    | { readonly kind: 'truncate'; readonly at: number };

/** A long string literal (the 5 MB one is a regression test; here up to 20,000 characters keeps CI fast). */
const longString = fc.integer({ min: 1, max: 20_000 }).map((n) => `"${'x'.repeat(n)}"`);
const stringWith = fc.constantFrom(...ODD).map((c) => `"a${c}b"`);

export const insertion: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom(...NUMBERS),
    fc.constantFrom(...ODD),
    fc.constantFrom(...KEYWORDS).map((k) => ` ${k} `),
    longString,
    stringWith,
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.integer({ min: 0, max: 3000 }).map(String),
);

export function mutationArb(tokens: number): fc.Arbitrary<Mutation> {
    const at = fc.nat({ max: Math.max(0, tokens - 1) });
    return fc.oneof(
        fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at }),
        fc.record({ kind: fc.constant('swap' as const), at, with: at }),
        fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const), at, text: insertion }),
        fc.record({ kind: fc.constant('truncate' as const), at }),
    );
}

/** Applies mutations in order; positions past the end are taken modulo the current length. */
export function mutate(tokens: readonly string[], mutations: readonly Mutation[]): string {
    const t = [...tokens];
    for (const m of mutations) {
        if (t.length === 0) t.push('');
        const i = m.at % t.length;
        if (m.kind === 'delete') t.splice(i, 1);
        else if (m.kind === 'duplicate') t.splice(i, 0, t[i]);
        else if (m.kind === 'swap') { const j = m.with % t.length; [t[i], t[j]] = [t[j], t[i]]; }
        else if (m.kind === 'insert') t.splice(i, 0, m.text);
        else if (m.kind === 'replace') t[i] = m.text;
        else t.length = i;
    }
    return t.join('');
}

export interface Seed {
    readonly name: string;
    readonly tokens: readonly string[];
}

/** Every .stroom file under a folder, as token lists (the fuzzers' starting points). */
export function seedFiles(dir: string): Seed[] {
    const out: Seed[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const full = path.join(d, e.name);
            if (e.isDirectory()) walk(full);
            else if (e.name.endsWith('.stroom')) out.push({ name: path.relative(dir, full), tokens: tokenize(fs.readFileSync(full, 'utf8')) });
        }
    };
    walk(dir);
    return out;
}

/** A case: one seed file and one to four mutations of it. */
export function caseArb(seeds: readonly Seed[]): fc.Arbitrary<{ seed: Seed; mutations: Mutation[] }> {
    return fc.nat({ max: seeds.length - 1 }).chain((i) => fc.record({
        seed: fc.constant(seeds[i]),
        mutations: fc.array(mutationArb(seeds[i].tokens.length), { minLength: 1, maxLength: 4 }),
    }));
}

/** A mutated text for a failure message: short, with control characters visible. */
export function shown(text: string): string {
    const s = JSON.stringify(text);
    return s.length > 2000 ? `${s.slice(0, 1000)} ... ${s.slice(-800)} (${text.length} characters)` : s;
}
