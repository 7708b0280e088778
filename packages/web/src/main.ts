// Stroom in the browser: the page.
import { bundledExamples, mount } from './workspace.js';
import { runFile } from './run.js';
import { renderJson } from '../../cli/src/render.js';

declare global {
    // For the tests and the benchmark: the page's operations, driven as a user would through the UI.
    var stroom: Record<string, unknown>;
}

async function start(): Promise<void> {
    const files = await bundledExamples();
    mount(files);
    const root = document.getElementById('stroom')!;
    root.textContent = `${files.size} files`;
    globalThis.stroom = {
        run: async (rel: string) => {
            const r = await runFile(rel);
            return JSON.parse(renderJson(r.results, { engine: 'duckdb', engineVersion: 'wasm', stroomVersion: '0', file: rel, startedAt: '', timings: { loadMs: 0, checkMs: 0, queryMs: 0, totalMs: 0 } }, '/workspace', r.published));
        },
    };
}

void start();
