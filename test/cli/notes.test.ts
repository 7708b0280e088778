// The notes `stroom run` prints around the figures: in the language stroom.json asks for (both when it asks none),
// and data warnings about codes a map lacks said once per file and column, grammatically, however many indicators
// read the column.
import { strict as assert } from 'node:assert';
import { writeFiles } from '../helpers.js';
import { stroomIn } from './in-process.js';

const SOURCE = `package src
source Mini {
    observed from 2015-09-01 until 2024-09-30
    file enr csv "data/enr.csv"
    enrollments from enr {
        person = pid
        institution = brin
        programme = opl
        sector = sector map { "HBO": hbo }
        mode = vorm map { "VT": fulltime, "DT": parttime }
        start = date(start, "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
}
`;

// Cohorts 2023 and 2024 need 1 October 2024 and 2025, after the data end: incomplete. Two indicators read the same column vorm.
const INDICATORS = `package t
cohort C {
    entry first in sector hbo
    inflow any
    years 2020..2024
}
indicator Uitval {
    cohort C
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
}
indicator UitvalPerVorm {
    cohort C
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    by mode
}
`;

const rows = (codes: readonly string[]) => ['pid,brin,opl,sector,start,eind,vorm',
    ...codes.map((c, i) => `p${i},A,34001,HBO,20200901,${i % 2 ? '20210301' : ''},${c}`)].join('\n') + '\n';

function workspace(config: object, codes: readonly string[] = ['VT', 'DT', 'VT']): string {
    return writeFiles({ 'stroom.json': JSON.stringify(config), 'src.stroom': SOURCE, 't.stroom': INDICATORS, 'data/enr.csv': rows(codes) });
}

describe('the notes of stroom run', () => {
    const ENGLISH = /2024 +incomplete: horizon needs 2025-10-01, data end 2024-09-30$/m;
    const DUTCH = /2024 +onvolledig: meetmoment vraagt 2025-10-01, data eindigen 2024-09-30$/m;

    it('"language": "en" prints the incomplete note and the hidden-cell summary in English only', async () => {
        const r = await stroomIn(['run', 't.stroom'], workspace({ language: 'en' }));
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, ENGLISH);
        assert.doesNotMatch(r.stdout + r.stderr, /meetmoment|verborgen| \/ /);
        assert.match(r.stderr, /^stroom: \d+ of \d+ cells hidden to protect small groups \(\d+ small, \d+ to protect others\)$/m);
        // CSV and JSON carry the same reason.
        const csv = await stroomIn(['run', 't.stroom', '--format', 'csv'], workspace({ language: 'en' }));
        assert.match(csv.stdout, /^Uitval,2024,,,,,incomplete,"horizon needs 2025-10-01, data end 2024-09-30"$/m);
        const json = JSON.parse((await stroomIn(['run', 't.stroom', '--format', 'json'], workspace({ language: 'en' }))).stdout);
        assert.deepEqual(json.results[0].incomplete, [
            { cohort_year: 2023, reason: 'horizon needs 2024-10-01, data end 2024-09-30' },
            { cohort_year: 2024, reason: 'horizon needs 2025-10-01, data end 2024-09-30' },
        ]);
    });

    it('"language": "nl" prints them in Dutch only; without a language, both', async () => {
        const nl = await stroomIn(['run', 't.stroom'], workspace({ language: 'nl' }));
        assert.equal(nl.status, 0, nl.stderr);
        assert.match(nl.stdout, DUTCH);
        assert.doesNotMatch(nl.stdout + nl.stderr, /horizon needs|cells hidden/);
        assert.match(nl.stderr, /^stroom: \d+ van \d+ cellen verborgen om kleine groepen te beschermen/m);
        const both = await stroomIn(['run', 't.stroom'], workspace({}));
        assert.match(both.stdout, /2024 +incomplete: horizon needs 2025-10-01, data end 2024-09-30 \/ meetmoment vraagt 2025-10-01, data eindigen 2024-09-30$/m);
    });

    it('says codes a map lacks once per file and column, naming the mapping, with singular and plural', async () => {
        const many = await stroomIn(['run', 't.stroom'], workspace({}, ['VT', 'M', 'X', 'M', 'DT']));
        assert.equal(many.status, 0, many.stderr);
        const lines = many.stderr.split('\n').filter((l) => l.includes("column 'vorm'"));
        assert.deepEqual(lines, [
            "stroom: data: data/enr.csv, column 'vorm' (mapping at src.stroom:5): 3 rows have codes not in the map of 'mode': \"M\", \"X\" (first: row 2, line 3); they count as missing"
            + " / data/enr.csv, kolom 'vorm' (koppeling op src.stroom:5): 3 rijen hebben codes die niet in de map van 'mode' staan: \"M\", \"X\" (eerste: rij 2, regel 3); die tellen als ontbrekend",
        ]);
        assert.match(many.stderr, /data quality: 0 errors, 0 records left out, 1 warning /);
        const one = await stroomIn(['run', 't.stroom', '--format', 'json'], workspace({}, ['VT', 'DT', 'M']));
        assert.equal(one.status, 0, one.stderr);
        assert.match(one.stderr, /^stroom: data: data\/enr\.csv, column 'vorm' \(mapping at src\.stroom:5\): 1 row has a code not in the map of 'mode': "M" \(row 3, line 4\); it counts as missing \/ .*1 rij heeft een code die niet in de map van 'mode' staat: "M" \(rij 3, regel 4\); die telt als ontbrekend$/m);
        const json = JSON.parse(one.stdout);
        assert.equal(json.dataQuality.findings.length, 1);
        assert.equal(json.dataQuality.warnings, 1);
    });
});
