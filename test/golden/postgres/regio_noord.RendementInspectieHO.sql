-- indicator regio_noord.RendementInspectieHO "Bachelorrendement na 5 jaar, herinschrijvers (Inspectie HO)"
-- cohort regio_noord.HboBachelorInstroom (entering, years 2016..2023)
-- measure success over retained after 1 year
-- using InspectieHO: Inspectie van het Onderwijs, De Staat van het Onderwijs (methodologische verantwoording)
-- peildatum 1 october                    <- convention InspectieHO (conventions/published.stroom:106)
-- entry first in institution-programme   <- convention InspectieHO (conventions/published.stroom:107)
-- inflow any                             <- cohort HboBachelorInstroom (hbo-inspectie.stroom:13)
-- prior any                              <- default
-- sector hbo                             <- cohort HboBachelorInstroom (hbo-inspectie.stroom:10)
-- mode fulltime                          <- cohort HboBachelorInstroom (hbo-inspectie.stroom:12)
-- level ba                               <- cohort HboBachelorInstroom (hbo-inspectie.stroom:11)
-- funded no                              <- default
-- main enrollments only                  <- convention InspectieHO (conventions/published.stroom:108)
-- age any                                <- default
-- lookback all                           <- default
-- after 5 years                          <- indicator RendementInspectieHO (hbo-inspectie.stroom:36)
-- scope institution-programme            <- convention InspectieHO (conventions/published.stroom:109)
-- switchers count as separate            <- convention InspectieHO (conventions/published.stroom:110)
-- switch within institution              <- convention InspectieHO (conventions/published.stroom:111)
-- diploma counts as success kinds final  <- default
-- unit person                            <- convention InspectieHO (conventions/published.stroom:112)
-- reentry horizon                        <- default
-- suppress below 5                       <- workspace (stroom.json)
-- source sources.Voorbeeld, observed 2014-09-01 .. 2024-09-30
-- PostgreSQL reads the data files from temporary tables that `stroom run --engine postgres` loads:
--   "stroom_file_inschrijvingen" <- data/inschrijvingen.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_diplomas" <- data/diplomas.csv (every column as text, plus "stroom$row", its row number)
-- cohort years computed: 2016, 2017, 2018
-- cohort 2019 incomplete: horizon needs 2024-10-01, data end 2024-09-30 / meetmoment vraagt 2024-10-01, data eindigen 2024-09-30
-- cohort 2020 incomplete: horizon needs 2025-10-01, data end 2024-09-30 / meetmoment vraagt 2025-10-01, data eindigen 2024-09-30
-- cohort 2021 incomplete: horizon needs 2026-10-01, data end 2024-09-30 / meetmoment vraagt 2026-10-01, data eindigen 2024-09-30
-- cohort 2022 incomplete: horizon needs 2027-10-01, data end 2024-09-30 / meetmoment vraagt 2027-10-01, data eindigen 2024-09-30
-- cohort 2023 incomplete: horizon needs 2028-10-01, data end 2024-09-30 / meetmoment vraagt 2028-10-01, data eindigen 2024-09-30
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
  WHERE "k1" <= "k2" AND "main"
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
  SELECT * FROM (VALUES (2016), (2017), (2018)) AS "t" ("cohort_year")
),
"first_peil" AS (
  SELECT "person", "institution", "programme", MIN(GREATEST("k1", 2014)) AS "first_year"
  FROM "enrollment"
  WHERE "k2" >= 2014
  GROUP BY "person", "institution", "programme"
),
"candidate_record" AS (
  SELECT y."cohort_year", e.*
  FROM "enrollment" AS e
  JOIN "first_peil" AS f ON f."person" = e."person" AND f."institution" = e."institution" AND f."programme" = e."programme"
  JOIN "cohort_year" AS y ON y."cohort_year" = f."first_year"
  WHERE e."k1" <= y."cohort_year" AND e."k2" >= y."cohort_year"
    AND e."sector" IN ('hbo')
    AND e."mode" IN ('fulltime')
    AND e."level" IN ('ba')
    AND e."institution" IS NOT NULL
    AND e."programme" IS NOT NULL
),
"candidate" AS (
  SELECT
    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."source_row"
  FROM "candidate_record" AS e
  JOIN "cohort_year" AS y ON y."cohort_year" = e."cohort_year"
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
  CROSS JOIN (VALUES (1), (5)) AS k ("k")
),
"presence" AS (
  SELECT c."anchor_id", c."k",
    MAX(CASE WHEN e."institution" = c."institution" AND e."programme" = c."programme" THEN 1 ELSE 0 END) AS "in_scope",
    MAX(CASE WHEN e."institution" = c."institution" THEN 1 ELSE 0 END) AS "in_domain"
  FROM "checkpoint" AS c
  LEFT JOIN "enrollment" AS e ON e."person" = c."person" AND e."k1" <= c."year_k" AND e."k2" >= c."year_k"
  GROUP BY c."anchor_id", c."k"
),
"graduation" AS (
  SELECT c."anchor_id", c."k", MAX(CASE WHEN d."person" IS NULL THEN 0 ELSE 1 END) AS "graduated"
  FROM "checkpoint" AS c
  LEFT JOIN "diploma" AS d ON d."person" = c."person" AND d."kind" IN ('final')
    AND d."institution" = c."institution" AND d."programme" = c."programme" AND d."date" > c."start" AND d."last_day" <= c."peil_k"
  GROUP BY c."anchor_id", c."k"
),
"status" AS (
  SELECT p."anchor_id", p."k",
    CASE
      WHEN g."graduated" = 1 THEN 'graduated'
      WHEN p."in_scope" = 1 THEN 'retained'
      WHEN p."in_domain" = 1 THEN 'switched'
      ELSE 'dropout'
    END AS "status"
  FROM "presence" AS p
  JOIN "graduation" AS g ON g."anchor_id" = p."anchor_id" AND g."k" = p."k"
),
"outcome" AS (
  SELECT a.*, s."status" AS "outcome"
  FROM "anchor" AS a
  JOIN "status" AS s ON s."anchor_id" = a."anchor_id" AND s."k" = 5
  JOIN "status" AS r ON r."anchor_id" = a."anchor_id" AND r."k" = 1 AND r."status" = 'retained'
)
SELECT "cohort_year", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "outcome";
