-- indicator regio_noord.VsvNiveau "Nieuwe voortijdig schoolverlaters per niveau"
-- cohort regio_noord.VsvPopulatie (enrolled, years 2014..2022)
-- measure vsv
-- by level
-- using DuoVsv: DUO / Ministerie van OCW, Voortijdig schoolverlaten: definities en methode (VSV-verkenner, vanaf 2012-2013)
-- peildatum 1 october   <- convention DuoVsv (conventions/published.stroom:154)
-- prior any             <- default
-- sector vo, mbo, vavo  <- convention DuoVsv (conventions/published.stroom:156)
-- mode any              <- default
-- level any             <- default
-- funded only           <- convention DuoVsv (conventions/published.stroom:157)
-- main enrollments no   <- default
-- age below 23          <- convention DuoVsv (conventions/published.stroom:158)
-- after 1 year          <- default
-- unit person           <- convention DuoVsv (conventions/published.stroom:159)
-- suppress below 5      <- workspace (stroom.json)
-- source sources.Voorbeeld, observed 2014-09-01 .. 2024-09-30
-- PostgreSQL reads the data files from temporary tables that `stroom run --engine postgres` loads:
--   "stroom_file_personen" <- data/personen.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_inschrijvingen" <- data/inschrijvingen.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_diplomas" <- data/diplomas.csv (every column as text, plus "stroom$row", its row number)
-- cohort years computed: 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022
WITH
"person_record" AS (
  SELECT
    "persoonsnummer" AS "person",
    to_date("geboortedatum", 'DD-MM-YYYY') AS "birth_date",
    "geslacht" AS "gender",
    "regio" AS "region",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "persoonsnummer" IN ('', '00000000') THEN NULL ELSE "persoonsnummer" END AS "persoonsnummer",
      CASE WHEN "geboortedatum" IN ('', '00000000') THEN NULL ELSE "geboortedatum" END AS "geboortedatum",
      CASE WHEN "geslacht" IN ('', '00000000') THEN NULL ELSE "geslacht" END AS "geslacht",
      CASE WHEN "regio" IN ('', '00000000') THEN NULL ELSE "regio" END AS "regio",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_personen") AS "file"
  ) AS "cell"
  WHERE "persoonsnummer" IS NOT NULL AND trim("persoonsnummer") <> ''
),
"person" AS (
  SELECT * FROM (
    SELECT *, row_number() OVER (PARTITION BY "person" ORDER BY "source_row") AS "person_row"
    FROM "person_record"
  ) AS "numbered"
  WHERE "person_row" = 1
),
"enrollment_record" AS (
  SELECT
    "persoonsnummer" AS "person",
    "brin" AS "institution",
    "opleidingscode" AS "programme",
    CASE "onderwijssoort" WHEN 'VO' THEN 'vo' WHEN 'VSO' THEN 'vso' WHEN 'MBO' THEN 'mbo' WHEN 'HBO' THEN 'hbo' WHEN 'WO' THEN 'wo' END AS "sector",
    CASE "niveau" WHEN 'HAVO' THEN 'havo' WHEN 'VWO' THEN 'vwo' WHEN 'VMBO-T' THEN 'vmbo-t' WHEN 'VSO' THEN 'vso' WHEN 'MBO-1' THEN 'mbo-1' WHEN 'MBO-2' THEN 'mbo-2' WHEN 'MBO-3' THEN 'mbo-3' WHEN 'MBO-4' THEN 'mbo-4' WHEN 'AD' THEN 'ad' WHEN 'BA' THEN 'ba' WHEN 'MA' THEN 'ma' END AS "level",
    CASE "opleidingsvorm" WHEN 'VT' THEN 'fulltime' WHEN 'DT' THEN 'parttime' WHEN 'DU' THEN 'dual' WHEN 'BOL' THEN 'bol' WHEN 'BBL' THEN 'bbl' WHEN 'EX' THEN 'ex' END AS "mode",
    CASE "hoofdinschrijving" WHEN 'J' THEN TRUE WHEN 'N' THEN FALSE END AS "main",
    CASE "bekostigd" WHEN 'J' THEN TRUE WHEN 'N' THEN FALSE END AS "funded",
    to_date("datum inschrijving", 'YYYYMMDD') AS "start",
    to_date("datum uitschrijving", 'YYYYMMDD') AS "end",
    "reden uitschrijving" AS "leave_reason",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "persoonsnummer" IN ('', '00000000') THEN NULL ELSE "persoonsnummer" END AS "persoonsnummer",
      CASE WHEN "brin" IN ('', '00000000') THEN NULL ELSE "brin" END AS "brin",
      CASE WHEN "opleidingscode" IN ('', '00000000') THEN NULL ELSE "opleidingscode" END AS "opleidingscode",
      CASE WHEN "onderwijssoort" IN ('', '00000000') THEN NULL ELSE "onderwijssoort" END AS "onderwijssoort",
      CASE WHEN "niveau" IN ('', '00000000') THEN NULL ELSE "niveau" END AS "niveau",
      CASE WHEN "opleidingsvorm" IN ('', '00000000') THEN NULL ELSE "opleidingsvorm" END AS "opleidingsvorm",
      CASE WHEN "hoofdinschrijving" IN ('', '00000000') THEN NULL ELSE "hoofdinschrijving" END AS "hoofdinschrijving",
      CASE WHEN "bekostigd" IN ('', '00000000') THEN NULL ELSE "bekostigd" END AS "bekostigd",
      CASE WHEN "datum inschrijving" IN ('', '00000000') THEN NULL ELSE "datum inschrijving" END AS "datum inschrijving",
      CASE WHEN "datum uitschrijving" IN ('', '00000000') THEN NULL ELSE "datum uitschrijving" END AS "datum uitschrijving",
      CASE WHEN "reden uitschrijving" IN ('', '00000000') THEN NULL ELSE "reden uitschrijving" END AS "reden uitschrijving",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_inschrijvingen") AS "file"
  ) AS "cell"
  WHERE "persoonsnummer" IS NOT NULL AND trim("persoonsnummer") <> ''
),
"enrollment" AS (
  SELECT * FROM (
    SELECT
      *,
      CAST(EXTRACT(YEAR FROM "start") AS INTEGER) + CASE WHEN EXTRACT(MONTH FROM "start") * 100 + EXTRACT(DAY FROM "start") > 1001 THEN 1 ELSE 0 END AS "k1",
      CASE WHEN "end" IS NULL THEN 9999 ELSE CAST(EXTRACT(YEAR FROM "end") AS INTEGER) - CASE WHEN EXTRACT(MONTH FROM "end") * 100 + EXTRACT(DAY FROM "end") < 1001 THEN 1 ELSE 0 END END AS "k2"
    FROM "enrollment_record"
  ) AS "covered"
  WHERE "k1" <= "k2"
),
"diploma" AS (
  SELECT
    "persoonsnummer" AS "person",
    "brin" AS "institution",
    "opleidingscode" AS "programme",
    CASE "onderwijssoort" WHEN 'VO' THEN 'vo' WHEN 'VSO' THEN 'vso' WHEN 'MBO' THEN 'mbo' WHEN 'HBO' THEN 'hbo' WHEN 'WO' THEN 'wo' END AS "sector",
    CASE "niveau" WHEN 'HAVO' THEN 'havo' WHEN 'VWO' THEN 'vwo' WHEN 'VMBO-T' THEN 'vmbo-t' WHEN 'VSO' THEN 'vso' WHEN 'MBO-1' THEN 'mbo-1' WHEN 'MBO-2' THEN 'mbo-2' WHEN 'MBO-3' THEN 'mbo-3' WHEN 'MBO-4' THEN 'mbo-4' WHEN 'AD' THEN 'ad' WHEN 'BA' THEN 'ba' WHEN 'MA' THEN 'ma' END AS "level",
    CASE "soort" WHEN 'D' THEN 'final' WHEN 'P' THEN 'propedeuse' END AS "kind",
    to_date("diplomadatum", 'YYYYMMDD') AS "date",
    to_date("diplomadatum", 'YYYYMMDD') AS "last_day",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "persoonsnummer" IN ('', '00000000') THEN NULL ELSE "persoonsnummer" END AS "persoonsnummer",
      CASE WHEN "brin" IN ('', '00000000') THEN NULL ELSE "brin" END AS "brin",
      CASE WHEN "opleidingscode" IN ('', '00000000') THEN NULL ELSE "opleidingscode" END AS "opleidingscode",
      CASE WHEN "onderwijssoort" IN ('', '00000000') THEN NULL ELSE "onderwijssoort" END AS "onderwijssoort",
      CASE WHEN "niveau" IN ('', '00000000') THEN NULL ELSE "niveau" END AS "niveau",
      CASE WHEN "soort" IN ('', '00000000') THEN NULL ELSE "soort" END AS "soort",
      CASE WHEN "diplomadatum" IN ('', '00000000') THEN NULL ELSE "diplomadatum" END AS "diplomadatum",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_diplomas") AS "file"
  ) AS "cell"
  WHERE "persoonsnummer" IS NOT NULL AND trim("persoonsnummer") <> ''
),
"cohort_year" AS (
  SELECT * FROM (VALUES (2014), (2015), (2016), (2017), (2018), (2019), (2020), (2021), (2022)) AS "t" ("cohort_year")
),
"candidate_record" AS (
  SELECT y."cohort_year", e.*
  FROM "enrollment" AS e
  JOIN "cohort_year" AS y ON e."k1" <= y."cohort_year" AND e."k2" >= y."cohort_year"
  WHERE e."sector" IN ('vo', 'mbo', 'vavo')
    AND e."funded"
),
"candidate" AS (
  SELECT
    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."source_row",
    e."level" AS "by_level"
  FROM "candidate_record" AS e
  JOIN "cohort_year" AS y ON y."cohort_year" = e."cohort_year"
  LEFT JOIN "person" AS pp ON pp."person" = e."person"
  WHERE y."cohort_year" - CAST(EXTRACT(YEAR FROM pp."birth_date") AS INTEGER) - CASE WHEN 1001 < EXTRACT(MONTH FROM pp."birth_date") * 100 + EXTRACT(DAY FROM pp."birth_date") THEN 1 ELSE 0 END < 23
),
"anchor" AS (
  SELECT *, "source_row" * 10000 + "cohort_year" AS "anchor_id"
  FROM (
    SELECT *, row_number() OVER (PARTITION BY "cohort_year", "person" ORDER BY COALESCE("main", FALSE) DESC, "start" ASC NULLS LAST, "institution" COLLATE "C" ASC NULLS LAST, "programme" COLLATE "C" ASC NULLS LAST, "source_row" ASC) AS "pick"
    FROM "candidate"
  ) AS "ranked"
  WHERE "pick" = 1
),
"not_vsv" AS (
  SELECT a."anchor_id"
    FROM "anchor" AS a
    JOIN "enrollment" AS e ON e."person" = a."person" AND e."k1" <= a."cohort_year" + 1 AND e."k2" >= a."cohort_year" + 1
  UNION
  SELECT a."anchor_id"
    FROM "anchor" AS a
    JOIN "diploma" AS d ON d."person" = a."person" AND d."level" IN ('havo', 'vwo', 'mbo-2', 'mbo-3', 'mbo-4') AND d."last_day" <= make_date(a."cohort_year" + 1, 12, 31)
),
"outcome" AS (
  SELECT a.*, CASE WHEN n."anchor_id" IS NULL THEN 'vsv' ELSE 'not-vsv' END AS "outcome"
  FROM "anchor" AS a
  LEFT JOIN "not_vsv" AS n ON n."anchor_id" = a."anchor_id"
)
SELECT "cohort_year", "by_level", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "by_level", "outcome";
