-- indicator regio_noord.PositieNCOPerSchool "Positie een jaar na het vo-diploma, per school (NCO)"
-- cohort regio_noord.VoUitstroomcohort (graduating, years 2015..2022)
-- measure destination
-- by institution
-- using NCO: Nationaal Cohortonderzoek Onderwijs (NCO), uitstroomcohorten voortgezet onderwijs en hun vervolgonderwijs
-- peildatum 1 october  <- convention NCO (conventions/published.stroom:219)
-- prior any            <- default
-- sector vo            <- convention NCO (conventions/published.stroom:221)
-- mode any             <- default
-- level any            <- default
-- funded no            <- default
-- main enrollments no  <- default
-- age any              <- default
-- after 1 year         <- convention NCO (conventions/published.stroom:222)
-- unit person          <- convention NCO (conventions/published.stroom:223)
-- suppress below 5     <- workspace (stroom.json)
-- source sources.Voorbeeld, observed 2014-09-01 .. 2024-09-30
-- PostgreSQL reads the data files from temporary tables that `stroom run --engine postgres` loads:
--   "stroom_file_inschrijvingen" <- data/inschrijvingen.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_diplomas" <- data/diplomas.csv (every column as text, plus "stroom$row", its row number)
-- cohort years computed: 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022
WITH
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
  SELECT * FROM (VALUES (2015), (2016), (2017), (2018), (2019), (2020), (2021), (2022)) AS "t" ("cohort_year")
),
"candidate" AS (
  SELECT
    y."cohort_year", d."person", d."institution", d."programme", d."sector", CAST(NULL AS BOOLEAN) AS "main", d."date" AS "start", d."source_row",
    d."institution" AS "by_institution"
  FROM "diploma" AS d
  CROSS JOIN "cohort_year" AS y
  WHERE d."sector" IN ('vo')
    AND d."kind" IN ('final')
    AND d."date" >= make_date(y."cohort_year" - 1, 9, 1)
    AND d."date" < make_date(y."cohort_year", 9, 1)
),
"anchor" AS (
  SELECT *, "source_row" * 10000 + "cohort_year" AS "anchor_id"
  FROM (
    SELECT *, row_number() OVER (PARTITION BY "cohort_year", "person" ORDER BY COALESCE("main", FALSE) DESC, "start" ASC NULLS LAST, "institution" COLLATE "C" ASC NULLS LAST, "programme" COLLATE "C" ASC NULLS LAST, "source_row" ASC) AS "pick"
    FROM "candidate"
  ) AS "ranked"
  WHERE "pick" = 1
),
"destination_flag" AS (
  SELECT a."anchor_id",
    MAX(CASE WHEN e."institution" = a."institution" AND e."programme" = a."programme" THEN 1 ELSE 0 END) AS "same_programme",
    MAX(CASE WHEN e."institution" = a."institution" THEN 1 ELSE 0 END) AS "same_institution",
    MAX(CASE WHEN e."sector" = a."sector" THEN 1 ELSE 0 END) AS "same_sector",
    MAX(CASE WHEN e."person" IS NULL THEN 0 ELSE 1 END) AS "enrolled"
  FROM "anchor" AS a
  LEFT JOIN "enrollment" AS e ON e."person" = a."person" AND e."k1" <= a."cohort_year" + 1 AND e."k2" >= a."cohort_year" + 1
  GROUP BY a."anchor_id"
),
"destination_pick" AS (
  SELECT "anchor_id", "sector"
  FROM (
    SELECT a."anchor_id", e."sector", row_number() OVER (PARTITION BY a."anchor_id" ORDER BY COALESCE(e."main", FALSE) DESC, e."start" ASC NULLS LAST, e."institution" COLLATE "C" ASC NULLS LAST, e."programme" COLLATE "C" ASC NULLS LAST, e."source_row" ASC) AS "pick"
    FROM "anchor" AS a
    JOIN "enrollment" AS e ON e."person" = a."person" AND e."k1" <= a."cohort_year" + 1 AND e."k2" >= a."cohort_year" + 1
  ) AS "ranked"
  WHERE "pick" = 1
),
"outcome" AS (
  SELECT a.*,
    CASE
      WHEN f."same_programme" = 1 THEN 'same programme and institution'
      WHEN f."same_institution" = 1 THEN 'other programme, same institution'
      WHEN f."same_sector" = 1 THEN 'same sector, other institution'
      WHEN f."enrolled" = 1 THEN 'other sector: ' || COALESCE(dp."sector", 'unknown')
      ELSE 'not in education'
    END AS "outcome"
  FROM "anchor" AS a
  JOIN "destination_flag" AS f ON f."anchor_id" = a."anchor_id"
  LEFT JOIN "destination_pick" AS dp ON dp."anchor_id" = a."anchor_id"
)
SELECT "cohort_year", "by_institution", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "by_institution", "outcome";
