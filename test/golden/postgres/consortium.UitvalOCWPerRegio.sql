-- indicator consortium.UitvalOCWPerRegio "Uitval na 1 jaar (OCW-definitie) per woonregio"
-- cohort regio_noord.HavoHbo (entering, years 2016..2023)
-- measure dropout
-- by region
-- using ResearchNed: ResearchNed, Monitor beleidsmaatregelen hoger onderwijs (in opdracht van OCW)
-- peildatum 1 october                    <- convention ResearchNed (conventions/published.stroom:45)
-- entry first in sector                  <- convention ResearchNed (conventions/published.stroom:46)
-- inflow direct gap 0 years              <- cohort HavoHbo (havo-hbo.stroom:11)
-- prior havo                             <- cohort HavoHbo (havo-hbo.stroom:10)
-- sector hbo                             <- cohort HavoHbo (havo-hbo.stroom:9)
-- mode fulltime                          <- cohort HavoHbo (havo-hbo.stroom:12)
-- level any                              <- default
-- funded no                              <- default
-- main enrollments no                    <- default
-- age any                                <- default
-- lookback all                           <- default
-- after 1 year                           <- indicator UitvalOCWPerRegio (consortium.stroom:31)
-- scope sector                           <- convention ResearchNed (conventions/published.stroom:48)
-- switchers count as retained            <- convention ResearchNed (conventions/published.stroom:49)
-- switch within sectors hbo, wo          <- convention ResearchNed (conventions/published.stroom:50)
-- diploma counts as success kinds final  <- default
-- unit person                            <- convention ResearchNed (conventions/published.stroom:51)
-- reentry horizon                        <- default
-- suppress below 5                       <- workspace (stroom.json)
-- source sources.Consortium, observed 2014-09-01 .. 2024-09-30
-- PostgreSQL reads the data files from temporary tables that `stroom run --engine postgres` loads:
-- cohort years computed: 2016, 2017, 2018, 2019, 2020, 2021, 2022
-- cohort 2023 incomplete: horizon needs 2024-10-01, data end 2024-09-30 / meetmoment vraagt 2024-10-01, data eindigen 2024-09-30
WITH
"person_record" AS (
  SELECT
    "leerling_id" AS "person",
    to_date("geboortedatum", 'YYYY-MM-DD') AS "birth_date",
    "geslacht" AS "gender",
    "woonregio" AS "region",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN CAST("leerling_id" AS VARCHAR) IN ('') THEN NULL ELSE CAST("leerling_id" AS VARCHAR) END AS "leerling_id",
      CASE WHEN CAST("geboortedatum" AS VARCHAR) IN ('') THEN NULL ELSE CAST("geboortedatum" AS VARCHAR) END AS "geboortedatum",
      CASE WHEN CAST("geslacht" AS VARCHAR) IN ('') THEN NULL ELSE CAST("geslacht" AS VARCHAR) END AS "geslacht",
      CASE WHEN CAST("woonregio" AS VARCHAR) IN ('') THEN NULL ELSE CAST("woonregio" AS VARCHAR) END AS "woonregio",
      "stroom$row"
    FROM (SELECT row_number() OVER () AS "stroom$row", * FROM "regio"."leerlingen") AS "file"
  ) AS "cell"
  WHERE "leerling_id" IS NOT NULL AND trim("leerling_id") <> ''
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
    "leerling_id" AS "person",
    "brin" AS "institution",
    "opleidingscode" AS "programme",
    "sector" AS "sector",
    CASE "niveau" WHEN 'vmbo-t' THEN 'vmbo-t' WHEN 'havo' THEN 'havo' WHEN 'vwo' THEN 'vwo' WHEN 'vso' THEN 'vso' WHEN 'mbo 2' THEN 'mbo-2' WHEN 'mbo 3' THEN 'mbo-3' WHEN 'mbo 4' THEN 'mbo-4' WHEN 'associate degree' THEN 'ad' WHEN 'bachelor' THEN 'ba' WHEN 'master' THEN 'ma' END AS "level",
    CASE "vorm" WHEN 'voltijd' THEN 'fulltime' WHEN 'deeltijd' THEN 'parttime' WHEN 'duaal' THEN 'dual' WHEN 'bol' THEN 'bol' WHEN 'bbl' THEN 'bbl' WHEN 'ex' THEN 'ex' END AS "mode",
    CASE WHEN lower("hoofdinschrijving") IN ('true', '1', 'j', 'ja', 'y', 'yes') THEN TRUE WHEN lower("hoofdinschrijving") IN ('false', '0', 'n', 'nee', 'no') THEN FALSE END AS "main",
    CASE WHEN lower("bekostigd") IN ('true', '1', 'j', 'ja', 'y', 'yes') THEN TRUE WHEN lower("bekostigd") IN ('false', '0', 'n', 'nee', 'no') THEN FALSE END AS "funded",
    to_date("begindatum", 'YYYY-MM-DD') AS "start",
    to_date("einddatum", 'YYYY-MM-DD') AS "end",
    "reden_uitschrijving" AS "leave_reason",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN CAST("leerling_id" AS VARCHAR) IN ('') THEN NULL ELSE CAST("leerling_id" AS VARCHAR) END AS "leerling_id",
      CASE WHEN CAST("brin" AS VARCHAR) IN ('') THEN NULL ELSE CAST("brin" AS VARCHAR) END AS "brin",
      CASE WHEN CAST("opleidingscode" AS VARCHAR) IN ('') THEN NULL ELSE CAST("opleidingscode" AS VARCHAR) END AS "opleidingscode",
      CASE WHEN CAST("sector" AS VARCHAR) IN ('') THEN NULL ELSE CAST("sector" AS VARCHAR) END AS "sector",
      CASE WHEN CAST("niveau" AS VARCHAR) IN ('') THEN NULL ELSE CAST("niveau" AS VARCHAR) END AS "niveau",
      CASE WHEN CAST("vorm" AS VARCHAR) IN ('') THEN NULL ELSE CAST("vorm" AS VARCHAR) END AS "vorm",
      CASE WHEN CAST("hoofdinschrijving" AS VARCHAR) IN ('') THEN NULL ELSE CAST("hoofdinschrijving" AS VARCHAR) END AS "hoofdinschrijving",
      CASE WHEN CAST("bekostigd" AS VARCHAR) IN ('') THEN NULL ELSE CAST("bekostigd" AS VARCHAR) END AS "bekostigd",
      CASE WHEN CAST("begindatum" AS VARCHAR) IN ('') THEN NULL ELSE CAST("begindatum" AS VARCHAR) END AS "begindatum",
      CASE WHEN CAST("einddatum" AS VARCHAR) IN ('') THEN NULL ELSE CAST("einddatum" AS VARCHAR) END AS "einddatum",
      CASE WHEN CAST("reden_uitschrijving" AS VARCHAR) IN ('') THEN NULL ELSE CAST("reden_uitschrijving" AS VARCHAR) END AS "reden_uitschrijving",
      "stroom$row"
    FROM (SELECT row_number() OVER () AS "stroom$row", * FROM "regio"."inschrijvingen") AS "file"
  ) AS "cell"
  WHERE "leerling_id" IS NOT NULL AND trim("leerling_id") <> ''
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
    "leerling_id" AS "person",
    "brin" AS "institution",
    "opleidingscode" AS "programme",
    "sector" AS "sector",
    CASE "niveau" WHEN 'vmbo-t' THEN 'vmbo-t' WHEN 'havo' THEN 'havo' WHEN 'vwo' THEN 'vwo' WHEN 'vso' THEN 'vso' WHEN 'mbo 2' THEN 'mbo-2' WHEN 'mbo 3' THEN 'mbo-3' WHEN 'mbo 4' THEN 'mbo-4' WHEN 'associate degree' THEN 'ad' WHEN 'bachelor' THEN 'ba' WHEN 'master' THEN 'ma' END AS "level",
    CASE "soort" WHEN 'diploma' THEN 'final' WHEN 'propedeuse' THEN 'propedeuse' END AS "kind",
    to_date("datum", 'YYYY-MM-DD') AS "date",
    to_date("datum", 'YYYY-MM-DD') AS "last_day",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN CAST("leerling_id" AS VARCHAR) IN ('') THEN NULL ELSE CAST("leerling_id" AS VARCHAR) END AS "leerling_id",
      CASE WHEN CAST("brin" AS VARCHAR) IN ('') THEN NULL ELSE CAST("brin" AS VARCHAR) END AS "brin",
      CASE WHEN CAST("opleidingscode" AS VARCHAR) IN ('') THEN NULL ELSE CAST("opleidingscode" AS VARCHAR) END AS "opleidingscode",
      CASE WHEN CAST("sector" AS VARCHAR) IN ('') THEN NULL ELSE CAST("sector" AS VARCHAR) END AS "sector",
      CASE WHEN CAST("niveau" AS VARCHAR) IN ('') THEN NULL ELSE CAST("niveau" AS VARCHAR) END AS "niveau",
      CASE WHEN CAST("soort" AS VARCHAR) IN ('') THEN NULL ELSE CAST("soort" AS VARCHAR) END AS "soort",
      CASE WHEN CAST("datum" AS VARCHAR) IN ('') THEN NULL ELSE CAST("datum" AS VARCHAR) END AS "datum",
      "stroom$row"
    FROM (SELECT row_number() OVER () AS "stroom$row", * FROM "regio"."diplomas") AS "file"
  ) AS "cell"
  WHERE "leerling_id" IS NOT NULL AND trim("leerling_id") <> ''
),
"prior_education" AS (
  SELECT
    "leerling_id" AS "person",
    CASE "vooropleiding" WHEN 'vmbo-t' THEN 'vmbo-t' WHEN 'havo' THEN 'havo' WHEN 'vwo' THEN 'vwo' WHEN 'vso' THEN 'vso' WHEN 'mbo 2' THEN 'mbo-2' WHEN 'mbo 3' THEN 'mbo-3' WHEN 'mbo 4' THEN 'mbo-4' WHEN 'hbo-propedeuse' THEN 'hbo-p' WHEN 'buitenlands' THEN 'other' END AS "category",
    CAST("schooljaar" AS INTEGER) AS "diploma_year",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN CAST("leerling_id" AS VARCHAR) IN ('') THEN NULL ELSE CAST("leerling_id" AS VARCHAR) END AS "leerling_id",
      CASE WHEN CAST("vooropleiding" AS VARCHAR) IN ('') THEN NULL ELSE CAST("vooropleiding" AS VARCHAR) END AS "vooropleiding",
      CASE WHEN CAST("schooljaar" AS VARCHAR) IN ('') THEN NULL ELSE CAST("schooljaar" AS VARCHAR) END AS "schooljaar",
      "stroom$row"
    FROM (SELECT row_number() OVER () AS "stroom$row", * FROM "regio"."vooropleidingen") AS "file"
  ) AS "cell"
  WHERE "leerling_id" IS NOT NULL AND trim("leerling_id") <> ''
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
    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."source_row",
    pp."region" AS "by_region"
  FROM "candidate_record" AS e
  JOIN "cohort_year" AS y ON y."cohort_year" = e."cohort_year"
  LEFT JOIN "prior_best" AS pb ON pb."person" = e."person" AND pb."cohort_year" = y."cohort_year"
  LEFT JOIN "person" AS pp ON pp."person" = e."person"
  WHERE pb."category" IN ('havo')
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
SELECT "cohort_year", "by_region", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "by_region", "outcome";
