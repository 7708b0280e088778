// The bundled data are exactly what the simulator makes: regenerate and compare byte for byte.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_OPTIONS, simulate, writeCsv } from '../../packages/language/src/generate/simulate.js';
import { EXAMPLES, tempDir } from '../helpers.js';

describe('example data', () => {
    it('is reproduced byte for byte by the simulator (deterministic, and the committed files are current)', () => {
        const dir = tempDir();
        const written = writeCsv(simulate(EXAMPLE_OPTIONS), dir);
        assert.equal(written.length, 4);
        for (const { file } of written) {
            const name = path.basename(file);
            assert.ok(fs.readFileSync(path.join(dir, name)).equals(fs.readFileSync(path.join(EXAMPLES, 'data', name))), `${name} differs`);
        }
    });

    it('has at least 5,000 people over at least five study years, with diplomas and prior education', () => {
        const pop = simulate(EXAMPLE_OPTIONS);
        assert.ok(pop.persons.length >= 5000);
        const years = new Set(pop.enrollments.map((e) => Number(e.datumInschrijving.slice(0, 4))));
        assert.ok(years.size >= 5);
        assert.ok(pop.diplomas.length > 1000);
        assert.ok(pop.prior.length > 1000);
    });
});
