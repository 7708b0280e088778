// Inlay hints with the concrete peildatum dates, from the resolved definition (so a convention's or source's
// peildatum and the source's study-year start count): after a cohort's `years 2016..2023` the counting dates of the
// first and last cohort year (`1 okt 2016 … 1 okt 2023`), after an indicator's `after N years` the first cohort
// year's counting and measuring dates (`2016: 1 okt 2016 → 1 okt 2017`). Only for definitions without errors.
import type { AstNode, LangiumDocuments } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor, type LangiumServices } from 'langium/lsp';
import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { resolveCohort, resolveIndicator, resolveSource, type ResolveResult } from '../definition/resolve.js';
import type { MonthDay, SourceSpec } from '../definition/types.js';
import { monthDay } from '../definition/choices.js';
import { peilDate } from '../explain/card.js';
import { outOfRange } from '../validation/bounds.js';

const MONTHS_NL = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** `2016-10-01` -> `1 okt 2016`. */
export function shortDutchDate(iso: string): string {
    const [y, m, d] = iso.split('-').map(Number);
    return `${d} ${MONTHS_NL[m - 1]} ${y}`;
}

export class StroomInlayHintProvider extends AbstractInlayHintProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super();
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        try {
            if (ast.isYearsClause(node) && ast.isCohort(node.$container)) this.yearsHint(node, node.$container, acceptor);
            else if (ast.isHorizonClause(node) && ast.isIndicator(node.$container)) this.horizonHint(node, node.$container, acceptor);
        } catch {
            // A half-written definition: no hint rather than a failed request.
        }
    }

    private yearsHint(clause: ast.YearsClause, cohort: ast.Cohort, acceptor: InlayHintAcceptor): void {
        const source = this.sourceFor(cohort.clauses);
        // The cohort alone may leave choices to its indicators' conventions (entry, inflow): then its peildatum is
        // read the way resolution reads it (cohort, its convention, the source, 1 October).
        const def = ok(resolveCohort(cohort, source ? { source } : {}));
        if (!clause.$cstNode || clause.from === undefined || outOfRange(clause).length > 0) return;
        const years: readonly [number, number] = def?.cohort.years ?? [clause.from, clause.to ?? clause.from];
        const own = cohort.clauses.find(ast.isPeildatumClause) ?? cohort.convention?.ref?.clauses.find(ast.isPeildatumClause);
        const start = source?.studyYearStart;
        const peil = def?.choices.peildatum.value ?? (own ? monthDay(own.day, own.month) : source?.peildatum ?? { month: 10, day: 1 });
        const first = shortDutchDate(peilDate(years[0], peil, start));
        const text = years[1] === years[0] ? first : `${first} … ${shortDutchDate(peilDate(years[1], peil, start))}`;
        acceptor(hint(clause, text, `peildatum ${show(peil)}: cohort ${years[0]} counted on ${first} / geteld op ${first}`));
    }

    private horizonHint(clause: ast.HorizonClause, indicator: ast.Indicator, acceptor: InlayHintAcceptor): void {
        const cohortClauses = indicator.clauses.find(ast.isCohortRefClause)?.cohort?.ref?.clauses ?? [];
        const source = this.sourceFor([...indicator.clauses, ...cohortClauses]);
        const def = ok(resolveIndicator(indicator, source ? { source } : {}));
        const y = def?.cohort.years?.[0];
        const h = def?.choices.horizon?.value;
        if (!def || y === undefined || h === undefined || !clause.$cstNode) return;
        const start = source?.studyYearStart;
        const peil = def.choices.peildatum.value;
        const counted = shortDutchDate(peilDate(y, peil, start));
        const measured = shortDutchDate(peilDate(y + h, peil, start));
        acceptor(hint(clause, `${y}: ${counted} → ${measured}`,
            `cohort ${y}: counted on ${counted}, status measured on ${measured} / geteld op ${counted}, gemeten op ${measured}`));
    }

    /** The source named by `on` in these clauses, else the workspace's only source. */
    private sourceFor(clauses: readonly ast.Clause[]): SourceSpec | undefined {
        let source = clauses.find(ast.isOnSourceClause)?.source?.ref;
        if (!source) {
            const all = this.documents.all.toArray().flatMap((d) => {
                const root = d.parseResult?.value;
                return ast.isModel(root) ? root.elements.filter(ast.isSource) : [];
            });
            source = all.length === 1 ? all[0] : undefined;
        }
        if (!source) return undefined;
        try {
            return resolveSource(source);
        } catch {
            return undefined;
        }
    }
}

function ok(result: ResolveResult): ResolveResult['definition'] {
    return result.problems.some((p) => p.severity === 'error') ? undefined : result.definition;
}

function show(md: MonthDay): string {
    return `${md.day} ${MONTHS_NL[md.month - 1]}`;
}

function hint(node: AstNode, label: string, tooltip: string): InlayHint {
    const end = node.$cstNode!.range.end;
    return { position: end, label, kind: InlayHintKind.Parameter, paddingLeft: true, tooltip };
}
