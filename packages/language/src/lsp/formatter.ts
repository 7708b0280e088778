// Formatting: one clause per line, bodies indented four spaces, one blank line between top-level elements,
// single spaces inside clauses. Formatting twice equals formatting once (tested).
import type { AstNode } from 'langium';
import { AbstractFormatter, Formatting } from 'langium/lsp';
import * as ast from '../generated/ast.js';

export class StroomFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        if (ast.isModel(node)) {
            const f = this.getNodeFormatter(node);
            f.nodes(...node.imports).prepend(Formatting.newLine());
            node.elements.forEach((e, i) => {
                if (i > 0 || node.imports.length > 0 || node.package) this.getNodeFormatter(e).node(e).prepend(Formatting.newLines(2));
            });
            return;
        }
        if (ast.isSource(node) || ast.isCohort(node) || ast.isIndicator(node) || ast.isConvention(node) || ast.isMapping(node)) {
            const f = this.getNodeFormatter(node);
            const open = f.keyword('{');
            const close = f.keyword('}');
            open.prepend(Formatting.oneSpace());
            f.interior(open, close).prepend(Formatting.indent());
            close.prepend(Formatting.newLine());
            const members: AstNode[] = ast.isSource(node) ? node.members : ast.isMapping(node) ? node.fields : node.clauses;
            if (members.length === 0) close.prepend(Formatting.oneSpace());
            return;
        }
        if (ast.isValueMap(node)) {
            const f = this.getNodeFormatter(node);
            f.keyword('{').prepend(Formatting.oneSpace()).append(Formatting.oneSpace());
            f.keyword('}').prepend(Formatting.oneSpace());
            f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
            f.keywords(':').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
            return;
        }
        if (ast.isFieldMapping(node)) {
            const f = this.getNodeFormatter(node);
            f.keyword('=').surround(Formatting.oneSpace());
            return;
        }
        if (ast.isDateValue(node)) {
            const f = this.getNodeFormatter(node);
            f.keyword('(').prepend(Formatting.noSpace()).append(Formatting.noSpace());
            f.keyword(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
            f.keyword(')').prepend(Formatting.noSpace());
            return;
        }
        const container = node.$container;
        if (container && (ast.isSource(container) || ast.isCohort(container) || ast.isIndicator(container)
            || ast.isConvention(container) || ast.isMapping(container))) {
            this.getNodeFormatter(node).node(node).prepend(Formatting.newLine());
        }
        // Lists inside clauses: `a, b` with no space before the comma.
        this.getNodeFormatter(node).keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
    }
}
