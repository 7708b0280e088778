// All dependency wiring of the language in one place: tests and the CLI swap the file system, nothing else.
import {
    inject, type Module, type LangiumCoreServices, type LangiumSharedCoreServices, type PartialLangiumCoreServices,
} from 'langium';
import {
    createDefaultModule, createDefaultSharedModule, type DefaultSharedModuleContext, type LangiumServices,
    type LangiumSharedServices, type PartialLangiumServices, type PartialLangiumSharedServices,
} from 'langium/lsp';
import { StroomGeneratedModule, StroomGeneratedSharedModule } from './generated/module.js';
import { StroomScopeComputation, StroomScopeProvider } from './scope.js';
import { StroomDocumentBuilder, StroomIndexManager } from './workspace/incremental.js';
import { StroomValidator, registerValidationChecks } from './validation/validator.js';
import { StroomCodeActionProvider } from './lsp/code-actions.js';
import { StroomHoverProvider } from './lsp/hover.js';
import { StroomPackageAwareFormatter, StroomWorkspaceManager } from './lsp/packages.js';
import { StroomNodeKindProvider } from './lsp/node-kinds.js';
import { StroomCompletionProvider } from './lsp/completion.js';
import { StroomSemanticTokenProvider } from './lsp/semantic-tokens.js';
import { StroomReferencesProvider, StroomRenameProvider } from './lsp/rename.js';
import { StroomWorkspaceSymbolProvider } from './lsp/workspace-symbols.js';
import { StroomInlayHintProvider } from './lsp/inlay-hints.js';
import { StroomCodeLensProvider } from './lsp/code-lenses.js';
import { watchConfigFiles } from './lsp/config-diagnostics.js';
import { createStroomParser } from './parser.js';
import { StroomDocumentValidator, StroomParserErrorMessageProvider } from './validation/parse-errors.js';

export type StroomAddedServices = {
    validation: {
        StroomValidator: StroomValidator;
    };
};

export type StroomServices = LangiumServices & StroomAddedServices;

export const StroomModule: Module<StroomServices, PartialLangiumServices & StroomAddedServices> = {
    parser: {
        LangiumParser: (services) => createStroomParser(services),
        ParserErrorMessageProvider: () => new StroomParserErrorMessageProvider(),
    },
    references: {
        ScopeComputation: (services) => new StroomScopeComputation(services),
        ScopeProvider: (services) => new StroomScopeProvider(services),
    },
    validation: {
        StroomValidator: (services) => new StroomValidator(services),
        DocumentValidator: (services) => new StroomDocumentValidator(services),
    },
    lsp: {
        CodeActionProvider: () => new StroomCodeActionProvider(),
        HoverProvider: (services) => new StroomHoverProvider(services),
        Formatter: (services) => new StroomPackageAwareFormatter(services),
        CompletionProvider: (services) => new StroomCompletionProvider(services),
        SemanticTokenProvider: (services) => new StroomSemanticTokenProvider(services),
        ReferencesProvider: (services) => new StroomReferencesProvider(services),
        RenameProvider: (services) => new StroomRenameProvider(services),
        InlayHintProvider: (services) => new StroomInlayHintProvider(services),
        CodeLensProvider: () => new StroomCodeLensProvider(),
    },
};

/** Services shared by every language of the server (here only Stroom). */
export const StroomSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        DocumentBuilder: (services) => new StroomDocumentBuilder(services),
        IndexManager: (services) => new StroomIndexManager(services),
        WorkspaceManager: (services) => new StroomWorkspaceManager(services),
    },
    lsp: {
        NodeKindProvider: () => new StroomNodeKindProvider(),
        WorkspaceSymbolProvider: (services) => new StroomWorkspaceSymbolProvider(services),
    },
};

export function createStroomServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Stroom: StroomServices;
} {
    const shared = inject(createDefaultSharedModule(context), StroomGeneratedSharedModule, StroomSharedModule);
    const Stroom = inject(createDefaultModule({ shared }), StroomGeneratedModule, StroomModule);
    shared.ServiceRegistry.register(Stroom);
    registerValidationChecks(Stroom);
    if (context.connection) {
        // stroom.json is not a Langium document: its problems are published beside the build.
        watchConfigFiles(shared, context.connection);
    } else {
        // Outside a language server nothing triggers configuration loading: mark it done so builds do not wait.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Stroom };
}

export type { LangiumCoreServices, LangiumSharedCoreServices, PartialLangiumCoreServices };
