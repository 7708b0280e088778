-- indicator duo_ho.UitvalCBSPerOpleiding "Uitval na 1 jaar (CBS-definitie) per opleiding"
-- cohort regio_noord.HavoHbo (entering, years 2016..2023)
-- measure dropout
-- by programme
-- using CBS: CBS, nieuwsbericht 2022/20: minder studieuitval in het hoger onderwijs
-- peildatum 1 october                    <- convention CBS (conventions/published.stroom:25)
-- entry first in programme               <- convention CBS (conventions/published.stroom:26)
-- inflow direct gap 0 years              <- cohort HavoHbo (havo-hbo.stroom:11)
-- prior havo                             <- cohort HavoHbo (havo-hbo.stroom:10)
-- sector hbo                             <- cohort HavoHbo (havo-hbo.stroom:9)
-- mode fulltime                          <- cohort HavoHbo (havo-hbo.stroom:12)
-- level any                              <- default
-- funded no                              <- default
-- main enrollments no                    <- default
-- age any                                <- default
-- lookback all                           <- default
-- after 1 year                           <- indicator UitvalCBSPerOpleiding (hbo-1cijferho.stroom:29)
-- scope programme                        <- convention CBS (conventions/published.stroom:29)
-- switchers count as dropout             <- convention CBS (conventions/published.stroom:30)
-- switch within education                <- default
-- diploma counts as success kinds final  <- convention CBS (conventions/published.stroom:31)
-- unit person                            <- convention CBS (conventions/published.stroom:32)
-- reentry horizon                        <- default
-- suppress below 5                       <- workspace (stroom.json)
-- source sources.Ev1cijferHO, observed 2014-09-01 .. 2024-09-30
-- PostgreSQL reads the data files from temporary tables that `stroom run --engine postgres` loads:
--   "stroom_file_ev" <- data/1cijferho/EV.asc (every column as text, plus "stroom$row", its row number)
-- cohort years computed: 2016, 2017, 2018, 2019, 2020, 2021, 2022
-- cohort 2023 incomplete: horizon needs 2024-10-01, data end 2024-09-30 / meetmoment vraagt 2024-10-01, data eindigen 2024-09-30
WITH
"enrollment_record" AS (
  SELECT
    "Persoonsgebonden nummer" AS "person",
    "Actuele instelling" AS "institution",
    "Opleidingscode" AS "programme",
    CASE "Soort hoger onderwijs" WHEN 'hbo' THEN 'hbo' WHEN 'wo' THEN 'wo' END AS "sector",
    CASE "Type hoger onderwijs binnen soort hoger onderwijs" WHEN 'ba' THEN 'ba' WHEN 'ma' THEN 'ma' WHEN 'ad' THEN 'ad' END AS "level",
    CASE "Opleidingsvorm" WHEN '1' THEN 'fulltime' WHEN '2' THEN 'parttime' WHEN '3' THEN 'dual' END AS "mode",
    CASE "Code bekostiging" WHEN 'J' THEN TRUE WHEN 'N' THEN FALSE END AS "main",
    to_date("Datum inschrijving", 'YYYYMMDD') AS "start",
    to_date("Datum uitschrijving", 'YYYYMMDD') AS "end",
    CAST(NULL AS BOOLEAN) AS "funded",
    CAST(NULL AS VARCHAR) AS "leave_reason",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "Persoonsgebonden nummer" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Persoonsgebonden nummer" END AS "Persoonsgebonden nummer",
      CASE WHEN "Actuele instelling" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Actuele instelling" END AS "Actuele instelling",
      CASE WHEN "Opleidingscode" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Opleidingscode" END AS "Opleidingscode",
      CASE WHEN "Soort hoger onderwijs" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Soort hoger onderwijs" END AS "Soort hoger onderwijs",
      CASE WHEN "Type hoger onderwijs binnen soort hoger onderwijs" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Type hoger onderwijs binnen soort hoger onderwijs" END AS "Type hoger onderwijs binnen soort hoger onderwijs",
      CASE WHEN "Opleidingsvorm" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Opleidingsvorm" END AS "Opleidingsvorm",
      CASE WHEN "Code bekostiging" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Code bekostiging" END AS "Code bekostiging",
      CASE WHEN "Datum inschrijving" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Datum inschrijving" END AS "Datum inschrijving",
      CASE WHEN "Datum uitschrijving" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Datum uitschrijving" END AS "Datum uitschrijving",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_ev") AS "file"
  ) AS "cell"
  WHERE "Persoonsgebonden nummer" IS NOT NULL AND trim("Persoonsgebonden nummer") <> ''
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
    "Persoonsgebonden nummer" AS "person",
    "Actuele instelling" AS "institution",
    "Opleidingscode" AS "programme",
    CASE "Soort hoger onderwijs" WHEN 'hbo' THEN 'hbo' WHEN 'wo' THEN 'wo' END AS "sector",
    CASE "Type hoger onderwijs binnen soort hoger onderwijs" WHEN 'ba' THEN 'ba' WHEN 'ma' THEN 'ma' WHEN 'ad' THEN 'ad' END AS "level",
    CASE "Soort diploma hoger onderwijs" WHEN '01' THEN 'propedeuse' WHEN '02' THEN 'propedeuse' WHEN '03' THEN 'final' WHEN '04' THEN 'final' WHEN '05' THEN 'final' WHEN '06' THEN 'final' WHEN '13' THEN 'final' WHEN '14' THEN 'final' END AS "kind",
    make_date(CAST("Diplomajaar" AS INTEGER), 10, 1) AS "date",
    make_date(CAST("Diplomajaar" AS INTEGER) + 1, 10, 1) - 1 AS "last_day",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "Persoonsgebonden nummer" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Persoonsgebonden nummer" END AS "Persoonsgebonden nummer",
      CASE WHEN "Actuele instelling" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Actuele instelling" END AS "Actuele instelling",
      CASE WHEN "Opleidingscode" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Opleidingscode" END AS "Opleidingscode",
      CASE WHEN "Soort hoger onderwijs" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Soort hoger onderwijs" END AS "Soort hoger onderwijs",
      CASE WHEN "Type hoger onderwijs binnen soort hoger onderwijs" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Type hoger onderwijs binnen soort hoger onderwijs" END AS "Type hoger onderwijs binnen soort hoger onderwijs",
      CASE WHEN "Soort diploma hoger onderwijs" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Soort diploma hoger onderwijs" END AS "Soort diploma hoger onderwijs",
      CASE WHEN "Diplomajaar" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Diplomajaar" END AS "Diplomajaar",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_ev") AS "file"
    WHERE "Diplomajaar" <> '0000'
  ) AS "cell"
  WHERE "Persoonsgebonden nummer" IS NOT NULL AND trim("Persoonsgebonden nummer") <> ''
),
"prior_education" AS (
  SELECT
    "Persoonsgebonden nummer" AS "person",
    CASE substr("Hoogste vooropleiding vóór het HO", 1, 3) WHEN '002' THEN 'havo' WHEN '003' THEN 'mbo-4' WHEN '004' THEN 'vwo' WHEN '005' THEN 'other' WHEN '006' THEN 'hbo-p' WHEN '007' THEN 'wo-p' END AS "category",
    CAST("Diplomajaar van de hoogste vooropl. vóór het HO" AS INTEGER) AS "diploma_year",
    "stroom$row" AS "source_row"
  FROM (
    SELECT
      CASE WHEN "Persoonsgebonden nummer" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Persoonsgebonden nummer" END AS "Persoonsgebonden nummer",
      CASE WHEN "Hoogste vooropleiding vóór het HO" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Hoogste vooropleiding vóór het HO" END AS "Hoogste vooropleiding vóór het HO",
      CASE WHEN "Diplomajaar van de hoogste vooropl. vóór het HO" IN ('', '00000000', '0000', '00000') THEN NULL ELSE "Diplomajaar van de hoogste vooropl. vóór het HO" END AS "Diplomajaar van de hoogste vooropl. vóór het HO",
      "stroom$row"
    FROM (SELECT * FROM "stroom_file_ev") AS "file"
  ) AS "cell"
  WHERE "Persoonsgebonden nummer" IS NOT NULL AND trim("Persoonsgebonden nummer") <> ''
),
"cohort_year" AS (
  SELECT * FROM (VALUES (2016), (2017), (2018), (2019), (2020), (2021), (2022)) AS "t" ("cohort_year")
),
"first_peil" AS (
  SELECT "person", "programme", MIN(GREATEST("k1", 2014)) AS "first_year"
  FROM "enrollment"
  WHERE "k2" >= 2014
  GROUP BY "person", "programme"
),
"candidate_record" AS (
  SELECT y."cohort_year", e.*
  FROM "enrollment" AS e
  JOIN "first_peil" AS f ON f."person" = e."person" AND f."programme" = e."programme"
  JOIN "cohort_year" AS y ON y."cohort_year" = f."first_year"
  WHERE e."k1" <= y."cohort_year" AND e."k2" >= y."cohort_year"
    AND e."sector" IN ('hbo')
    AND e."mode" IN ('fulltime')
    AND e."programme" IS NOT NULL
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
    e."programme" AS "by_programme"
  FROM "candidate_record" AS e
  JOIN "cohort_year" AS y ON y."cohort_year" = e."cohort_year"
  LEFT JOIN "prior_best" AS pb ON pb."person" = e."person" AND pb."cohort_year" = y."cohort_year"
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
    MAX(CASE WHEN e."programme" = c."programme" THEN 1 ELSE 0 END) AS "in_scope"
  FROM "checkpoint" AS c
  LEFT JOIN "enrollment" AS e ON e."person" = c."person" AND e."k1" <= c."year_k" AND e."k2" >= c."year_k"
  GROUP BY c."anchor_id", c."k"
),
"graduation" AS (
  SELECT c."anchor_id", c."k", MAX(CASE WHEN d."person" IS NULL THEN 0 ELSE 1 END) AS "graduated"
  FROM "checkpoint" AS c
  LEFT JOIN "diploma" AS d ON d."person" = c."person" AND d."kind" IN ('final')
    AND d."programme" = c."programme" AND d."date" > c."start" AND d."last_day" <= c."peil_k"
  GROUP BY c."anchor_id", c."k"
),
"status" AS (
  SELECT p."anchor_id", p."k",
    CASE
      WHEN g."graduated" = 1 THEN 'graduated'
      WHEN p."in_scope" = 1 THEN 'retained'
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
SELECT "cohort_year", "by_programme", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "by_programme", "outcome";
