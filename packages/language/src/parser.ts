// Langium's parser with one change: hidden tokens (whitespace, comments) before a new node are placed by searching
// the node's container from the end instead of the front. The node being built is the last child of its container,
// so the search from the front made a file of N top-level elements cost N^2 (2.5 s of a 5 MB file's lint). And a text
// over 10 MB is not parsed at all (the editor may send one; the command line refuses such a file before reading it).
import {
    CstUtils, LeafCstNodeImpl, createLangiumParser, type CompositeCstNode, type CstNode, type LangiumCoreServices,
    type LangiumParser, type ParserOptions, type RootCstNode,
} from 'langium';
import type { IToken } from 'chevrotain';

interface Builder {
    readonly current: CompositeCstNode;
    readonly rootNode: RootCstNode;
    addHiddenNodes(tokens: IToken[]): void;
}

/** Same result as CstNodeBuilder.addHiddenNodes in Langium 4.1, with lastIndexOf for indexOf. */
function addHiddenNodes(this: Builder, tokens: IToken[]): void {
    const nodes: CstNode[] = tokens.map((token) => {
        const leaf = new LeafCstNodeImpl(token.startOffset, token.image.length, CstUtils.tokenToRange(token), token.tokenType, true);
        leaf.root = this.rootNode;
        return leaf;
    });
    let current = this.current;
    if (current.content.length > 0) {
        current.content.push(...nodes);
        return;
    }
    while (current.container) {
        const index = current.container.content.lastIndexOf(current);
        if (index > 0) {
            current.container.content.splice(index, 0, ...nodes);
            return;
        }
        current = current.container;
    }
    this.rootNode.content.unshift(...nodes);
}

/** The most characters of a text that is parsed: a 5 MB definition takes about 15 s, and none needs more. */
export const MAX_DEFINITION_CHARS = 10 * 1024 * 1024;

export function createStroomParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const builder = (parser as unknown as { nodeBuilder: Builder }).nodeBuilder;
    builder.addHiddenNodes = addHiddenNodes;
    const parse = parser.parse.bind(parser);
    parser.parse = ((text: string, options?: ParserOptions) => {
        if (text.length <= MAX_DEFINITION_CHARS) return parse(text, options);
        const empty = parse('', options);
        const message = `This text has ${text.length.toLocaleString('en-US')} characters, more than the ${MAX_DEFINITION_CHARS.toLocaleString('en-US')} a definition may have: it is not read. / Deze tekst is te groot om te lezen.`;
        return { ...empty, lexerErrors: [{ offset: 0, line: 1, column: 1, length: 1, message }] };
    }) as LangiumParser['parse'];
    return parser;
}
