// A definition that reads a kind of record its source does not map (diplomas for vsv's startkwalificatie, prior
// education for direct inflow, persons' birth date for age) is a lint error at the indicator's `on`, and `run`
// refuses it before any SQL, also when the source is picked with --source (it was: "Catalog Error: Table with name
// diploma does not exist!").
import { strict as assert } from 'node:assert';
import { writeFiles } from '../helpers.js';
import { stroomIn } from './in-process.js';

const FILES = {
    'stroom.json': '{}\n',
    'data/enr.csv': 'pid,brin,opl,sector,start,eind\np1,A,100,MBO,20180901,20190630\np2,A,100,MBO,20180901,\n',
    'data/dip.csv': 'pid,datum,niveau\np1,20190630,MBO-2\n',
    'data/per.csv': 'pid,geslacht\np1,M\np2,V\n',
    'sources.stroom': `package src
source Kaal {
    observed from 2015-09-01 until 2024-09-30
    file enr csv "data/enr.csv"
    file per csv "data/per.csv"
    persons from per {
        person = pid
        gender = geslacht
    }
    enrollments from enr {
        person = pid
        institution = brin
        programme = opl
        sector = sector map { "MBO": mbo }
        start = date(start, "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
}
source MetDiplomas {
    observed from 2015-09-01 until 2024-09-30
    file enr csv "data/enr.csv"
    file dip csv "data/dip.csv"
    enrollments from enr {
        person = pid
        institution = brin
        programme = opl
        sector = sector map { "MBO": mbo }
        start = date(start, "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
    diplomas from dip {
        person = pid
        sector = constant mbo
        level = niveau map { "MBO-2": mbo-2 }
        date = date(datum, "yyyyMMdd")
    }
}
`,
    'vsv.stroom': `package t
import src.{Kaal, MetDiplomas}
cohort Ingeschreven {
    kind enrolled
    age below 23
    years 2018..2019
}
cohort Starters {
    entry first in sector mbo
    inflow direct gap 0 years
    years 2018..2019
}
cohort Alle {
    entry first in sector mbo
    inflow any
    years 2018..2019
}
indicator Vsv {
    cohort Ingeschreven
    measure vsv
    on Kaal
}
indicator VsvElders {
    cohort Ingeschreven
    measure vsv
    on MetDiplomas
}
indicator Direct {
    cohort Starters
    measure dropout
    after 1 year
    scope sector
    switchers count as retained
    switch within education
    on MetDiplomas
}
indicator Uitval {
    cohort Alle
    measure dropout
    after 1 year
    scope sector
    switchers count as retained
    switch within education
    on Kaal
}
indicator UitvalZonderDiploma {
    cohort Alle
    measure dropout
    after 1 year
    scope sector
    switchers count as retained
    switch within education
    diploma ignored
    on Kaal
}
`,
};

describe('a record kind the source does not map', () => {
    const dir = writeFiles(FILES);

    it('lint: an error at `on` naming the source, the missing mapping and why; a warning when nobody can graduate', async () => {
        const r = await stroomIn(['lint', 'vsv.stroom'], dir);
        assert.equal(r.status, 1, r.stderr);
        const lines = r.stdout.trim().split('\n');
        // The line of the `on` clause of an indicator.
        const text = FILES['vsv.stroom'].split('\n');
        const onLine = (indicator: string) => text.findIndex((l, i) => l.trim().startsWith('on ') && i > text.indexOf(`indicator ${indicator} {`)) + 1;
        const at = (code: string, indicator: string) => lines.filter((l) => l.startsWith(`vsv.stroom:${onLine(indicator)}:8 `) && l.includes(` ${code} `));
        // Vsv on Kaal: no diplomas (startkwalificatie) and no birth date (age).
        const vsv = at('missing-record-kind', 'Vsv');
        assert.equal(vsv.length, 2, r.stdout);
        assert.match(vsv.join('\n'), /^vsv\.stroom:\d+:8 error missing-record-kind Vsv on source Kaal: Kaal has no `diplomas from \.\.\.` mapping, and vsv needs diplomas for the startkwalificatie.* \/ Vsv op bron Kaal: Kaal heeft geen koppeling `diplomas from \.\.\.`/m);
        assert.match(vsv.join('\n'), /Kaal maps no 'birth date' in its persons mapping, and the age filter needs the persons' birth date/);
        // VsvElders on MetDiplomas: diplomas there, but no persons at all (age below 23).
        assert.match(at('missing-record-kind', 'VsvElders').join('\n'), /MetDiplomas has no `persons from \.\.\.` mapping, and the age filter/);
        // Direct inflow without prior education.
        assert.match(at('missing-record-kind', 'Direct').join('\n'), /MetDiplomas has no `prior education from \.\.\.` mapping, and inflow direct is judged by the prior education's diploma year/);
        // Dropout without diplomas: a warning, gone with `diploma ignored`.
        assert.match(at('missing-diplomas', 'Uitval').join('\n'), /^vsv\.stroom:\d+:8 warning missing-diplomas Uitval on source Kaal: .*nobody graduates, and graduates who left count as dropouts/m);
        assert.deepEqual(at('missing-diplomas', 'UitvalZonderDiploma'), []);
        assert.equal(lines.length, 5, r.stdout);
    });

    it('run refuses before any SQL, also for a source given with --source', async () => {
        const own = await stroomIn(['run', 'vsv.stroom', '--indicator', 'Vsv'], dir);
        assert.equal(own.status, 1);
        assert.match(own.stderr, /error missing-record-kind Vsv on source Kaal/);
        assert.doesNotMatch(own.stderr, /Catalog Error/);
        // An indicator without `on`, run on Kaal with --source: the plan stops with the same reason.
        const other = writeFiles({ ...FILES, 'vsv.stroom': 'package u\ncohort Ingeschreven {\n    kind enrolled\n    years 2018..2019\n}\nindicator Vsv {\n    cohort Ingeschreven\n    measure vsv\n}\n' });
        const ok = await stroomIn(['lint', 'vsv.stroom'], other);
        assert.equal(ok.status, 0, ok.stdout);
        const picked = await stroomIn(['run', 'vsv.stroom', '--indicator', 'Vsv', '--source', 'Kaal'], other);
        assert.equal(picked.status, 1, picked.stderr);
        assert.match(picked.stderr, /^stroom: Vsv on source Kaal: Kaal has no `diplomas from \.\.\.` mapping, and vsv needs diplomas for the startkwalificatie.*\(.*sources\.stroom:2\)$/m);
        assert.doesNotMatch(picked.stderr, /Catalog Error|does not exist/);
    });
});
