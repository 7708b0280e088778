// The editor and shared definition packages: the server loads the packages stroom.json depends on (from
// node_modules, which Langium's workspace walk skips), so hover and go-to-definition reach into them; their files
// are read-only, so formatting and rename never edit an installed package.
import { URI, type LangiumDocument } from 'langium';
import { DefaultWorkspaceManager, type LangiumSharedCoreServices } from 'langium';
import type { WorkspaceFolder } from 'vscode-languageserver';
import type { TextEdit } from 'vscode-languageserver';
import { findRoot } from '../workspace/root.js';
import { isReadOnlyDefinition, resolveDependencies } from '../workspace/packages.js';
import { StroomFormatter } from './formatter.js';

export class StroomWorkspaceManager extends DefaultWorkspaceManager {
    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    protected override async loadAdditionalDocuments(folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void): Promise<void> {
        const roots = new Set(folders.map((f) => findRoot(URI.parse(f.uri).fsPath)));
        for (const root of roots) {
            for (const pkg of resolveDependencies(root).packages) {
                for (const file of pkg.files) {
                    collector(await this.langiumDocuments.getOrCreateDocument(URI.file(file)));
                }
            }
        }
    }
}

/** The formatter, refusing installed packages' files: an edit there would be lost at the next npm install. */
export class StroomPackageAwareFormatter extends StroomFormatter {
    override formatDocument(document: LangiumDocument, params: Parameters<StroomFormatter['formatDocument']>[1]): TextEdit[] {
        return isReadOnlyDefinition(document.uri.fsPath) ? [] : super.formatDocument(document, params);
    }

    override formatDocumentRange(document: LangiumDocument, params: Parameters<StroomFormatter['formatDocumentRange']>[1]): TextEdit[] | Promise<TextEdit[]> {
        return isReadOnlyDefinition(document.uri.fsPath) ? [] : super.formatDocumentRange(document, params);
    }

    override formatDocumentOnType(document: LangiumDocument, params: Parameters<StroomFormatter['formatDocumentOnType']>[1]): TextEdit[] | Promise<TextEdit[]> {
        return isReadOnlyDefinition(document.uri.fsPath) ? [] : super.formatDocumentOnType(document, params);
    }
}
