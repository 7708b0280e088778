// The formatter on texts nobody laid out by hand: the example files with every gap between tokens replaced by random
// whitespace and random comments, and generated definitions. Formatting keeps every token and comment in order,
// the result parses, and formatting it again changes nothing.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { FormatInternalError, collectFiles, createStroomServices, formatText, readConfig, type StroomServices } from '@stroom/language';
import { EmptyFileSystem } from 'langium';
import { EXAMPLES } from '../helpers.js';
import { defSpecArb, definitionOf, stroomText } from './definitions.js';

const services = createStroomServices(EmptyFileSystem).Stroom;
const SEED = process.env.STROOM_PROPERTY_SEED ? Number(process.env.STROOM_PROPERTY_SEED) : 20261206;

/** Tokens and comments of a text in order (whitespace left out), as `type:image`. */
function lexed(text: string): string[] {
    const r = services.parser.Lexer.tokenize(text.replace(/\r\n/g, '\n'));
    assert.deepEqual(r.errors, [], 'lexer errors');
    return [...r.tokens, ...(r.hidden ?? [])].filter((t) => t.image.trim() !== '')
        .sort((a, b) => a.startOffset - b.startOffset).map((t) => `${t.tokenType.name}:${t.image}`);
}

function parses(text: string): boolean {
    const r = services.parser.LangiumParser.parse(text);
    return r.lexerErrors.length === 0 && r.parserErrors.length === 0;
}

/** Pieces of a text: tokens (comments included) and the gaps before each and after the last. */
function pieces(text: string): { tokens: string[]; gaps: string[] } {
    const r = services.parser.Lexer.tokenize(text);
    const all = [...r.tokens, ...(r.hidden ?? [])].filter((t) => t.image.trim() !== '').sort((a, b) => a.startOffset - b.startOffset);
    const gaps: string[] = [];
    let end = 0;
    for (const t of all) {
        gaps.push(text.slice(end, t.startOffset));
        end = t.startOffset + t.image.length;
    }
    gaps.push(text.slice(end));
    return { tokens: all.map((t) => t.image), gaps };
}

const WHITESPACE = [' ', '  ', '\n', '\n\n', '\n\n\n\n', '\t', ' \n    ', '\n  ', '   \n\n\t'];
const COMMENTS = ['// note', '/* c */', '/* two\n   lines */', '// tweede regel'];

/** A random gap that keeps the tokens apart where they were apart, and ends a line comment with a line break. */
const gapArb = fc.record({
    ws: fc.constantFrom(...WHITESPACE),
    comment: fc.option(fc.constantFrom(...COMMENTS), { freq: 8 }),
    keepEmpty: fc.boolean(),
});

const examples = collectFiles(EXAMPLES, readConfig(EXAMPLES)).map((f) => fs.readFileSync(f, 'utf8'));

function scramble(text: string, gaps: ReadonlyArray<{ ws: string; comment: string | null; keepEmpty: boolean }>): string {
    const p = pieces(text);
    let out = '';
    for (let i = 0; i < p.tokens.length; i++) {
        const original = p.gaps[i];
        const g = gaps[i % gaps.length];
        const afterLineComment = i > 0 && p.tokens[i - 1].startsWith('//');
        let gap = original === '' && g.keepEmpty && !g.comment ? '' : g.ws;
        if (g.comment) gap += g.comment + (g.comment.startsWith('//') ? '\n' : ' ');
        if (afterLineComment && !gap.startsWith('\n')) gap = `\n${gap}`;
        if (i === 0 && original === '') gap = gap.trimStart();
        out += gap + p.tokens[i];
    }
    return out + '\n';
}

function checkFormat(text: string): void {
    const once = formatText(text, services);
    assert.ok(parses(once), `the formatted text does not parse:\n${once}`);
    const kept = lexed(text);
    assert.deepEqual(lexed(once), kept, 'tokens or comments changed');
    assert.equal(formatText(once, services), once, `formatting twice differs from once:\n${once}`);
    assert.ok(!/\n\n\n/.test(once), 'more than one blank line');
    assert.ok(!/[ \t]\n/.test(once.replace(/\/\*[\s\S]*?\*\//g, 'C')), 'trailing spaces');
    assert.ok(once.endsWith('\n') && !once.endsWith('\n\n'), 'one final newline');
}

describe('formatter properties', function () {
    this.timeout(60_000);

    it('keeps tokens and comments and is idempotent on scrambled example files', () => {
        assert.ok(examples.length >= 10);
        fc.assert(fc.property(
            fc.nat({ max: examples.length - 1 }), fc.array(gapArb, { minLength: 1, maxLength: 40 }),
            (which, gaps) => checkFormat(scramble(examples[which], gaps)),
        ), { seed: SEED, numRuns: 80 });
    });

    it('keeps tokens and is idempotent on generated definitions, scrambled', () => {
        fc.assert(fc.property(defSpecArb, fc.array(gapArb, { minLength: 1, maxLength: 20 }), (spec, gaps) => {
            const text = stroomText(definitionOf(spec, 'P'));
            checkFormat(text);
            checkFormat(scramble(text, gaps));
        }), { seed: SEED, numRuns: 200 });
    });

    it('keeps CRLF line endings and a BOM', () => {
        const text = examples[0];
        const crlf = `\uFEFF${text.replace(/\n/g, '\r\n')}`;
        const formatted = formatText(crlf, services);
        assert.ok(formatted.startsWith('\uFEFF'));
        assert.ok(!/[^\r]\n/.test(formatted), 'a bare LF in a CRLF file');
        assert.equal(formatted.slice(1).replace(/\r\n/g, '\n'), formatText(text, services));
    });

    it('refuses, rather than returns, a result whose tokens or comments differ (a formatter that drops a comment)', () => {
        const text = 'cohort A { // kept?\n    years 2016..2020\n}\n';
        const dropping = {
            formatPass: () => [{ range: { start: { line: 0, character: 10 }, end: { line: 0, character: 19 } }, newText: '' }],
        };
        const broken = { ...services, lsp: { ...services.lsp, Formatter: dropping } } as unknown as StroomServices;
        assert.throws(() => formatText(text, broken), (e: Error) => e instanceof FormatInternalError && /token/.test(e.message));
        assert.equal(formatText(text, services), text);
    });

    it('runs on the example files in little time', () => {
        const start = Date.now();
        for (const text of examples) formatText(text, services);
        assert.ok(Date.now() - start < 5_000, `${Date.now() - start} ms`);
    });
});
