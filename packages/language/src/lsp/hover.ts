// Hover: on an indicator (and on references to it) the same plain-prose explanation `stroom explain` writes, without
// the funnel (no data is read), in Dutch unless stroom.json says `"language": "en"`; the cohort's own choices on a
// cohort, the doc comment on anything else.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AstNode, LangiumDocuments, MaybePromise } from 'langium';
import { AstNodeHoverProvider } from 'langium/lsp';
import * as ast from '../generated/ast.js';
import { docComment, documentPath, resolveIndicator, resolveSource } from '../definition/resolve.js';
import type { SourceSpec } from '../definition/types.js';
import { explainMarkdown, onClause, type Lang, type SourcePick } from '../explain/explain.js';
import { plan as makePlan, type Plan } from '../plan/plan.js';
import { findRoot, readConfig, type WorkspaceConfig } from '../workspace/load.js';
import type { StroomServices } from '../stroom-module.js';

interface HoverConfig {
    readonly lang: Lang;
    readonly suppression?: number;
    readonly decimals?: number;
    readonly defaultSource?: string;
}

export class StroomHoverProvider extends AstNodeHoverProvider {
    private readonly documents: LangiumDocuments;
    /** Workspace root per folder, and stroom.json per root (read again when it changes). */
    private readonly roots = new Map<string, string>();
    private readonly configs = new Map<string, { readonly mtime: number; readonly config: HoverConfig }>();

    constructor(services: StroomServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    protected getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
        if (ast.isIndicator(node)) return this.indicatorHover(node);
        const doc = docComment(node);
        if (ast.isCohort(node) || ast.isConvention(node)) {
            const clauses = node.clauses.map((c) => c.$cstNode?.text.replace(/\s+/g, ' ')).filter(Boolean);
            return [`**${node.$type.toLowerCase()} ${node.name}**${node.title ? ` ${node.title}` : ''}`, ...(doc ? ['', doc] : []),
                '', '```stroom', ...clauses, '```'].join('\n');
        }
        if (ast.isSource(node)) {
            return [`**source ${node.name}**${node.title ? ` ${node.title}` : ''}`, ...(doc ? ['', doc] : [])].join('\n');
        }
        return doc;
    }

    private indicatorHover(node: ast.Indicator): string {
        const config = this.config(node);
        const { source, pick } = this.source(node, config);
        let spec: SourceSpec | undefined;
        try {
            spec = source ? resolveSource(source) : undefined;
        } catch {
            spec = undefined;
        }
        const { definition, problems } = resolveIndicator(node, { ...(spec ? { source: spec } : {}), ...(config.suppression !== undefined ? { suppression: config.suppression } : {}), ...(config.decimals !== undefined ? { decimals: config.decimals } : {}) });
        if (!definition) {
            return [`**${node.name}**: no complete definition yet / nog geen volledige definitie`, '',
                ...problems.filter((p) => p.severity === 'error').map((p) => `- ${p.message}`)].join('\n');
        }
        let plan: Plan | undefined;
        try {
            plan = spec ? makePlan(definition, spec) : undefined;
        } catch {
            plan = undefined; // a definition the source cannot compute: the dates come from the cohort's years
        }
        return explainMarkdown([{ definition, ...(spec && pick ? { source: spec, sourcePick: pick } : {}), ...(plan ? { plan } : {}) }], config.lang, 2);
    }

    /** The source a run would pick without --source: the indicator's or cohort's `on`, the workspace default, the only one. */
    private source(node: ast.Indicator, config: HoverConfig): { source?: ast.Source; pick?: SourcePick } {
        const own = onClause(node);
        const ref = node.clauses.find(ast.isOnSourceClause)?.source?.ref
            ?? node.clauses.find(ast.isCohortRefClause)?.cohort.ref?.clauses.find(ast.isOnSourceClause)?.source?.ref;
        if (own && ref) return { source: ref, pick: own };
        const sources = this.documents.all.toArray().flatMap((d) => {
            const root = d.parseResult?.value;
            return ast.isModel(root) ? root.elements.filter(ast.isSource) : [];
        });
        if (config.defaultSource) {
            const found = sources.filter((s) => s.name === config.defaultSource || `${s.$container.package ?? ''}.${s.name}` === config.defaultSource);
            return found.length === 1 ? { source: found[0], pick: { how: 'workspace' } } : {};
        }
        return sources.length === 1 ? { source: sources[0], pick: { how: 'only' } } : {};
    }

    private config(node: AstNode): HoverConfig {
        const file = documentPath(node);
        if (file.includes('://')) return { lang: 'nl' };
        const dir = path.dirname(file);
        let root = this.roots.get(dir);
        if (root === undefined) {
            root = findRoot(dir);
            this.roots.set(dir, root);
        }
        let mtime = -1;
        try {
            mtime = fs.statSync(path.join(root, 'stroom.json')).mtimeMs;
        } catch {
            mtime = -1;
        }
        const cached = this.configs.get(root);
        if (cached && cached.mtime === mtime) return cached.config;
        let read: WorkspaceConfig & { language?: unknown } = {};
        try {
            read = readConfig(root);
        } catch {
            read = {}; // an invalid stroom.json is reported elsewhere; the hover still works
        }
        const config: HoverConfig = {
            lang: read.language === 'en' ? 'en' : 'nl',
            ...(typeof read.suppression === 'number' ? { suppression: read.suppression } : {}),
            ...(typeof read.decimals === 'number' ? { decimals: read.decimals } : {}),
            ...(typeof read.defaultSource === 'string' ? { defaultSource: read.defaultSource } : {}),
        };
        this.configs.set(root, { mtime, config });
        return config;
    }
}
