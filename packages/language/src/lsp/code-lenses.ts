// Code lenses: commands above indicators and examples. The server only places them; the editor extension
// implements the commands (VS Code: registered under these ids). Every argument is one plain JSON object:
//
//   stroom.run      { uri: string, indicator: string, qualifiedName: string }
//                   compute the indicator (`stroom run <file> --indicator <indicator>`), show the results view
//   stroom.sql      { uri: string, indicator: string, qualifiedName: string }
//                   show the SQL (`stroom compile <file> --indicator <indicator>`) in a new editor
//   stroom.explain  { uri: string, indicator: string, qualifiedName: string }
//                   show the explanation (`stroom explain <file> --indicator <indicator>`) in the card view
//   stroom.compare  { uri: string, indicator: string, qualifiedName: string, title: string }
//                   run the file's compare block with this title (`stroom compare <file> "<title>"`); one lens per
//                   compare block of the same file that names the indicator
//   stroom.test     { uri: string, example: string }
//                   run the example block with this name (`stroom test <file>`, the block's result)
//
// `uri` is the document's URI (file:...), `indicator` the simple name as `--indicator` takes it, `qualifiedName`
// the name with its package (`regio_noord.UitvalCBS`), `title` and `example` without quotes.
import { GrammarUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { unquote } from '../definition/resolve.js';
import { qualifiedName } from '../scope.js';

export const STROOM_COMMANDS = {
    run: 'stroom.run', sql: 'stroom.sql', explain: 'stroom.explain', compare: 'stroom.compare', test: 'stroom.test',
} as const;

export class StroomCodeLensProvider implements CodeLensProvider {
    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): MaybePromise<CodeLens[]> {
        const model = document.parseResult?.value;
        if (!ast.isModel(model)) return [];
        const uri = document.uri.toString();
        const lenses: CodeLens[] = [];
        const compares = model.elements.filter(ast.isCompare);
        for (const element of model.elements) {
            if (ast.isIndicator(element) && element.name && element.$cstNode) {
                const range = (GrammarUtils.findNodeForProperty(element.$cstNode, 'name') ?? element.$cstNode).range;
                const args = { uri, indicator: element.name, qualifiedName: qualifiedName(model.package, element.name) };
                lenses.push(
                    { range, command: { title: 'Run', command: STROOM_COMMANDS.run, arguments: [args] } },
                    { range, command: { title: 'SQL', command: STROOM_COMMANDS.sql, arguments: [args] } },
                    { range, command: { title: 'Explain', command: STROOM_COMMANDS.explain, arguments: [args] } },
                );
                const naming = compares.filter((c) => c.sides.some((s) => s.target?.ref === element
                    || (!s.target?.ref && [element.name, args.qualifiedName].includes(s.target?.$refText ?? ''))));
                for (const c of naming) {
                    const title = unquote(c.title);
                    lenses.push({ range, command: {
                        title: naming.length === 1 ? 'Compare' : `Compare: ${title}`, command: STROOM_COMMANDS.compare,
                        arguments: [{ ...args, title }],
                    } });
                }
            }
            if (ast.isExample(element) && element.name && element.$cstNode) {
                const keyword = GrammarUtils.findNodeForKeyword(element.$cstNode, 'example') ?? element.$cstNode;
                lenses.push({ range: keyword.range, command: {
                    title: 'Test', command: STROOM_COMMANDS.test, arguments: [{ uri, example: unquote(element.name) }],
                } });
            }
        }
        return lenses;
    }
}
