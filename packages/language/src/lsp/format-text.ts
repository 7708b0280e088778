// The canonical layout of a Stroom text, as one pure function: the editor's formatting (StroomFormatter) and
// `stroom fmt` both call formatText, so they cannot disagree. Besides the formatter's own rules it keeps at most one
// blank line, strips trailing spaces, ends the file with one newline, keeps the file's line endings and a UTF-8 BOM,
// and refuses (throws) when the result would not be the same tokens and comments as the input.
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { IToken } from 'chevrotain';
import type { TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createStroomServices, type StroomServices } from '../stroom-module.js';

/** Editor options are ignored: one canonical layout, whatever the editor's tab settings. */
export const CANONICAL_FORMAT_OPTIONS = { tabSize: 4, insertSpaces: true } as const;

/** The text does not parse: nothing is formatted. Line and column are 1-based. */
export class FormatError extends Error {
    constructor(readonly line: number, readonly column: number, message: string) {
        super(message);
        this.name = 'FormatError';
    }
}

/** The formatter would change the tokens or comments of the text: a bug, never written to a file. */
export class FormatInternalError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'FormatInternalError';
    }
}

/** One pass of the Langium formatter (StroomFormatter implements it). */
export interface FormatPass {
    formatPass(document: LangiumDocument): TextEdit[];
}

/** A formatter pass can leave work for the next (an indent that depends on a line break it just added). */
const MAX_PASSES = 5;

let ownServices: StroomServices | undefined;
function defaultServices(): StroomServices {
    ownServices ??= createStroomServices(EmptyFileSystem).Stroom;
    return ownServices;
}

let counter = 0;

export function formatText(text: string, services: StroomServices = defaultServices()): string {
    const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
    const body = bom ? text.slice(1) : text;
    const crlf = (body.match(/\r\n/g)?.length ?? 0);
    const lf = (body.match(/\n/g)?.length ?? 0) - crlf;
    const eol = crlf > lf ? '\r\n' : '\n';
    const input = body.replace(/\r\n/g, '\n');

    const formatter = services.lsp.Formatter as unknown as FormatPass | undefined;
    if (!formatter?.formatPass) throw new FormatInternalError('no Stroom formatter among the services');
    let current = input;
    for (let pass = 0; ; pass++) {
        const doc = parse(current, services);
        if (pass === 0) throwParseError(doc, current);
        else if (doc.parseResult.lexerErrors.length + doc.parseResult.parserErrors.length > 0) {
            throw new FormatInternalError('the formatted text no longer parses');
        }
        const next = tidyWhitespace(TextDocument.applyEdits(doc.textDocument, formatter.formatPass(doc)), services);
        if (next === current) break;
        if (pass + 1 >= MAX_PASSES) throw new FormatInternalError(`formatting does not settle after ${MAX_PASSES} passes`);
        current = next;
    }
    const before = tokenImages(input, services);
    const after = tokenImages(current, services);
    const differs = before.findIndex((t, i) => t !== after[i]);
    if (differs >= 0 || before.length !== after.length) {
        const at = differs >= 0 ? differs : Math.min(before.length, after.length);
        throw new FormatInternalError(`formatting would change token ${at + 1} (${JSON.stringify(before[at])} -> ${JSON.stringify(after[at])}); the text is left as it is`);
    }
    return bom + (eol === '\n' ? current : current.replace(/\n/g, eol));
}

function parse(text: string, services: StroomServices): LangiumDocument {
    const uri = URI.parse(`memory:///format-${++counter}.stroom`);
    return services.shared.workspace.LangiumDocumentFactory.fromString(text, uri);
}

function throwParseError(doc: LangiumDocument, text: string): void {
    const { lexerErrors, parserErrors } = doc.parseResult;
    const lexer = lexerErrors[0];
    const parser = parserErrors[0];
    const lexerAt = lexer ? { line: lexer.line ?? 1, column: lexer.column ?? 1, message: lexer.message } : undefined;
    let parserAt: { line: number; column: number; message: string } | undefined;
    if (parser) {
        const token = parser.token;
        if (Number.isFinite(token.startLine) && Number.isFinite(token.startColumn)) {
            parserAt = { line: token.startLine!, column: token.startColumn!, message: parser.message };
        } else {
            // At the end of the text (the EOF token has no position).
            const lines = text.split('\n');
            parserAt = { line: lines.length, column: lines[lines.length - 1].length + 1, message: parser.message };
        }
    }
    const first = [lexerAt, parserAt].filter((e) => e !== undefined)
        .sort((a, b) => a.line - b.line || a.column - b.column)[0];
    if (first) throw new FormatError(first.line, first.column, first.message.replace(/\s*\n\s*/g, ' '));
}

/** Every token and comment of the text in order, as `type:image`. */
function tokens(text: string, services: StroomServices): IToken[] {
    const lexed = services.parser.Lexer.tokenize(text);
    const all = [...lexed.tokens, ...(lexed.hidden ?? [])].filter((t) => !/^\s*$/.test(t.image));
    return all.sort((a, b) => a.startOffset - b.startOffset);
}

function tokenImages(text: string, services: StroomServices): string[] {
    return tokens(text, services).map((t) => `${t.tokenType.name}:${t.image}`);
}

/**
 * The whitespace between tokens only (strings and comments are never touched): no trailing spaces, at most one
 * blank line, one space before a comment that follows code, nothing before the first token and one newline after
 * the last.
 */
function tidyWhitespace(text: string, services: StroomServices): string {
    const all = tokens(text, services);
    if (all.length === 0) return '';
    let out = '';
    let end = 0;
    for (const t of all) {
        const gap = text.slice(end, t.startOffset);
        out += end === 0 ? '' : tidyGap(gap, t.tokenType.name.endsWith('_COMMENT'));
        out += t.image;
        end = t.startOffset + t.image.length;
    }
    return `${out}\n`;
}

function tidyGap(gap: string, beforeComment: boolean): string {
    const newlines = gap.split('\n').length - 1;
    // A comment after code on the same line: one space (the formatter does not place comments).
    if (newlines === 0) return beforeComment ? ' ' : gap;
    const indent = gap.slice(gap.lastIndexOf('\n') + 1);
    return '\n'.repeat(Math.min(newlines, 2)) + indent;
}

/** The smallest edit that turns `from` into `to`, cut at line starts (never between a \r and its \n). */
export function wholeTextEdit(document: TextDocument, from: string, to: string): TextEdit[] {
    if (from === to) return [];
    let start = 0;
    while (start < from.length && start < to.length && from[start] === to[start]) start++;
    start = from.lastIndexOf('\n', start - 1) + 1;
    let tail = 0;
    while (tail < from.length - start && tail < to.length - start && from[from.length - 1 - tail] === to[to.length - 1 - tail]) tail++;
    // Back off to just after a newline, so the edit ends at a line start.
    while (tail > 0 && from[from.length - tail - 1] !== '\n') tail--;
    return [{
        range: { start: document.positionAt(start), end: document.positionAt(from.length - tail) },
        newText: to.slice(start, to.length - tail),
    }];
}
