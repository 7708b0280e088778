-- indicator uitschrijvingen.BestemmingNa3Maanden "Bestemming 3 maanden na uitschrijving"
-- cohort uitschrijvingen.Uitschrijvingen (leaving without diploma, years 2015..2022)
-- measure destination
-- peildatum 1 august   <- cohort Uitschrijvingen (uitschrijvingen.stroom:13)
-- prior any            <- default
-- sector mbo           <- cohort Uitschrijvingen (uitschrijvingen.stroom:12)
-- mode any             <- default
-- level any            <- default
-- funded no            <- default
-- main enrollments no  <- default
-- age any              <- default
-- leave reason any     <- default
-- after 3 months       <- indicator BestemmingNa3Maanden (uitschrijvingen.stroom:51)
-- unit person          <- default
-- suppress below 5     <- workspace (stroom.json)
-- source sources.MboRORedenen, observed 2014-09-01 .. 2024-09-30
-- data paths are relative to the workspace root: run this SQL from there
-- cohort years computed: 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022
WITH
"enrollment_record" AS (
  SELECT
    COALESCE("bsn", "onderwijsnummer") AS "person",
    "brin" AS "institution",
    "opleidingscode" AS "programme",
    'mbo' AS "sector",
    CASE "niveau" WHEN 'MBO-1' THEN 'mbo-1' WHEN 'MBO-2' THEN 'mbo-2' WHEN 'MBO-3' THEN 'mbo-3' WHEN 'MBO-4' THEN 'mbo-4' END AS "level",
    CASE "leerweg" WHEN 'BOL' THEN 'bol' WHEN 'BBL' THEN 'bbl' WHEN 'EX' THEN 'ex' END AS "mode",
    TRUE AS "main",
    CASE WHEN lower("bekostigd") IN ('true', '1', 'j', 'ja', 'y', 'yes') THEN TRUE WHEN lower("bekostigd") IN ('false', '0', 'n', 'nee', 'no') THEN FALSE END AS "funded",
    CAST(strptime("ingangsdatum", '%Y-%m-%d') AS DATE) AS "start",
    CAST(strptime("datum uitschrijving", '%Y-%m-%d') AS DATE) AS "end",
    CASE "reden uitschrijving" WHEN '08' THEN 'gediplomeerd' WHEN '11' THEN 'bsa' WHEN '12' THEN 'instelling' WHEN '13' THEN 'instelling' WHEN '02' THEN 'eigen-keuze' WHEN '14' THEN 'verhuizing' WHEN '99' THEN 'overig' END AS "leave_reason",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "bsn" IN ('') THEN NULL ELSE "bsn" END AS "bsn",
      CASE WHEN "onderwijsnummer" IN ('') THEN NULL ELSE "onderwijsnummer" END AS "onderwijsnummer",
      CASE WHEN "brin" IN ('') THEN NULL ELSE "brin" END AS "brin",
      CASE WHEN "opleidingscode" IN ('') THEN NULL ELSE "opleidingscode" END AS "opleidingscode",
      CASE WHEN "niveau" IN ('') THEN NULL ELSE "niveau" END AS "niveau",
      CASE WHEN "leerweg" IN ('') THEN NULL ELSE "leerweg" END AS "leerweg",
      CASE WHEN "bekostigd" IN ('') THEN NULL ELSE "bekostigd" END AS "bekostigd",
      CASE WHEN "ingangsdatum" IN ('') THEN NULL ELSE "ingangsdatum" END AS "ingangsdatum",
      CASE WHEN "datum uitschrijving" IN ('') THEN NULL ELSE "datum uitschrijving" END AS "datum uitschrijving",
      CASE WHEN "reden uitschrijving" IN ('') THEN NULL ELSE "reden uitschrijving" END AS "reden uitschrijving",
      "stroom$row"
    FROM (SELECT
        "r"."stroom$row",
        "r"."stroom$file",
        "r"."stroom$line",
        trim(split_part("r"."stroom$text", '|', 1)) AS "soort",
        trim(split_part("r"."stroom$text", '|', 2)) AS "bsn",
        trim(split_part("r"."stroom$text", '|', 3)) AS "onderwijsnummer",
        trim(split_part("r"."stroom$text", '|', 4)) AS "volgnummer",
        trim(split_part("r"."stroom$text", '|', 5)) AS "ingangsdatum",
        trim(split_part("r"."stroom$text", '|', 6)) AS "opleidingscode",
        trim(split_part("r"."stroom$text", '|', 7)) AS "leerweg",
        trim(split_part("r"."stroom$text", '|', 8)) AS "niveau",
        trim(split_part("r"."stroom$text", '|', 9)) AS "bekostigd",
        trim(split_part("r"."stroom$text", '|', 10)) AS "veld 10",
        trim(split_part("r"."stroom$text", '|', 11)) AS "locatie",
        trim(split_part("r"."stroom$text", '|', 12)) AS "veld 12",
        "h"."brin",
        "h"."begindatum",
        "h"."einddatum",
        "h"."aanmaakdatum",
        "j"."datum inschrijving",
        "j"."datum uitschrijving gepland",
        "j"."datum uitschrijving",
        "j"."reden uitschrijving"
      FROM (SELECT "stroom$row", "stroom$file", "stroom$row" - min("stroom$row") OVER (PARTITION BY "stroom$file") + 1 AS "stroom$line", "stroom$text" FROM (SELECT row_number() OVER () AS "stroom$row", "filename" AS "stroom$file", "stroom$text" FROM read_csv('data/seed/mbo-ro/RO_*.csv', header = false, columns = {'stroom$text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', filename = true))) AS "r"
      LEFT JOIN (SELECT "l"."stroom$file", MIN(trim(split_part("l"."stroom$text", '|', 2))) AS "brin", MIN(trim(split_part("l"."stroom$text", '|', 3))) AS "begindatum", MIN(trim(split_part("l"."stroom$text", '|', 4))) AS "einddatum", MIN(trim(split_part("l"."stroom$text", '|', 5))) AS "aanmaakdatum" FROM (SELECT "stroom$row", "stroom$file", "stroom$row" - min("stroom$row") OVER (PARTITION BY "stroom$file") + 1 AS "stroom$line", "stroom$text" FROM (SELECT row_number() OVER () AS "stroom$row", "filename" AS "stroom$file", "stroom$text" FROM read_csv('data/seed/mbo-ro/RO_*.csv', header = false, columns = {'stroom$text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', filename = true))) AS "l" WHERE split_part("l"."stroom$text", '|', 1) = 'VLP' GROUP BY "l"."stroom$file") AS "h" ON "h"."stroom$file" = "r"."stroom$file"
      LEFT JOIN (SELECT "l"."stroom$file", trim(split_part("l"."stroom$text", '|', 2)) AS "bsn", trim(split_part("l"."stroom$text", '|', 3)) AS "onderwijsnummer", trim(split_part("l"."stroom$text", '|', 4)) AS "volgnummer", trim(split_part("l"."stroom$text", '|', 5)) AS "datum inschrijving", trim(split_part("l"."stroom$text", '|', 6)) AS "datum uitschrijving gepland", trim(split_part("l"."stroom$text", '|', 7)) AS "datum uitschrijving", trim(split_part("l"."stroom$text", '|', 8)) AS "reden uitschrijving" FROM (SELECT "stroom$row", "stroom$file", "stroom$row" - min("stroom$row") OVER (PARTITION BY "stroom$file") + 1 AS "stroom$line", "stroom$text" FROM (SELECT row_number() OVER () AS "stroom$row", "filename" AS "stroom$file", "stroom$text" FROM read_csv('data/seed/mbo-ro/RO_*.csv', header = false, columns = {'stroom$text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', filename = true))) AS "l" WHERE split_part("l"."stroom$text", '|', 1) = 'ISG') AS "j" ON "j"."stroom$file" = "r"."stroom$file" AND "j"."bsn" = trim(split_part("r"."stroom$text", '|', 2)) AND "j"."onderwijsnummer" = trim(split_part("r"."stroom$text", '|', 3)) AND "j"."volgnummer" = trim(split_part("r"."stroom$text", '|', 4))
      WHERE split_part("r"."stroom$text", '|', 1) = 'ISP') AS "file"
  ) AS "cell"
  WHERE COALESCE("bsn", "onderwijsnummer") IS NOT NULL AND trim(COALESCE("bsn", "onderwijsnummer")) <> ''
),
"enrollment" AS (
  SELECT * FROM (
    SELECT
      *,
      CAST(EXTRACT(YEAR FROM "start") AS INTEGER) + CASE WHEN EXTRACT(MONTH FROM "start") * 100 + EXTRACT(DAY FROM "start") > 801 THEN 1 ELSE 0 END AS "k1",
      CASE WHEN "end" IS NULL THEN 9999 ELSE CAST(EXTRACT(YEAR FROM "end") AS INTEGER) - CASE WHEN EXTRACT(MONTH FROM "end") * 100 + EXTRACT(DAY FROM "end") < 801 THEN 1 ELSE 0 END END AS "k2"
    FROM "enrollment_record"
  ) AS "covered"
  WHERE "k1" <= "k2"
),
"diploma" AS (
  SELECT
    COALESCE("bsn", "onderwijsnummer") AS "person",
    "brin" AS "institution",
    "opleidingscode" AS "programme",
    'mbo' AS "sector",
    CASE "niveau" WHEN 'MBO-1' THEN 'mbo-1' WHEN 'MBO-2' THEN 'mbo-2' WHEN 'MBO-3' THEN 'mbo-3' WHEN 'MBO-4' THEN 'mbo-4' END AS "level",
    'final' AS "kind",
    CAST(strptime("diplomadatum", '%Y-%m-%d') AS DATE) AS "date",
    CAST(strptime("diplomadatum", '%Y-%m-%d') AS DATE) AS "last_day",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "bsn" IN ('') THEN NULL ELSE "bsn" END AS "bsn",
      CASE WHEN "onderwijsnummer" IN ('') THEN NULL ELSE "onderwijsnummer" END AS "onderwijsnummer",
      CASE WHEN "brin" IN ('') THEN NULL ELSE "brin" END AS "brin",
      CASE WHEN "opleidingscode" IN ('') THEN NULL ELSE "opleidingscode" END AS "opleidingscode",
      CASE WHEN "niveau" IN ('') THEN NULL ELSE "niveau" END AS "niveau",
      CASE WHEN "diplomadatum" IN ('') THEN NULL ELSE "diplomadatum" END AS "diplomadatum",
      "stroom$row"
    FROM (SELECT
        "r"."stroom$row",
        "r"."stroom$file",
        "r"."stroom$line",
        trim(split_part("r"."stroom$text", '|', 1)) AS "soort",
        trim(split_part("r"."stroom$text", '|', 2)) AS "bsn",
        trim(split_part("r"."stroom$text", '|', 3)) AS "onderwijsnummer",
        trim(split_part("r"."stroom$text", '|', 4)) AS "diplomanummer",
        trim(split_part("r"."stroom$text", '|', 5)) AS "opleidingscode",
        trim(split_part("r"."stroom$text", '|', 6)) AS "diplomadatum",
        trim(split_part("r"."stroom$text", '|', 7)) AS "veld 7",
        trim(split_part("r"."stroom$text", '|', 8)) AS "behaald",
        trim(split_part("r"."stroom$text", '|', 9)) AS "volgnummer",
        trim(split_part("r"."stroom$text", '|', 10)) AS "locatie",
        "h"."brin",
        "h"."begindatum",
        "h"."einddatum",
        "h"."aanmaakdatum",
        "j"."ingangsdatum",
        "j"."leerweg",
        "j"."niveau",
        "j"."bekostigd",
        "j"."veld 10",
        "j"."veld 12"
      FROM (SELECT "stroom$row", "stroom$file", "stroom$row" - min("stroom$row") OVER (PARTITION BY "stroom$file") + 1 AS "stroom$line", "stroom$text" FROM (SELECT row_number() OVER () AS "stroom$row", "filename" AS "stroom$file", "stroom$text" FROM read_csv('data/seed/mbo-ro/RO_*.csv', header = false, columns = {'stroom$text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', filename = true))) AS "r"
      LEFT JOIN (SELECT "l"."stroom$file", MIN(trim(split_part("l"."stroom$text", '|', 2))) AS "brin", MIN(trim(split_part("l"."stroom$text", '|', 3))) AS "begindatum", MIN(trim(split_part("l"."stroom$text", '|', 4))) AS "einddatum", MIN(trim(split_part("l"."stroom$text", '|', 5))) AS "aanmaakdatum" FROM (SELECT "stroom$row", "stroom$file", "stroom$row" - min("stroom$row") OVER (PARTITION BY "stroom$file") + 1 AS "stroom$line", "stroom$text" FROM (SELECT row_number() OVER () AS "stroom$row", "filename" AS "stroom$file", "stroom$text" FROM read_csv('data/seed/mbo-ro/RO_*.csv', header = false, columns = {'stroom$text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', filename = true))) AS "l" WHERE split_part("l"."stroom$text", '|', 1) = 'VLP' GROUP BY "l"."stroom$file") AS "h" ON "h"."stroom$file" = "r"."stroom$file"
      LEFT JOIN (SELECT "l"."stroom$file", trim(split_part("l"."stroom$text", '|', 2)) AS "bsn", trim(split_part("l"."stroom$text", '|', 3)) AS "onderwijsnummer", trim(split_part("l"."stroom$text", '|', 4)) AS "volgnummer", trim(split_part("l"."stroom$text", '|', 5)) AS "ingangsdatum", trim(split_part("l"."stroom$text", '|', 7)) AS "leerweg", trim(split_part("l"."stroom$text", '|', 8)) AS "niveau", trim(split_part("l"."stroom$text", '|', 9)) AS "bekostigd", trim(split_part("l"."stroom$text", '|', 10)) AS "veld 10", trim(split_part("l"."stroom$text", '|', 12)) AS "veld 12" FROM (SELECT "stroom$row", "stroom$file", "stroom$row" - min("stroom$row") OVER (PARTITION BY "stroom$file") + 1 AS "stroom$line", "stroom$text" FROM (SELECT row_number() OVER () AS "stroom$row", "filename" AS "stroom$file", "stroom$text" FROM read_csv('data/seed/mbo-ro/RO_*.csv', header = false, columns = {'stroom$text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', filename = true))) AS "l" WHERE split_part("l"."stroom$text", '|', 1) = 'ISP') AS "j" ON "j"."stroom$file" = "r"."stroom$file" AND "j"."bsn" = trim(split_part("r"."stroom$text", '|', 2)) AND "j"."onderwijsnummer" = trim(split_part("r"."stroom$text", '|', 3)) AND "j"."volgnummer" = trim(split_part("r"."stroom$text", '|', 9))
      WHERE split_part("r"."stroom$text", '|', 1) = 'DIP') AS "file"
  ) AS "cell"
  WHERE COALESCE("bsn", "onderwijsnummer") IS NOT NULL AND trim(COALESCE("bsn", "onderwijsnummer")) <> ''
),
"cohort_year" AS (
  SELECT * FROM (VALUES (2015), (2016), (2017), (2018), (2019), (2020), (2021), (2022)) AS "t" ("cohort_year")
),
"enrollment_any" AS (
  SELECT * FROM "enrollment_record"
),
"candidate" AS (
  SELECT
    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."end", e."source_row",
    CAST(e."end" + INTERVAL '3 months' AS DATE) AS "destination_day"
  FROM "enrollment_any" AS e
  JOIN "cohort_year" AS y ON e."end" >= make_date(y."cohort_year", 8, 1) AND e."end" < make_date(y."cohort_year" + 1, 8, 1)
  WHERE e."institution" IS NOT NULL
    AND NOT EXISTS (
      SELECT 1 FROM "diploma" AS d
      WHERE d."person" = e."person" AND d."institution" = e."institution" AND d."kind" = 'final' AND d."date" <= e."end" + 31
    )
    AND e."sector" IN ('mbo')
),
"anchor" AS (
  SELECT *, "source_row" * 10000 + "cohort_year" AS "anchor_id"
  FROM (
    SELECT *, row_number() OVER (PARTITION BY "cohort_year", "person" ORDER BY "end" ASC, COALESCE("main", FALSE) DESC, "start" ASC NULLS LAST, "institution" ASC NULLS LAST, "programme" ASC NULLS LAST, "source_row" ASC) AS "pick"
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
  LEFT JOIN "enrollment_any" AS e ON e."person" = a."person" AND e."start" <= a."destination_day" AND (e."end" IS NULL OR e."end" >= a."destination_day")
  GROUP BY a."anchor_id"
),
"destination_pick" AS (
  SELECT "anchor_id", "sector"
  FROM (
    SELECT a."anchor_id", e."sector", row_number() OVER (PARTITION BY a."anchor_id" ORDER BY COALESCE(e."main", FALSE) DESC, e."start" ASC NULLS LAST, e."institution" ASC NULLS LAST, e."programme" ASC NULLS LAST, e."source_row" ASC) AS "pick"
    FROM "anchor" AS a
    JOIN "enrollment_any" AS e ON e."person" = a."person" AND e."start" <= a."destination_day" AND (e."end" IS NULL OR e."end" >= a."destination_day")
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
SELECT "cohort_year", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "outcome";
