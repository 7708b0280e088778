// Quick fixes keyed on diagnostic codes: one per option for a missing choice (inserted where the choice belongs,
// possibly in another file), "use the convention's value" for an override, "keep the first value" for a choice set
// twice.
import { AstUtils, CstUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command, Diagnostic, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { choiceSpec, type ChoiceKey } from '../definition/choices.js';
import { cohortOf } from '../definition/resolve.js';

export class StroomCodeActionProvider implements CodeActionProvider {
    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const data = diagnostic.data as { code?: string; choice?: ChoiceKey } | undefined;
            if (data?.code === 'missing-choice' && data.choice) actions.push(...this.missingChoice(document, diagnostic, data.choice));
            if (data?.code === 'convention-override') actions.push(...this.removeOverride(document, diagnostic));
            if (data?.code === 'duplicate-clause') actions.push(...this.removeLine(document, diagnostic, 'Keep the first value (remove this line) / Houd de eerste waarde'));
        }
        return actions;
    }

    private missingChoice(document: LangiumDocument, diagnostic: Diagnostic, choice: ChoiceKey): CodeAction[] {
        const offset = document.textDocument.offsetAt(diagnostic.range.start);
        const leaf = CstUtils.findLeafNodeAtOffset(document.parseResult.value.$cstNode!, offset);
        const indicator = leaf ? AstUtils.getContainerOfType(leaf.astNode, ast.isIndicator) : undefined;
        if (!indicator) return [];
        const spec = choiceSpec(choice);
        const target = spec.owner === 'cohort' ? cohortOf(indicator) : indicator;
        if (!target) return [];
        return spec.options.map((option, i) => {
            const edit = insertClause(target, option.text);
            return {
                title: `${option.text} — ${option.en}`,
                kind: CodeActionKind.QuickFix,
                diagnostics: [diagnostic],
                isPreferred: i === 0 && spec.options.length === 1,
                edit: { changes: { [edit.uri]: [edit.edit] } },
            };
        });
    }

    private removeOverride(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        return this.removeLine(document, diagnostic, 'Use the convention\'s value (remove this line)');
    }

    /** Removes the diagnostic's clause: its whole line when the clause is alone on it. */
    private removeLine(document: LangiumDocument, diagnostic: Diagnostic, title: string): CodeAction[] {
        const { start, end } = diagnostic.range;
        const lineText = document.textDocument.getText({ start: { line: start.line, character: 0 }, end: { line: start.line + 1, character: 0 } });
        const wholeLine = lineText.trim() === document.textDocument.getText(diagnostic.range).trim();
        const range = wholeLine ? { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } } : diagnostic.range;
        return [{
            title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: { changes: { [document.uri.toString()]: [{ range, newText: '' }] } },
        }];
    }
}

/** An edit that adds a clause as the last line of an element's body, indented like its other clauses. */
export function insertClause(target: ast.Cohort | ast.Indicator, text: string): { uri: string; edit: TextEdit } {
    const doc = AstUtils.getDocument(target);
    const cst = target.$cstNode!;
    const source = doc.textDocument;
    const closing = cst.end - 1; // the closing brace
    const pos = source.positionAt(closing);
    const lineStart = source.offsetAt({ line: pos.line, character: 0 });
    const before = source.getText().slice(lineStart, closing);
    const firstClause = target.clauses[0]?.$cstNode;
    const indent = firstClause ? ' '.repeat(source.positionAt(firstClause.offset).character) : `${before}    `;
    if (before.trim() === '') {
        return { uri: doc.uri.toString(), edit: { range: { start: { line: pos.line, character: 0 }, end: { line: pos.line, character: 0 } }, newText: `${indent}${text}\n` } };
    }
    return { uri: doc.uri.toString(), edit: { range: { start: pos, end: pos }, newText: `\n${indent}${text}\n` } };
}
