// Completion on top of Langium's (keywords, references): choice values carry what each option means (from CHOICES,
// in Dutch and English), numbers that complete a choice (`after ` -> `1 year`, ...) are offered as whole options, and
// inside a mapping's field values the column names of the mapped data file are offered, read from the file itself
// (a CSV header, the fields of a fixed-width layout, or the fields of a records layout's record type).
import { AstUtils, GrammarAST, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type NextFeature,
} from 'langium/lsp';
import {
    CompletionItemKind, MarkupKind, type CancellationToken, type CompletionItem, type CompletionList, type CompletionParams,
} from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { CHOICES, type ChoiceOption, type ChoiceSpec } from '../definition/choices.js';
import { dataFileSpec, unquote } from '../definition/resolve.js';
import { readCsvHeaderInfo } from '../workspace/csv-header.js';
import { recordColumns } from '../workspace/records-layout.js';
import type { StroomServices } from '../stroom-module.js';

/** Keywords the `Column` rule accepts bare; any other keyword must be quoted to be a column. */
const COLUMN_KEYWORDS = new Set(['person', 'institution', 'programme', 'sector', 'level', 'mode', 'main', 'funded', 'start',
    'end', 'kind', 'date', 'category', 'gender', 'region', 'code', 'label']);
const ID = /^[_a-zA-Z]\w*(-\w+)*$/;

interface OptionMatch {
    readonly spec: ChoiceSpec;
    readonly option: ChoiceOption;
    /** The option's words after the ones already written. */
    readonly rest: readonly string[];
}

export class StroomCompletionProvider extends DefaultCompletionProvider {
    private readonly keywords: Set<string>;

    constructor(services: StroomServices) {
        super(services);
        this.keywords = new Set(AstUtils.streamAllContents(this.grammar).filter(GrammarAST.isKeyword).map((k) => k.value).toArray());
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        const list = await super.getCompletion(document, params, cancelToken);
        // Right after `date(` the completion parser finds no next feature (`date` is also a column name): offer the
        // columns here by the text before the cursor.
        const text = document.textDocument.getText();
        const offset = document.textDocument.offsetAt(params.position);
        const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        const m = /\bdate\s*\(\s*("?[^",()]*)$/.exec(text.slice(lineStart, offset));
        if (m && !(list?.items.some((i) => i.kind === CompletionItemKind.Field))) {
            const mapping = this.mappingAtOffset(document, offset);
            if (mapping) {
                const typed = m[1];
                const range = { start: document.textDocument.positionAt(offset - typed.length), end: params.position };
                const items: CompletionItem[] = this.columnTexts(mapping, typed).map((insert) => ({
                    label: insert, kind: CompletionItemKind.Field, detail: `column of ${mapping.file?.$refText ?? 'the data file'}`,
                    sortText: '0', textEdit: { range, newText: insert },
                }));
                return { isIncomplete: true, items: [...items, ...(list?.items ?? [])] };
            }
        }
        return list;
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        // The parser hands over the parts of the `Column` rule (ID, STRING, the keywords it allows), or the rule call.
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule);
        if (rule?.name === 'Column' || (GrammarAST.isRuleCall(next.feature) && next.feature.rule.ref?.name === 'Column')) {
            return this.completionForColumn(context, acceptor);
        }
        if (GrammarAST.isRuleCall(next.feature) && next.feature.rule.ref?.name === 'INT') {
            // `after <|>`: the options whose next word is a number, as whole continuations.
            for (const match of this.optionMatches(context)) {
                if (!/^\d/.test(match.rest[0] ?? '')) continue;
                acceptor(context, { label: match.rest.join(' '), kind: CompletionItemKind.Value, ...this.explain(match), sortText: '0' });
            }
            return;
        }
        return super.completionFor(context, next, acceptor);
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (!this.filterKeyword(context, keyword)) return;
        const matches = this.optionMatches(context).filter((m) => m.rest[0] === keyword.value);
        if (matches.length > 0) {
            // The option this word completes; among several (`inflow direct`, `inflow direct gap 1 year`), the shortest.
            const best = [...matches].sort((a, b) => a.rest.length - b.rest.length)[0];
            const written = best.option.text.split(/\s+/).length - best.rest.length;
            if (written > 0 || best.spec.options.every((o) => o.text.split(/\s+/)[0] === keyword.value)) {
                const explained = written > 0 ? this.explain(best) : this.explainChoice(best.spec);
                acceptor(context, { label: keyword.value, kind: CompletionItemKind.EnumMember, ...explained, sortText: written > 0 ? '0' : '1' });
                return;
            }
        }
        return super.completionForKeyword(context, keyword, acceptor);
    }

    private explain(match: OptionMatch): Pick<CompletionItem, 'detail' | 'documentation'> {
        return {
            detail: `${match.option.en} / ${match.option.nl}`,
            documentation: {
                kind: MarkupKind.Markdown,
                value: `\`${match.option.text}\`\n\n${match.spec.en} / ${match.spec.nl}: ${match.option.en}\n\n${match.option.nl}`,
            },
        };
    }

    private explainChoice(spec: ChoiceSpec): Pick<CompletionItem, 'detail' | 'documentation'> {
        return {
            detail: `choice: ${spec.en} / keuze: ${spec.nl}`,
            documentation: { kind: MarkupKind.Markdown, value: spec.options.map((o) => `- \`${o.text}\`: ${o.en} / ${o.nl}`).join('\n') },
        };
    }

    /** Options whose first words are the last words written before the token being completed (on its line). */
    private optionMatches(context: CompletionContext): OptionMatch[] {
        const text = context.textDocument.getText();
        const lineStart = text.lastIndexOf('\n', context.tokenOffset - 1) + 1;
        const before = text.slice(lineStart, context.tokenOffset).replace(/\/\/.*$/, '').trim();
        const words = before === '' ? [] : before.split(/\s+/);
        const found: OptionMatch[] = [];
        for (const spec of CHOICES) {
            for (const option of spec.options) {
                const optionWords = option.text.split(/\s+/);
                // The longest k such that the line ends with the option's first k words (k = 0: the clause begins here).
                for (let k = Math.min(words.length, optionWords.length - 1); k >= 0; k--) {
                    const tail = words.slice(words.length - k);
                    if (k === 0 && words.length > 0 && !/[{}]$/.test(words[words.length - 1])) continue;
                    if (tail.every((w, i) => w === optionWords[i])) {
                        found.push({ spec, option, rest: optionWords.slice(k) });
                        break;
                    }
                }
            }
        }
        return found;
    }

    /** The mapping's columns as they are written: bare when the grammar allows it, else quoted. */
    private columnTexts(mapping: ast.Mapping, typed: string): string[] {
        let columns: readonly string[];
        try {
            columns = this.columnsOf(mapping);
        } catch {
            return []; // an unreadable file: no columns to offer
        }
        return columns.filter((c) => c !== '').map((column) => {
            const bare = ID.test(column) && (!this.keywords.has(column) || COLUMN_KEYWORDS.has(column));
            return bare && !typed.startsWith('"') ? column : JSON.stringify(column);
        });
    }

    private completionForColumn(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const mapping = this.mappingAt(context);
        if (!mapping) return;
        const typed = context.textDocument.getText().slice(context.tokenOffset, context.offset);
        for (const insert of this.columnTexts(mapping, typed)) {
            acceptor(context, {
                label: insert,
                filterText: insert,
                insertText: insert,
                kind: CompletionItemKind.Field,
                detail: `column of ${mapping.file?.$refText ?? 'the data file'}`,
                sortText: '0',
            });
        }
    }

    private mappingAt(context: CompletionContext): ast.Mapping | undefined {
        const node: AstNode | undefined = context.node;
        const found = node ? AstUtils.getContainerOfType(node, ast.isMapping) : undefined;
        if (found) return found;
        return this.mappingAtOffset(context.document, context.offset);
    }

    /** The mapping whose text holds the offset (the parser may not have built the node at the cursor). */
    private mappingAtOffset(document: LangiumDocument, offset: number): ast.Mapping | undefined {
        const model = document.parseResult.value as ast.Model;
        for (const source of model.elements?.filter(ast.isSource) ?? []) {
            for (const m of source.members.filter(ast.isMapping)) {
                const cst = m.$cstNode;
                if (cst && cst.offset <= offset && offset <= cst.end) return m;
            }
        }
        return undefined;
    }

    /** The columns a mapping reads: the file's header or layout fields (with a joined record type's fields). */
    private columnsOf(mapping: ast.Mapping): string[] {
        const file = mapping.file?.ref;
        if (!file) return [];
        const spec = dataFileSpec(file);
        // Completion offers a file's columns: a file the workspace does not let us read offers none.
        if (spec.refused) return [];
        switch (spec.format) {
            case 'csv': return readCsvHeaderInfo(spec.path, spec.delimiter)?.header.map((h) => h.trim()) ?? [];
            case 'fixed width': return spec.layout?.fields.map((f) => f.name) ?? [];
            case 'records': {
                if (!spec.records) return [];
                const own = mapping.recordType ? recordColumns(spec.records, unquote(mapping.recordType)) : undefined;
                const joined = mapping.joinType ? recordColumns(spec.records, unquote(mapping.joinType)) : undefined;
                const all = own || joined ? [...(own ?? []), ...(joined ?? [])] : Object.values(spec.records.types).flat();
                return [...new Set(all)];
            }
            default: return [];
        }
    }
}
