-- indicator regio_noord.BestemmingHavoVwo "Bestemming havo- en vwo-gediplomeerden (directe stroom)"
-- cohort regio_noord.HavoVwoGediplomeerden (graduating, years 2015..2024)
-- measure destination
-- by level
-- using DuoBestemming: DUO, Open Onderwijsdata: Gediplomeerden vo en hun bestemming (directe stroom op 1 oktober)
-- peildatum 1 october  <- convention DuoBestemming (conventions/published.stroom:170)
-- prior any            <- default
-- sector vo            <- convention DuoBestemming (conventions/published.stroom:172)
-- mode any             <- default
-- level havo, vwo      <- cohort HavoVwoGediplomeerden (vo-bestemming.stroom:11)
-- funded no            <- default
-- main enrollments no  <- default
-- age any              <- default
-- after 0 years        <- convention DuoBestemming (conventions/published.stroom:173)
-- unit person          <- convention DuoBestemming (conventions/published.stroom:174)
-- suppress below 5     <- workspace (stroom.json)
-- source sources.Voorbeeld, observed 2014-09-01 .. 2024-09-30
-- data paths are relative to the workspace root: run this SQL from there
-- cohort years computed: 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023
-- cohort 2024 incomplete: horizon needs 2024-10-01, data end 2024-09-30 / meetmoment vraagt 2024-10-01, data eindigen 2024-09-30
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
    CAST(strptime("datum inschrijving", '%Y%m%d') AS DATE) AS "start",
    CAST(strptime("datum uitschrijving", '%Y%m%d') AS DATE) AS "end",
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
    FROM (SELECT row_number() OVER () AS "stroom$row", * FROM read_csv('data/inschrijvingen.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')) AS "file"
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
    CAST(strptime("diplomadatum", '%Y%m%d') AS DATE) AS "date",
    CAST(strptime("diplomadatum", '%Y%m%d') AS DATE) AS "last_day",
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
    FROM (SELECT row_number() OVER () AS "stroom$row", * FROM read_csv('data/diplomas.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')) AS "file"
  ) AS "cell"
  WHERE "persoonsnummer" IS NOT NULL AND trim("persoonsnummer") <> ''
),
"cohort_year" AS (
  SELECT * FROM (VALUES (2015), (2016), (2017), (2018), (2019), (2020), (2021), (2022), (2023)) AS "t" ("cohort_year")
),
"candidate" AS (
  SELECT
    y."cohort_year", d."person", d."institution", d."programme", d."sector", CAST(NULL AS BOOLEAN) AS "main", d."date" AS "start", d."source_row",
    d."level" AS "by_level"
  FROM "diploma" AS d
  CROSS JOIN "cohort_year" AS y
  WHERE d."sector" IN ('vo')
    AND d."level" IN ('havo', 'vwo')
    AND d."kind" IN ('final')
    AND d."date" >= make_date(y."cohort_year" - 1, 9, 1)
    AND d."date" < make_date(y."cohort_year", 9, 1)
),
"anchor" AS (
  SELECT *, "source_row" * 10000 + "cohort_year" AS "anchor_id"
  FROM (
    SELECT *, row_number() OVER (PARTITION BY "cohort_year", "person" ORDER BY COALESCE("main", FALSE) DESC, "start" ASC NULLS LAST, "institution" ASC NULLS LAST, "programme" ASC NULLS LAST, "source_row" ASC) AS "pick"
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
  LEFT JOIN "enrollment" AS e ON e."person" = a."person" AND e."k1" <= a."cohort_year" AND e."k2" >= a."cohort_year"
  GROUP BY a."anchor_id"
),
"destination_pick" AS (
  SELECT "anchor_id", "sector"
  FROM (
    SELECT a."anchor_id", e."sector", row_number() OVER (PARTITION BY a."anchor_id" ORDER BY COALESCE(e."main", FALSE) DESC, e."start" ASC NULLS LAST, e."institution" ASC NULLS LAST, e."programme" ASC NULLS LAST, e."source_row" ASC) AS "pick"
    FROM "anchor" AS a
    JOIN "enrollment" AS e ON e."person" = a."person" AND e."k1" <= a."cohort_year" AND e."k2" >= a."cohort_year"
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
SELECT "cohort_year", "by_level", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "by_level", "outcome";
