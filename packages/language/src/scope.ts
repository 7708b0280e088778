// Names across files: every top-level element is exported under its qualified name (`package.Name`); a file sees,
// by simple name, its own elements, the other elements of its package and what it imports. Qualified names
// resolve everywhere.
import {
    AstUtils, DefaultScopeComputation, DefaultScopeProvider, DocumentState, MultiMap, MultiMapScope, WorkspaceCache, type AstNode,
    type AstNodeDescription, type LangiumCoreServices, type LangiumDocument, type ReferenceInfo, type Scope,
} from 'langium';
import * as ast from './generated/ast.js';
import { isModel, type Import, type Model } from './generated/ast.js';

export function qualifiedName(pkg: string | undefined, name: string): string {
    return pkg ? `${pkg}.${name}` : name;
}

/** The simple names an import brings into scope, keyed by the qualified name they stand for. */
export function importedNames(imp: Import): Array<{ simple: string; qualified: string } | { packagePrefix: string }> {
    if (!imp.path) return [];
    if (imp.wildcard) return [{ packagePrefix: imp.path }];
    if (imp.names.length > 0) return imp.names.map((n) => ({ simple: n, qualified: `${imp.path}.${n}` }));
    const last = imp.path.split('.').pop() ?? imp.path;
    return [{ simple: last, qualified: imp.path }];
}

export class StroomScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
        const model = document.parseResult.value as Model;
        const exports: AstNodeDescription[] = [];
        for (const element of model.elements) {
            // Examples and comparisons are named by a sentence, not referenced.
            if (!ast.isCompare(element) && element.name && !ast.isExample(element)) {
                exports.push(this.descriptions.createDescription(element, qualifiedName(model.package, element.name), document));
            }
        }
        return exports;
    }
}

export class StroomScopeProvider extends DefaultScopeProvider {
    /**
     * The global scope of a file depends only on the index and the file's package and imports, so it is built once per
     * file and reference type per build: built per reference, linking a file of N elements took N x (all elements).
     * Emptied when the index changes (after the IndexedContent phase of every build, and on every update).
     */
    private readonly fileScopes: WorkspaceCache<string, Scope>;
    private readonly indexes: WorkspaceCache<string, WorkspaceIndex>;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.fileScopes = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
        this.indexes = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
    }

    /**
     * Langium's scope chains the local symbols of every container as a stream searched front to back for each
     * reference: a file of N elements linked in N^2. A file's own elements (the Model's local symbols) are kept in one
     * map with the global scope behind them, built once per file, reference type and build; smaller containers
     * (an example's persons, a source's files) are still searched as streams.
     */
    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const document = AstUtils.getDocument(context.container);
        const model = document.parseResult.value;
        const locals = document.localSymbols;
        if (!locals || !isModel(model)) return super.getScope(context);
        const key = `${document.uri.toString()}\0${referenceType}\0file`;
        let result = this.fileScopes.get(key, () => {
            const own = locals.has(model) ? locals.getStream(model).filter((d) => this.reflection.isSubtype(d.type, referenceType)).toArray() : [];
            return new MultiMapScope(own, this.getGlobalScope(referenceType, context));
        });
        const inner: AstNode[] = [];
        for (let n: AstNode | undefined = context.container; n && n !== model; n = n.$container) if (locals.has(n)) inner.push(n);
        for (let i = inner.length - 1; i >= 0; i--) {
            result = this.createScope(locals.getStream(inner[i]).filter((d) => this.reflection.isSubtype(d.type, referenceType)), result);
        }
        return result;
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const model = AstUtils.getContainerOfType(context.container as AstNode, isModel);
        if (!model) return super.getGlobalScope(referenceType, context);
        const key = `${AstUtils.getDocument(model).uri.toString()}\0${referenceType}`;
        return this.fileScopes.get(key, () => this.fileScope(referenceType, model));
    }

    /**
     * The index of one reference type arranged once per build: by package (under the simple names) and by qualified
     * name. A file's scope then costs its package and imports, not the whole index: relinking the 300 files that use
     * an edited convention searched the whole index 300 times.
     */
    private workspaceIndex(referenceType: string): WorkspaceIndex {
        return this.indexes.get(referenceType, () => {
            const all = this.indexManager.allElements(referenceType).toArray();
            const byPackage = new MultiMap<string, AstNodeDescription>();
            for (const desc of all) {
                const dot = desc.name.lastIndexOf('.');
                byPackage.add(dot < 0 ? '' : desc.name.slice(0, dot), dot < 0 ? desc : { ...desc, name: desc.name.slice(dot + 1) });
            }
            return { byPackage, byQualified: new Map(all.map((d) => [d.name, d] as const)), qualified: new MultiMapScope(all) };
        });
    }

    private fileScope(referenceType: string, model: Model): Scope {
        const index = this.workspaceIndex(referenceType);
        // Same package (or both without a package): visible by simple name.
        const visible: AstNodeDescription[] = [...index.byPackage.get(model.package ?? '')];
        for (const imp of model.imports) {
            for (const entry of importedNames(imp)) {
                if ('packagePrefix' in entry) {
                    visible.push(...index.byPackage.get(entry.packagePrefix));
                } else {
                    const desc = index.byQualified.get(entry.qualified);
                    if (desc) visible.push({ ...desc, name: entry.simple });
                }
            }
        }
        // Qualified names always resolve, after the simple ones.
        return new MultiMapScope(visible, index.qualified);
    }
}

interface WorkspaceIndex {
    /** Descriptions under their simple names, by package ('' for none). */
    readonly byPackage: MultiMap<string, AstNodeDescription>;
    readonly byQualified: ReadonlyMap<string, AstNodeDescription>;
    /** Every description under its qualified name. */
    readonly qualified: Scope;
}
