// What an edit rebuilds in the editor. Langium's DocumentBuilder takes every document that references a changed file
// through all phases together with it, so the edited file's diagnostics waited for the whole workspace: an edit of the
// conventions file relinked 300 files before its own diagnostics were published. Here an update runs in two stages:
// 1. the changed files alone (parse, index, link, validate: their diagnostics are published);
// 2. the files that depend on them, and only as far as the change reaches them:
//    - an exported name added, removed or of another type: the files that referenced it, that have unresolved
//      references, that define or import one of those names or are in its package are rebuilt (relinked and
//      re-validated);
//    - an exported element whose content changed (its tokens and their lines; comments and spaces aside): the files
//      that reference that element are rebuilt, and the files that reference those, since validation reads through
//      references;
//    - otherwise (a comment or spaces within a line, an element nobody references) the referencing files keep their
//      diagnostics, and their references are resolved again on access (a reparse replaced the syntax tree).
// Stage 2 is cancelled by the next edit like any build, and what it did not finish is picked up by the next update.
import {
    Cancellation, CstUtils, DefaultDocumentBuilder, DefaultIndexManager, DocumentState, interruptAndCheck, isLeafCstNode,
    URI, type LangiumDocument, type LangiumSharedCoreServices, type ReferenceDescription,
} from 'langium';
import * as ast from '../generated/ast.js';
import { importedNames, qualifiedName } from '../scope.js';

export class StroomIndexManager extends DefaultIndexManager {
    /**
     * The documents (by URI) holding a cross-reference into one of `uris`, with those references, as last indexed.
     * A document's references to itself do not count.
     */
    dependentsOf(uris: ReadonlySet<string>): Map<string, ReferenceDescription[]> {
        const result = new Map<string, ReferenceDescription[]>();
        for (const [source, refs] of this.referenceIndex) {
            if (uris.has(source)) continue;
            const into = refs.filter((r) => !r.local && uris.has(r.targetUri.toString()));
            if (into.length > 0) result.set(source, into);
        }
        return result;
    }
}

/** A document's exported elements as other documents see them: by qualified name, with their path and content. */
interface Exports {
    /** The package and imports: they decide what the elements' own references mean. */
    readonly header: string;
    readonly byName: Map<string, { readonly type: string; readonly path: string; readonly content: string | undefined }>;
}

/**
 * The tokens of a syntax node without whitespace and comments, each with its line: messages in other files cite
 * the lines of what they read (`overrides convention CBS's ... (published.stroom line 28)`).
 */
function tokens(node: ast.Model['elements'][number] | ast.Import | undefined): string {
    if (!node?.$cstNode) return '';
    const parts: string[] = [];
    for (const leaf of CstUtils.streamCst(node.$cstNode)) {
        if (isLeafCstNode(leaf) && !leaf.hidden) parts.push(`${leaf.range.start.line}:${leaf.text}`);
    }
    return parts.join('\u0001');
}

/** A document's exports; their content only when `content` (other documents reference it: reading costs a walk). */
function exportsOf(document: LangiumDocument, content = false): Exports | undefined {
    const model = document.parseResult?.value;
    if (!ast.isModel(model)) return undefined;
    const byName: Exports['byName'] = new Map();
    model.elements.forEach((element, i) => {
        // The same elements StroomScopeComputation exports.
        if (ast.isCompare(element) || ast.isExample(element) || !element.name) return;
        const name = qualifiedName(model.package, element.name);
        if (!byName.has(name)) byName.set(name, { type: element.$type, path: `/elements@${i}`, content: content ? tokens(element) : undefined });
    });
    return { header: [model.package ?? '', ...model.imports.map(tokens)].join('\u0002'), byName };
}

export class StroomDocumentBuilder extends DefaultDocumentBuilder {
    private readonly index: StroomIndexManager;
    /**
     * The exports of a changed document as the other documents last saw them, kept until an update has decided what
     * the change means for them (an update cancelled before that leaves it for the next one).
     */
    private readonly baseline = new Map<string, Exports | undefined>();
    /**
     * Documents whose references were reset to be resolved on access (their targets were reparsed, unchanged), with
     * whether they had unresolved references then: their list of resolved references is partial until relinked.
     */
    private readonly lazy = new Map<string, boolean>();
    /** Lazy documents whose reference index is to be rebuilt (what they reference moved). */
    private readonly reindex = new Set<string>();
    /** While the changed documents are built alone, the lowest state of the others: the builder reports no more. */
    private floor: DocumentState | undefined;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.index = services.workspace.IndexManager as StroomIndexManager;
    }

    override async update(changed: URI[], deleted: URI[], cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        this.currentState = DocumentState.Changed;
        const deletedUris: string[] = [];
        const deletedNames = new Set<string>();
        for (const uri of deleted) {
            // A deleted URI may be a folder: every document inside it goes.
            for (const doc of this.langiumDocuments.deleteDocuments(uri)) {
                const key = doc.uri.toString();
                deletedUris.push(key);
                for (const name of exportsOf(doc)?.byName.keys() ?? []) deletedNames.add(name);
                this.buildState.delete(key);
                this.baseline.delete(key);
                this.lazy.delete(key);
                this.reindex.delete(key);
                this.indexManager.remove(doc.uri);
            }
        }
        if (deletedUris.length > 0) {
            // What used a deleted document is rebuilt whatever else happens (a later update may cancel this one).
            const { rebuild } = this.affected(new Set(), deletedUris, deletedNames, this.index.dependentsOf(new Set(deletedUris)));
            for (const key of rebuild) this.rebuildLater(key);
        }
        const changedUris = (await Promise.all(changed.map((uri) => this.findChangedUris(uri)))).flat();
        const used = this.index.dependentsOf(new Set(changedUris.map((uri) => uri.toString())));
        const usedTargets = new Set([...used.values()].flat().map((r) => r.targetUri.toString()));
        for (const uri of changedUris) {
            const key = uri.toString();
            const existing = this.langiumDocuments.getDocument(uri);
            // The oldest exports not yet accounted for, read before the reparse replaces the syntax tree.
            if (!this.baseline.has(key)) {
                this.baseline.set(key, existing && existing.state >= DocumentState.Parsed ? exportsOf(existing, usedTargets.has(key)) : undefined);
            }
            if (!this.langiumDocuments.invalidateDocument(uri)) {
                // Not known yet: an unparsed document, parsed in the first phase of the build (where it can be cancelled).
                const document = this.langiumDocumentFactory.fromModel({ $type: 'INVALID' }, uri);
                document.state = DocumentState.Changed;
                this.langiumDocuments.addDocument(document);
            }
            this.buildState.delete(key);
            this.lazy.delete(key);
        }
        // Changed now, or in an update cancelled before it decided what the change means for the others.
        const changedKeys = new Set(this.baseline.keys());
        const touched = new Set([...changedKeys, ...deletedUris]);
        const dependents = this.index.dependentsOf(changedKeys);
        // References into a reparsed document point at its old syntax tree: reset them, to be resolved on access.
        for (const key of dependents.keys()) {
            const doc = this.langiumDocuments.getDocument(URI.parse(key));
            if (doc && doc.state >= DocumentState.Linked && !touched.has(key)) {
                if (!this.lazy.has(key)) this.lazy.set(key, doc.references.some((r) => r.error !== undefined));
                this.serviceRegistry.getServices(doc.uri).references.Linker.unlink(doc);
            }
        }
        await this.emitUpdate(changedUris, deletedUris.map((key) => URI.parse(key)));
        await interruptAndCheck(cancelToken);

        // Stage 1: the changed documents, and any not indexed yet (their names are needed to link the changed ones).
        const first = this.langiumDocuments.all.filter((doc) => changedKeys.has(doc.uri.toString()) || doc.state < DocumentState.IndexedContent).toArray();
        const firstKeys = new Set(first.map((doc) => doc.uri.toString()));
        const waiting = this.langiumDocuments.all.filter((doc) => !firstKeys.has(doc.uri.toString()) && this.unfinished(doc)).toArray();
        this.floor = waiting.length > 0 ? Math.min(...waiting.map((doc) => doc.state)) : undefined;
        try {
            await this.buildDocuments(this.sortDocuments(first), this.updateBuildOptions, cancelToken);
        } finally {
            this.floor = undefined;
        }

        // Stage 2: what the change means for the others.
        const { rebuild, relink } = this.affected(changedKeys, [], new Set(), dependents);
        for (const key of changedKeys) this.baseline.delete(key);
        for (const key of rebuild) this.rebuildLater(key);
        const second = this.langiumDocuments.all.filter((doc) => !changedKeys.has(doc.uri.toString()) && this.unfinished(doc)).toArray();
        if (second.length > 0) {
            this.currentState = Math.min(...second.map((doc) => doc.state));
            await this.buildDocuments(this.sortDocuments(second), this.updateBuildOptions, cancelToken);
        }
        // Elements moved in a changed document (an element added before them): the reference index of the documents
        // that use them, which find-references and rename read, holds their old paths.
        for (const key of relink) this.reindex.add(key);
        for (const key of [...this.reindex]) {
            await interruptAndCheck(cancelToken);
            const doc = this.langiumDocuments.getDocument(URI.parse(key));
            if (doc && doc.state >= DocumentState.Linked && this.lazy.has(key)) {
                await this.serviceRegistry.getServices(doc.uri).references.Linker.link(doc, cancelToken);
                await this.indexManager.updateReferences(doc, cancelToken);
                this.lazy.delete(key);
            }
            this.reindex.delete(key);
        }
    }

    /** Resets a document to be relinked and re-validated by the next build that takes it. */
    private rebuildLater(key: string): void {
        const doc = this.langiumDocuments.getDocument(URI.parse(key));
        if (!doc) return;
        this.resetToState(doc, DocumentState.ComputedScopes);
        this.lazy.delete(key);
    }

    /** Documents a build has yet to finish: not linked, or an earlier build of them was cancelled. */
    private unfinished(doc: LangiumDocument): boolean {
        return doc.state < DocumentState.Linked || !this.buildState.get(doc.uri.toString())?.completed;
    }

    /**
     * The documents (by URI) to relink and re-validate after the changed documents were built, and those that only
     * need their reference index brought up to date.
     */
    private affected(changed: ReadonlySet<string>, deleted: readonly string[], deletedNames: ReadonlySet<string>,
        dependents: Map<string, ReferenceDescription[]>): { rebuild: Set<string>; relink: Set<string> } {
        const rebuild = new Set<string>();
        const relink = new Set<string>();
        const namesChanged = new Set(deletedNames);
        // Paths (as the dependents last indexed them) of exported elements that changed or went, and of those that
        // only moved, by document.
        const changedPaths = new Map<string, string[]>();
        const movedPaths = new Map<string, string[]>();
        for (const key of deleted) changedPaths.set(key, ['']);
        for (const key of changed) {
            const before = this.baseline.get(key);
            const doc = this.langiumDocuments.getDocument(URI.parse(key));
            const content = [...before?.byName.values() ?? []].some((e) => e.content !== undefined);
            const after = doc ? exportsOf(doc, content) : undefined;
            const paths: string[] = [];
            const moved: string[] = [];
            for (const [name, now] of after?.byName ?? []) if (before?.byName.get(name)?.type !== now.type) namesChanged.add(name);
            for (const [name, was] of before?.byName ?? []) {
                const now = after?.byName.get(name);
                if (now?.type !== was.type) namesChanged.add(name);
                if (!now || now.type !== was.type || now.content !== was.content || before!.header !== after!.header) paths.push(was.path);
                else if (now.path !== was.path) moved.push(was.path);
            }
            changedPaths.set(key, paths);
            movedPaths.set(key, moved);
        }
        const under = (paths: string[] | undefined, path: string) => paths?.some((p) => p === '' || path === p || path.startsWith(`${p}/`));
        for (const [source, refs] of dependents) {
            if (refs.some((r) => under(changedPaths.get(r.targetUri.toString()), r.targetPath))) rebuild.add(source);
            else if (refs.some((r) => under(movedPaths.get(r.targetUri.toString()), r.targetPath))) relink.add(source);
        }
        if (namesChanged.size > 0) {
            for (const doc of this.langiumDocuments.all) {
                const key = doc.uri.toString();
                if (changed.has(key) || rebuild.has(key)) continue;
                // Unresolved references may resolve now; a name defined twice, an import, or a simple name of the
                // document's own package may mean something else.
                const unresolved = this.lazy.get(key) ?? doc.references.some((r) => r.error !== undefined);
                if (unresolved || mentions(doc, namesChanged)) rebuild.add(key);
            }
        }
        // Validation reads through references (an indicator's cohort's convention): what references a rebuilt
        // document is rebuilt too.
        let frontier = new Set(rebuild);
        while (frontier.size > 0) {
            const next = new Set<string>();
            for (const source of this.index.dependentsOf(frontier).keys()) {
                if (!rebuild.has(source) && !changed.has(source)) {
                    rebuild.add(source);
                    next.add(source);
                }
            }
            frontier = next;
        }
        for (const key of rebuild) relink.delete(key);
        return { rebuild, relink };
    }

    protected override async runCancelable(documents: LangiumDocument[], targetState: DocumentState, cancelToken: Cancellation.CancellationToken,
        callback: (document: LangiumDocument) => unknown): Promise<void> {
        await super.runCancelable(documents, targetState, cancelToken, callback as never);
        // Requests wait for a document's phase while the builder's state is below it; other documents still wait.
        if (this.floor !== undefined && this.currentState > this.floor) this.currentState = this.floor;
    }
}

/** Whether a document defines one of the qualified names, imports it (or its package), or is in its package. */
function mentions(doc: LangiumDocument, names: ReadonlySet<string>): boolean {
    const model = doc.parseResult?.value;
    if (!ast.isModel(model)) return false;
    const own = model.package ?? '';
    for (const name of names) if ((name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '') === own) return true;
    for (const element of model.elements) {
        if (!ast.isCompare(element) && element.name && names.has(qualifiedName(model.package, element.name))) return true;
    }
    for (const imp of model.imports) {
        for (const entry of importedNames(imp)) {
            if ('packagePrefix' in entry ? [...names].some((n) => n.startsWith(`${entry.packagePrefix}.`)) : names.has(entry.qualified)) return true;
        }
    }
    return false;
}
