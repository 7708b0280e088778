// Workspace symbols: the index holds qualified names (`defs.Starters`); an editor shows the simple name with its
// package as the container. The query matches the simple name or the qualified one, so both `Starters` and
// `defs.St` find it.
import type { AstNodeDescription } from 'langium';
import { DefaultWorkspaceSymbolProvider } from 'langium/lsp';
import type { CancellationToken, WorkspaceSymbol, WorkspaceSymbolParams } from 'vscode-languageserver';

export class StroomWorkspaceSymbolProvider extends DefaultWorkspaceSymbolProvider {
    override async getSymbols(params: WorkspaceSymbolParams, _cancelToken?: CancellationToken): Promise<WorkspaceSymbol[]> {
        const query = params.query.toLowerCase();
        const symbols: WorkspaceSymbol[] = [];
        for (const description of this.indexManager.allElements()) {
            const simple = description.name.slice(description.name.lastIndexOf('.') + 1);
            if (!this.fuzzyMatcher.match(query, simple) && !this.fuzzyMatcher.match(query, description.name)) continue;
            const symbol = this.getWorkspaceSymbol(description);
            if (symbol) symbols.push(symbol);
        }
        return symbols;
    }

    protected override getWorkspaceSymbol(description: AstNodeDescription): WorkspaceSymbol | undefined {
        const symbol = super.getWorkspaceSymbol(description);
        if (!symbol) return undefined;
        const dot = description.name.lastIndexOf('.');
        return dot < 0 ? symbol : { ...symbol, name: description.name.slice(dot + 1), containerName: description.name.slice(0, dot) };
    }
}
