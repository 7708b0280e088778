// Every sentence `explain` and the hover say, in Dutch and English, in one place. A text is a template: `{name}` is
// filled by the caller (with plain text or code); nothing else about wording lives in the code that assembles them.
import type { CohortKind, EntryUnit, MeasureName, ScopeUnit, SwitchTreatment } from '../definition/types.js';

export type Lang = 'nl' | 'en';
export const LANGS: readonly Lang[] = ['nl', 'en'];

export interface Text { readonly nl: string; readonly en: string }

export const TEXT = {
    // ---------------------------------------------------------------- headings and framing
    indicatorLine: { nl: 'Indicator {name} ({at}).', en: 'Indicator {name} ({at}).' },
    followsConventions: { nl: 'Volgt conventie {names}.', en: 'Follows convention {names}.' },
    headQuestions: { nl: 'De drie vragen', en: 'The three questions' },
    headMeasure: { nl: 'Wat er gemeten wordt', en: 'What is measured' },
    headCohort: { nl: 'Wie er meetelt', en: 'Who is counted' },
    headChoices: { nl: 'Elke keuze en waar ze vandaan komt', en: 'Every choice and where it came from' },
    headDates: { nl: 'Data per cohortjaar', en: 'Dates per cohort year' },
    headFunnel: { nl: 'Trechter: wie elke clausule overhoudt', en: 'Funnel: who each clause keeps' },
    range: { nl: '{from} tot en met {to}', en: '{from} to {to}' },

    // ---------------------------------------------------------------- the three questions
    qInflow: { nl: 'Directe of indirecte instroom?', en: 'Direct or indirect inflow?' },
    qSwitch: { nl: 'Wat telt een switcher als?', en: 'What does a switcher count as?' },
    qSource: { nl: 'Welke bron?', en: 'Which source?' },
    inflowNotApplicable: {
        nl: 'Niet van toepassing: dit is een cohort van {kind}; alleen een instroomcohort kent directe of indirecte instroom.',
        en: 'Not applicable: this is a cohort of {kind}; only an entering cohort has direct or indirect inflow.',
    },
    switchNotApplicable: {
        nl: 'Niet van toepassing: {measure} kent geen switchbehandeling. {why}',
        en: 'Not applicable: {measure} has no switch treatment. {why}',
    },
    sourceAnswer: {
        nl: 'Bron {name}{title}{publisher}: {how}.',
        en: 'Source {name}{title}{publisher}: {how}.',
    },
    sourcePublisher: { nl: ', van {publisher}', en: ', by {publisher}' },
    sourceWindow: {
        nl: 'De gegevens beslaan {from} tot en met {until}; het studiejaar begint er op {start}.',
        en: 'Its records cover {from} to {until}; its study year starts on {start}.',
    },
    pickOption: { nl: 'gekozen met --source', en: 'chosen with --source' },
    pickOn: { nl: 'vastgelegd met {clause} in {element} ({at})', en: 'pinned by {clause} in {element} ({at})' },
    pickWorkspace: {
        nl: 'de standaardbron van de werkruimte (defaultSource in stroom.json)',
        en: "the workspace's default source (defaultSource in stroom.json)",
    },
    pickOnly: { nl: 'de enige bron in de werkruimte', en: 'the only source in the workspace' },
    noSource: {
        nl: 'Nog geen bron gekozen: leg er een vast met `on <Bron>`, met defaultSource in stroom.json of met --source.',
        en: 'No source chosen yet: pin one with `on <Source>`, with defaultSource in stroom.json or with --source.',
    },

    // ---------------------------------------------------------------- where a value came from
    originExplicit: { nl: 'Vastgelegd in {element} ({at}).', en: 'Set in {element} ({at}).' },
    originConvention: { nl: 'Uit conventie {name} ({at}){cite}.', en: 'From convention {name} ({at}){cite}.' },
    originCite: { nl: ', die verwijst naar: {citation}', en: ', which cites: {citation}' },
    originSource: { nl: 'Van bron {name}.', en: 'From source {name}.' },
    originWorkspace: { nl: 'Uit de werkruimte (stroom.json).', en: 'From the workspace (stroom.json).' },
    originDefault: { nl: 'Standaardwaarde.', en: 'The default.' },

    // ---------------------------------------------------------------- the cohort
    cohortLine: { nl: 'Cohort {name}{title} ({at}).', en: 'Cohort {name}{title} ({at}).' },
    cohortYears: { nl: 'Cohortjaren {from} tot en met {to}.', en: 'Cohort years {from} to {to}.' },
    cohortAllYears: { nl: 'Cohortjaren: elk jaar dat de gegevens toelaten.', en: 'Cohort years: every year the data allow.' },

    // ---------------------------------------------------------------- choices
    peildatum: {
        nl: 'Er wordt geteld op de peildatum {date} van elk studiejaar (het studiejaar begint op {start}).',
        en: 'People are counted on the reference date {date} of each study year (the study year starts on {start}).',
    },
    peildatumDeregistration: {
        nl: 'Het jaar van een cohort loopt van de peildatum {date} tot en met de dag vóór de volgende (het studiejaar begint op {start}); de uitschrijvingen met een einddatum daarin tellen.',
        en: 'A cohort\'s year runs from the reference date {date} to the day before the next (the study year starts on {start}); the de-registrations that end in it count.',
    },
    peildatumNextYear: {
        nl: 'Er wordt geteld op de peildatum {date}, in het kalenderjaar na de start van het studiejaar (dat begint op {start}).',
        en: 'People are counted on the reference date {date}, in the calendar year after the study year starts (on {start}).',
    },
    inflowDirect: {
        nl: 'Alleen directe instroom: de hoogste vooropleiding is behaald {window}. Wie later instroomt, of van wie geen vooropleiding bekend is, telt niet mee.',
        en: 'Direct inflow only: the highest prior education was obtained {window}. Those who enter later, and those without a known prior education, are not counted.',
    },
    inflowIndirect: {
        nl: 'Alleen indirecte instroom: de hoogste vooropleiding is bekend, maar niet behaald {window}. Wie direct instroomt, of van wie geen vooropleiding bekend is, telt niet mee.',
        en: 'Indirect inflow only: the highest prior education is known but was not obtained {window}. Direct entrants, and those without a known prior education, are not counted.',
    },
    inflowWindow: { nl: 'in het schooljaar vóór het cohortjaar', en: 'in the school year before the cohort year' },
    inflowWindowGapOne: {
        nl: 'in het schooljaar vóór het cohortjaar of in het schooljaar daarvoor (één tussenjaar toegestaan)',
        en: 'in the school year before the cohort year or in the school year before that (one gap year allowed)',
    },
    inflowWindowGap: {
        nl: 'in het schooljaar vóór het cohortjaar of in de {gap} schooljaren daarvoor (tussenjaren toegestaan)',
        en: 'in the school year before the cohort year or in the {gap} school years before that (gap years allowed)',
    },
    inflowByEnrollment: {
        nl: 'Directe instroom, gemeten aan inschrijving: alleen wie op de peildatum van het jaar ervoor al ingeschreven was {sectors}.',
        en: "Direct inflow by enrollment: only those already enrolled on the previous year's reference date {sectors}.",
    },
    inflowAnywhere: { nl: 'ergens in het onderwijs', en: 'anywhere in education' },
    inflowInSectors: { nl: 'in {list}', en: 'in {list}' },
    inflowAny: {
        nl: 'Directe en indirecte instroom tellen allebei mee, net als wie geen bekende vooropleiding heeft.',
        en: 'Direct and indirect inflow both count, as do people without a known prior education.',
    },
    priorAny: { nl: 'Geen filter op vooropleiding.', en: 'No filter on prior education.' },
    priorSome: {
        nl: 'Alleen wie als hoogste vooropleiding {list} heeft (de hoogste die vóór het cohortjaar behaald is).',
        en: 'Only people whose highest prior education is {list} (the highest obtained before the cohort year).',
    },
    sectorAny: { nl: 'Geen filter op sector.', en: 'No filter on sector.' },
    sectorSome: { nl: 'Alleen {records} in {list}.', en: 'Only {records} in {list}.' },
    modeAny: { nl: 'Geen filter op opleidingsvorm.', en: 'No filter on mode of study.' },
    modeSome: { nl: 'Alleen inschrijvingen met opleidingsvorm {list}.', en: 'Only enrollments with mode {list}.' },
    levelAny: { nl: 'Geen filter op niveau.', en: 'No filter on level.' },
    levelSome: { nl: 'Alleen {records} op niveau {list}.', en: 'Only {records} at level {list}.' },
    fundedYes: { nl: 'Alleen bekostigde inschrijvingen.', en: 'Only funded enrollments.' },
    fundedNo: { nl: 'Bekostigde en niet-bekostigde inschrijvingen tellen allebei.', en: 'Funded and unfunded enrollments both count.' },
    mainYes: {
        nl: 'Alleen hoofdinschrijvingen tellen, ook voor de geschiedenis (wie is nieuw) en voor de status later.',
        en: 'Only main enrollments count, also for the history (who is new) and for the later status.',
    },
    mainNo: { nl: 'Alle inschrijvingen tellen, niet alleen hoofdinschrijvingen.', en: 'All enrollments count, not only main ones.' },
    mainAnchorYes: {
        nl: 'Alleen een hoofdinschrijving kan de inschrijving zijn waarmee iemand in het cohort komt; voor de geschiedenis (wie is nieuw) en de status later tellen alle inschrijvingen, ook neveninschrijvingen.',
        en: 'Only a main enrollment can be the enrollment a person enters the cohort by; the history (who is new) and the later status read every enrollment, secondary ones too.',
    },
    mainAnchorNo: { nl: 'Elke inschrijving kan de inschrijving zijn waarmee iemand in het cohort komt.', en: 'Any enrollment can be the one a person enters the cohort by.' },
    entryFlag: {
        nl: 'Eerstejaars volgens het bestand zelf: de inschrijving op de peildatum met {value} in kolom {column}. Er wordt niet naar eerdere peildata gekeken.',
        en: 'First-year as the file itself says: the enrollment on the reference date with {value} in column {column}. Earlier reference dates are not looked at.',
    },
    lookbackIgnored: {
        nl: 'Niet gebruikt: met `entry flag` zegt het bestand wie eerstejaars is, en wordt er niet naar eerdere peildata gekeken.',
        en: 'Not used: with `entry flag` the file says who is a first-year, and no earlier reference date is looked at.',
    },
    entryByDates: { nl: 'Eerstejaars volgens de datums van de inschrijvingen.', en: 'First-year as the enrollments\' dates say.' },
    diplomaFiltersNothing: {
        nl: 'Een diploma heeft geen opleidingsvorm, bekostiging of hoofdinschrijving: in een cohort van gediplomeerden filtert dit niets.',
        en: 'A diploma has no mode, funding or main flag: in a cohort of graduates this filters nothing.',
    },
    historyNone: { nl: 'Geen filter op eerdere inschrijvingen.', en: 'No filter on earlier enrollments.' },
    historySome: {
        nl: 'Alleen wie een inschrijving in {sector} heeft die vóór de peildatum begon{other}{within}. {reads}',
        en: 'Only people with an enrollment in {sector} that started before the reference date{other}{within}. {reads}',
    },
    historyOther: { nl: ' (een andere dan de inschrijving waarmee iemand instroomt)', en: ' (other than the enrollment they enter by)' },
    historyWithin: {
        nl: ' en die op de peildatum {n} {years} eerder nog liep (of later eindigde)',
        en: ' and that was still running on the reference date {n} {years} earlier (or ended later)',
    },
    historyAll: { nl: 'Elke inschrijving telt, ook een neveninschrijving.', en: 'Every enrollment counts, secondary ones too.' },
    historyMainOnly: { nl: 'Alleen hoofdinschrijvingen tellen (`main enrollments only`).', en: 'Only main enrollments count (`main enrollments only`).' },
    ageNone: { nl: 'Geen leeftijdsgrens.', en: 'No age limit.' },
    ageBelow: {
        nl: 'Alleen wie op de peildatum jonger is dan {age} jaar (in volle jaren).',
        en: 'Only people younger than {age} on the reference date (in completed years).',
    },
    lookbackAll: {
        nl: 'Nieuw betekent: op geen enkele eerdere peildatum in de gegevens in {unit} ingeschreven{since}.',
        en: 'New means: not enrolled in {unit} on any earlier reference date in the data{since}.',
    },
    lookbackSince: { nl: ' (de eerste is {date})', en: ' (the first is {date})' },
    lookbackYears: {
        nl: 'Nieuw betekent: op geen van de {n} peildata ervoor in {unit} ingeschreven.',
        en: 'New means: not enrolled in {unit} on any of the {n} reference dates before.',
    },
    lookbackNone: {
        nl: 'Er wordt niet teruggekeken: iedereen die op de peildatum ingeschreven is, telt als nieuw.',
        en: 'There is no lookback: everyone enrolled on the reference date counts as new.',
    },
    horizon: {
        nl: 'De uitkomst wordt bepaald op de peildatum {n} jaar na het cohortjaar.',
        en: 'The outcome is decided on the reference date {n} {years} after the cohort year.',
    },
    horizonZero: {
        nl: 'De uitkomst wordt bepaald op de peildatum van het cohortjaar zelf.',
        en: 'The outcome is decided on the reference date of the cohort year itself.',
    },
    horizonFixed: {
        nl: 'Voor {measure} ligt het meetmoment vast: de peildatum een jaar later.',
        en: 'For {measure} the measurement date is fixed: the reference date one year later.',
    },
    scope: { nl: '"Nog ingeschreven" betekent: {scope}.', en: '"Still enrolled" means: {scope}.' },
    switchDomain: {
        nl: 'Een switch telt alleen als de persoon {domain} ingeschreven is; daarbuiten is het uitval.',
        en: 'A switch counts only when the person is enrolled {domain}; beyond that it is dropout.',
    },
    switchDomainEducation: {
        nl: 'Een switch mag overal in het onderwijs landen.',
        en: 'A switch may land anywhere in education.',
    },
    switchDomainIrrelevant: {
        nl: 'Waar een switch landt, maakt hier niets uit: een switcher telt toch als uitval.',
        en: 'Where a switch lands makes no difference here: a switcher counts as dropout anyway.',
    },
    diplomaCounts: {
        nl: 'Een {kinds} {scope}, behaald na de start en uiterlijk op het meetmoment, telt als gediplomeerd en gaat voor elke andere uitkomst.',
        en: 'A {kinds} {scope}, obtained after the start and on or before the measurement date, counts as graduated and comes before any other outcome.',
    },
    diplomaIgnored: {
        nl: "Diploma's tellen niet: alleen de inschrijving op het meetmoment bepaalt de uitkomst.",
        en: 'Diplomas do not count: only enrollment on the measurement date decides the outcome.',
    },
    unitPerson: {
        nl: 'Elke persoon telt één keer; heeft iemand meer passende inschrijvingen, dan telt er één: eerst de hoofdinschrijving, dan de vroegste start, dan de laagste instellings- en opleidingscode.',
        en: 'Each person counts once; with several fitting enrollments one counts: the main one first, then the earliest start, then the lowest institution and programme code.',
    },
    unitEnrollment: {
        nl: 'Elke inschrijving telt apart (één per persoon en {unit}), ook als één persoon er meer heeft.',
        en: 'Each enrollment counts on its own (one per person and {unit}), also when one person has several.',
    },
    unitDeregistrationPerson: {
        nl: 'Elke persoon telt één keer per cohortjaar: met de inschrijving die in het jaar het eerst eindigde (bij gelijke einddatum beslist de vaste volgorde: hoofdinschrijving, vroegste start, instelling, opleiding).',
        en: 'Each person counts once per cohort year: with the enrollment that ended first in the year (on the same end date the tie-break decides: main, earliest start, institution, programme).',
    },
    unitDeregistrationEnrollment: {
        nl: 'Elke beëindigde inschrijving telt apart: wie twee keer uitgeschreven wordt, telt twee keer.',
        en: 'Each ended enrollment counts on its own: someone de-registered twice counts twice.',
    },
    leaveReasonsAny: { nl: 'Elke reden van uitschrijving telt (ook een ontbrekende).', en: 'Every leave reason counts (a missing one too).' },
    leaveReasonsSome: {
        nl: 'Alleen inschrijvingen met reden van uitschrijving {list} (de waarde na de waardenlijst van de bron); een ontbrekende reden telt niet.',
        en: 'Only enrollments whose leave reason is {list} (the value after the source\'s value map); a missing reason does not count.',
    },
    firstYearOnly: {
        nl: 'Alleen eerstejaars: de inschrijving eindigde binnen 12 maanden na haar begin, en de persoon had geen eerder begonnen inschrijving in dezelfde opleiding bij dezelfde instelling.',
        en: 'First-year students only: the enrollment ended within 12 months of its start, and the person had no earlier-starting enrollment in the same programme at the same institution.',
    },
    firstYearAny: { nl: 'Elke inschrijving telt, in welk jaar van de opleiding ook.', en: 'Every enrollment counts, whatever its year in the programme.' },
    horizonMonths: {
        nl: 'De bestemming wordt bepaald op de dag {n} {months} na de einddatum van elke uitschrijving (31 januari plus een maand is de laatste dag van februari).',
        en: 'The destination is decided on the day {n} {months} after each de-registration\'s end date (31 January plus one month is the last day of February).',
    },
    measureDeregistration: {
        nl: 'Bestemming {after} de uitschrijving: per uitschrijving de eerste die klopt op die dag (ingeschreven van begin- tot en met einddatum), beoordeeld tegen de beëindigde inschrijving: {categories}. Gediplomeerd komt niet voor.',
        en: 'Destination {after} the de-registration: for each de-registration the first that holds on that day (enrolled from start to end date inclusive), judged against the ended enrollment: {categories}. Graduated does not occur.',
    },
    afterMonths: { nl: '{n} {months} na', en: '{n} {months} after' },
    datesDeregistration: {
        nl: 'inschrijvingen met einddatum van {from} tot en met {to}, bestemming gemeten tot uiterlijk {last} voor cohort {year}',
        en: 'enrollments ending from {from} to {to}, destination measured up to {last} for cohort {year}',
    },
    datesTiming: {
        nl: 'tijdstip: vóór {october}, van {october} tot {february}, vanaf {february}',
        en: 'timing: before {october}, from {october} to {february}, from {february}',
    },
    unitLeaving: {
        nl: 'Elke persoon telt één keer per instelling; heeft iemand er meer passende diploma\'s of inschrijvingen, dan telt er één.',
        en: 'Each person counts once per institution; with several fitting diplomas or enrollments there, one counts.',
    },
    reentryHorizon: {
        nl: 'Alleen de status op het meetmoment telt: wie tussendoor stopt en terugkomt, telt niet als uitval.',
        en: 'Only the status on the measurement date counts: whoever stops in between and comes back is not a dropout.',
    },
    reentryFirstExit: {
        nl: 'De eerste uitval telt: wie op een tussenliggende peildatum uitgevallen is, blijft uitvaller, ook na een terugkeer.',
        en: 'The first exit counts: whoever has dropped out on an earlier reference date stays a dropout, even after coming back.',
    },
    // What the disclosure module (disclosure/disclosure.ts, describeDisclosure) does to `run`'s figures.
    suppression: {
        nl: 'Aantallen onder {k} worden verborgen (<{k}), ook een aantal waarbij minder dan {k} personen de uitkomst niet hebben; waar cijfers optellen, worden meer cellen verborgen (x, secundaire onderdrukking), zodat geen verborgen aantal terug te rekenen is.',
        en: 'Counts below {k} are hidden (<{k}), and so is a count where fewer than {k} people do not have the outcome; where figures add up, more cells are hidden (x, complementary suppression), so no hidden count can be worked out from the others.',
    },
    decimals: {
        nl: 'Percentages met {n} decimalen, half van nul af afgerond; een keuze van weergave: niemand telt anders.',
        en: 'Percentages with {n} decimals, rounded half away from zero; a choice of display: nobody counts differently.',
    },
    normAtLeast: {
        nl: 'Het cijfer staat naast de norm uit {source}: gehaald als het percentage, afgerond op de decimalen van de norm (zoals de uitgever afrondt), minstens de norm is.',
        en: 'The figure is shown beside the norm from {source}: met when the rate, rounded to the norm\'s decimals (as the publisher rounds), is at least the norm.',
    },
    normAtMost: {
        nl: 'Het cijfer staat naast de norm uit {source}: gehaald als het percentage, afgerond op de decimalen van de norm (zoals de uitgever afrondt), hoogstens de norm is.',
        en: 'The figure is shown beside the norm from {source}: met when the rate, rounded to the norm\'s decimals (as the publisher rounds), is at most the norm.',
    },

    // ---------------------------------------------------------------- switch treatment (the second question)
    switchAsDropout: {
        nl: 'Een switcher telt als uitval: wie op het meetmoment wel ingeschreven is, maar niet meer {scope}, en geen diploma heeft, is uitvaller.',
        en: 'A switcher counts as dropout: whoever is enrolled on the measurement date, but no longer {scope}, and has no diploma, is a dropout.',
    },
    switchAsRetained: {
        nl: 'Een switcher telt niet als uitval maar als behouden: wie op het meetmoment niet meer {scope} ingeschreven is, maar wel {domain}, telt als blijver.',
        en: 'A switcher does not count as dropout but as retained: whoever is no longer enrolled {scope} on the measurement date, but is enrolled {domain}, counts as retained.',
    },
    switchAsSeparate: {
        nl: 'Een switcher is een eigen uitkomst, naast uitval en behoud: wie op het meetmoment niet meer {scope} ingeschreven is, maar wel {domain}, telt als switcher.',
        en: 'A switcher is an outcome of its own, beside dropout and retention: whoever is no longer enrolled {scope} on the measurement date, but is enrolled {domain}, counts as switched.',
    },
    domainFrom: { nl: 'Het gebied van een switch: {origin}', en: 'The switch domain: {origin}' },
    switchOutsideDomain: { nl: 'Wie daarbuiten terechtkomt, telt als uitval.', en: 'Whoever ends up beyond that counts as dropout.' },

    // ---------------------------------------------------------------- measures
    measureDropout: {
        nl: 'Uitval: het aandeel van het cohort dat {after} uitgevallen is.',
        en: 'Dropout: the share of the cohort that has dropped out {after}.',
    },
    measureSwitch: {
        nl: 'Studiewissel: het aandeel van het cohort dat {after} geswitcht is.',
        en: 'Switch: the share of the cohort that has switched {after}.',
    },
    measureRetention: {
        nl: 'Behoud: het aandeel van het cohort dat {after} nog ingeschreven is ({scope}).',
        en: 'Retention: the share of the cohort still enrolled {after} ({scope}).',
    },
    measureSuccess: {
        nl: 'Succes: het aandeel van het cohort dat {after} een diploma heeft.',
        en: 'Success: the share of the cohort with a diploma {after}.',
    },
    outcomeOrder: {
        nl: 'Per persoon geldt de eerste uitkomst die klopt: gediplomeerd; behouden (nog ingeschreven {scope}); switch (elders ingeschreven, binnen het gebied van een switch); anders uitval.',
        en: 'Each person gets the first outcome that holds: graduated; retained (still enrolled {scope}); switched (enrolled elsewhere, within the switch domain); else dropout.',
    },
    overRetained: {
        nl: 'De noemer is niet het hele cohort, maar wie {after} als behouden telt (de herinschrijvers).',
        en: 'The denominator is not the whole cohort but those who count as retained {after} (the re-enrolled).',
    },
    measureVsv: {
        nl: 'Voortijdig schoolverlaten (vsv): het aandeel van het cohort dat een jaar later nergens in het onderwijs ingeschreven is en uiterlijk 31 december van dat jaar geen startkwalificatie heeft (een diploma havo, vwo of mbo niveau 2 tot en met 4).',
        en: 'Early school leaving (vsv): the share of the cohort that a year later is enrolled nowhere in education and has no startkwalificatie (a havo, vwo or mbo level 2-4 diploma) by 31 December of that year.',
    },
    measureStarters: {
        nl: 'Startersresultaat: het aandeel nieuwe studenten van een instelling dat een jaar later nog bij die instelling ingeschreven is, of haar met een diploma van die instelling verlaten heeft.',
        en: 'Startersresultaat: the share of new students of an institution who a year later are still enrolled there, or left it with a diploma of that institution.',
    },
    pooled: {
        nl: 'Elk getoond jaar telt {pool} cohortjaren samen: dat jaar en de {before} jaren ervoor.',
        en: 'Each year shown sums {pool} cohort years: that year and the {before} before it.',
    },
    measureJaarresultaat: {
        nl: "Jaarresultaat: per instelling en jaar (van de peildatum tot de dag voor de volgende) de gediplomeerden (mbo niveau 2 tot en met 4) als aandeel van die gediplomeerden plus iedereen die de instelling zonder zo'n diploma verliet.",
        en: 'Jaarresultaat: per institution and year (from the reference date to the day before the next) the graduates (mbo level 2-4) as a share of those graduates plus everyone who left the institution without such a diploma.',
    },
    measureDestination: {
        nl: 'Bestemming {after}: per persoon de eerste die klopt: {categories}.',
        en: 'Destination {after}: for each person the first that holds: {categories}.',
    },
    destinationCategories: {
        nl: 'dezelfde opleiding en instelling; andere opleiding, zelfde instelling; zelfde sector, andere instelling; andere sector (met de naam van die sector); niet in het onderwijs',
        en: 'same programme and institution; other programme, same institution; same sector, other institution; other sector (named); not in education',
    },
    destinationGraduated: { nl: 'gediplomeerd', en: 'graduated' },
    destinationJudged: {
        nl: 'Beoordeeld tegen het diploma: de instelling, opleiding en sector ervan.',
        en: "Judged against the diploma: its institution, programme and sector.",
    },
    after: { nl: 'na {n} jaar', en: 'after {n} {years}' },
    afterZero: { nl: 'op de peildatum zelf', en: 'on the reference date itself' },
    noSwitchVsv: {
        nl: 'Wie een jaar later ergens in het onderwijs ingeschreven is, in welke opleiding ook, is geen voortijdig schoolverlater.',
        en: 'Whoever is enrolled anywhere in education a year later, in whatever programme, is not an early school leaver.',
    },
    noSwitchStarters: {
        nl: 'Wie een jaar later bij dezelfde instelling staat, in welke opleiding ook, telt als succes; wie naar een andere instelling gaat, niet.',
        en: 'Whoever is at the same institution a year later, in whatever programme, counts as success; whoever moves to another institution does not.',
    },
    noSwitchJaarresultaat: {
        nl: 'Alleen een diploma of vertrek zonder diploma telt.',
        en: 'Only a diploma or leaving without one counts.',
    },
    noSwitchDestination: {
        nl: 'Een overstap is zelf een bestemming (andere opleiding, andere instelling of andere sector).',
        en: 'A move is a destination itself (another programme, institution or sector).',
    },

    // ---------------------------------------------------------------- dates
    datesIntro: { nl: 'Voor elk cohortjaar:', en: 'For each cohort year:' },
    datesRule: {
        nl: 'Voor cohortjaar y: geteld op de peildatum van y, gemeten op die van y + {n}.',
        en: 'For cohort year y: counted on the reference date of y, measured on that of y + {n}.',
    },
    datesCountedMeasured: {
        nl: 'geteld op {counted}, gemeten op {measured} voor cohort {year}',
        en: 'counted on {counted}, measured on {measured} for cohort {year}',
    },
    datesSameDay: { nl: 'geteld en gemeten op {counted} voor cohort {year}', en: 'counted and measured on {counted} for cohort {year}' },
    datesGraduating: {
        nl: "geteld: diploma's van {from} tot en met {to}, gemeten op {measured} voor cohort {year}",
        en: 'counted: diplomas dated {from} to {to}, measured on {measured} for cohort {year}',
    },
    datesLeaving: {
        nl: 'geteld van {from} tot en met {to} (ingeschreven op {from}, niet meer op {next}) voor cohort {year}',
        en: 'counted from {from} to {to} (enrolled on {from}, no longer on {next}) for cohort {year}',
    },
    datesPrior: { nl: 'vooropleiding behaald in schooljaar {years}', en: 'prior education obtained in school year {years}' },
    datesPriorBefore: { nl: 'vooropleiding behaald vóór schooljaar {year}', en: 'prior education obtained before school year {year}' },
    datesEnrolledBefore: { nl: 'ingeschreven op {date}', en: 'enrolled on {date}' },
    datesNew: { nl: 'nieuw: niet in {unit} op de peildata van {from} tot en met {to}', en: 'new: not in {unit} on the reference dates from {from} to {to}' },
    datesNewOne: { nl: 'nieuw: niet in {unit} op {date}', en: 'new: not in {unit} on {date}' },
    datesWalk: { nl: 'ook bekeken op {dates}', en: 'also looked at on {dates}' },
    datesRetained: { nl: 'noemer: behouden op {date}', en: 'denominator: retained on {date}' },
    datesStartkwalificatie: { nl: 'startkwalificatie uiterlijk {date}', en: 'startkwalificatie by {date}' },
    datesPool: { nl: 'het cijfer telt cohort {from} tot en met {to} samen', en: 'the figure sums cohorts {from} to {to}' },
    datesIncomplete: { nl: 'niet te berekenen met deze gegevens: {reason}', en: 'cannot be computed from these data: {reason}' },
    poolNeeds: { nl: 'de pool van {pool} jaar vraagt cohort {year}: ', en: 'the pool of {pool} years needs cohort {year}: ' },

    // ---------------------------------------------------------------- funnel
    funnelIntro: {
        nl: 'Per cohortjaar: hoeveel {unit} elke clausule overhoudt, elke stap bovenop de stappen ervoor (aantallen onder de {k} als <{k}). De onderste regel is {last}.',
        en: 'Per cohort year: how many {unit} each clause keeps, each step on top of the ones before (counts below {k} as <{k}). The bottom line is {last}.',
    },
    funnelLastCohort: { nl: 'het cohort dat `stroom run` telt', en: 'the cohort `stroom run` counts' },
    funnelLastDenominator: { nl: 'de noemer van het cijfer', en: "the figure's denominator" },
    funnelStep: { nl: 'stap', en: 'step' },
    funnelClause: { nl: 'clausule', en: 'clause' },
    funnelBaseEnrolled: { nl: 'ingeschreven op de peildatum', en: 'enrolled on the reference date' },
    funnelBaseGraduating: { nl: 'diploma in het studiejaar ervoor', en: 'diploma in the study year before' },
    funnelBaseLeaving: { nl: 'mbo-diploma of vertrek in het jaar', en: 'mbo diploma or departure in the year' },
    funnelRetained: { nl: 'behouden (noemer)', en: 'retained (denominator)' },
    // ---------------------------------------------------------------- classified by source
    classifiedInflow: {
        nl: 'Niet van toepassing: de populatie is die van de uitgever ({publisher}), zoals het bestand haar geeft; Stroom kiest niet wie er instroomde.',
        en: 'Not applicable: the population is the publisher\'s ({publisher}), as its file gives it; Stroom does not choose who entered.',
    },
    classifiedSwitch: {
        nl: 'Niet van toepassing: de uitgever heeft de uitkomst van elke persoon al ingedeeld.',
        en: 'Not applicable: the publisher already classified each person\'s outcome.',
    },
    classifiedMeasure: {
        nl: 'De uitkomst {outcome} is overgenomen uit {files}, zoals de uitgever haar indeelde, en niet door Stroom berekend: een persoon van de populatie telt als {outcome} wanneer dat bestand hem noemt. Er wordt geen datum uit de bestanden gelezen en er is geen waarnemingsvenster.',
        en: 'The outcome {outcome} was taken from {files} as the publisher classified it, not computed by Stroom: a person of the population counts as {outcome} when that file lists them. No date of either file is read, and no observation window is used.',
    },
    classifiedNoFiles: { nl: 'het uitkomstenbestand van de bron', en: 'the source\'s outcomes file' },
    classifiedCohort: {
        nl: 'De populatie is het bestand van de uitgever op zijn peildatum: elke persoon die erin staat telt één keer mee (de eerste regel geeft de kenmerken), los van zijn inschrijvingen. Uitsplitsingen lezen de kenmerken van de populatie.',
        en: 'The population is the publisher\'s file on its peildatum: every distinct person in it counts once (the first row gives the attributes), whatever their enrollments. Breakdowns read the population\'s attributes.',
    },
    classifiedPopulation: { nl: 'Cohort {year}: populatie {file} op {date}; uitkomsten uit {outcomes}', en: 'Cohort {year}: population {file} on {date}; outcomes from {outcomes}' },
    classifiedNoPopulation: { nl: 'Cohort {year}: geen populatie in de bron', en: 'Cohort {year}: no population in the source' },
    headClassified: { nl: 'Uitkomsten buiten de populatie', en: 'Outcomes outside the population' },
    classifiedOutsideIntro: {
        nl: 'Wie in het uitkomstenbestand staat maar niet in de populatie van dat jaar, wordt geteld en gemeld, nooit toegevoegd. Kleine aantallen staan er als <{k}.',
        en: 'Persons in the outcomes file who are not in that year\'s population are counted and reported, never added. Small counts read <{k}.',
    },
    classifiedOutside: { nl: 'Cohort {year}: {n} {noun} niet in de populatie ({files})', en: 'Cohort {year}: {n} {noun} not in the population ({files})' },
    classifiedOutsideOne: { nl: 'staat', en: 'is' },
    classifiedOutsideMany: { nl: 'staan', en: 'are' },
    funnelSkipped: { nl: 'De trechter is overgeslagen (--no-data).', en: 'The funnel was skipped (--no-data).' },
    funnelUnavailable: {
        nl: 'De trechter kon niet berekend worden: {reason}',
        en: 'The funnel could not be computed: {reason}',
    },
    funnelDatabase: {
        nl: 'bron {source} leest databasetabellen ({tables}); gebruik `stroom funnel --engine postgres`.',
        en: 'source {source} reads database tables ({tables}); use `stroom funnel --engine postgres`.',
    },
    funnelNoYears: { nl: 'geen enkel cohortjaar is met deze gegevens te berekenen.', en: 'no cohort year can be computed from these data.' },
    pageTitle: { nl: 'Uitleg van {file}', en: 'Explanation of {file}' },
    funnelIncomplete: { nl: 'niet te berekenen', en: 'incomplete' },
    funnelNoMembers: { nl: '(niemand in de basis)', en: '(nobody in the base)' },
} as const satisfies Record<string, Text>;

export type TextKey = keyof typeof TEXT;

/** Word lists and the phrases each value of a choice reads as. */
export const PHRASES = {
    kindNoun: {
        entering: { nl: 'instromers', en: 'entrants' },
        enrolled: { nl: 'ingeschrevenen', en: 'enrolled people' },
        graduating: { nl: 'gediplomeerden', en: 'graduates' },
        leaving: { nl: 'uitstromers', en: 'leavers' },
        deregistration: { nl: 'uitschrijvingen zonder diploma', en: 'de-registrations without a diploma' },
    } satisfies Record<CohortKind, Text>,
    kindSentence: {
        entering: {
            nl: 'Een instroomcohort: wie op de peildatum van het cohortjaar nieuw ingeschreven is, volgens de keuzes hieronder.',
            en: 'An entering cohort: people newly enrolled on the reference date of the cohort year, by the choices below.',
        },
        enrolled: {
            nl: 'Een cohort van ingeschrevenen: iedereen die op de peildatum van het cohortjaar ingeschreven is, volgens de filters hieronder.',
            en: 'A cohort of enrolled people: everyone enrolled on the reference date of the cohort year, by the filters below.',
        },
        graduating: {
            nl: 'Een cohort van gediplomeerden: wie een diploma haalde in het studiejaar vóór het cohortjaar (een diploma van de zomer van 2021 hoort bij cohort 2021).',
            en: 'A cohort of graduates: people with a diploma dated in the study year before the cohort year (a diploma of summer 2021 belongs to cohort 2021).',
        },
        leaving: {
            nl: 'Een cohort van uitstromers: per instelling wie er in het jaar een mbo-diploma (niveau 2 tot en met 4) haalde, of de instelling zonder zo\'n diploma verliet.',
            en: 'A cohort of leavers: per institution, who got an mbo diploma (level 2-4) there in the year, or left the institution without one.',
        },
        deregistration: {
            nl: 'Een cohort van uitschrijvingen zonder diploma: elke inschrijving (ook een die geen peildatum omvat) met een einddatum van de peildatum van het cohortjaar tot en met de dag vóór de volgende peildatum, bij een instelling waar de persoon geen einddiploma heeft met een datum (bij een periode: de eerste dag) tot en met 31 dagen na die einddatum. De reden van uitschrijving is die van de beëindigde inschrijving.',
            en: 'A cohort of de-registrations without a diploma: every enrollment (also one that covers no reference date) whose end date lies from the reference date of the cohort year to the day before the next, at an institution where the person has no final diploma dated (for a period: its first day) on or before 31 days after that end. The leave reason is the ended enrollment\'s.',
        },
    } satisfies Record<CohortKind, Text>,
    records: {
        enrollments: { nl: 'inschrijvingen', en: 'enrollments' },
        diplomas: { nl: "diploma's", en: 'diplomas' },
        both: { nl: "inschrijvingen en diploma's", en: 'enrollments and diplomas' },
    },
    measure: {
        dropout: { nl: 'uitval', en: 'dropout' },
        switch: { nl: 'studiewissel', en: 'switch' },
        retention: { nl: 'behoud', en: 'retention' },
        success: { nl: 'succes', en: 'success' },
        vsv: { nl: 'vsv', en: 'vsv' },
        startersresultaat: { nl: 'het startersresultaat', en: 'startersresultaat' },
        jaarresultaat: { nl: 'het jaarresultaat', en: 'jaarresultaat' },
        destination: { nl: 'de bestemming', en: 'destination' },
    } satisfies Record<MeasureName, Text>,
    entry: {
        programme: {
            nl: 'Eerstejaars in de opleiding: op de peildatum ingeschreven in een opleiding waarin de persoon op geen eerdere peildatum ingeschreven was (bij welke instelling ook).',
            en: 'First-year in the programme: enrolled on the reference date in a programme the person was not enrolled in on any earlier reference date (at any institution).',
        },
        institution: {
            nl: 'Eerstejaars bij de instelling: op de peildatum ingeschreven bij een instelling waar de persoon op geen eerdere peildatum ingeschreven was.',
            en: 'First-year at the institution: enrolled on the reference date at an institution the person was not enrolled at on any earlier reference date.',
        },
        'institution-programme': {
            nl: 'Eerstejaars in de opleiding bij de instelling: op de peildatum ingeschreven in een opleiding bij een instelling, een combinatie die voor de persoon op geen eerdere peildatum voorkwam.',
            en: 'First-year in the programme at the institution: enrolled on the reference date in a programme at an institution, a combination the person did not have on any earlier reference date.',
        },
        sector: {
            nl: 'Eerstejaars in de sector: op de peildatum ingeschreven in een sector (zoals hbo) waarin de persoon op geen eerdere peildatum ingeschreven was.',
            en: 'First-year in the sector: enrolled on the reference date in a sector (such as hbo) the person was not enrolled in on any earlier reference date.',
        },
        education: {
            nl: 'Eerstejaars in het onderwijs: op de peildatum ingeschreven en op geen eerdere peildatum ergens in het onderwijs.',
            en: 'First-year in education: enrolled on the reference date and on no earlier reference date anywhere in education.',
        },
    } satisfies Record<EntryUnit, Text>,
    unitEach: {
        programme: { nl: 'opleiding', en: 'programme' },
        institution: { nl: 'instelling', en: 'institution' },
        'institution-programme': { nl: 'opleiding bij een instelling', en: 'programme at an institution' },
        sector: { nl: 'sector', en: 'sector' },
        education: { nl: 'onderwijs', en: 'education' },
    } satisfies Record<EntryUnit, Text>,
    unitNoun: {
        programme: { nl: 'dezelfde opleiding', en: 'the same programme' },
        institution: { nl: 'dezelfde instelling', en: 'the same institution' },
        'institution-programme': { nl: 'dezelfde opleiding bij dezelfde instelling', en: 'the same programme at the same institution' },
        sector: { nl: 'dezelfde sector', en: 'the same sector' },
        education: { nl: 'het onderwijs', en: 'education' },
    } satisfies Record<EntryUnit, Text>,
    scopeIn: {
        programme: { nl: 'in dezelfde opleiding, bij welke instelling ook', en: 'in the same programme, at any institution' },
        institution: { nl: 'bij dezelfde instelling', en: 'at the same institution' },
        'institution-programme': { nl: 'in dezelfde opleiding bij dezelfde instelling', en: 'in the same programme at the same institution' },
        sector: { nl: 'in dezelfde sector', en: 'in the same sector' },
        education: { nl: 'ergens in het onderwijs', en: 'anywhere in education' },
    } satisfies Record<ScopeUnit, Text>,
    domainIn: {
        institution: { nl: 'bij dezelfde instelling', en: 'at the same institution' },
        sector: { nl: 'in dezelfde sector', en: 'in the same sector' },
        sectors: { nl: 'in {list}', en: 'in {list}' },
        education: { nl: 'ergens in het onderwijs', en: 'anywhere in education' },
    },
    switchTreatment: {
        dropout: TEXT.switchAsDropout,
        retained: TEXT.switchAsRetained,
        separate: TEXT.switchAsSeparate,
    } satisfies Record<SwitchTreatment, Text>,
    diplomaKind: {
        final: { nl: 'einddiploma', en: 'final diploma' },
        propedeuse: { nl: 'propedeuse', en: 'propedeuse' },
    } as Record<string, Text>,
    funnelUnit: {
        person: { nl: 'personen', en: 'people' },
        'person and entry unit': { nl: 'combinaties van persoon en eenheid', en: 'pairs of person and unit' },
        'person and institution': { nl: 'combinaties van persoon en instelling', en: 'pairs of person and institution' },
        'person and programme': { nl: 'combinaties van persoon en opleiding', en: 'pairs of person and programme' },
    },
    months: {
        nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
        en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    },
    year: { nl: ['jaar', 'jaar'], en: ['year', 'years'] },
} as const;
