-- indicator vso_mbo.UitvalMboVsoHerkomst "Uitval na 1 jaar mbo, met en zonder vso-achtergrond, per migratieachtergrond"
-- cohort vso_mbo.MboInstroom (entering, years 2018..2022)
-- measure dropout
-- by history vso, migratieachtergrond
-- peildatum 1 october                    <- source Seed
-- entry first in sector                  <- cohort MboInstroom (vso-mbo.stroom:12)
-- inflow any                             <- cohort MboInstroom (vso-mbo.stroom:13)
-- prior any                              <- default
-- sector mbo                             <- cohort MboInstroom (vso-mbo.stroom:12)
-- mode any                               <- default
-- level any                              <- default
-- funded no                              <- default
-- main enrollments no                    <- default
-- age any                                <- default
-- lookback all                           <- default
-- after 1 year                           <- indicator UitvalMboVsoHerkomst (vso-mbo.stroom:92)
-- scope sector                           <- indicator UitvalMboVsoHerkomst (vso-mbo.stroom:93)
-- switchers count as retained            <- indicator UitvalMboVsoHerkomst (vso-mbo.stroom:94)
-- switch within education                <- indicator UitvalMboVsoHerkomst (vso-mbo.stroom:95)
-- diploma counts as success kinds final  <- default
-- unit person                            <- default
-- reentry horizon                        <- default
-- suppress below 5                       <- workspace (stroom.json)
-- source sources.Seed, observed 2014-09-01 .. 2024-09-30
-- PostgreSQL reads the data files from temporary tables that `stroom run --engine postgres` loads:
--   "stroom_file_personen" <- data/seed/csv/personen.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_inschrijvingen" <- data/seed/csv/inschrijvingen.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_diplomas" <- data/seed/csv/diplomas.csv (every column as text, plus "stroom$row", its row number)
-- cohort years computed: 2018, 2019, 2020, 2021, 2022
WITH
"person_record" AS (
  SELECT
    "persoonsnummer" AS "person",
    to_date("geboortedatum", 'DD-MM-YYYY') AS "birth_date",
    "geslacht" AS "gender",
    "regio" AS "region",
    "migratieachtergrond" AS "migratieachtergrond",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "persoonsnummer" IN ('', '00000000') THEN NULL ELSE "persoonsnummer" END AS "persoonsnummer",
      CASE WHEN "geboortedatum" IN ('', '00000000') THEN NULL ELSE "geboortedatum" END AS "geboortedatum",
      CASE WHEN "geslacht" IN ('', '00000000') THEN NULL ELSE "geslacht" END AS "geslacht",
      CASE WHEN "regio" IN ('', '00000000') THEN NULL ELSE "regio" END AS "regio",
      CASE WHEN "migratieachtergrond" IN ('', '00000000') THEN NULL ELSE "migratieachtergrond" END AS "migratieachtergrond",
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
    CASE "reden uitschrijving" WHEN 'diploma' THEN 'gediplomeerd' WHEN 'bsa' THEN 'instelling' WHEN 'verzuim' THEN 'instelling' WHEN 'tucht' THEN 'instelling' WHEN 'eigen keuze' THEN 'eigen-keuze' WHEN 'verhuizing' THEN 'verhuizing' WHEN 'overig' THEN 'overig' WHEN 'vrijwillig' THEN 'eigen-keuze' WHEN 'instelling' THEN 'instelling' END AS "leave_reason",
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
"history_enrollment" AS (
  SELECT * FROM "enrollment_record"
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
  SELECT * FROM (VALUES (2018), (2019), (2020), (2021), (2022)) AS "t" ("cohort_year")
),
"first_peil" AS (
  SELECT "person", "sector", MIN(GREATEST("k1", 2014)) AS "first_year"
  FROM "enrollment"
  WHERE "k2" >= 2014 AND "sector" IN ('mbo')
  GROUP BY "person", "sector"
),
"candidate_record" AS (
  SELECT y."cohort_year", e.*
  FROM "enrollment" AS e
  JOIN "first_peil" AS f ON f."person" = e."person" AND f."sector" = e."sector"
  JOIN "cohort_year" AS y ON y."cohort_year" = f."first_year"
  WHERE e."k1" <= y."cohort_year" AND e."k2" >= y."cohort_year"
    AND e."sector" IN ('mbo')
    AND e."sector" IS NOT NULL
),
"candidate" AS (
  SELECT
    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."source_row",
    pp."migratieachtergrond" AS "by_migratieachtergrond"
  FROM "candidate_record" AS e
  JOIN "cohort_year" AS y ON y."cohort_year" = e."cohort_year"
  LEFT JOIN "person" AS pp ON pp."person" = e."person"
),
"anchor_pick" AS (
  SELECT *, "source_row" * 10000 + "cohort_year" AS "anchor_id"
  FROM (
    SELECT *, row_number() OVER (PARTITION BY "cohort_year", "person" ORDER BY COALESCE("main", FALSE) DESC, "start" ASC NULLS LAST, "institution" COLLATE "C" ASC NULLS LAST, "programme" COLLATE "C" ASC NULLS LAST, "source_row" ASC) AS "pick"
    FROM "candidate"
  ) AS "ranked"
  WHERE "pick" = 1
),
"history_pick" AS (
  SELECT "anchor_id"
  FROM (
    SELECT a."anchor_id",
      row_number() OVER (PARTITION BY a."anchor_id" ORDER BY hs."start" DESC, COALESCE(hs."main", FALSE) DESC, hs."institution" COLLATE "C" ASC NULLS LAST, hs."programme" COLLATE "C" ASC NULLS LAST, hs."source_row" ASC) AS "pick"
    FROM "anchor_pick" AS a
    JOIN "history_enrollment" AS hs ON hs."person" = a."person" AND hs."sector" = 'vso' AND hs."start" < make_date(a."cohort_year", 10, 1) AND hs."source_row" <> a."source_row"
  ) AS "ranked"
  WHERE "pick" = 1
),
"anchor" AS (
  SELECT a.*, CASE WHEN hp."anchor_id" IS NULL THEN 'no' ELSE 'yes' END AS "by_history"
  FROM "anchor_pick" AS a
  LEFT JOIN "history_pick" AS hp ON hp."anchor_id" = a."anchor_id"
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
    MAX(CASE WHEN e."person" IS NOT NULL THEN 1 ELSE 0 END) AS "in_domain"
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
SELECT "cohort_year", "by_history", "by_migratieachtergrond", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "by_history", "by_migratieachtergrond", "outcome";
