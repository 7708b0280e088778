// Formatting: one clause per line, bodies indented four spaces, one blank line between top-level elements,
// single spaces inside clauses. Formatting twice equals formatting once (tested).
import type { AstNode } from 'langium';
import { AbstractFormatter, Formatting } from 'langium/lsp';
import * as ast from '../generated/ast.js';

export class StroomFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        if (ast.isModel(node)) {
            const f = this.getNodeFormatter(node);
            f.nodes(...node.imports).prepend(Formatting.newLine({ allowMore: true }));
            // Elements start on their own line; blank lines and doc comments between them are the author's.
            node.elements.forEach((e) => this.getNodeFormatter(e).node(e).prepend(Formatting.newLine({ allowMore: true })));
            return;
        }
        if (ast.isSource(node) || ast.isCohort(node) || ast.isIndicator(node) || ast.isConvention(node) || ast.isMapping(node)) {
            const f = this.getNodeFormatter(node);
            const open = f.keyword('{');
            const close = f.keyword('}');
            open.prepend(Formatting.oneSpace());
            f.interior(open, close).prepend(Formatting.indent({ allowMore: true }));
            close.prepend(Formatting.newLine());
            const members: AstNode[] = ast.isSource(node) ? node.members : ast.isMapping(node) ? node.fields : node.clauses;
            if (members.length === 0) close.prepend(Formatting.oneSpace());
            return;
        }
        if (ast.isValueMap(node)) {
            const f = this.getNodeFormatter(node);
            // Long maps may span lines: only the spacing around ':' and before ',' is fixed.
            f.keyword('{').prepend(Formatting.oneSpace());
            f.keywords(',').prepend(Formatting.noSpace());
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
        // Lists inside clauses: `a, b` with no space before the comma.
        this.getNodeFormatter(node).keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
    }
}
