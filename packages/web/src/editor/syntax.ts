// Syntax colour before the language server answers (and for files it cannot parse): a Monarch tokenizer with the
// keywords of the TextMate grammar Langium generates (syntaxes/stroom.tmLanguage.json), so the two never drift apart.
// The server's semantic tokens refine it (references, codes, columns) once the worker is up.
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import grammar from '../../../../syntaxes/stroom.tmLanguage.json' with { type: 'json' };

/** The words of the grammar's keyword pattern `\b(after|age|...)\b`. */
export function grammarKeywords(): string[] {
    const pattern = grammar.patterns.find((p) => 'name' in p && p.name?.startsWith('keyword')) as { match?: string } | undefined;
    const words = /\\b\(([^)]*)\)\\b/.exec(pattern?.match ?? '')?.[1];
    return words ? words.split('|') : [];
}

export function stroomMonarch(): Monaco.languages.IMonarchLanguage {
    return {
        defaultToken: '',
        keywords: grammarKeywords(),
        tokenizer: {
            root: [
                [/\/\/\/.*$/, 'comment.doc'],
                [/\/\/.*$/, 'comment'],
                [/\/\*/, 'comment', '@comment'],
                [/"/, 'string', '@string'],
                // Dates (2016-09-01) before numbers; words may hold a dash (first-exit, mbo-4).
                [/\d{4}-\d{2}-\d{2}/, 'number'],
                [/\d+(\.\d+)?%?/, 'number'],
                [/[A-Za-z_][\w]*(?:-[\w]+)*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
                [/[{}()[\]]/, '@brackets'],
                [/\.\.|[=<>!]=?|[,.:;|+*/-]/, 'delimiter'],
            ],
            comment: [
                [/[^/*]+/, 'comment'],
                [/\*\//, 'comment', '@pop'],
                [/[/*]/, 'comment'],
            ],
            string: [
                [/[^\\"]+/, 'string'],
                [/\\./, 'string.escape'],
                [/"/, 'string', '@pop'],
            ],
        },
    };
}

export const languageConfiguration: Monaco.languages.LanguageConfiguration = {
    comments: { lineComment: '//', blockComment: ['/*', '*/'] },
    brackets: [['{', '}'], ['(', ')'], ['[', ']']],
    autoClosingPairs: [{ open: '{', close: '}' }, { open: '(', close: ')' }, { open: '[', close: ']' }, { open: '"', close: '"', notIn: ['string', 'comment'] }],
    surroundingPairs: [{ open: '{', close: '}' }, { open: '(', close: ')' }, { open: '"', close: '"' }],
    wordPattern: /[A-Za-z_][\w]*(?:-[\w]+)*|\d{4}-\d{2}-\d{2}|\d+/,
};

/**
 * The light theme with colours for the server's semantic token types (Monaco's own themes colour only its tokenizers'
 * names): cohorts, conventions and sources like types, indicators like functions, codes like constants, columns.
 */
export const stroomTheme: Monaco.editor.IStandaloneThemeData = {
    base: 'vs', inherit: true, colors: {},
    rules: [
        { token: 'class', foreground: '267f99' }, { token: 'interface', foreground: '267f99' },
        { token: 'namespace', foreground: '267f99' }, { token: 'struct', foreground: '267f99' }, { token: 'type', foreground: '267f99' },
        { token: 'function', foreground: '795e26' },
        { token: 'enumMember', foreground: '0070c1' },
        { token: 'property', foreground: '001080' }, { token: 'variable', foreground: '001080' },
        { token: 'comment.doc', foreground: '008000', fontStyle: 'italic' },
    ],
};
