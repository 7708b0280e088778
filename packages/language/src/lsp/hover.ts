// Hover: the resolved definition card on an indicator (and on references to it), the cohort's own choices on a
// cohort, the doc comment on anything else.
import type { AstNode, MaybePromise } from 'langium';
import { AstNodeHoverProvider } from 'langium/lsp';
import * as ast from '../generated/ast.js';
import { docComment, resolveIndicator } from '../definition/resolve.js';
import { cardMarkdown } from '../explain/card.js';
import type { StroomServices } from '../stroom-module.js';

export class StroomHoverProvider extends AstNodeHoverProvider {
    constructor(services: StroomServices) {
        super(services);
    }

    protected getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
        if (ast.isIndicator(node)) {
            const { definition, problems } = resolveIndicator(node);
            if (definition) return cardMarkdown(definition);
            return [`**${node.name}**: no complete definition yet / nog geen volledige definitie`, '',
                ...problems.filter((p) => p.severity === 'error').map((p) => `- ${p.message}`)].join('\n');
        }
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
}
