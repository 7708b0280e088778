-- indicator duo_ho.UitvalCBS "Uitval na 1 jaar (CBS-definitie), 1cijferHO"
-- cohort regio_noord.HavoHbo (entering, years 2016..2023)
-- measure dropout
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
-- after 1 year                           <- indicator UitvalCBS (hbo-1cijferho.stroom:13)
-- scope programme                        <- convention CBS (conventions/published.stroom:29)
-- switchers count as dropout             <- convention CBS (conventions/published.stroom:30)
-- switch within education                <- default
-- diploma counts as success kinds final  <- convention CBS (conventions/published.stroom:31)
-- unit person                            <- convention CBS (conventions/published.stroom:32)
-- reentry horizon                        <- default
-- suppress below 5                       <- workspace (stroom.json)
-- source sources.Ev1cijferHO, observed 2014-09-01 .. 2024-09-30
-- data paths are relative to the workspace root: run this SQL from there
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
    CAST(strptime("Datum inschrijving", '%Y%m%d') AS DATE) AS "start",
    CAST(strptime("Datum uitschrijving", '%Y%m%d') AS DATE) AS "end",
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
    FROM (SELECT row_number() OVER () AS "stroom$row", length("stroom$text") AS "stroom$width", trim(substr("stroom$text", 1, 12)) AS "Persoonsgebonden nummer", trim(substr("stroom$text", 13, 4)) AS "Inschrijvingsjaar", trim(substr("stroom$text", 17, 4)) AS "Instellingscode", trim(substr("stroom$text", 21, 4)) AS "Actuele instelling", trim(substr("stroom$text", 25, 5)) AS "Opleidingscode", trim(substr("stroom$text", 30, 1)) AS "Opleidingsvorm", trim(substr("stroom$text", 31, 1)) AS "Opleidingsfase", trim(substr("stroom$text", 32, 2)) AS "Maand vanaf", trim(substr("stroom$text", 34, 1)) AS "Code beëindiging", trim(substr("stroom$text", 35, 2)) AS "Maand tot", trim(substr("stroom$text", 37, 1)) AS "Code examenresultaat", trim(substr("stroom$text", 38, 2)) AS "Maand examenresultaat", trim(substr("stroom$text", 40, 1)) AS "Code bekostiging", trim(substr("stroom$text", 41, 4)) AS "Eerste jaar aan deze instelling", trim(substr("stroom$text", 45, 1)) AS "Inschrijvingsvorm", trim(substr("stroom$text", 46, 3)) AS "Soort hoger onderwijs", trim(substr("stroom$text", 49, 5)) AS "Opleiding actueel equivalent", trim(substr("stroom$text", 54, 5)) AS "Opleiding historisch equivalent", trim(substr("stroom$text", 59, 1)) AS "Croho-onderdeel actuele opleiding", trim(substr("stroom$text", 60, 2)) AS "Croho-subonderdeel actuele opleiding", trim(substr("stroom$text", 62, 2)) AS "Type hoger onderwijs binnen soort hoger onderwijs", trim(substr("stroom$text", 64, 1)) AS "Opleidingsfase actueel", trim(substr("stroom$text", 65, 1)) AS "Indicatie actief op peildatum", trim(substr("stroom$text", 66, 1)) AS "Soort inschrijving hoger onderwijs", trim(substr("stroom$text", 67, 1)) AS "Soort inschrijving soort ho", trim(substr("stroom$text", 68, 1)) AS "Soort inschrijving type ho binnen soort ho", trim(substr("stroom$text", 69, 1)) AS "Soort inschrijving opleiding actueel equivalent", trim(substr("stroom$text", 70, 1)) AS "Soort inschrijving actuele instelling", trim(substr("stroom$text", 71, 1)) AS "Soort inschrijving actuele opleiding-instelling", trim(substr("stroom$text", 72, 2)) AS "Verblijfsjaar hoger onderwijs", trim(substr("stroom$text", 74, 2)) AS "Verblijfsjaar soort ho", trim(substr("stroom$text", 76, 2)) AS "Verblijfsjaar type ho binnen soort ho", trim(substr("stroom$text", 78, 1)) AS "Indicatie eerstejaars opl. actueel equivalent", trim(substr("stroom$text", 79, 1)) AS "Indicatie eerstejaars actuele instelling", trim(substr("stroom$text", 80, 1)) AS "Indicatie eerstejaars actuele opl.-instelling", trim(substr("stroom$text", 81, 4)) AS "Eerste jaar in het hoger onderwijs", trim(substr("stroom$text", 85, 4)) AS "Eerste jaar aan deze soort hoger onderwijs", trim(substr("stroom$text", 89, 4)) AS "Eerste jaar aan deze opleiding-instelling", trim(substr("stroom$text", 93, 4)) AS "Diplomajaar", trim(substr("stroom$text", 97, 1)) AS "Opleidingsfase actueel van het diploma", trim(substr("stroom$text", 98, 2)) AS "Soort diploma hoger onderwijs internat.statistiek", trim(substr("stroom$text", 100, 2)) AS "Soort diploma hoger onderwijs", trim(substr("stroom$text", 102, 2)) AS "Soort diploma soort hoger onderwijs", trim(substr("stroom$text", 104, 2)) AS "Soort diploma instelling", trim(substr("stroom$text", 106, 5)) AS "Hoogste vooropleiding vóór het HO", trim(substr("stroom$text", 111, 5)) AS "Hoogste vooropleiding vóór het HO oorspronkelijke code", trim(substr("stroom$text", 116, 4)) AS "Diplomajaar van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 120, 4)) AS "Instelling van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 124, 5)) AS "Hoogste vooropleiding binnen het HO", trim(substr("stroom$text", 129, 5)) AS "Hoogste vooropleiding binnen het HO oorspronkelijke code", trim(substr("stroom$text", 134, 4)) AS "Diplomajaar van de hoogste vooropl. binnen het HO", trim(substr("stroom$text", 138, 4)) AS "Instelling van de hoogste vooropl. binnen het HO", trim(substr("stroom$text", 142, 5)) AS "Hoogste vooropleiding", trim(substr("stroom$text", 147, 4)) AS "Diplomajaar hoogste vooropleiding", trim(substr("stroom$text", 151, 4)) AS "Instelling van de hoogste vooropleiding", trim(substr("stroom$text", 155, 1)) AS "Geslacht", trim(substr("stroom$text", 156, 3)) AS "Leeftijd per peildatum 1 oktober", trim(substr("stroom$text", 159, 3)) AS "Leeftijd per 1 januari", trim(substr("stroom$text", 162, 4)) AS "Nationaliteit 1", trim(substr("stroom$text", 166, 4)) AS "Nationaliteit 2", trim(substr("stroom$text", 170, 4)) AS "Nationaliteit 3", trim(substr("stroom$text", 174, 4)) AS "Geboorteland", trim(substr("stroom$text", 178, 4)) AS "Geboorteland ouder 1", trim(substr("stroom$text", 182, 4)) AS "Geboorteland ouder 2", trim(substr("stroom$text", 186, 2)) AS "Etniciteit", trim(substr("stroom$text", 188, 1)) AS "Generatie", trim(substr("stroom$text", 189, 4)) AS "Gecorrigeerd eerste jaar aan deze instelling", trim(substr("stroom$text", 193, 4)) AS "Eerste jaar aan deze actuele instelling", trim(substr("stroom$text", 197, 1)) AS "Soort inschrijving act. inst - type ho binnen soort ho", trim(substr("stroom$text", 198, 1)) AS "Indicatie eerstejrs act. inst - type ho binnen soort ho", trim(substr("stroom$text", 199, 4)) AS "Actuele instelling vóór besturenfusies", trim(substr("stroom$text", 203, 1)) AS "Soort inschrijving type ho binnen ho", trim(substr("stroom$text", 204, 2)) AS "Verblijfsjaar type ho binnen ho", trim(substr("stroom$text", 206, 4)) AS "Postcodecijfers student op 1 oktober", trim(substr("stroom$text", 210, 4)) AS "Postcodecijfers van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 214, 3)) AS "Gem. eindcijfer VO van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 217, 1)) AS "Soort inschrijving continu hoger onderwijs", trim(substr("stroom$text", 218, 1)) AS "Soort inschrijving continu soort ho", trim(substr("stroom$text", 219, 1)) AS "Soort inschrijving continu actuele instelling", trim(substr("stroom$text", 220, 1)) AS "Soort inschrijving continu type ho binnen ho", trim(substr("stroom$text", 221, 1)) AS "Indicatie eerstejaars continu hoger onderwijs", trim(substr("stroom$text", 222, 1)) AS "Indicatie eerstejaars continu soort ho", trim(substr("stroom$text", 223, 1)) AS "Indicatie eerstejaars continu actuele instelling", trim(substr("stroom$text", 224, 1)) AS "Indicatie eerstejaars continu type ho binnen ho", trim(substr("stroom$text", 225, 1)) AS "Indicatie soort programma", trim(substr("stroom$text", 226, 8)) AS "Datum inschrijving", trim(substr("stroom$text", 234, 8)) AS "Datum uitschrijving", trim(substr("stroom$text", 242, 2)) AS "Vestigingsnummer", trim(substr("stroom$text", 244, 8)) AS "Datum tekening diploma", trim(substr("stroom$text", 252, 2)) AS "Vestigingsnummer diploma", trim(substr("stroom$text", 254, 2)) AS "Vestigingsnummer actueel", trim(substr("stroom$text", 256, 2)) AS "Vestigingsnummer actueel diploma", trim(substr("stroom$text", 258, 2)) AS "Vestigingsnummer van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 260, 2)) AS "Vestigingsnummer van de hoogste vooropl. binnen het HO", trim(substr("stroom$text", 262, 2)) AS "Vestigingsnummer van de hoogste vooropleiding", trim(substr("stroom$text", 264, 1)) AS "Indicatie EER actueel", trim(substr("stroom$text", 265, 1)) AS "Indicatie internationale student", trim(substr("stroom$text", 266, 1)) AS "Indicatie EER op peildatum 1 oktober", trim(substr("stroom$text", 267, 4)) AS "Nationaliteit gebruikt voor bepaling ind. EER actueel", trim(substr("stroom$text", 271, 4)) AS "Nationaliteit gebruikt voor bepaling ind. EER peildatum", trim(substr("stroom$text", 275, 2)) AS "Verblijfsjaar actuele opleiding", trim(substr("stroom$text", 277, 2)) AS "Verblijfsjaar actuele instelling", trim(substr("stroom$text", 279, 2)) AS "Verblijfsjaar actuele opleiding-instelling", trim(substr("stroom$text", 281, 2)) AS "Verblijfsjaar act. inst - type ho binnen soort ho", trim(substr("stroom$text", 283, 2)) AS "Verblijfsjaar continu ho", trim(substr("stroom$text", 285, 2)) AS "Verblijfsjaar continu soort ho", trim(substr("stroom$text", 287, 2)) AS "Verblijfsjaar continu actuele instelling", trim(substr("stroom$text", 289, 2)) AS "Verblijfsjaar continu type ho binnen ho", trim(substr("stroom$text", 291, 1)) AS "Indicatie University College", trim(substr("stroom$text", 292, 6)) AS "ISCEDF2013-rubriek", trim(substr("stroom$text", 298, 4)) AS "Herkomstland volgens CBS-definitie", trim(substr("stroom$text", 302, 2)) AS "Herkomst-indikking volgens CBS-definitie", trim(substr("stroom$text", 304, 2)) AS "Indicatie geboren", trim(substr("stroom$text", 306, 9)) AS "Burgerservicenummer", trim(substr("stroom$text", 315, 9)) AS "Onderwijsnummer" FROM read_csv('data/1cijferho/EV.asc', header = false, columns = {'stroom$text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', encoding = 'latin-1')) AS "file"
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
    FROM (SELECT row_number() OVER () AS "stroom$row", length("stroom$text") AS "stroom$width", trim(substr("stroom$text", 1, 12)) AS "Persoonsgebonden nummer", trim(substr("stroom$text", 13, 4)) AS "Inschrijvingsjaar", trim(substr("stroom$text", 17, 4)) AS "Instellingscode", trim(substr("stroom$text", 21, 4)) AS "Actuele instelling", trim(substr("stroom$text", 25, 5)) AS "Opleidingscode", trim(substr("stroom$text", 30, 1)) AS "Opleidingsvorm", trim(substr("stroom$text", 31, 1)) AS "Opleidingsfase", trim(substr("stroom$text", 32, 2)) AS "Maand vanaf", trim(substr("stroom$text", 34, 1)) AS "Code beëindiging", trim(substr("stroom$text", 35, 2)) AS "Maand tot", trim(substr("stroom$text", 37, 1)) AS "Code examenresultaat", trim(substr("stroom$text", 38, 2)) AS "Maand examenresultaat", trim(substr("stroom$text", 40, 1)) AS "Code bekostiging", trim(substr("stroom$text", 41, 4)) AS "Eerste jaar aan deze instelling", trim(substr("stroom$text", 45, 1)) AS "Inschrijvingsvorm", trim(substr("stroom$text", 46, 3)) AS "Soort hoger onderwijs", trim(substr("stroom$text", 49, 5)) AS "Opleiding actueel equivalent", trim(substr("stroom$text", 54, 5)) AS "Opleiding historisch equivalent", trim(substr("stroom$text", 59, 1)) AS "Croho-onderdeel actuele opleiding", trim(substr("stroom$text", 60, 2)) AS "Croho-subonderdeel actuele opleiding", trim(substr("stroom$text", 62, 2)) AS "Type hoger onderwijs binnen soort hoger onderwijs", trim(substr("stroom$text", 64, 1)) AS "Opleidingsfase actueel", trim(substr("stroom$text", 65, 1)) AS "Indicatie actief op peildatum", trim(substr("stroom$text", 66, 1)) AS "Soort inschrijving hoger onderwijs", trim(substr("stroom$text", 67, 1)) AS "Soort inschrijving soort ho", trim(substr("stroom$text", 68, 1)) AS "Soort inschrijving type ho binnen soort ho", trim(substr("stroom$text", 69, 1)) AS "Soort inschrijving opleiding actueel equivalent", trim(substr("stroom$text", 70, 1)) AS "Soort inschrijving actuele instelling", trim(substr("stroom$text", 71, 1)) AS "Soort inschrijving actuele opleiding-instelling", trim(substr("stroom$text", 72, 2)) AS "Verblijfsjaar hoger onderwijs", trim(substr("stroom$text", 74, 2)) AS "Verblijfsjaar soort ho", trim(substr("stroom$text", 76, 2)) AS "Verblijfsjaar type ho binnen soort ho", trim(substr("stroom$text", 78, 1)) AS "Indicatie eerstejaars opl. actueel equivalent", trim(substr("stroom$text", 79, 1)) AS "Indicatie eerstejaars actuele instelling", trim(substr("stroom$text", 80, 1)) AS "Indicatie eerstejaars actuele opl.-instelling", trim(substr("stroom$text", 81, 4)) AS "Eerste jaar in het hoger onderwijs", trim(substr("stroom$text", 85, 4)) AS "Eerste jaar aan deze soort hoger onderwijs", trim(substr("stroom$text", 89, 4)) AS "Eerste jaar aan deze opleiding-instelling", trim(substr("stroom$text", 93, 4)) AS "Diplomajaar", trim(substr("stroom$text", 97, 1)) AS "Opleidingsfase actueel van het diploma", trim(substr("stroom$text", 98, 2)) AS "Soort diploma hoger onderwijs internat.statistiek", trim(substr("stroom$text", 100, 2)) AS "Soort diploma hoger onderwijs", trim(substr("stroom$text", 102, 2)) AS "Soort diploma soort hoger onderwijs", trim(substr("stroom$text", 104, 2)) AS "Soort diploma instelling", trim(substr("stroom$text", 106, 5)) AS "Hoogste vooropleiding vóór het HO", trim(substr("stroom$text", 111, 5)) AS "Hoogste vooropleiding vóór het HO oorspronkelijke code", trim(substr("stroom$text", 116, 4)) AS "Diplomajaar van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 120, 4)) AS "Instelling van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 124, 5)) AS "Hoogste vooropleiding binnen het HO", trim(substr("stroom$text", 129, 5)) AS "Hoogste vooropleiding binnen het HO oorspronkelijke code", trim(substr("stroom$text", 134, 4)) AS "Diplomajaar van de hoogste vooropl. binnen het HO", trim(substr("stroom$text", 138, 4)) AS "Instelling van de hoogste vooropl. binnen het HO", trim(substr("stroom$text", 142, 5)) AS "Hoogste vooropleiding", trim(substr("stroom$text", 147, 4)) AS "Diplomajaar hoogste vooropleiding", trim(substr("stroom$text", 151, 4)) AS "Instelling van de hoogste vooropleiding", trim(substr("stroom$text", 155, 1)) AS "Geslacht", trim(substr("stroom$text", 156, 3)) AS "Leeftijd per peildatum 1 oktober", trim(substr("stroom$text", 159, 3)) AS "Leeftijd per 1 januari", trim(substr("stroom$text", 162, 4)) AS "Nationaliteit 1", trim(substr("stroom$text", 166, 4)) AS "Nationaliteit 2", trim(substr("stroom$text", 170, 4)) AS "Nationaliteit 3", trim(substr("stroom$text", 174, 4)) AS "Geboorteland", trim(substr("stroom$text", 178, 4)) AS "Geboorteland ouder 1", trim(substr("stroom$text", 182, 4)) AS "Geboorteland ouder 2", trim(substr("stroom$text", 186, 2)) AS "Etniciteit", trim(substr("stroom$text", 188, 1)) AS "Generatie", trim(substr("stroom$text", 189, 4)) AS "Gecorrigeerd eerste jaar aan deze instelling", trim(substr("stroom$text", 193, 4)) AS "Eerste jaar aan deze actuele instelling", trim(substr("stroom$text", 197, 1)) AS "Soort inschrijving act. inst - type ho binnen soort ho", trim(substr("stroom$text", 198, 1)) AS "Indicatie eerstejrs act. inst - type ho binnen soort ho", trim(substr("stroom$text", 199, 4)) AS "Actuele instelling vóór besturenfusies", trim(substr("stroom$text", 203, 1)) AS "Soort inschrijving type ho binnen ho", trim(substr("stroom$text", 204, 2)) AS "Verblijfsjaar type ho binnen ho", trim(substr("stroom$text", 206, 4)) AS "Postcodecijfers student op 1 oktober", trim(substr("stroom$text", 210, 4)) AS "Postcodecijfers van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 214, 3)) AS "Gem. eindcijfer VO van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 217, 1)) AS "Soort inschrijving continu hoger onderwijs", trim(substr("stroom$text", 218, 1)) AS "Soort inschrijving continu soort ho", trim(substr("stroom$text", 219, 1)) AS "Soort inschrijving continu actuele instelling", trim(substr("stroom$text", 220, 1)) AS "Soort inschrijving continu type ho binnen ho", trim(substr("stroom$text", 221, 1)) AS "Indicatie eerstejaars continu hoger onderwijs", trim(substr("stroom$text", 222, 1)) AS "Indicatie eerstejaars continu soort ho", trim(substr("stroom$text", 223, 1)) AS "Indicatie eerstejaars continu actuele instelling", trim(substr("stroom$text", 224, 1)) AS "Indicatie eerstejaars continu type ho binnen ho", trim(substr("stroom$text", 225, 1)) AS "Indicatie soort programma", trim(substr("stroom$text", 226, 8)) AS "Datum inschrijving", trim(substr("stroom$text", 234, 8)) AS "Datum uitschrijving", trim(substr("stroom$text", 242, 2)) AS "Vestigingsnummer", trim(substr("stroom$text", 244, 8)) AS "Datum tekening diploma", trim(substr("stroom$text", 252, 2)) AS "Vestigingsnummer diploma", trim(substr("stroom$text", 254, 2)) AS "Vestigingsnummer actueel", trim(substr("stroom$text", 256, 2)) AS "Vestigingsnummer actueel diploma", trim(substr("stroom$text", 258, 2)) AS "Vestigingsnummer van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 260, 2)) AS "Vestigingsnummer van de hoogste vooropl. binnen het HO", trim(substr("stroom$text", 262, 2)) AS "Vestigingsnummer van de hoogste vooropleiding", trim(substr("stroom$text", 264, 1)) AS "Indicatie EER actueel", trim(substr("stroom$text", 265, 1)) AS "Indicatie internationale student", trim(substr("stroom$text", 266, 1)) AS "Indicatie EER op peildatum 1 oktober", trim(substr("stroom$text", 267, 4)) AS "Nationaliteit gebruikt voor bepaling ind. EER actueel", trim(substr("stroom$text", 271, 4)) AS "Nationaliteit gebruikt voor bepaling ind. EER peildatum", trim(substr("stroom$text", 275, 2)) AS "Verblijfsjaar actuele opleiding", trim(substr("stroom$text", 277, 2)) AS "Verblijfsjaar actuele instelling", trim(substr("stroom$text", 279, 2)) AS "Verblijfsjaar actuele opleiding-instelling", trim(substr("stroom$text", 281, 2)) AS "Verblijfsjaar act. inst - type ho binnen soort ho", trim(substr("stroom$text", 283, 2)) AS "Verblijfsjaar continu ho", trim(substr("stroom$text", 285, 2)) AS "Verblijfsjaar continu soort ho", trim(substr("stroom$text", 287, 2)) AS "Verblijfsjaar continu actuele instelling", trim(substr("stroom$text", 289, 2)) AS "Verblijfsjaar continu type ho binnen ho", trim(substr("stroom$text", 291, 1)) AS "Indicatie University College", trim(substr("stroom$text", 292, 6)) AS "ISCEDF2013-rubriek", trim(substr("stroom$text", 298, 4)) AS "Herkomstland volgens CBS-definitie", trim(substr("stroom$text", 302, 2)) AS "Herkomst-indikking volgens CBS-definitie", trim(substr("stroom$text", 304, 2)) AS "Indicatie geboren", trim(substr("stroom$text", 306, 9)) AS "Burgerservicenummer", trim(substr("stroom$text", 315, 9)) AS "Onderwijsnummer" FROM read_csv('data/1cijferho/EV.asc', header = false, columns = {'stroom$text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', encoding = 'latin-1')) AS "file"
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
    FROM (SELECT row_number() OVER () AS "stroom$row", length("stroom$text") AS "stroom$width", trim(substr("stroom$text", 1, 12)) AS "Persoonsgebonden nummer", trim(substr("stroom$text", 13, 4)) AS "Inschrijvingsjaar", trim(substr("stroom$text", 17, 4)) AS "Instellingscode", trim(substr("stroom$text", 21, 4)) AS "Actuele instelling", trim(substr("stroom$text", 25, 5)) AS "Opleidingscode", trim(substr("stroom$text", 30, 1)) AS "Opleidingsvorm", trim(substr("stroom$text", 31, 1)) AS "Opleidingsfase", trim(substr("stroom$text", 32, 2)) AS "Maand vanaf", trim(substr("stroom$text", 34, 1)) AS "Code beëindiging", trim(substr("stroom$text", 35, 2)) AS "Maand tot", trim(substr("stroom$text", 37, 1)) AS "Code examenresultaat", trim(substr("stroom$text", 38, 2)) AS "Maand examenresultaat", trim(substr("stroom$text", 40, 1)) AS "Code bekostiging", trim(substr("stroom$text", 41, 4)) AS "Eerste jaar aan deze instelling", trim(substr("stroom$text", 45, 1)) AS "Inschrijvingsvorm", trim(substr("stroom$text", 46, 3)) AS "Soort hoger onderwijs", trim(substr("stroom$text", 49, 5)) AS "Opleiding actueel equivalent", trim(substr("stroom$text", 54, 5)) AS "Opleiding historisch equivalent", trim(substr("stroom$text", 59, 1)) AS "Croho-onderdeel actuele opleiding", trim(substr("stroom$text", 60, 2)) AS "Croho-subonderdeel actuele opleiding", trim(substr("stroom$text", 62, 2)) AS "Type hoger onderwijs binnen soort hoger onderwijs", trim(substr("stroom$text", 64, 1)) AS "Opleidingsfase actueel", trim(substr("stroom$text", 65, 1)) AS "Indicatie actief op peildatum", trim(substr("stroom$text", 66, 1)) AS "Soort inschrijving hoger onderwijs", trim(substr("stroom$text", 67, 1)) AS "Soort inschrijving soort ho", trim(substr("stroom$text", 68, 1)) AS "Soort inschrijving type ho binnen soort ho", trim(substr("stroom$text", 69, 1)) AS "Soort inschrijving opleiding actueel equivalent", trim(substr("stroom$text", 70, 1)) AS "Soort inschrijving actuele instelling", trim(substr("stroom$text", 71, 1)) AS "Soort inschrijving actuele opleiding-instelling", trim(substr("stroom$text", 72, 2)) AS "Verblijfsjaar hoger onderwijs", trim(substr("stroom$text", 74, 2)) AS "Verblijfsjaar soort ho", trim(substr("stroom$text", 76, 2)) AS "Verblijfsjaar type ho binnen soort ho", trim(substr("stroom$text", 78, 1)) AS "Indicatie eerstejaars opl. actueel equivalent", trim(substr("stroom$text", 79, 1)) AS "Indicatie eerstejaars actuele instelling", trim(substr("stroom$text", 80, 1)) AS "Indicatie eerstejaars actuele opl.-instelling", trim(substr("stroom$text", 81, 4)) AS "Eerste jaar in het hoger onderwijs", trim(substr("stroom$text", 85, 4)) AS "Eerste jaar aan deze soort hoger onderwijs", trim(substr("stroom$text", 89, 4)) AS "Eerste jaar aan deze opleiding-instelling", trim(substr("stroom$text", 93, 4)) AS "Diplomajaar", trim(substr("stroom$text", 97, 1)) AS "Opleidingsfase actueel van het diploma", trim(substr("stroom$text", 98, 2)) AS "Soort diploma hoger onderwijs internat.statistiek", trim(substr("stroom$text", 100, 2)) AS "Soort diploma hoger onderwijs", trim(substr("stroom$text", 102, 2)) AS "Soort diploma soort hoger onderwijs", trim(substr("stroom$text", 104, 2)) AS "Soort diploma instelling", trim(substr("stroom$text", 106, 5)) AS "Hoogste vooropleiding vóór het HO", trim(substr("stroom$text", 111, 5)) AS "Hoogste vooropleiding vóór het HO oorspronkelijke code", trim(substr("stroom$text", 116, 4)) AS "Diplomajaar van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 120, 4)) AS "Instelling van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 124, 5)) AS "Hoogste vooropleiding binnen het HO", trim(substr("stroom$text", 129, 5)) AS "Hoogste vooropleiding binnen het HO oorspronkelijke code", trim(substr("stroom$text", 134, 4)) AS "Diplomajaar van de hoogste vooropl. binnen het HO", trim(substr("stroom$text", 138, 4)) AS "Instelling van de hoogste vooropl. binnen het HO", trim(substr("stroom$text", 142, 5)) AS "Hoogste vooropleiding", trim(substr("stroom$text", 147, 4)) AS "Diplomajaar hoogste vooropleiding", trim(substr("stroom$text", 151, 4)) AS "Instelling van de hoogste vooropleiding", trim(substr("stroom$text", 155, 1)) AS "Geslacht", trim(substr("stroom$text", 156, 3)) AS "Leeftijd per peildatum 1 oktober", trim(substr("stroom$text", 159, 3)) AS "Leeftijd per 1 januari", trim(substr("stroom$text", 162, 4)) AS "Nationaliteit 1", trim(substr("stroom$text", 166, 4)) AS "Nationaliteit 2", trim(substr("stroom$text", 170, 4)) AS "Nationaliteit 3", trim(substr("stroom$text", 174, 4)) AS "Geboorteland", trim(substr("stroom$text", 178, 4)) AS "Geboorteland ouder 1", trim(substr("stroom$text", 182, 4)) AS "Geboorteland ouder 2", trim(substr("stroom$text", 186, 2)) AS "Etniciteit", trim(substr("stroom$text", 188, 1)) AS "Generatie", trim(substr("stroom$text", 189, 4)) AS "Gecorrigeerd eerste jaar aan deze instelling", trim(substr("stroom$text", 193, 4)) AS "Eerste jaar aan deze actuele instelling", trim(substr("stroom$text", 197, 1)) AS "Soort inschrijving act. inst - type ho binnen soort ho", trim(substr("stroom$text", 198, 1)) AS "Indicatie eerstejrs act. inst - type ho binnen soort ho", trim(substr("stroom$text", 199, 4)) AS "Actuele instelling vóór besturenfusies", trim(substr("stroom$text", 203, 1)) AS "Soort inschrijving type ho binnen ho", trim(substr("stroom$text", 204, 2)) AS "Verblijfsjaar type ho binnen ho", trim(substr("stroom$text", 206, 4)) AS "Postcodecijfers student op 1 oktober", trim(substr("stroom$text", 210, 4)) AS "Postcodecijfers van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 214, 3)) AS "Gem. eindcijfer VO van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 217, 1)) AS "Soort inschrijving continu hoger onderwijs", trim(substr("stroom$text", 218, 1)) AS "Soort inschrijving continu soort ho", trim(substr("stroom$text", 219, 1)) AS "Soort inschrijving continu actuele instelling", trim(substr("stroom$text", 220, 1)) AS "Soort inschrijving continu type ho binnen ho", trim(substr("stroom$text", 221, 1)) AS "Indicatie eerstejaars continu hoger onderwijs", trim(substr("stroom$text", 222, 1)) AS "Indicatie eerstejaars continu soort ho", trim(substr("stroom$text", 223, 1)) AS "Indicatie eerstejaars continu actuele instelling", trim(substr("stroom$text", 224, 1)) AS "Indicatie eerstejaars continu type ho binnen ho", trim(substr("stroom$text", 225, 1)) AS "Indicatie soort programma", trim(substr("stroom$text", 226, 8)) AS "Datum inschrijving", trim(substr("stroom$text", 234, 8)) AS "Datum uitschrijving", trim(substr("stroom$text", 242, 2)) AS "Vestigingsnummer", trim(substr("stroom$text", 244, 8)) AS "Datum tekening diploma", trim(substr("stroom$text", 252, 2)) AS "Vestigingsnummer diploma", trim(substr("stroom$text", 254, 2)) AS "Vestigingsnummer actueel", trim(substr("stroom$text", 256, 2)) AS "Vestigingsnummer actueel diploma", trim(substr("stroom$text", 258, 2)) AS "Vestigingsnummer van de hoogste vooropl. vóór het HO", trim(substr("stroom$text", 260, 2)) AS "Vestigingsnummer van de hoogste vooropl. binnen het HO", trim(substr("stroom$text", 262, 2)) AS "Vestigingsnummer van de hoogste vooropleiding", trim(substr("stroom$text", 264, 1)) AS "Indicatie EER actueel", trim(substr("stroom$text", 265, 1)) AS "Indicatie internationale student", trim(substr("stroom$text", 266, 1)) AS "Indicatie EER op peildatum 1 oktober", trim(substr("stroom$text", 267, 4)) AS "Nationaliteit gebruikt voor bepaling ind. EER actueel", trim(substr("stroom$text", 271, 4)) AS "Nationaliteit gebruikt voor bepaling ind. EER peildatum", trim(substr("stroom$text", 275, 2)) AS "Verblijfsjaar actuele opleiding", trim(substr("stroom$text", 277, 2)) AS "Verblijfsjaar actuele instelling", trim(substr("stroom$text", 279, 2)) AS "Verblijfsjaar actuele opleiding-instelling", trim(substr("stroom$text", 281, 2)) AS "Verblijfsjaar act. inst - type ho binnen soort ho", trim(substr("stroom$text", 283, 2)) AS "Verblijfsjaar continu ho", trim(substr("stroom$text", 285, 2)) AS "Verblijfsjaar continu soort ho", trim(substr("stroom$text", 287, 2)) AS "Verblijfsjaar continu actuele instelling", trim(substr("stroom$text", 289, 2)) AS "Verblijfsjaar continu type ho binnen ho", trim(substr("stroom$text", 291, 1)) AS "Indicatie University College", trim(substr("stroom$text", 292, 6)) AS "ISCEDF2013-rubriek", trim(substr("stroom$text", 298, 4)) AS "Herkomstland volgens CBS-definitie", trim(substr("stroom$text", 302, 2)) AS "Herkomst-indikking volgens CBS-definitie", trim(substr("stroom$text", 304, 2)) AS "Indicatie geboren", trim(substr("stroom$text", 306, 9)) AS "Burgerservicenummer", trim(substr("stroom$text", 315, 9)) AS "Onderwijsnummer" FROM read_csv('data/1cijferho/EV.asc', header = false, columns = {'stroom$text': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', encoding = 'latin-1')) AS "file"
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
    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."source_row"
  FROM "candidate_record" AS e
  JOIN "cohort_year" AS y ON y."cohort_year" = e."cohort_year"
  LEFT JOIN "prior_best" AS pb ON pb."person" = e."person" AND pb."cohort_year" = y."cohort_year"
  WHERE pb."category" IN ('havo')
    AND pb."school_year" BETWEEN y."cohort_year" - 1 AND y."cohort_year" - 1
),
"anchor" AS (
  SELECT *, "source_row" * 10000 + "cohort_year" AS "anchor_id"
  FROM (
    SELECT *, row_number() OVER (PARTITION BY "cohort_year", "person" ORDER BY COALESCE("main", FALSE) DESC, "start" ASC NULLS LAST, "institution" ASC NULLS LAST, "programme" ASC NULLS LAST, "source_row" ASC) AS "pick"
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
SELECT "cohort_year", "outcome", COUNT(*) AS "n"
FROM "outcome"
GROUP BY "cohort_year", "outcome";
