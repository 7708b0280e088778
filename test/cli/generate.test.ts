// stroom generate: deterministic synthetic populations in the example data formats.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, stroom, tempDir } from '../helpers.js';

const FILES = ['personen.csv', 'inschrijvingen.csv', 'diplomas.csv', 'vooropleidingen.csv'];

describe('stroom generate', () => {
    it('with the defaults writes exactly the bundled example data', () => {
        const out = tempDir();
        const r = stroom(['generate', '--out', out]);
        assert.equal(r.status, 0, r.stderr);
        for (const f of FILES) assert.ok(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(EXAMPLES, 'data', f))), f);
        assert.match(r.stdout, /personen\.csv: 6000 rows/);
    });

    it('gives the same files for the same seed, other files for another seed, and the asked number of people', () => {
        const [a, b, c] = [tempDir(), tempDir(), tempDir()];
        for (const [dir, seed] of [[a, '11'], [b, '11'], [c, '12']]) assert.equal(stroom(['generate', '--out', dir, '--persons', '700', '--seed', seed]).status, 0);
        const read = (dir: string) => FILES.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
        assert.deepEqual(read(a), read(b));
        assert.notDeepEqual(read(a), read(c));
        assert.equal(read(a)[0].trim().split('\n').length, 701);
    });

    it('feeds the example definitions: the havo-hbo indicators run on a generated population', () => {
        const ws = tempDir();
        fs.cpSync(EXAMPLES, ws, { recursive: true, filter: (f) => !f.includes(`${path.sep}data${path.sep}`) });
        assert.equal(stroom(['generate', '--out', path.join(ws, 'data'), '--persons', '3000', '--seed', '5']).status, 0);
        const r = stroom(['run', 'havo-hbo.stroom', '--indicator', 'UitvalCBS', '--format', 'csv'], ws);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(r.stdout.split('\n').filter((l) => l.includes(',ok,')).length > 5);
    });

    it('refuses arguments that are not whole numbers, exit 2', () => {
        const r = stroom(['generate', '--out', tempDir(), '--persons', 'many']);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /--persons must be a whole number, not 'many'/);
    });
});
