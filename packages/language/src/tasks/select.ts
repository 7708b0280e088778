// Picking what a command works on, shared by the command line and the editor: the workspace's language and the
// --indicator / --source a user named.
import * as ast from '../generated/ast.js';
import type { Lang } from '../explain/texts.js';
import { allSources, findDocument } from '../run/session.js';
import type { Workspace } from '../workspace/load.js';

/** The workspace's language (`"language": "en"` in stroom.json, as the hover reads it), else Dutch. */
export function workspaceLang(ws: Workspace): Lang {
    return (ws.config as { language?: unknown }).language === 'en' ? 'en' : 'nl';
}

/** A usage mistake in the indicator or source asked for, said plainly in both languages, or undefined. */
export function checkSelection(ws: Workspace, file: string, options: { indicator?: string; source?: string }): string | undefined {
    if (options.indicator) {
        const names = findDocument(ws, file).parseResult.value.elements.filter(ast.isIndicator).map((i) => i.name);
        if (!names.includes(options.indicator)) {
            return `${file} has no indicator ${options.indicator}; it has: ${names.join(', ') || 'none'}`
                + ` / ${file} heeft geen indicator ${options.indicator}; wel: ${names.join(', ') || 'geen'}`;
        }
    }
    if (options.source) {
        const sources = allSources(ws);
        const found = sources.filter((s) => s.name === options.source || `${s.$container.package ?? ''}.${s.name}` === options.source);
        if (found.length !== 1) {
            const list = sources.map((s) => s.name).join(', ') || 'none';
            return `no source ${options.source} in the workspace (sources: ${list}) / geen bron ${options.source} in de werkruimte`;
        }
    }
    return undefined;
}
