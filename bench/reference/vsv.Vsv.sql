-- Vsv (examples/vsv.stroom), written by hand from docs/semantics.md for the bundled source Voorbeeld
-- (peildatum 1 October, data from 1 September 2014 to 30 September 2024, so cohort years 2014..2022).
-- Everyone enrolled on 1 October y in funded vo, mbo or vavo and younger than 23 then, once, by the sector of the enrollment that anchors them; a vsv'er is
-- enrolled nowhere on 1 October y+1 and has no startkwalificatie (havo, vwo, mbo-2..4) dated by 31 December y+1.
WITH covered AS (
  -- Each enrollment with the first and last peildatum year it covers (k1 <= y <= k2: enrolled on 1 October y).
  SELECT * FROM (
    SELECT *,
      year("start") + CASE WHEN month("start") * 100 + day("start") > 1001 THEN 1 ELSE 0 END AS k1,
      CASE WHEN "end" IS NULL THEN 9999 ELSE year("end") - CASE WHEN month("end") * 100 + day("end") < 1001 THEN 1 ELSE 0 END END AS k2
    FROM enrollment_record
  ) WHERE k1 <= k2
),
birth AS (
  -- A person's first row in the persons file.
  SELECT person, birth_date FROM person_record
  QUALIFY row_number() OVER (PARTITION BY person ORDER BY source_row) = 1
),
anchor AS (
  SELECT y.cohort_year, e.person, e.sector
  FROM covered AS e
  JOIN (SELECT CAST(range AS INTEGER) AS cohort_year FROM range(2014, 2023)) AS y ON e.k1 <= y.cohort_year AND e.k2 >= y.cohort_year
  JOIN birth AS b ON b.person = e.person
  WHERE e.sector IN ('vo', 'mbo', 'vavo') AND e.funded
    AND y.cohort_year - year(b.birth_date) - CASE WHEN month(b.birth_date) * 100 + day(b.birth_date) > 1001 THEN 1 ELSE 0 END < 23
  QUALIFY row_number() OVER (PARTITION BY y.cohort_year, e.person
    ORDER BY coalesce(e.main, FALSE) DESC, e.start ASC NULLS LAST, e.institution ASC NULLS LAST, e.programme ASC NULLS LAST, e.source_row) = 1
)
SELECT a.cohort_year, a.sector AS by_sector,
  CASE
    WHEN EXISTS (SELECT 1 FROM covered AS e WHERE e.person = a.person AND e.k1 <= a.cohort_year + 1 AND e.k2 >= a.cohort_year + 1)
      OR EXISTS (SELECT 1 FROM diploma AS d WHERE d.person = a.person AND d.level IN ('havo', 'vwo', 'mbo-2', 'mbo-3', 'mbo-4')
        AND d.last_day <= make_date(a.cohort_year + 1, 12, 31)) THEN 'not-vsv'
    ELSE 'vsv'
  END AS outcome,
  count(*) AS n
FROM anchor AS a
GROUP BY ALL;
