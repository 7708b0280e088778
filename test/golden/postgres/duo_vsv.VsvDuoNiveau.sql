-- indicator duo_vsv.VsvDuoNiveau "Nieuwe vsv'ers volgens DUO, per niveau"
-- cohort: the source's population, as the publisher made it
-- measure vsv classified by source
-- by level
-- norm from sources.DuoVsvNormen
-- peildatum 1 october  <- source DuoVsvDefinitief
-- suppress below 5     <- workspace (stroom.json)
-- decimals 2           <- indicator VsvDuoNiveau (duo-vsv.stroom:94)
-- source duo_vsv.DuoVsvDefinitief, classified by the publisher: population data/duo-vsv/startpopulatie-2021-definitief.csv on 2021-10-01 (cohort 2021), population data/duo-vsv/startpopulatie-2022-definitief.csv on 2022-10-01 (cohort 2022); outcomes data/duo-vsv/nieuwe-vsv-2021-definitief.csv, data/duo-vsv/nieuwe-vsv-2022-definitief.csv
-- PostgreSQL reads the data files from temporary tables that `stroom run --engine postgres` loads:
--   "stroom_file_start2021" <- data/duo-vsv/startpopulatie-2021-definitief.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_start2022" <- data/duo-vsv/startpopulatie-2022-definitief.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_vsv2021" <- data/duo-vsv/nieuwe-vsv-2021-definitief.csv (every column as text, plus "stroom$row", its row number)
--   "stroom_file_vsv2022" <- data/duo-vsv/nieuwe-vsv-2022-definitief.csv (every column as text, plus "stroom$row", its row number)
-- cohort years computed: 2021, 2022
WITH
"population_record_0" AS (
  SELECT
    COALESCE("BSN", "ONDERWIJSNUMMER") AS "person",
    "BRIN" AS "institution",
    CASE "NIVEAU" WHEN 'VO onderbouw' THEN 'vo-onderbouw' WHEN 'VMBO bovenbouw' THEN 'vmbo-bovenbouw' WHEN 'HAVO/VWO bovenbouw' THEN 'havo-vwo-bovenbouw' WHEN 'Mbo1 opleidingen' THEN 'mbo-1' WHEN 'Mbo2 opleidingen' THEN 'mbo-2' WHEN 'Mbo3 opleidingen' THEN 'mbo-3' WHEN 'Mbo4 opleidingen' THEN 'mbo-4' END AS "level",
    "LEERWEG" AS "mode",
    "GESLACHT" AS "gender",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "BSN" IN ('') THEN NULL ELSE "BSN" END AS "BSN",
      CASE WHEN "ONDERWIJSNUMMER" IN ('') THEN NULL ELSE "ONDERWIJSNUMMER" END AS "ONDERWIJSNUMMER",
      CASE WHEN "BRIN" IN ('') THEN NULL ELSE "BRIN" END AS "BRIN",
      CASE WHEN "NIVEAU" IN ('') THEN NULL ELSE "NIVEAU" END AS "NIVEAU",
      CASE WHEN "LEERWEG" IN ('') THEN NULL ELSE "LEERWEG" END AS "LEERWEG",
      CASE WHEN "GESLACHT" IN ('') THEN NULL ELSE "GESLACHT" END AS "GESLACHT",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_start2021") AS "file"
  ) AS "cell"
  WHERE COALESCE("BSN", "ONDERWIJSNUMMER") IS NOT NULL AND trim(COALESCE("BSN", "ONDERWIJSNUMMER")) <> ''
),
"population_0" AS (
  SELECT 2021 AS "cohort_year", "person", CAST("institution" AS VARCHAR) AS "institution", CAST(NULL AS VARCHAR) AS "programme", CAST(NULL AS VARCHAR) AS "sector", CAST("level" AS VARCHAR) AS "by_level"
  FROM (
    SELECT *, row_number() OVER (PARTITION BY "person" ORDER BY "source_row") AS "person_row"
    FROM "population_record_0"
  ) AS "numbered"
  WHERE "person_row" = 1
),
"population_record_1" AS (
  SELECT
    COALESCE("BSN", "ONDERWIJSNUMMER") AS "person",
    "BRIN" AS "institution",
    CASE "NIVEAU" WHEN 'VO onderbouw' THEN 'vo-onderbouw' WHEN 'VMBO bovenbouw' THEN 'vmbo-bovenbouw' WHEN 'HAVO/VWO bovenbouw' THEN 'havo-vwo-bovenbouw' WHEN 'Mbo1 opleidingen' THEN 'mbo-1' WHEN 'Mbo2 opleidingen' THEN 'mbo-2' WHEN 'Mbo3 opleidingen' THEN 'mbo-3' WHEN 'Mbo4 opleidingen' THEN 'mbo-4' END AS "level",
    "LEERWEG" AS "mode",
    "GESLACHT" AS "gender",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "BSN" IN ('') THEN NULL ELSE "BSN" END AS "BSN",
      CASE WHEN "ONDERWIJSNUMMER" IN ('') THEN NULL ELSE "ONDERWIJSNUMMER" END AS "ONDERWIJSNUMMER",
      CASE WHEN "BRIN" IN ('') THEN NULL ELSE "BRIN" END AS "BRIN",
      CASE WHEN "NIVEAU" IN ('') THEN NULL ELSE "NIVEAU" END AS "NIVEAU",
      CASE WHEN "LEERWEG" IN ('') THEN NULL ELSE "LEERWEG" END AS "LEERWEG",
      CASE WHEN "GESLACHT" IN ('') THEN NULL ELSE "GESLACHT" END AS "GESLACHT",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_start2022") AS "file"
  ) AS "cell"
  WHERE COALESCE("BSN", "ONDERWIJSNUMMER") IS NOT NULL AND trim(COALESCE("BSN", "ONDERWIJSNUMMER")) <> ''
),
"population_1" AS (
  SELECT 2022 AS "cohort_year", "person", CAST("institution" AS VARCHAR) AS "institution", CAST(NULL AS VARCHAR) AS "programme", CAST(NULL AS VARCHAR) AS "sector", CAST("level" AS VARCHAR) AS "by_level"
  FROM (
    SELECT *, row_number() OVER (PARTITION BY "person" ORDER BY "source_row") AS "person_row"
    FROM "population_record_1"
  ) AS "numbered"
  WHERE "person_row" = 1
),
"population" AS (
  SELECT * FROM "population_0"
  UNION ALL
  SELECT * FROM "population_1"
),
"outcomes_record_0" AS (
  SELECT
    COALESCE("BSN", "ONDERWIJSNUMMER") AS "person",
    'vsv' AS "outcome",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "BSN" IN ('') THEN NULL ELSE "BSN" END AS "BSN",
      CASE WHEN "ONDERWIJSNUMMER" IN ('') THEN NULL ELSE "ONDERWIJSNUMMER" END AS "ONDERWIJSNUMMER",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_vsv2021") AS "file"
  ) AS "cell"
  WHERE COALESCE("BSN", "ONDERWIJSNUMMER") IS NOT NULL AND trim(COALESCE("BSN", "ONDERWIJSNUMMER")) <> ''
),
"outcomes_record_1" AS (
  SELECT
    COALESCE("BSN", "ONDERWIJSNUMMER") AS "person",
    'vsv' AS "outcome",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "BSN" IN ('') THEN NULL ELSE "BSN" END AS "BSN",
      CASE WHEN "ONDERWIJSNUMMER" IN ('') THEN NULL ELSE "ONDERWIJSNUMMER" END AS "ONDERWIJSNUMMER",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_vsv2022") AS "file"
  ) AS "cell"
  WHERE COALESCE("BSN", "ONDERWIJSNUMMER") IS NOT NULL AND trim(COALESCE("BSN", "ONDERWIJSNUMMER")) <> ''
),
"cohort_year" AS (
  SELECT * FROM (VALUES (2021), (2022)) AS "t" ("cohort_year")
),
"classified" AS (
  SELECT DISTINCT y."cohort_year", g."person"
    FROM "outcomes_record_0" AS g
    JOIN "cohort_year" AS y ON y."cohort_year" IN (2021)
    WHERE g."outcome" = 'vsv'
  UNION
  SELECT DISTINCT y."cohort_year", g."person"
    FROM "outcomes_record_1" AS g
    JOIN "cohort_year" AS y ON y."cohort_year" IN (2022)
    WHERE g."outcome" = 'vsv'
),
"outcome" AS (
  SELECT pop.*,
    CASE WHEN c."person" IS NULL THEN 'not-vsv' ELSE 'vsv' END AS "outcome"
  FROM "population" AS pop
  LEFT JOIN "classified" AS c ON c."cohort_year" = pop."cohort_year" AND c."person" = pop."person"
)
SELECT "cohort_year", "by_level", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "by_level", "outcome";
