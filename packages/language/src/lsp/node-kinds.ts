// Symbol and completion kinds, so editors show a source, a convention, a cohort and an indicator differently.
import type { AstNode, AstNodeDescription } from 'langium';
import { DefaultNodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';

const SYMBOL: Readonly<Record<string, SymbolKind>> = {
    Source: SymbolKind.Module,
    DataFile: SymbolKind.File,
    Convention: SymbolKind.Interface,
    Cohort: SymbolKind.Class,
    Indicator: SymbolKind.Function,
    Example: SymbolKind.Event,
    ExamplePerson: SymbolKind.Variable,
};

const COMPLETION: Readonly<Record<string, CompletionItemKind>> = {
    Source: CompletionItemKind.Module,
    DataFile: CompletionItemKind.File,
    Convention: CompletionItemKind.Interface,
    Cohort: CompletionItemKind.Class,
    Indicator: CompletionItemKind.Function,
    ExamplePerson: CompletionItemKind.Variable,
};

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}

export class StroomNodeKindProvider extends DefaultNodeKindProvider {
    override getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return SYMBOL[typeOf(node)] ?? super.getSymbolKind(node);
    }

    override getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return COMPLETION[typeOf(node)] ?? super.getCompletionItemKind(node);
    }
}
