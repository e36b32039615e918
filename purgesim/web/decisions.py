"""“In their shoes”: four dated decisions of the centre, each a change to the scenario from its
date on.

The briefing at each date states only what was known on that date (no hindsight), and every
option rewrites only events dated on or after it, so the path shown before a decision is the same
whatever is chosen later (a test checks this). One option at each date is what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from purgesim.data import REGIONS

Events = list[dict]
Params = dict[str, float]


@dataclass(frozen=True)
class Option:
    """One possible decision: its words and what it does to the events from the date on."""

    id: str
    text: dict[str, str]
    apply: Callable[[Events, str, Params], Events]
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


def _keep(events: Events, since: str, drop: Callable[[dict], bool]) -> Events:
    """Events, less those dated on or after `since` that `drop` selects."""
    return [e for e in events if not (str(e["date"]) >= since and drop(e))]


def _as_is(events: Events, since: str, p: Params) -> Events:
    return events


def _kirov_ordinary(events: Events, since: str, p: Params) -> Events:
    out = _keep(events, since, lambda e: e["kind"] == "kirov_law")
    for e in out:
        if e.get("id") == "kirov_murder":
            e["size"] = 0.25 * float(p["kirov_shock"])
            e["label"] = "The murder investigated as a crime: a quarter of the shock (assumption)"
    return out


def _kirov_roundup(events: Events, since: str, p: Params) -> Events:
    return [*events, {"kind": "campaign", "date": since, "end": "1935-06-01",
                      "taint": "opposition", "id": "roundup_1934",
                      "label": "Decision: a six-month roundup of former oppositionists"}]


def _demand_evidence(events: Events, since: str, p: Params) -> Events:
    return [*events, {"kind": "set_param", "date": since, "param": "evidence_floor",
                      "value": 3.0, "id": "evidence_1936",
                      "label": "Decision: no arrest on less than three units of evidence"}]


def _sound_alarm(events: Events, since: str, p: Params) -> Events:
    return [*events, {"kind": "threat_shock", "date": since, "size": 1.0, "id": "alarm_1936",
                      "label": "Decision: the centre declares that enemies are everywhere"}]


def _halve_operation(events: Events, since: str, p: Params) -> Events:
    out = _keep(events, since, lambda e: e["kind"] == "torture")
    for e in out:
        if e["kind"] == "mass_operation" and str(e["date"]) >= since:
            e["limits"] = {r.code: (r.limit_cat1 // 2, r.limit_cat2 // 2) for r in REGIONS}
            e["gulag_cat1"] = int(e.get("gulag_cat1", 10_000)) // 2
            e["label"] = "Decision: the mass operation at half the limits, no torture"
    return out


def _refuse_operation(events: Events, since: str, p: Params) -> Events:
    kinds = {"mass_operation", "national_operation", "limit_increase", "torture"}
    return _keep(events, since, lambda e: e["kind"] in kinds)


def _halt_now(events: Events, since: str, p: Params) -> Events:
    out = _keep(events, since, lambda e: e["kind"] == "limit_increase"
                or e.get("id") in ("halt", "halt_shock"))
    return [*out,
            {"kind": "halt", "date": since, "id": "halt", "label": "Decision: halt now"},
            {"kind": "threat_shock", "date": since, "size": "halt_threat_shock",
             "id": "halt_shock", "label": "Decision: the enemies declared smashed"}]


def _press_on(events: Events, since: str, p: Params) -> Events:
    later = "1939-06-01"
    out = _keep(events, since, lambda e: e["kind"] in ("plenum_correction", "reinstatement")
                or e.get("id") in ("halt", "halt_shock"))
    return [*out,
            {"kind": "set_param", "date": since, "param": "limit_approval_base", "value": 1.0,
             "id": "press_on", "label": "Decision: every request for more limits granted"},
            {"kind": "halt", "date": later, "id": "halt", "label": "Decision: halt in mid-1939"},
            {"kind": "threat_shock", "date": later, "size": "halt_threat_shock",
             "id": "halt_shock", "label": "Decision: the enemies declared smashed, mid-1939"}]


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
                   "an assumption).",
             "ru": "Расследовать как уголовное преступление: обычный порядок, без "
                   "чрезвычайного закона и без тревоги (удар по ощущению угрозы вчетверо "
                   "слабее — допущение)."},
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
             "en": "Demand evidence: from now on, no arrest on less than three units of "
                   "evidence (about two denunciations, or one and a past record), even under "
                   "limits.",
             "ru": "Требовать доказательств: отныне никаких арестов при уликах меньше трёх "
                   "единиц (примерно два доноса или донос и прошлое), даже при лимитах."},
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
             "en": "Approve at half the limits, and do not sanction torture.",
             "ru": "Утвердить с половинными лимитами и не санкционировать пытки."},
             _halve_operation),
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
)

BY_ID: dict[str, Decision] = {d.id: d for d in DECISIONS}


def apply_decisions(data: dict, choices: dict[str, str], p: Params) -> dict:
    """Scenario data with each chosen option applied, in date order.

    Raises KeyError naming the decision or option when one is unknown.
    """
    events = [dict(e) for e in data["events"]]
    for decision_id in choices:
        if decision_id not in BY_ID:
            raise KeyError(f"no decision '{decision_id}' (decisions: {', '.join(BY_ID)})")
    for d in DECISIONS:
        if d.id in choices:
            events = d.option(choices[d.id]).apply(events, d.date.isoformat(), p)
    return {**data, "events": events}


def historical_choices() -> dict[str, str]:
    """The option that history took at every decision."""
    return {d.id: next(o.id for o in d.options if o.historical) for d in DECISIONS}
