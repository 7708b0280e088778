// The in-repo copy of the semantics contract's cases is the same data as the team's reference copy, when that copy
// is there: the folder STROOM_SPEC_REFERENCE names (.ci/run sets it when it tests a copy of the clone elsewhere), else
// a `shared/spec/` folder beside the repository. Compared as data, so formatting does not matter.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, SPEC } from '../helpers.js';

const REFERENCE = process.env.STROOM_SPEC_REFERENCE ?? path.resolve(REPO, '..', 'shared', 'spec');

describe('spec cases: the in-repo copy and the team reference', function () {
    for (const name of ['cases.json', 'cases-next.json']) {
        it(`${name} is the same data as the team's reference copy`, function () {
            const reference = path.join(REFERENCE, name);
            if (!fs.existsSync(reference)) {
                console.log(`      SKIPPED: no team reference at ${reference} (a clone with nothing beside it)`);
                this.skip();
            }
            const ours = JSON.parse(fs.readFileSync(path.join(SPEC, name), 'utf8')) as { cases: { name: string }[] };
            const theirs = JSON.parse(fs.readFileSync(reference, 'utf8')) as { cases: { name: string }[] };
            // Case names first: a clearer message than a deep diff when a case was added or removed.
            assert.deepEqual(ours.cases.map((c) => c.name), theirs.cases.map((c) => c.name), `${name}: the cases differ; copy ${reference} over test/spec/${name}`);
            assert.deepEqual(ours, theirs, `${name}: a case's content differs; copy ${reference} over test/spec/${name}`);
        });
    }

    it('every case of the in-repo copy is read by the engines\' tests (a well-formed contract)', function () {
        const spec = JSON.parse(fs.readFileSync(path.join(SPEC, 'cases.json'), 'utf8')) as { cases: { name: string; variants: Record<string, unknown>; expect: { variant: string }[] }[] };
        assert.ok(spec.cases.length > 0);
        for (const c of spec.cases) {
            for (const e of c.expect) assert.ok(e.variant in c.variants, `${c.name}: expectation names variant ${e.variant}, which the case does not define`);
        }
    });
});
