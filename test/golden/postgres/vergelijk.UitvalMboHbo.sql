-- indicator vergelijk.UitvalMboHbo "Uitval na 1 jaar van mbo'ers in het hbo (OCW-definitie)"
-- cohort vergelijk.MboHbo (entering, years 2016..2023)
-- measure dropout
-- using ResearchNed: ResearchNed, Monitor beleidsmaatregelen hoger onderwijs (in opdracht van OCW)
-- peildatum 1 october                    <- convention ResearchNed (conventions/published.stroom:45)
-- entry first in sector                  <- convention ResearchNed (conventions/published.stroom:46)
-- inflow direct gap 0 years              <- cohort MboHbo (compare.stroom:26)
-- prior mbo-4                            <- cohort MboHbo (compare.stroom:25)
-- sector hbo                             <- cohort MboHbo (compare.stroom:24)
-- mode fulltime                          <- cohort MboHbo (compare.stroom:27)
-- level any                              <- default
-- funded no                              <- default
-- main enrollments no                    <- default
-- age any                                <- default
-- lookback all                           <- default
-- after 1 year                           <- indicator UitvalMboHbo (compare.stroom:34)
-- scope sector                           <- convention ResearchNed (conventions/published.stroom:48)
-- switchers count as retained            <- convention ResearchNed (conventions/published.stroom:49)
-- switch within sectors hbo, wo          <- convention ResearchNed (conventions/published.stroom:50)
-- diploma counts as success kinds final  <- default
-- unit person                            <- convention ResearchNed (conventions/published.stroom:51)
-- reentry horizon                        <- default
-- suppress below 5                       <- workspace (stroom.json)
-- source sources.Voorbeeld, observed 2014-09-01 .. 2024-09-30
-- PostgreSQL reads the data files from temporary tables that `stroom run --engine postgres` loads:
--   "stroom_file_inschrijvingen" <- data/inschrijvingen.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_diplomas" <- data/diplomas.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_vooropleidingen" <- data/vooropleidingen.csv (every column as text, plus "stroom$row", its row number)
-- cohort years computed: 2016, 2017, 2018, 2019, 2020, 2021, 2022
-- cohort 2023 incomplete: horizon needs 2024-10-01, data end 2024-09-30 / meetmoment vraagt 2024-10-01, data eindigen 2024-09-30
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
"prior_education" AS (
  SELECT
    "persoonsnummer" AS "person",
    CASE "categorie" WHEN 'VMBO-T' THEN 'vmbo-t' WHEN 'HAVO' THEN 'havo' WHEN 'VWO' THEN 'vwo' WHEN 'MBO-1' THEN 'mbo-1' WHEN 'MBO-2' THEN 'mbo-2' WHEN 'MBO-3' THEN 'mbo-3' WHEN 'MBO-4' THEN 'mbo-4' WHEN 'VSO' THEN 'vso' WHEN 'HBO-P' THEN 'hbo-p' WHEN 'BUITENL' THEN 'other' END AS "category",
    CAST("diplomajaar" AS INTEGER) AS "diploma_year",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "persoonsnummer" IN ('', '00000000') THEN NULL ELSE "persoonsnummer" END AS "persoonsnummer",
      CASE WHEN "categorie" IN ('', '00000000') THEN NULL ELSE "categorie" END AS "categorie",
      CASE WHEN "diplomajaar" IN ('', '00000000') THEN NULL ELSE "diplomajaar" END AS "diplomajaar",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_vooropleidingen") AS "file"
  ) AS "cell"
  WHERE "persoonsnummer" IS NOT NULL AND trim("persoonsnummer") <> ''
),
"cohort_year" AS (
  SELECT * FROM (VALUES (2016), (2017), (2018), (2019), (2020), (2021), (2022)) AS "t" ("cohort_year")
),
"first_peil" AS (
  SELECT "person", "sector", MIN(GREATEST("k1", 2014)) AS "first_year"
  FROM "enrollment"
  WHERE "k2" >= 2014 AND "sector" IN ('hbo')
  GROUP BY "person", "sector"
),
"candidate_record" AS (
  SELECT y."cohort_year", e.*
  FROM "enrollment" AS e
  JOIN "first_peil" AS f ON f."person" = e."person" AND f."sector" = e."sector"
  JOIN "cohort_year" AS y ON y."cohort_year" = f."first_year"
  WHERE e."k1" <= y."cohort_year" AND e."k2" >= y."cohort_year"
    AND e."sector" IN ('hbo')
    AND e."mode" IN ('fulltime')
    AND e."sector" IS NOT NULL
),
"prior_rank" AS (
  SELECT * FROM (VALUES ('wo-ma', 19), ('wo-ba', 18), ('hbo-ma', 17), ('hbo-ba', 16), ('hbo-ad', 15), ('wo-p', 14), ('hbo-p', 13), ('vwo', 12), ('havo', 11), ('mbo-4', 10), ('mbo-3', 9), ('mbo-2', 8), ('mbo-1', 7), ('vmbo-t', 6), ('vmbo-g', 6), ('vmbo-k', 4), ('vmbo-b', 3), ('vso', 2), ('other', 1)) AS "t" ("category", "rank")
),
"prior_best" AS (
  SELECT "cohort_year", "person", "category", "school_year"
  FROM (
    SELECT y."cohort_year", pe."person", pe."category", pe."diploma_year" AS "school_year",
      row_number() OVER (PARTITION BY y."cohort_year", pe."person" ORDER BY r."rank" DESC, pe."diploma_year" DESC, pe."source_row") AS "pick"
    FROM (SELECT DISTINCT "cohort_year", "person" FROM "candidate_record") AS y
    JOIN "prior_education" AS pe ON pe."person" = y."person" AND pe."diploma_year" <= y."cohort_year" - 1
    JOIN "prior_rank" AS r ON r."category" = pe."category"
  ) AS "ranked"
  WHERE "pick" = 1
),
"candidate" AS (
  SELECT
    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."source_row"
  FROM "candidate_record" AS e
  JOIN "cohort_year" AS y ON y."cohort_year" = e."cohort_year"
  LEFT JOIN "prior_best" AS pb ON pb."person" = e."person" AND pb."cohort_year" = y."cohort_year"
  WHERE pb."category" IN ('mbo-4')
    AND pb."school_year" BETWEEN y."cohort_year" - 1 AND y."cohort_year" - 1
),
"anchor" AS (
  SELECT *, "source_row" * 10000 + "cohort_year" AS "anchor_id"
  FROM (
    SELECT *, row_number() OVER (PARTITION BY "cohort_year", "person" ORDER BY COALESCE("main", FALSE) DESC, "start" ASC NULLS LAST, "institution" COLLATE "C" ASC NULLS LAST, "programme" COLLATE "C" ASC NULLS LAST, "source_row" ASC) AS "pick"
    FROM "candidate"
  ) AS "ranked"
  WHERE "pick" = 1
),
"checkpoint" AS (
  SELECT a."anchor_id", a."person", a."institution", a."programme", a."sector", a."start", k."k",
    a."cohort_year" + k."k" AS "year_k", make_date(a."cohort_year" + k."k", 10, 1) AS "peil_k"
  FROM "anchor" AS a
  CROSS JOIN (VALUES (1)) AS k ("k")
),
"presence" AS (
  SELECT c."anchor_id", c."k",
    MAX(CASE WHEN e."sector" = c."sector" THEN 1 ELSE 0 END) AS "in_scope",
    MAX(CASE WHEN e."sector" IN ('hbo', 'wo') THEN 1 ELSE 0 END) AS "in_domain"
  FROM "checkpoint" AS c
  LEFT JOIN "enrollment" AS e ON e."person" = c."person" AND e."k1" <= c."year_k" AND e."k2" >= c."year_k"
  GROUP BY c."anchor_id", c."k"
),
"graduation" AS (
  SELECT c."anchor_id", c."k", MAX(CASE WHEN d."person" IS NULL THEN 0 ELSE 1 END) AS "graduated"
  FROM "checkpoint" AS c
  LEFT JOIN "diploma" AS d ON d."person" = c."person" AND d."kind" IN ('final')
    AND d."sector" = c."sector" AND d."date" > c."start" AND d."last_day" <= c."peil_k"
  GROUP BY c."anchor_id", c."k"
),
"status" AS (
  SELECT p."anchor_id", p."k",
    CASE
      WHEN g."graduated" = 1 THEN 'graduated'
      WHEN p."in_scope" = 1 THEN 'retained'
      WHEN p."in_domain" = 1 THEN 'retained'
      ELSE 'dropout'
    END AS "status"
  FROM "presence" AS p
  JOIN "graduation" AS g ON g."anchor_id" = p."anchor_id" AND g."k" = p."k"
),
"outcome" AS (
  SELECT a.*, s."status" AS "outcome"
  FROM "anchor" AS a
  JOIN "status" AS s ON s."anchor_id" = a."anchor_id" AND s."k" = 1
)
SELECT "cohort_year", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "outcome";
