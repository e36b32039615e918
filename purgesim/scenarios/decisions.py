"""“In their shoes”: five dated decisions of the centre, each a change to a scenario from its
date on; the last, at the war's outbreak, matters only to a run that goes on through the war
(its events move with the war date, as the war's own events do: scenario.war_dated).

The briefing at each date states only what was known on that date (no hindsight), and every
option edits only events dated on or after it, so the path before a decision is the same whatever
is chosen then or later (tested). One option at each date is what happened. The options'
magnitudes are registry parameters (`kirov_as_crime_shock_share`, `alarm_shock`,
`evidence_standard_floor`, `reduced_limit_share`) or the extremes of a choice (all the purged
officers called back; no plant moved); their dates are policy, written here. The web
app, the command line (`purgesim run --decide kirov=roundup`) and Python
(`apply_decisions(scenario, {...})`) all apply the same options.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from purgesim.errors import InputError
from purgesim.model import events as ev
from purgesim.model.params import Params
from purgesim.scenarios.scenario import Scenario

ROUNDUP_END = dt.date(1935, 6, 1)
"""End of the six-month roundup of former oppositionists (the 'strike first' option)."""
LATE_HALT = dt.date(1939, 6, 1)
"""When the operations stop if the centre presses on in January 1938 ('mid-1939')."""
EVERY_REQUEST = 1.0
"""`limit_approval_base` when every request for more limits is granted (a certainty)."""
EVERY_OFFICER = 1.0
"""The share of the purged officers at liberty reinstated when all are called back."""
NOTHING_MOVED = 0.0
"""`evacuated_share` when no plant is moved east."""
AT_ONCE = dt.timedelta(days=7)
"""A decision carried out within its week (the reinstatement's span)."""

Apply = Callable[[Scenario, dt.date, Params], Scenario]


@dataclass(frozen=True)
class Option:
    """One possible decision: its words and what it does to the scenario from the date on."""

    id: str
    text: dict[str, str]
    apply: Apply
    historical: bool = False


@dataclass(frozen=True)
class Decision:
    """A dated decision point with a briefing limited to what was known then."""

    id: str
    date: dt.date
    briefing: dict[str, str]
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option:
        """The option called `option_id` (KeyError with the choices if there is none)."""
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(f"decision '{self.id}' has no option '{option_id}' "
                       f"(choices: {', '.join(o.id for o in self.options)})")


def _as_is(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc


def _kirov_ordinary(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc.without("kirov_law", since=since).edit_events(
        "kirov_murder", since=since, size=p.kirov_as_crime_shock_share * p.kirov_shock,
        label="The murder investigated as a crime: a share of the shock "
              "(kirov_as_crime_shock_share)")


def _kirov_roundup(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc.with_events(ev.Campaign(
        date=since, end=ROUNDUP_END, taint="opposition", id="roundup_1934",
        label="Decision: a six-month roundup of former oppositionists"))


def _demand_evidence(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc.with_events(ev.SetParam(
        date=since, param="evidence_floor", value="evidence_standard_floor", id="evidence_1936",
        label="Decision: no arrest on less evidence than the standard"))


def _sound_alarm(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc.with_events(ev.ThreatShock(
        date=since, size="alarm_shock", id="alarm_1936",
        label="Decision: the centre declares that enemies are everywhere"))


def _reduce_operation(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    share = p.reduced_limit_share
    out = sc.without("torture", since=since)
    for e in out.events:
        if isinstance(e, ev.MassOperation) and e.date >= since:
            out = out.edit_events(
                e.id or e.kind, since=since,
                limits={code: (round(c1 * share), round(c2 * share))
                        for code, (c1, c2) in e.limits.items()},
                gulag_cat1=round(e.gulag_cat1 * share),
                label="Decision: the mass operation at reduced limits, no torture")
    return out


def _refuse_operation(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc.without("mass_operation", "national_operation", "limit_increase", "torture",
                      since=since)


def _halt_now(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc.without("limit_increase", "halt", "halt_shock", since=since).with_events(
        ev.Halt(date=since, id="halt", label="Decision: halt now"),
        ev.ThreatShock(date=since, size="halt_threat_shock", id="halt_shock",
                       label="Decision: the enemies declared smashed"))


def _press_on(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc.without("plenum_correction", "reinstatement", "halt", "halt_shock",
                      since=since).with_events(
        ev.SetParam(date=since, param="limit_approval_base", value=EVERY_REQUEST,
                    id="press_on", label="Decision: every request for more limits granted"),
        ev.Halt(date=LATE_HALT, id="halt", label="Decision: halt in mid-1939"),
        ev.ThreatShock(date=LATE_HALT, size="halt_threat_shock", id="halt_shock",
                       label="Decision: the enemies declared smashed, mid-1939"))


def _recall_officers(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc.with_events(ev.OfficerReinstatement(
        date=since, end=since + AT_ONCE, share=EVERY_OFFICER, id="recall_1941",
        label="Decision: every purged officer at liberty called back to the army at once"))


def _no_evacuation(sc: Scenario, since: dt.date, p: Params) -> Scenario:
    return sc.with_events(ev.SetParam(
        date=since, param="evacuated_share", value=NOTHING_MOVED, id="no_evacuation_1941",
        label="Decision: no plant moved east; industry stays where it stands"))


DECISIONS: tuple[Decision, ...] = (
    Decision("kirov", dt.date(1934, 12, 1), {
        "en": "1 December 1934. Sergei Kirov, the Leningrad party leader, has been shot in the "
              "Smolny. The purge of 1933 expelled about one member in five; the famine of "
              "1932–33 is over and industry grows fast. No one knows who stands behind the "
              "murder, or how many real enemies there are. What does the centre do?",
        "ru": "1 декабря 1934 г. В Смольном застрелен Сергей Киров, руководитель ленинградской "
              "парторганизации. Чистка 1933 г. исключила примерно каждого пятого члена партии; "
              "голод 1932–33 гг. позади, промышленность быстро растёт. Никто не знает, кто "
              "стоит за убийством и сколько на самом деле врагов. Что делает центр?"},
        (Option("law", {
            "en": "Pass the law of 1 December: ‘terrorism’ cases fast-tracked, death "
                  "sentences carried out at once (as in history).",
            "ru": "Принять закон 1 декабря: дела о «терроризме» в ускоренном порядке, "
                  "расстрельные приговоры исполняются немедленно (как в истории)."},
            _as_is, historical=True),
         Option("ordinary", {
             "en": "Treat it as a crime: the ordinary procedure, no emergency law, no public "
                   "alarm (the shock to the centre's sense of threat is a quarter as large: "
                   "an assumption, kirov_as_crime_shock_share).",
             "ru": "Расследовать как уголовное преступление: обычный порядок, без "
                   "чрезвычайного закона и без тревоги (удар по ощущению угрозы вчетверо "
                   "слабее — допущение, kirov_as_crime_shock_share)."},
             _kirov_ordinary),
         Option("roundup", {
             "en": "Strike first: the law of 1 December and a six-month roundup of former "
                   "oppositionists.",
             "ru": "Ударить первыми: закон 1 декабря и полугодовая облава на бывших "
                   "оппозиционеров."},
             _kirov_roundup))),
    Decision("yezhov", dt.date(1936, 9, 26), {
        "en": "Late September 1936. Zinoviev and Kamenev were tried in August, confessed to a "
              "terrorist centre and were shot. Yezhov has just replaced Yagoda at the NKVD, "
              "which is said to be ‘four years behind’ in unmasking enemies. Germany has "
              "reoccupied the Rhineland; civil war has begun in Spain. What do you tell the "
              "NKVD?",
        "ru": "Конец сентября 1936 г. В августе Зиновьев и Каменев осуждены, признались в "
              "создании террористического центра и расстреляны. Ежов только что сменил Ягоду "
              "во главе НКВД, который, как говорят, «опоздал на четыре года» в разоблачении "
              "врагов. Германия ввела войска в Рейнскую зону; в Испании началась гражданская "
              "война. Что вы скажете НКВД?"},
        (Option("vigilance", {
            "en": "Demand vigilance: the NKVD must catch up (as in history).",
            "ru": "Требовать бдительности: НКВД должен наверстать упущенное (как в истории)."},
            _as_is, historical=True),
         Option("evidence", {
             "en": "Demand evidence: from now on, no arrest on less than the evidence "
                   "standard (three units by default: about two denunciations, or one and a "
                   "past record), even under limits.",
             "ru": "Требовать доказательств: отныне никаких арестов при уликах ниже "
                   "стандарта (по умолчанию три единицы: примерно два доноса или донос и "
                   "прошлое), даже при лимитах."},
             _demand_evidence),
         Option("alarm", {
             "en": "Sound the alarm: declare that enemies are everywhere.",
             "ru": "Бить тревогу: объявить, что враги повсюду."},
             _sound_alarm))),
    Decision("order00447", dt.date(1937, 7, 2), {
        "en": "2 July 1937. The Politburo has asked regional leaders how many ‘anti-Soviet "
              "elements’ — former kulaks and criminals back from exile — they would shoot or "
              "send to camps. Marshal Tukhachevsky and seven commanders were shot in June as "
              "spies. The regions are sending their figures. Germany is rearming fast. Do you "
              "launch the mass operation?",
        "ru": "2 июля 1937 г. Политбюро запросило у региональных руководителей, сколько "
              "«антисоветских элементов» — бывших кулаков и уголовников, вернувшихся из "
              "ссылки, — они расстреляли бы или отправили в лагеря. В июне расстреляны маршал "
              "Тухачевский и семь командиров как шпионы. Регионы присылают цифры. Германия "
              "быстро вооружается. Начинаете ли вы массовую операцию?"},
        (Option("approve", {
            "en": "Approve the operation with the limits the regions asked for, the national "
                  "operations, and physical pressure in interrogation (as in history).",
            "ru": "Утвердить операцию с лимитами, которые просили регионы, национальные "
                  "операции и физическое воздействие на допросах (как в истории)."},
            _as_is, historical=True),
         Option("halve", {
             "en": "Approve at reduced limits (half, by default: the parameter "
                   "reduced_limit_share), and do not sanction torture.",
             "ru": "Утвердить с уменьшенными лимитами (по умолчанию половинными: параметр "
                   "reduced_limit_share) и не санкционировать пытки."},
             _reduce_operation),
         Option("refuse", {
             "en": "Refuse: no mass operation, no national operations, no torture.",
             "ru": "Отказать: ни массовой операции, ни национальных операций, ни пыток."},
             _refuse_operation))),
    Decision("plenum", dt.date(1938, 1, 19), {
        "en": "19 January 1938. The Central Committee plenum has condemned ‘errors’ in "
              "expelling Communists and the ‘heartless-bureaucratic’ handling of their "
              "appeals. In many regions the limits of the mass operation are spent, and the "
              "regions ask for more. Do you go on?",
        "ru": "19 января 1938 г. Пленум ЦК осудил «ошибки» при исключении коммунистов и "
              "«формально-бюрократическое» отношение к их апелляциям. Во многих регионах "
              "лимиты массовой операции исчерпаны, и регионы просят ещё. Продолжать ли?"},
        (Option("continue", {
            "en": "Correct the expulsions, grant the regions new limits, and stop the "
                  "operations only in November (as in history).",
            "ru": "Исправить исключения, дать регионам новые лимиты и остановить операции "
                  "лишь в ноябре (как в истории)."},
            _as_is, historical=True),
         Option("halt", {
             "en": "Stop now: halt the operations and liquidate the troikas.",
             "ru": "Остановить сейчас: прекратить операции и ликвидировать тройки."},
             _halt_now),
         Option("expand", {
             "en": "Press on: no correction, grant every request, run the operations until "
                   "mid-1939.",
             "ru": "Продолжать: без исправлений, удовлетворять все запросы, вести операции "
                   "до середины 1939 г."},
             _press_on))),
    Decision("war", dt.date(1941, 6, 22), {
        "en": "22 June 1941, or whenever the war comes. At dawn Germany and its allies have "
              "crossed the border along its whole length; airfields and depots in the western "
              "districts are burning, and the front is moving east. The third five-year plan "
              "is half done; thousands of officers purged in 1937–38 are at liberty, "
              "discharged or released, and not in the army. What do you do first?",
        "ru": "22 июня 1941 г. — или когда бы ни пришла война. На рассвете Германия и её "
              "союзники перешли границу на всём её протяжении; горят аэродромы и склады "
              "западных округов, фронт движется на восток. Третья пятилетка выполнена "
              "наполовину; тысячи командиров, вычищенных в 1937–38 гг., на свободе — уволены "
              "или освобождены — и не в армии. Что вы делаете прежде всего?"},
        (Option("evacuate", {
            "en": "Move industry east: an evacuation council dismantles the plants in the "
                  "front's path and rebuilds them beyond the Volga and the Urals (as in "
                  "history).",
            "ru": "Перебазировать промышленность на восток: Совет по эвакуации демонтирует "
                  "заводы на пути фронта и восстанавливает их за Волгой и Уралом (как в "
                  "истории)."},
            _as_is, historical=True),
         Option("recall", {
             "en": "Move industry east, and call every purged officer at liberty back to the "
                   "army at once.",
             "ru": "Перебазировать промышленность на восток и немедленно вернуть в армию "
                   "всех вычищенных командиров, находящихся на свободе."},
             _recall_officers),
         Option("stand", {
             "en": "Move nothing: every plant keeps working where it stands, and the army "
                   "must hold the front in front of it.",
             "ru": "Ничего не перемещать: каждый завод работает там, где стоит, а армия "
                   "должна удержать фронт перед ним."},
             _no_evacuation))),
)

BY_ID: dict[str, Decision] = {d.id: d for d in DECISIONS}


def unknown_choice(choices: dict[str, str]) -> str | None:
    """What is wrong with `choices` (decision id -> option id): a decision or an option that
    does not exist, named with those that do; None if every choice is known."""
    for decision_id, option_id in choices.items():
        if decision_id not in BY_ID:
            return f"no decision '{decision_id}' (decisions: {', '.join(BY_ID)})"
        try:
            BY_ID[decision_id].option(option_id)
        except KeyError as err:
            return str(err.args[0])
    return None


def apply_decisions(sc: Scenario, choices: dict[str, str]) -> Scenario:
    """The scenario with each chosen option applied, in date order (InputError naming the
    decision or option when one is unknown)."""
    why = unknown_choice(choices)
    if why is not None:
        raise InputError(why)
    p = Params.from_dict(sc.params)
    for d in DECISIONS:
        if d.id in choices:
            sc = d.option(choices[d.id]).apply(sc, d.date, p)
    return sc


def historical_choices() -> dict[str, str]:
    """The option that history took at every decision."""
    return {d.id: next(o.id for o in d.options if o.historical) for d in DECISIONS}
