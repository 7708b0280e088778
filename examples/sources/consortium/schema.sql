-- A regional consortium database (example): schools, mbo colleges, hogescholen and universities of one region keep
-- the school careers of their pupils and students in one PostgreSQL schema, `regio`. The names and codes are the
-- consortium's own (not DUO's and not Stroom's); source Consortium (consortium.stroom) maps them onto Stroom's records.
--
-- Dates are DATE columns, flags are BOOLEAN, years are integers; institution, programme and person numbers are codes
-- (text: leading zeros matter). Every code list is a CHECK constraint, so the database itself refuses a code it does
-- not know. This file only creates the schema; load.sql drops and recreates it and fills it with the bundled
-- example data (examples/data/*.csv), in one transaction.

CREATE SCHEMA regio;

COMMENT ON SCHEMA regio IS 'Regionale doorstroomdatabase (voorbeeld): leerlingen, inschrijvingen, diploma''s en vooropleidingen';

-- Everyone the consortium follows: one row per pupil or student.
CREATE TABLE regio.leerlingen (
    leerling_id   text PRIMARY KEY,     -- the consortium's pseudonymous person number, the same at every member
    geboortedatum date NOT NULL,
    geslacht      text NOT NULL CHECK (geslacht IN ('V', 'M', 'X')),   -- V vrouw, M man, X anders of onbekend
    woonregio     text NOT NULL         -- the part of the region the person lives in (Noord, Oost, Zuid, West, Midden)
);

COMMENT ON TABLE regio.leerlingen IS 'Leerlingen en studenten die het consortium volgt, een rij per persoon';

-- Every enrollment at a member institution: one row per person, institution, programme and start.
CREATE TABLE regio.inschrijvingen (
    inschrijving_id     integer PRIMARY KEY,   -- in the order the records were delivered
    leerling_id         text NOT NULL REFERENCES regio.leerlingen,
    brin                text NOT NULL,          -- the institution's BRIN number (4 characters)
    opleidingscode      text NOT NULL,          -- the programme: ILT (vo), crebo (mbo) or CROHO (hbo, wo) code
    sector              text NOT NULL CHECK (sector IN ('vo', 'vso', 'mbo', 'hbo', 'wo')),
    niveau              text NOT NULL CHECK (niveau IN ('vmbo-t', 'havo', 'vwo', 'vso', 'mbo 2', 'mbo 3', 'mbo 4',
                                                        'associate degree', 'bachelor', 'master')),
    vorm                text NOT NULL CHECK (vorm IN ('voltijd', 'deeltijd', 'duaal', 'bol', 'bbl')),
    hoofdinschrijving   boolean NOT NULL,       -- false: a second enrollment next to the main one
    bekostigd           boolean NOT NULL,       -- funded by the government
    begindatum          date NOT NULL,
    einddatum           date CHECK (einddatum >= begindatum),   -- the last day enrolled; NULL while still enrolled
    reden_uitschrijving text CHECK (reden_uitschrijving IN ('diploma', 'vrijwillig', 'instelling', 'bsa')),
                                                -- why the enrollment ended; NULL while still enrolled
    CHECK ((einddatum IS NULL) = (reden_uitschrijving IS NULL))
);

COMMENT ON TABLE regio.inschrijvingen IS 'Inschrijvingen bij de instellingen van het consortium';
CREATE INDEX ON regio.inschrijvingen (leerling_id);

-- Diplomas and propedeuses obtained at a member institution.
CREATE TABLE regio.diplomas (
    diploma_id     integer PRIMARY KEY,     -- in the order the records were delivered
    leerling_id    text NOT NULL REFERENCES regio.leerlingen,
    brin           text NOT NULL,
    opleidingscode text NOT NULL,
    sector         text NOT NULL CHECK (sector IN ('vo', 'vso', 'mbo', 'hbo', 'wo')),
    niveau         text NOT NULL CHECK (niveau IN ('vmbo-t', 'havo', 'vwo', 'vso', 'mbo 2', 'mbo 3', 'mbo 4',
                                                   'associate degree', 'bachelor', 'master')),
    soort          text NOT NULL CHECK (soort IN ('diploma', 'propedeuse')),
    datum          date NOT NULL            -- the day the diploma was awarded
);

COMMENT ON TABLE regio.diplomas IS 'Diploma''s en propedeuses behaald bij de instellingen van het consortium';
CREATE INDEX ON regio.diplomas (leerling_id);

-- Prior education as reported on entry (also education outside the consortium): one row per diploma.
CREATE TABLE regio.vooropleidingen (
    leerling_id  text NOT NULL REFERENCES regio.leerlingen,
    vooropleiding text NOT NULL CHECK (vooropleiding IN ('vmbo-t', 'havo', 'vwo', 'vso', 'mbo 2', 'mbo 3', 'mbo 4',
                                                         'hbo-propedeuse', 'buitenlands')),
    schooljaar   integer NOT NULL CHECK (schooljaar BETWEEN 1950 AND 2100),
                                           -- the school year of the diploma by its first calendar year: 2019 is 2019/2020
    PRIMARY KEY (leerling_id, vooropleiding, schooljaar)
);

COMMENT ON TABLE regio.vooropleidingen IS 'Vooropleidingen (hoogst behaalde diploma''s voor de instroom), een rij per diploma';
