-- UitvalOCW (examples/havo-hbo.stroom), written by hand from docs/semantics.md for the bundled source Voorbeeld
-- (peildatum 1 October, data from 1 September 2014 to 30 September 2024, so cohort years 2016..2022).
-- Full-time hbo entrants new in hbo, straight from havo; after 1 year: a final hbo diploma is graduated, still in hbo
-- retained, a switch to wo retained too (OCW), anything else dropout.
WITH covered AS (
  -- Each enrollment with the first and last peildatum year it covers (k1 <= y <= k2: enrolled on 1 October y).
  SELECT * FROM (
    SELECT *,
      year("start") + CASE WHEN month("start") * 100 + day("start") > 1001 THEN 1 ELSE 0 END AS k1,
      CASE WHEN "end" IS NULL THEN 9999 ELSE year("end") - CASE WHEN month("end") * 100 + day("end") < 1001 THEN 1 ELSE 0 END END AS k2
    FROM enrollment_record
  ) WHERE k1 <= k2
),
first_year AS (
  -- The first peildatum from 1 October 2014 on which the person was in hbo: they are new in the sector that year.
  SELECT person, min(greatest(k1, 2014)) AS cohort_year
  FROM covered
  WHERE sector = 'hbo' AND k2 >= 2014
  GROUP BY person
),
entrant AS (
  SELECT f.cohort_year, e.*
  FROM covered AS e
  JOIN first_year AS f ON f.person = e.person
  WHERE e.sector = 'hbo' AND e.mode = 'fulltime' AND f.cohort_year BETWEEN 2016 AND 2022
    AND e.k1 <= f.cohort_year AND e.k2 >= f.cohort_year
),
prior AS (
  -- The highest prior education of each entrant before the cohort year (ties: latest school year, first record).
  SELECT x.cohort_year, x.person,
    arg_max({'category': pe.category, 'school_year': pe.diploma_year}, [r.rank, pe.diploma_year, -pe.source_row]) AS best
  FROM (SELECT DISTINCT cohort_year, person FROM entrant) AS x
  JOIN prior_education AS pe ON pe.person = x.person AND pe.diploma_year <= x.cohort_year - 1
  JOIN (VALUES ('wo-ma', 19), ('wo-ba', 18), ('hbo-ma', 17), ('hbo-ba', 16), ('hbo-ad', 15), ('wo-p', 14), ('hbo-p', 13),
    ('vwo', 12), ('havo', 11), ('mbo-4', 10), ('mbo-3', 9), ('mbo-2', 8), ('mbo-1', 7), ('vmbo-t', 6), ('vmbo-g', 6),
    ('vmbo-k', 4), ('vmbo-b', 3), ('vso', 2), ('other', 1)) AS r (category, rank) ON r.category = pe.category
  GROUP BY x.cohort_year, x.person
),
anchor AS (
  -- Direct from havo: the highest prior education is havo, of the school year before. One enrollment per person.
  SELECT e.*
  FROM entrant AS e
  JOIN prior AS p ON p.cohort_year = e.cohort_year AND p.person = e.person
  WHERE p.best.category = 'havo' AND p.best.school_year = e.cohort_year - 1
  QUALIFY row_number() OVER (PARTITION BY e.cohort_year, e.person
    ORDER BY coalesce(e.main, FALSE) DESC, e.start ASC NULLS LAST, e.institution ASC NULLS LAST, e.programme ASC NULLS LAST, e.source_row) = 1
)
SELECT a.cohort_year,
  CASE
    WHEN EXISTS (SELECT 1 FROM diploma AS d WHERE d.person = a.person AND d.kind = 'final' AND d.sector = 'hbo'
      AND d.date > a.start AND d.last_day <= make_date(a.cohort_year + 1, 10, 1)) THEN 'graduated'
    WHEN s.in_scope THEN 'retained'
    WHEN s.in_domain THEN 'retained'
    ELSE 'dropout'
  END AS outcome,
  count(*) AS n
FROM anchor AS a
LEFT JOIN (
  -- Where each anchor's person is enrolled on the horizon, in one pass over their enrollments.
  SELECT a.cohort_year, a.person, bool_or(e.sector = 'hbo') AS in_scope, bool_or(e.sector IN ('hbo', 'wo')) AS in_domain
  FROM anchor AS a
  JOIN covered AS e ON e.person = a.person AND e.k1 <= a.cohort_year + 1 AND e.k2 >= a.cohort_year + 1
  GROUP BY a.cohort_year, a.person
) AS s ON s.cohort_year = a.cohort_year AND s.person = a.person
GROUP BY ALL;
