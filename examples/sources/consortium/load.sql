-- Fills the consortium database (schema.sql) with the bundled example data, examples/data/*.csv. From the
-- repository root (the CSV paths below are relative to it):
--
--     psql "$STROOM_DATABASE_URL" -v ON_ERROR_STOP=1 -f examples/sources/consortium/load.sql
--
-- Idempotent: schema regio is dropped and created anew. Atomic: everything happens in one transaction, so a failure
-- (a missing file, a date that does not parse, a code the schema does not know) leaves the database as it was.
-- Each CSV file is copied as text into a temporary staging table, numbered in file order, and converted from there:
-- dates from yyyyMMdd and dd-MM-yyyy, "00000000" to NULL, J/N to booleans, codes to the consortium's codes.

\set ON_ERROR_STOP on
\set QUIET on
BEGIN;
SET LOCAL client_min_messages = warning;

DROP SCHEMA IF EXISTS regio CASCADE;
\ir schema.sql

-- Staging: the CSV files as they are, every column text, plus the row number in the file.
CREATE TEMPORARY TABLE stage_personen (
    regel bigint GENERATED ALWAYS AS IDENTITY,
    persoonsnummer text, geboortedatum text, geslacht text, regio text
) ON COMMIT DROP;
CREATE TEMPORARY TABLE stage_inschrijvingen (
    regel bigint GENERATED ALWAYS AS IDENTITY,
    persoonsnummer text, brin text, opleidingscode text, onderwijssoort text, niveau text, opleidingsvorm text,
    hoofdinschrijving text, bekostigd text, datum_inschrijving text, datum_uitschrijving text, reden_uitschrijving text
) ON COMMIT DROP;
CREATE TEMPORARY TABLE stage_diplomas (
    regel bigint GENERATED ALWAYS AS IDENTITY,
    persoonsnummer text, brin text, opleidingscode text, onderwijssoort text, niveau text, soort text, diplomadatum text
) ON COMMIT DROP;
CREATE TEMPORARY TABLE stage_vooropleidingen (
    regel bigint GENERATED ALWAYS AS IDENTITY,
    persoonsnummer text, categorie text, diplomajaar text
) ON COMMIT DROP;

\copy stage_personen (persoonsnummer, geboortedatum, geslacht, regio) FROM 'examples/data/personen.csv' WITH (FORMAT csv, HEADER true)
\copy stage_inschrijvingen (persoonsnummer, brin, opleidingscode, onderwijssoort, niveau, opleidingsvorm, hoofdinschrijving, bekostigd, datum_inschrijving, datum_uitschrijving, reden_uitschrijving) FROM 'examples/data/inschrijvingen.csv' WITH (FORMAT csv, HEADER true)
\copy stage_diplomas (persoonsnummer, brin, opleidingscode, onderwijssoort, niveau, soort, diplomadatum) FROM 'examples/data/diplomas.csv' WITH (FORMAT csv, HEADER true)
\copy stage_vooropleidingen (persoonsnummer, categorie, diplomajaar) FROM 'examples/data/vooropleidingen.csv' WITH (FORMAT csv, HEADER true)

-- A date in exactly the given format: to_date() alone also takes "1-2-2020" for DD-MM-YYYY, or a stray character.
CREATE OR REPLACE FUNCTION pg_temp.datum(value text, format text) RETURNS date LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    d date := to_date(value, format);
BEGIN
    IF to_char(d, format) <> value THEN
        RAISE EXCEPTION 'not a date in format %: "%"', format, value;
    END IF;
    RETURN d;
END
$$;

-- The CSV files' level codes in the consortium's words (shared by enrollments and diplomas).
CREATE TEMPORARY TABLE niveaus (csv text PRIMARY KEY, regio text NOT NULL) ON COMMIT DROP;
INSERT INTO niveaus VALUES
    ('VMBO-T', 'vmbo-t'), ('HAVO', 'havo'), ('VWO', 'vwo'), ('VSO', 'vso'), ('MBO-2', 'mbo 2'), ('MBO-3', 'mbo 3'),
    ('MBO-4', 'mbo 4'), ('AD', 'associate degree'), ('BA', 'bachelor'), ('MA', 'master');

-- Rows are inserted in file order: a table source's row order is the order in which the table stores its rows.
INSERT INTO regio.leerlingen (leerling_id, geboortedatum, geslacht, woonregio)
SELECT persoonsnummer, pg_temp.datum(geboortedatum, 'DD-MM-YYYY'), geslacht, regio
FROM stage_personen
ORDER BY regel;

INSERT INTO regio.inschrijvingen (inschrijving_id, leerling_id, brin, opleidingscode, sector, niveau, vorm,
                                  hoofdinschrijving, bekostigd, begindatum, einddatum, reden_uitschrijving)
SELECT
    s.regel, s.persoonsnummer, s.brin, s.opleidingscode, lower(s.onderwijssoort), n.regio,
    CASE s.opleidingsvorm WHEN 'VT' THEN 'voltijd' WHEN 'DT' THEN 'deeltijd' WHEN 'DU' THEN 'duaal'
                          WHEN 'BOL' THEN 'bol' WHEN 'BBL' THEN 'bbl' END,
    CASE s.hoofdinschrijving WHEN 'J' THEN true WHEN 'N' THEN false END,
    CASE s.bekostigd WHEN 'J' THEN true WHEN 'N' THEN false END,
    pg_temp.datum(s.datum_inschrijving, 'YYYYMMDD'),
    pg_temp.datum(NULLIF(s.datum_uitschrijving, '00000000'), 'YYYYMMDD'),
    NULLIF(s.reden_uitschrijving, '')
FROM stage_inschrijvingen AS s
LEFT JOIN niveaus AS n ON n.csv = s.niveau
ORDER BY s.regel;

INSERT INTO regio.diplomas (diploma_id, leerling_id, brin, opleidingscode, sector, niveau, soort, datum)
SELECT
    s.regel, s.persoonsnummer, s.brin, s.opleidingscode, lower(s.onderwijssoort), n.regio,
    CASE s.soort WHEN 'D' THEN 'diploma' WHEN 'P' THEN 'propedeuse' END,
    pg_temp.datum(s.diplomadatum, 'YYYYMMDD')
FROM stage_diplomas AS s
LEFT JOIN niveaus AS n ON n.csv = s.niveau
ORDER BY s.regel;

INSERT INTO regio.vooropleidingen (leerling_id, vooropleiding, schooljaar)
SELECT
    persoonsnummer,
    CASE categorie WHEN 'HBO-P' THEN 'hbo-propedeuse' WHEN 'BUITENL' THEN 'buitenlands'
                   ELSE (SELECT n.regio FROM niveaus AS n WHERE n.csv = categorie) END,
    CAST(diplomajaar AS integer)
FROM stage_vooropleidingen
ORDER BY regel;

ANALYZE regio.leerlingen, regio.inschrijvingen, regio.diplomas, regio.vooropleidingen;

SELECT format('schema regio: %s leerlingen, %s inschrijvingen, %s diploma''s, %s vooropleidingen',
              (SELECT count(*) FROM regio.leerlingen), (SELECT count(*) FROM regio.inschrijvingen),
              (SELECT count(*) FROM regio.diplomas), (SELECT count(*) FROM regio.vooropleidingen)) AS geladen \gset

COMMIT;
\echo :geladen
