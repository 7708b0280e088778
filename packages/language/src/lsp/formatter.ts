// Formatting: one clause per line, bodies indented four spaces, one blank line between top-level elements,
// single spaces inside clauses. Formatting twice equals formatting once (tested).
import { CstUtils, isLeafCstNode, type AstNode, type CstNode } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction, type FormattingContext } from 'langium/lsp';
import type { LangiumDocument } from 'langium';
import type { DocumentFormattingParams, TextEdit } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import type { StroomServices } from '../stroom-module.js';
import { CANONICAL_FORMAT_OPTIONS, formatText, wholeTextEdit, type FormatPass } from './format-text.js';

/** Tokens written without a space before them, and after them. */
const NO_SPACE_BEFORE = new Set([',', '.', '..', '.{', '.*', ')', '/']);
const NO_SPACE_AFTER = new Set(['.', '..', '.{', '(', '/']);

export class StroomFormatter extends AbstractFormatter implements FormatPass {
    constructor(private readonly services?: StroomServices) {
        super();
    }

    /**
     * The whole document as `stroom fmt` formats it (formatText: passes to a fixpoint, blank lines, line endings, the
     * token check), as one edit; the editor's tab settings are ignored. A text that does not parse gets no edits.
     */
    override formatDocument(document: LangiumDocument, params: DocumentFormattingParams): TextEdit[] {
        if (!this.services) return super.formatDocument(document, params) as TextEdit[];
        const text = document.textDocument.getText();
        let formatted: string;
        try {
            formatted = formatText(text, this.services);
        } catch {
            return [];
        }
        return wholeTextEdit(document.textDocument, text, formatted);
    }

    /**
     * Langium re-indents every line of a comment it moves, which rewrites the inside of a block comment (and is not
     * stable): only the indentation before the comment's first line is the formatter's to change.
     */
    protected override createHiddenTextEdits(previous: CstNode | undefined, hidden: CstNode, formatting: FormattingAction | undefined, context: FormattingContext): TextEdit[] {
        const line = hidden.range.start.line;
        return super.createHiddenTextEdits(previous, hidden, formatting, context).filter((e) => e.range.start.line === line);
    }

    /** One pass of the rules below, in the canonical options. */
    formatPass(document: LangiumDocument): TextEdit[] {
        return this.doDocumentFormat(document, CANONICAL_FORMAT_OPTIONS);
    }

    protected format(node: AstNode): void {
        // Value maps keep the author's line breaks; everything else gets single spaces between its own tokens. The
        // rules below come later and win where they say more (newlines, indentation, commas, parentheses).
        if (!ast.isValueMap(node) && !ast.isMapEntry(node)) this.singleSpaces(node);
        if (ast.isModel(node)) {
            const f = this.getNodeFormatter(node);
            f.nodes(...node.imports).prepend(Formatting.newLine({ allowMore: true }));
            // Elements start on their own line; blank lines and doc comments between them are the author's.
            node.elements.forEach((e) => this.getNodeFormatter(e).node(e).prepend(Formatting.newLine({ allowMore: true })));
            return;
        }
        const fielded = ast.isMapping(node) || ast.isPopulation(node) || ast.isOutcomes(node);
        if (ast.isSource(node) || ast.isCohort(node) || ast.isIndicator(node) || ast.isConvention(node) || fielded
            || ast.isExample(node) || ast.isExamplePerson(node)) {
            const f = this.getNodeFormatter(node);
            const open = f.keyword('{');
            const close = f.keyword('}');
            open.prepend(Formatting.oneSpace());
            f.interior(open, close).prepend(Formatting.indent({ allowMore: true }));
            close.prepend(Formatting.newLine());
            const members: AstNode[] = ast.isSource(node) || ast.isExample(node) ? node.members : fielded ? node.fields
                : ast.isExamplePerson(node) ? node.events : node.clauses;
            if (members.length === 0) close.prepend(Formatting.oneSpace());
            return;
        }
        if (ast.isValueMap(node)) {
            const f = this.getNodeFormatter(node);
            // Long maps may span lines: only the spacing around ':' and before ',' is fixed.
            f.keyword('map').prepend(Formatting.oneSpace());
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
        if (ast.isBinaryCondition(node) || ast.isNotCondition(node) || ast.isComparison(node)) {
            this.formatCondition(node);
            return;
        }
        if (ast.isImport(node)) {
            this.getNodeFormatter(node).keywords('}').prepend(Formatting.noSpace());
        }
        // Lists inside clauses: `a, b` with no space before the comma.
        this.getNodeFormatter(node).keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
    }

    /**
     * A row filter: `date(col, "fmt")` tight like a date value, nothing inside grouping parentheses, and a line break
     * before `and` / `or` kept when the author wrote one (a long filter may span lines).
     */
    private formatCondition(node: ast.BinaryCondition | ast.NotCondition | ast.Comparison): void {
        const f = this.getNodeFormatter(node);
        const cst = node.$cstNode;
        if (!cst) return;
        const leaves = CstUtils.streamCst(cst).filter((n): n is CstNode => isLeafCstNode(n) && !n.hidden).toArray();
        // A group's parentheses belong to the node inside them: no space after `(` and before `)`.
        if (leaves[0]?.text === '(' && leaves[leaves.length - 1]?.text === ')' && leaves.length > 2) {
            f.cst([leaves[1]]).prepend(Formatting.noSpace());
            f.cst([leaves[leaves.length - 1]]).prepend(Formatting.noSpace());
        }
        if (ast.isComparison(node) && node.dateColumn !== undefined) {
            const date = leaves.findIndex((l) => l.text === 'date' && l.astNode === node);
            if (date >= 0) {
                f.cst([leaves[date + 1]]).prepend(Formatting.noSpace());
                f.cst([leaves[date + 2]]).prepend(Formatting.noSpace());
                f.cst([leaves[date + 5]]).prepend(Formatting.noSpace());
            }
        }
        if (ast.isBinaryCondition(node)) {
            const operator = leaves.find((l) => l.astNode === node && (l.text === 'and' || l.text === 'or'));
            if (operator) {
                const broken = operator.range.start.line > (leaves[leaves.indexOf(operator) - 1]?.range.end.line ?? operator.range.start.line);
                f.cst([operator]).prepend(broken ? Formatting.indent({ allowMore: false }) : Formatting.oneSpace());
            }
        }
        // Commas of `in (...)`.
        f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
    }

    /**
     * One space between consecutive tokens of the node itself (not those of its children), none around `.`, `..`
     * and inside parentheses. The node's first token is left alone: where a node starts is its container's business;
     * so is the space after a comma (one rule per gap, or Langium applies both edits).
     */
    private singleSpaces(node: AstNode): void {
        const cst = node.$cstNode;
        if (!cst) return;
        const leaves = CstUtils.streamCst(cst).filter((n): n is CstNode => isLeafCstNode(n) && !n.hidden).toArray();
        const own = leaves.filter((leaf, i) => i > 0 && leaf.astNode === node);
        if (own.length === 0) return;
        const f = this.getNodeFormatter(node);
        for (const leaf of own) {
            const previous = leaves[leaves.indexOf(leaf) - 1];
            if (previous.text === ',') continue; // the comma's own rule puts one space after it
            const tight = NO_SPACE_BEFORE.has(leaf.text) || NO_SPACE_AFTER.has(previous.text);
            f.cst([leaf]).prepend(tight ? Formatting.noSpace() : Formatting.oneSpace());
        }
    }
}
