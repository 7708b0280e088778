// Benchmark: how long the language server takes to answer a hover on a small file while it parses, links and
// validates a big one just opened (issue 12: every request answered or cancelled within a second). Sends a hover
// every 50 ms until the big file's diagnostics arrive, and prints the slowest answers.
// Run: npx tsx bench/lsp-latency.ts [elements]   (after `npm run build`; default 4000 and the 5 MB file).
import * as os from 'node:os';
import { LspClient } from '../test/lsp/client.js';
import { MINI_CSV, MINI_INDICATOR, MINI_SOURCE } from '../test/helpers.js';
import { bigFile } from './lint-size.js';

async function measure(elements: number): Promise<void> {
    const client = await LspClient.start({ files: { ...MINI_CSV, 'src.stroom': MINI_SOURCE, 't.stroom': MINI_INDICATOR }, timeout: 600_000 });
    try {
        await client.open('t.stroom');
        await client.hover('t.stroom', { line: 7, character: 12 }); // the first hover loads code: not measured
        const text = bigFile(elements).replace(/^import .*$/gm, '');
        const t0 = performance.now();
        let done = false;
        const opened = client.open('big.stroom', text).then(() => { done = true; });
        const latencies: number[] = [];
        while (!done) {
            const t = performance.now();
            await client.hover('t.stroom', { line: 7, character: 12 });
            latencies.push(performance.now() - t);
            await new Promise((r) => setTimeout(r, 50));
        }
        await opened;
        const total = (performance.now() - t0) / 1000;
        latencies.sort((a, b) => b - a);
        console.log(`${elements.toLocaleString('en-US')} elements (${(text.length / 1e6).toFixed(2)} MB): diagnostics after ${total.toFixed(1)} s; `
            + `${latencies.length} hovers meanwhile, slowest ${latencies.slice(0, 3).map((l) => `${Math.round(l)} ms`).join(', ')}, median ${Math.round(latencies[latencies.length >> 1])} ms`);
    } finally {
        await client.stop();
    }
}

console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}, ${os.platform()}`);
const asked = process.argv.slice(2).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
for (const n of asked.length ? asked : [4000, 41144]) await measure(n);
