/**
 * Regenerates the example data set in examples/data/ from the deterministic career simulator.
 * Usage: npx tsx scripts/generate-example-data.ts
 */
import { fileURLToPath } from 'node:url';
import { EXAMPLE_OPTIONS, simulate, writeCsv } from '../packages/language/src/generate/simulate.js';

const dir = fileURLToPath(new URL('../examples/data/', import.meta.url));
const population = simulate(EXAMPLE_OPTIONS);
for (const { file, rows } of writeCsv(population, dir)) {
    console.log(`${file}: ${rows} rows`);
}
