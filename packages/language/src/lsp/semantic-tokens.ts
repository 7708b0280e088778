// Semantic tokens: what a word is, beyond what the TextMate grammar can see. Declarations and references of
// cohorts, indicators, conventions and sources get a type each (with `declaration` on the name that declares),
// codes (hbo, havo, mbo-4) are enum members, data-file columns and record fields are properties, dates and the
// peildatum are numbers, and every other word the grammar fixes is a keyword.
import { AstUtils, CstUtils, GrammarAST, GrammarUtils, type AstNode, type CstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';

/** The token type of a named element, as declaration and as reference target. */
function elementType(node: AstNode | undefined): string {
    if (ast.isCohort(node)) return SemanticTokenTypes.class;
    if (ast.isIndicator(node)) return SemanticTokenTypes.function;
    if (ast.isConvention(node)) return SemanticTokenTypes.interface;
    if (ast.isSource(node)) return SemanticTokenTypes.namespace;
    if (ast.isDataFile(node) || ast.isDecodeTable(node)) return SemanticTokenTypes.struct;
    if (ast.isExamplePerson(node)) return SemanticTokenTypes.variable;
    return SemanticTokenTypes.type;
}

/** Properties (per AST type) that hold codes of a vocabulary, columns of a data file, and dates. */
const CODES: Record<string, readonly string[]> = {
    SectorClause: ['sectors'], ModeClause: ['modes'], LevelClause: ['levels'], PriorClause: ['categories'],
    EntryClause: ['sectors'], InflowClause: ['sectors'], SwitchDomainClause: ['sectors'], DiplomaClause: ['kinds'],
    MapEntry: ['value'], ConstantValue: ['value'], PriorEvent: ['category'], EnrolledEvent: ['sector', 'level', 'mode'],
    DiplomaEvent: ['sector', 'level'],
};
const COLUMNS: Record<string, readonly string[]> = {
    ColumnValue: ['column', 'alternatives'], DateValue: ['column'], SchoolYearValue: ['column'], YearPeriodValue: ['column'],
    Condition: ['column'], Mapping: ['joinOn'], DecodeTable: ['code', 'label'], FieldMapping: ['field'],
};
const DATES: Record<string, readonly string[]> = {
    ObservedClause: ['from', 'until'], BornEvent: ['date'], EnrolledEvent: ['start', 'end'], DiplomaEvent: ['date', 'first', 'last'],
    PeildatumClause: ['day', 'month'], StudyYearStartClause: ['day', 'month'], YearPeriodValue: ['day', 'month'],
};
/** Datatype rules whose keywords are values, not keywords (`sector` the field, `dropout` the code). */
const VALUE_RULES = new Set(['Code', 'Column', 'FieldName', 'Month', 'OutcomeWord', 'RecordType', 'Attribute', 'FileName']);

const GrammarUtilsFind = {
    property: (node: AstNode, property: string) => GrammarUtils.findNodeForProperty(node.$cstNode, property),
    properties: (node: AstNode, property: string) => GrammarUtils.findNodesForProperty(node.$cstNode, property),
};

export class StroomSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const covered = new Set<CstNode>();
        const mark = (cst: CstNode | undefined, type: string, modifier?: string) => {
            if (!cst || covered.has(cst)) return;
            covered.add(cst);
            for (const leaf of CstUtils.flattenCst(cst)) covered.add(leaf);
            acceptor({ cst, type, ...(modifier ? { modifier } : {}) });
        };
        // Declarations.
        if ((ast.isCohort(node) || ast.isIndicator(node) || ast.isConvention(node) || ast.isSource(node) || ast.isDataFile(node)
            || ast.isDecodeTable(node) || ast.isExamplePerson(node)) && node.name) {
            mark(GrammarUtilsFind.property(node, 'name'), elementType(node), SemanticTokenModifiers.declaration);
        }
        // References, typed by what they point to (unresolved ones by what they should point to).
        for (const ref of AstUtils.streamReferences(node)) {
            const reference = ref.reference;
            mark(reference.$refNode, elementType('ref' in reference ? reference.ref : reference.items[0]?.ref), undefined);
        }
        for (const [table, type] of [[CODES, SemanticTokenTypes.enumMember], [COLUMNS, SemanticTokenTypes.property], [DATES, SemanticTokenTypes.number]] as const) {
            for (const property of table[node.$type] ?? []) {
                for (const cst of GrammarUtilsFind.properties(node, property)) mark(cst, type);
            }
        }
        // The remaining fixed words of this node are keywords.
        if (!node.$cstNode) return;
        for (const leaf of CstUtils.flattenCst(node.$cstNode)) {
            if (covered.has(leaf) || leaf.astNode !== node || leaf.hidden) continue;
            const keyword = leaf.grammarSource;
            if (!GrammarAST.isKeyword(keyword) || !/\p{L}/u.test(keyword.value)) continue;
            const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
            if (rule && VALUE_RULES.has(rule.name)) continue;
            acceptor({ cst: leaf, type: SemanticTokenTypes.keyword });
        }
    }
}
