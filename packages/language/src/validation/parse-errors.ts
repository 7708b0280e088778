// Parse errors as an analyst needs them: a keyword where a name belongs says that the word is reserved, and a file
// that does not parse gets its parse errors alone, not the cascade of checks that a half-read element sets off
// (a mapping cut short at `and` "lacks" every field after it).
import { DefaultDocumentValidator, DocumentValidator, LangiumParserErrorMessageProvider, type LangiumDocument, type ValidationOptions } from 'langium';
import type { IToken, TokenType } from 'chevrotain';
import type { Diagnostic } from 'vscode-languageserver';
import type { CancellationToken } from 'vscode-languageserver';
import * as path from 'node:path';
import { checkConfig, effectiveSeverity } from '../workspace/config.js';
import { readCached } from '../workspace/cached-read.js';
import { findRoot } from '../workspace/root.js';

/** Checks that stay meaningful on a file that does not parse: they read text, not the elements' completeness. */
const KEPT_AFTER_PARSE_ERRORS = new Set(['invalid-string', 'password-in-definition', 'out-of-range']);

export class StroomParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        const { expected, actual } = options;
        // A keyword token where a name (ID) was expected: `person direct { ... }`, `cohort entering {`.
        if (expected.name === 'ID' && actual.tokenType.name !== 'ID' && /^[A-Za-z_][\w-]*$/.test(actual.image)) {
            return reservedWordMessage(actual.image, /column/i.test(options.ruleName));
        }
        return super.buildMismatchTokenMessage(options);
    }

    /** Several alternatives, one of them a name: a column (`person = measure`) or a value. */
    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription: string; ruleName: string }): string {
        const actual = options.actual[0];
        const first = new Set(options.expectedPathsPerAlt.flatMap((alt) => alt.map((p) => p[0]?.name)));
        if (actual && first.has('ID') && actual.tokenType.name !== 'ID' && !first.has(actual.tokenType.name) && /^[A-Za-z_][\w-]*$/.test(actual.image)) {
            return reservedWordMessage(actual.image, first.has('STRING'));
        }
        return super.buildNoViableAltMessage(options);
    }
}

export function reservedWordMessage(word: string, column = false): string {
    return column
        ? `\`${word}\` is a reserved word of Stroom and cannot be a name; as a column name, quote it: "${word}".`
            + ` / \`${word}\` is een gereserveerd woord van Stroom en kan geen naam zijn; zet een kolomnaam tussen aanhalingstekens: "${word}".`
        : `\`${word}\` is a reserved word of Stroom and cannot be a name; choose another name (\`${word}_1\`, say).`
            + ` / \`${word}\` is een gereserveerd woord van Stroom en kan geen naam zijn; kies een andere naam (\`${word}_1\` bijvoorbeeld).`;
}

export class StroomDocumentValidator extends DefaultDocumentValidator {
    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const all = withWorkspaceSeverities(document, await super.validateDocument(document, options, cancelToken));
        const syntax = (d: Diagnostic) => {
            const code = (d.data as { code?: string } | undefined)?.code;
            return code === DocumentValidator.LexingError || code === DocumentValidator.ParsingError;
        };
        if (!all.some(syntax)) return all;
        return all.filter((d) => syntax(d) || KEPT_AFTER_PARSE_ERRORS.has(String((d.data as { code?: string } | undefined)?.code ?? d.code ?? '')));
    }
}

const LSP_SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;
const SEVERITY_NAME = ['', 'error', 'warning', 'info', 'hint'] as const;

/**
 * The severities of stroom.json's `"severity"` applied where every diagnostic is made, so lint, the editor and CI
 * see the same: a code set to "off" is dropped, others get their level. checkConfig has already refused overrides
 * of errors, so only warnings (and weaker) change here. stroom.json is read once per version of the file.
 */
function withWorkspaceSeverities(document: LangiumDocument, diagnostics: Diagnostic[]): Diagnostic[] {
    if (document.uri.scheme !== 'file' || diagnostics.length === 0) return diagnostics;
    const root = findRoot(path.dirname(document.uri.fsPath));
    const config = readCached(path.join(root, 'stroom.json'), 'utf8', checkConfig, () => undefined)?.config;
    if (!config?.severity || Object.keys(config.severity).length === 0) return diagnostics;
    const out: Diagnostic[] = [];
    for (const d of diagnostics) {
        const code = typeof d.code === 'string' ? d.code : undefined;
        const own = SEVERITY_NAME[d.severity ?? 1] || 'error';
        const level = code === undefined || own === 'error' ? own : effectiveSeverity(config, code, own);
        if (level === 'off') continue;
        out.push(level === own ? d : { ...d, severity: LSP_SEVERITY[level] });
    }
    return out;
}
