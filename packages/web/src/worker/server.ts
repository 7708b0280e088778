// The Stroom language server in a web worker: the same Langium services as `stroom lsp`, on an in-memory copy of the
// page's workspace. The page posts the workspace's files first ({ stroomFiles }), then speaks LSP over postMessage.
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser.js';
import { createStroomServices } from '@stroom/language';
import { mount } from '../workspace.js';

/** The worker's global scope, as far as used here (the page's tsconfig has the DOM's types, not the worker's). */
declare const self: {
    addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
    removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
    postMessage(message: unknown): void;
} & ConstructorParameters<typeof BrowserMessageReader>[0];

self.addEventListener('message', function first(event: MessageEvent) {
    const files = (event.data as { stroomFiles?: Array<[string, Uint8Array]> }).stroomFiles;
    if (!files) return;
    self.removeEventListener('message', first);
    try {
        mount(new Map(files));
        const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
        const { shared } = createStroomServices({ connection, ...NodeFileSystem });
        startLanguageServer(shared);
    } catch (e) {
        // The page waits for one of the two answers: without this it would wait for ever.
        self.postMessage({ stroomError: (e as Error).message });
        return;
    }
    self.postMessage({ stroomReady: true });
});
