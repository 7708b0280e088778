// Find references and rename across the workspace. Langium's defaults see cross-references only; Stroom also names
// elements in imports (`import defs.{Starters}`, `import defs.Starters`) and by qualified name (`defs.Starters`). So
// references add the import mentions, and rename replaces only the last part of a qualified reference (the package
// stays), the name inside imports, and the declaration itself.
import { AstUtils, CstUtils, GrammarUtils, URI, type AstNode, type LangiumDocument, type LangiumDocuments, type References } from 'langium';
import { DefaultReferencesProvider, DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import {
    ResponseError, type CancellationToken, type Location, type Range, type ReferenceParams, type RenameParams, type TextEdit,
    type WorkspaceEdit,
} from 'vscode-languageserver';
import { ErrorCodes } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { qualifiedName } from '../scope.js';
import { isReadOnlyDefinition } from '../workspace/packages.js';

type Named = ast.Cohort | ast.Indicator | ast.Convention | ast.Source;
const ID = /^[_a-zA-Z]\w*(-\w+)*$/;

function isTopLevelNamed(node: AstNode | undefined): node is Named {
    return ast.isCohort(node) || ast.isIndicator(node) || ast.isConvention(node) || ast.isSource(node);
}

/** The simple name's range at the end of a (possibly qualified) name whose text starts at `range.start`. */
function lastPartRange(document: LangiumDocument, range: Range, name: string): Range | undefined {
    const text = document.textDocument.getText(range);
    if (!text.endsWith(name)) return undefined;
    const end = document.textDocument.offsetAt(range.end);
    return { start: document.textDocument.positionAt(end - name.length), end: range.end };
}

/** Where imports in the workspace name a top-level element: the range of its simple name in each. */
export function importMentions(documents: LangiumDocuments, target: Named): Array<{ document: LangiumDocument; range: Range }> {
    const model = AstUtils.getContainerOfType(target, ast.isModel);
    const qualified = qualifiedName(model?.package, target.name);
    const pkg = model?.package;
    const found: Array<{ document: LangiumDocument; range: Range }> = [];
    for (const document of documents.all) {
        const root = document.parseResult?.value;
        if (!ast.isModel(root)) continue;
        for (const imp of root.imports) {
            if (!imp.$cstNode || !imp.path) continue;
            if (imp.names.length > 0) {
                if (imp.path !== pkg) continue;
                const nodes = GrammarUtils.findNodesForProperty(imp.$cstNode, 'names');
                imp.names.forEach((n, i) => { if (n === target.name && nodes[i]) found.push({ document, range: nodes[i].range }); });
            } else if (!imp.wildcard && imp.path === qualified) {
                const pathNode = GrammarUtils.findNodeForProperty(imp.$cstNode, 'path');
                const range = pathNode ? lastPartRange(document, pathNode.range, target.name) : undefined;
                if (range) found.push({ document, range });
            }
        }
    }
    return found;
}

/** The top-level element named at an offset: its declaration name, a reference to it, or its name in an import. */
function targetAt(document: LangiumDocument, offset: number, references: References, documents: LangiumDocuments): Named | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset) ?? CstUtils.findLeafNodeBeforeOffset(root, offset);
    if (!leaf) return undefined;
    for (const node of references.findDeclarations(leaf)) if (isTopLevelNamed(node)) return node;
    const imp = AstUtils.getContainerOfType(leaf.astNode, ast.isImport);
    if (imp?.path && leaf.text !== imp.path.split('.')[0]) {
        const name = leaf.text;
        const qualified = imp.names.includes(name) ? `${imp.path}.${name}` : imp.path;
        for (const doc of documents.all) {
            const model = doc.parseResult?.value;
            if (!ast.isModel(model)) continue;
            const hit = model.elements.find((e) => isTopLevelNamed(e) && qualifiedName(model.package, e.name) === qualified);
            if (hit && isTopLevelNamed(hit)) return hit;
        }
    }
    return undefined;
}

export class StroomReferencesProvider extends DefaultReferencesProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override findReferences(document: LangiumDocument, params: ReferenceParams, cancelToken?: CancellationToken): Promise<Location[]> | Location[] {
        const offset = document.textDocument.offsetAt(params.position);
        const target = targetAt(document, offset, this.references, this.documents);
        if (!target) return super.findReferences(document, params, cancelToken);
        const locations: Location[] = this.references.findReferences(target, { includeDeclaration: params.context.includeDeclaration })
            .map((r) => ({ uri: r.sourceUri.toString(), range: r.segment.range })).toArray();
        for (const m of importMentions(this.documents, target)) locations.push({ uri: m.document.uri.toString(), range: m.range });
        return locations;
    }
}

export class StroomRenameProvider extends DefaultRenameProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override async rename(document: LangiumDocument, params: RenameParams, cancelToken?: CancellationToken): Promise<WorkspaceEdit | undefined> {
        const target = targetAt(document, document.textDocument.offsetAt(params.position), this.references, this.documents);
        if (!target) return super.rename(document, params, cancelToken);
        const home = AstUtils.getDocument(target).uri.fsPath;
        if (isReadOnlyDefinition(home)) {
            // An installed package's file would be overwritten by the next npm install: rename it in the package.
            throw new ResponseError(ErrorCodes.InvalidRequest, `'${target.name}' is defined in an installed package (${home}) and cannot be renamed here / staat in een geïnstalleerd pakket en kan hier niet worden hernoemd`);
        }
        if (!ID.test(params.newName)) {
            throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is not a name (letters, digits, _ and -) / geen geldige naam`);
        }
        const changes: Record<string, TextEdit[]> = {};
        const add = (uri: string, range: Range) => {
            const list = (changes[uri] ??= []);
            if (!list.some((e) => e.range.start.line === range.start.line && e.range.start.character === range.start.character)) {
                list.push({ range, newText: params.newName });
            }
        };
        for (const ref of this.references.findReferences(target, { includeDeclaration: true })) {
            const doc = this.documents.getDocument(ref.sourceUri);
            const range = doc ? lastPartRange(doc, ref.segment.range, target.name) : undefined;
            if (range) add(ref.sourceUri.toString(), range);
        }
        for (const m of importMentions(this.documents, target)) add(m.document.uri.toString(), m.range);
        for (const uri of Object.keys(changes)) if (isReadOnlyDefinition(URI.parse(uri).fsPath)) delete changes[uri];
        return { changes };
    }

    override prepareRename(document: LangiumDocument, params: { position: { line: number; character: number } }): Range | undefined {
        const offset = document.textDocument.offsetAt(params.position);
        const target = targetAt(document, offset, this.references, this.documents);
        if (!target) return super.prepareRename(document, params as never) as Range | undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(document.parseResult.value.$cstNode!, offset);
        return leaf && leaf.text === target.name ? leaf.range : undefined;
    }
}
