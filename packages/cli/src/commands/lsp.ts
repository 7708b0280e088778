// stroom lsp --stdio: the language server for any LSP editor (VS Code, Neovim, Helix, ...).
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createStroomServices } from '@stroom/language';

export function startServer(): void {
    const connection = createConnection(ProposedFeatures.all);
    const { shared } = createStroomServices({ connection, ...NodeFileSystem });
    startLanguageServer(shared);
}
