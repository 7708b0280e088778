// The extension's stroom.suppression setting: the threshold for a workspace whose stroom.json sets none, never over
// a stroom.json that does (a shared definition gives the same cells in every editor).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { runIndicators } from '../../packages/extension/src/actions.js';
import { MINI_CSV, MINI_SOURCE, writeFiles } from '../helpers.js';

describe('extension settings', () => {
    it('uses stroom.suppression only where stroom.json sets no threshold', async () => {
        const indicator = `
cohort C { entry first in programme  sector hbo  inflow any  prior any  years 2020..2020 }
indicator I { cohort C  measure dropout  after 1 year  scope programme  switchers count as dropout }
`;
        // Six entrants: shown under the default threshold (5), suppressed under the setting's 1000.
        const csv = ['pid,brin,opl,sector,start,eind', ...[1, 2, 3, 4, 5, 6].map((i) => `p${i},A,34001,HBO,20200901,`)].join('\n');
        const files = { ...MINI_CSV, 'data/enr.csv': `${csv}\n`, 'src.stroom': MINI_SOURCE, 'i.stroom': `import src.Mini\n${indicator}` };
        const bare = writeFiles({ 'stroom.json': '{}', ...files });
        const set = writeFiles({ 'stroom.json': '{ "suppression": 2 }', ...files });
        const [without] = await runIndicators(path.join(bare, 'i.stroom'), 'I', {});
        assert.ok(without.figures.length > 0 && without.figures.every((f) => !f.suppressed), 'six entrants are shown by default');
        const [withSetting] = await runIndicators(path.join(bare, 'i.stroom'), 'I', { suppression: 1000 });
        assert.ok(withSetting.figures.length > 0 && withSetting.figures.every((f) => f.suppressed), 'the setting suppresses every cell');
        const [fromFile] = await runIndicators(path.join(set, 'i.stroom'), 'I', { suppression: 1000 });
        assert.ok(fromFile.figures.some((f) => !f.suppressed), 'stroom.json wins over the setting');
    });
});
