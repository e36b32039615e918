"""Every word the web app shows, in English and Russian, in one place.

Values, units and sources come from the registry and the data package; this module only names
and explains them. A test checks that every key exists in both languages.
"""

from __future__ import annotations

LANGUAGES = ("en", "ru")

UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "purgesim — the Soviet system, 1928–1941",
        "tagline": "An agent-based model of forced industrialization and the Great Terror, "
                   "for testing claims against the archival record.",
        "notice": "The people in this model are synthetic: no agent stands for a real person, "
                  "and nothing here scores or profiles anyone. If you are looking for a relative "
                  "who was repressed, search the real databases of victims:",
        "memorial": "Memorial, “Victims of political terror in the USSR”",
        "openlist": "Open List",
        "tab_explore": "Explore", "tab_shoes": "In their shoes", "tab_compare": "Compare",
        "tab_about": "About", "tab_teach": "For teachers",
        "scenario": "Scenario", "hypothesis": "Driver hypothesis",
        "hypothesis_none": "None: the calibrated baseline",
        "war": "War comes", "war_known": "22 June 1941 (as it happened)",
        "war_uncertain": "At an unknown date between 1 Sept 1939 and 22 June 1944",
        "seeds": "Runs (seeds)", "seed": "First seed", "scale": "People per agent",
        "levers": "Levers", "lever_default": "Default", "reset_lever": "Reset to default",
        "all_defaults": "All levers to defaults", "source": "Source", "assumption":
        "Assumption, prior range", "run": "Run", "step": "Step one year", "reset": "Reset",
        "calibrated": "Calibrated to the archive: posterior median {median}; each run takes its "
                      "own posterior draw (prior range {lo}–{hi})",
        "running": "Running…", "ran": "Ran {n} seeds at 1:{scale} in {s} s, to {date}.",
        "clock": "Model clock",
        "not_run": "Not run yet: press Run, or Step to go a year at a time.",
        "table": "Table", "chart": "Chart", "csv": "Download CSV", "permalink": "Copy permalink",
        "sources": "Sources", "png": "Download PNG", "settings": "Settings",
        "no_archive": "The archive holds no yearly figure for this line; it is the model's "
                      "alone.",
        "project_data": "The project's archival data", "partial_to": "to {date}",
        "previous": "Previous run", "change_previous": "Change vs previous run",
        "levers_moved": "levers moved: {n}",
        "permalink_copied": "Permalink copied to the address bar and clipboard.",
        "version_mismatch": "This link was made with purgesim {linked}; this is {current}. "
                            "The same settings may give different results.",
        "ledger": "Ledger of consequences", "ledger_note": "Median across seeds, with the "
        "5–95% range, in persons, to {date}.", "outcome": "Outcome", "median": "Median",
        "ledger_note_wars": "Median across seeds, with the 5–95% range, in persons; each run "
                            "counts to its own war date, between {first} and {last}, while the "
                            "charts stop at the earliest, so every year they show is whole for "
                            "every run.",
        "range": "5–95% range", "model": "Model (median)", "model_short": "Model",
        "band50": "50% of runs",
        "band90": "90% of runs", "archive": "Archive", "year": "Year",
        "model_note": "Model: median and bands across {n} runs at 1:{scale}, each with its "
                      "own seed and its own draw of the calibrated parameters, so the bands "
                      "show parameter and seed uncertainty together; agents are synthetic; a "
                      "year cut by the war or the clock is partial.",
        "alt_fan": "Fan chart of {title}, {y0}–{y1}. The model's median peaks at {peak} in "
                   "{peak_year}.",
        "alt_archive": " The archive records {value} in {year}.",
        "error": "Error", "busy": "The app is busy with other runs; try again shortly.",
        "shoes_intro": "It is 1934. War is coming, at a date no one knows. You cannot tell "
                       "saboteurs from loyal managers. At five dates, the last when the war "
                       "breaks out, you decide what the centre does, knowing only what was "
                       "known then. Then see what follows to the end of 1945, beside the path "
                       "history took.",
        "shoes_start": "Begin in December 1934", "shoes_war": "How uncertain is the war?",
        "shoes_so_far": "Your path so far, to {date}",
        "shoes_decide": "Decide", "shoes_result": "What followed: your path and history's",
        "shoes_again": "Play again", "shoes_restart": "Start over",
        "skip_to_run": "Skip to Run", "results": "Results",
        "class_code": "Class code (if your teacher gave one)",
        "class_sent": "Your choices were added to class {code} ({n} so far).",
        "class_title": "Class mode",
        "class_intro": "Start a session and give the students its code. Each student enters it "
                       "in “In their shoes” and plays to the end; their choices are pooled here, "
                       "in this app's memory on this machine, without names, and nothing leaves "
                       "it.",
        "class_start": "Start a class session", "class_show": "Show the class's choices",
        "class_code_is": "Class code: {code}", "class_students": "{n} students have finished.",
        "class_path": "The class's path (each decision's most chosen option) beside history's",
        "option": "Option", "students": "Students",
        "shoes_enemies": "How many real enemies of the regime were there? The record cannot "
                         "say: choose a hypothesis.",
        "enemies_few": "Very few (1 person in 1,000)", "enemies_some": "Some (1 in 200)",
        "enemies_many": "Many (1 in 50)",
        "account": "In your USSR, about {arrested} {a_dir} people were arrested than on the "
                   "historical path, and about {shot} {s_dir} were shot.",
        "more": "more", "fewer": "fewer",
        "account_ratio": "For every real enemy your NKVD caught, it arrested about {r} innocent "
                         "people (on the historical path: {rh}), by the model's latent truth.",
        "account_note": "These are the model's synthetic people; the archive's figures count "
                        "real lives.",
        "debrief": "Questions for the class",
        "debrief_1": "What did you know at each decision, and what could you not know?",
        "debrief_2": "Which of your choices changed the outcome most, and why?",
        "debrief_3": "What would it take to tell a real enemy from an innocent person, and "
                     "could the NKVD of 1937 know it?",
        "as_history": "as in history", "history_chose": "History chose",
        "you_chose_history": "You chose what history chose.",
        "bad_link_choices": "This link held decisions that do not exist or are out of order; "
                            "they were dropped, and the game resumes at the first of them.",
        "your_path": "Your path", "history": "Historical path",
        "war_came": "War came on {dates}.", "decision_n": "Decision {i} of {n}",
        "horizon": "Run until", "horizon_war": "The war date",
        "horizon_1945": "The end of 1945 (through the war)",
        "horizon_1953": "5 March 1953 (the war and after)",
        "war_outcome": "The war over {n} seeds: won in {won}, collapsed in {collapsed}, still "
                       "going in {ongoing}; chance of collapse {p}% (90%: {lo}–{hi}%); ended, "
                       "median, in {end}; deepest front {depth} km east of the 1941 border "
                       "({dlo}–{dhi}); {dead} million military dead (median).",
        "compare_intro": "Put two runs side by side: choose a scenario and a driver hypothesis "
                         "for each.", "run_a": "Run A", "run_b": "Run B", "compare": "Compare",
        "about_1": "purgesim is an agent-based model of the Soviet system from 1928 to June 1941: "
                   "plan quotas and the economy, collectivization, denunciations, arrest limits, "
                   "forced confessions and the mass operations. It measures; it does not argue: "
                   "every chart shows the spread across runs beside the archival record, and "
                   "every lever names its source or says it is an assumption with a range.",
        "about_2": "Read a fan chart as follows: the line is the median of the runs, the dark "
                   "band holds half of them and the light band nine in ten; diamonds are the "
                   "archival figures. A run is determined by scenario, levers, seed and version; "
                   "a permalink records all four.",
        "about_3": "The web app runs at most {max_seeds} seeds at no finer than 1:{min_scale} so "
                   "that one visitor cannot exhaust the machine; the command line runs the "
                   "model at any scale. The documentation (docs/ in the source) describes every "
                   "mechanism, parameter and calibration result.",
        "language": "Язык: русский", "lang_code": "en-GB",
    },
    "ru": {
        "title": "purgesim — советская система, 1928–1941",
        "tagline": "Агентная модель форсированной индустриализации и Большого террора "
                   "для проверки утверждений по архивным данным.",
        "notice": "Люди в этой модели синтетические: ни один агент не соответствует реальному "
                  "человеку, и модель никого не оценивает и не профилирует. Если вы ищете "
                  "репрессированного родственника, обратитесь к настоящим базам данных жертв:",
        "memorial": "Мемориал, «Жертвы политического террора в СССР»",
        "openlist": "Открытый список",
        "tab_explore": "Исследовать", "tab_shoes": "На их месте", "tab_compare": "Сравнить",
        "tab_about": "О модели", "tab_teach": "Учителю",
        "scenario": "Сценарий", "hypothesis": "Движущая гипотеза",
        "hypothesis_none": "Нет: откалиброванная базовая модель",
        "war": "Война начинается", "war_known": "22 июня 1941 (как было)",
        "war_uncertain": "В неизвестный день между 1 сентября 1939 и 22 июня 1944",
        "seeds": "Прогоны (зёрна)", "seed": "Первое зерно", "scale": "Человек на агента",
        "levers": "Рычаги", "lever_default": "По умолчанию",
        "reset_lever": "Вернуть значение по умолчанию",
        "all_defaults": "Все рычаги по умолчанию", "source": "Источник",
        "assumption": "Допущение, априорный диапазон", "run": "Запустить",
        "calibrated": "Откалибровано по архиву: медиана апостериорного распределения {median}; "
                      "каждый прогон берёт свою выборку (априорный диапазон {lo}–{hi})",
        "step": "Шаг: один год", "reset": "Сбросить", "running": "Идёт расчёт…",
        "ran": "{n} прогонов в масштабе 1:{scale} за {s} с, до {date}",
        "clock": "Часы модели",
        "not_run": "Ещё не запускалось: нажмите «Запустить» или «Шаг», чтобы идти по году.",
        "table": "Таблица", "chart": "График", "csv": "Скачать CSV",
        "sources": "Источники", "png": "Скачать PNG", "settings": "Настройки",
        "no_archive": "В архиве нет годовых данных для этой линии; она только модельная.",
        "project_data": "Архивные данные проекта", "partial_to": "по {date}",
        "previous": "Прошлый прогон", "change_previous": "Изменение к прошлому прогону",
        "levers_moved": "рычагов изменено: {n}",
        "permalink": "Скопировать ссылку",
        "permalink_copied": "Ссылка в адресной строке и в буфере обмена.",
        "version_mismatch": "Ссылка создана в purgesim {linked}; это версия {current}. "
                            "Те же настройки могут дать другие результаты.",
        "ledger": "Баланс последствий", "ledger_note": "Медиана по прогонам и диапазон "
        "5–95%, в людях, до {date}.", "outcome": "Итог", "median": "Медиана",
        "ledger_note_wars": "Медиана по прогонам и диапазон 5–95%, в людях; каждый прогон "
                            "считается до своей даты войны, между {first} и {last}, а графики "
                            "обрываются на самой ранней, так что каждый показанный год полон "
                            "для всех прогонов.",
        "range": "Диапазон 5–95%", "model": "Модель (медиана)", "model_short": "Модель",
        "band50": "50% прогонов",
        "band90": "90% прогонов", "archive": "Архив", "year": "Год",
        "model_note": "Модель: медиана и интервалы по {n} прогонам в масштабе 1:{scale}; у "
                      "каждого прогона своё зерно и своя выборка откалиброванных параметров, "
                      "так что интервалы отражают неопределённость и параметров, и случая; "
                      "агенты синтетические; год, прерванный войной или часами, неполный.",
        "alt_fan": "Веерный график: {title}, {y0}–{y1}. Медиана модели достигает максимума "
                   "{peak} в {peak_year} г.",
        "alt_archive": " По архиву — {value} в {year} г.",
        "error": "Ошибка", "busy": "Приложение занято другими расчётами; повторите чуть позже.",
        "shoes_intro": "Идёт 1934 год. Война приближается, но никто не знает когда. Вы не "
                       "можете отличить вредителей от честных руководителей. В пяти точках, "
                       "последняя — начало войны, вы решаете, что делает центр, зная только "
                       "то, что было известно тогда. Затем вы увидите последствия до конца "
                       "1945 года рядом с историческим путём.",
        "shoes_start": "Начать в декабре 1934", "shoes_war": "Насколько неопределённа война?",
        "shoes_so_far": "Ваш путь до {date}", "shoes_decide": "Решить",
        "shoes_result": "Что последовало: ваш путь и исторический",
        "shoes_again": "Сыграть снова", "shoes_restart": "Начать заново",
        "skip_to_run": "Перейти к запуску", "results": "Результаты",
        "class_code": "Код класса (если учитель его дал)",
        "class_sent": "Ваши решения добавлены к классу {code} (всего {n}).",
        "class_title": "Режим класса",
        "class_intro": "Начните сессию и сообщите ученикам её код. Каждый вводит его в разделе "
                       "«На их месте» и играет до конца; их выборы собираются здесь, в памяти "
                       "приложения на этом компьютере, без имён, и никуда не передаются.",
        "class_start": "Начать сессию класса", "class_show": "Показать выборы класса",
        "class_code_is": "Код класса: {code}", "class_students": "Закончили игру: {n}.",
        "class_path": "Путь класса (в каждом решении — самый частый выбор) рядом с историческим",
        "option": "Вариант", "students": "Учеников",
        "shoes_enemies": "Сколько было настоящих врагов режима? Архив этого не говорит: "
                         "выберите гипотезу.",
        "enemies_few": "Очень мало (1 человек из 1000)", "enemies_some": "Некоторое число "
        "(1 из 200)", "enemies_many": "Много (1 из 50)",
        "account": "В вашем СССР арестовано примерно на {arrested} человек {a_dir}, чем на "
                   "историческом пути, а расстреляно — примерно на {shot} {s_dir}.",
        "more": "больше", "fewer": "меньше",
        "account_ratio": "На каждого настоящего врага, пойманного вашим НКВД, арестовано "
                         "примерно {r} невиновных (на историческом пути: {rh}) — по скрытой "
                         "истине модели.",
        "account_note": "Это синтетические люди модели; архивные цифры — это жизни реальных "
                        "людей.",
        "debrief": "Вопросы для класса",
        "debrief_1": "Что вы знали в момент каждого решения и чего не могли знать?",
        "debrief_2": "Какой из ваших выборов сильнее всего изменил итог и почему?",
        "debrief_3": "Что нужно, чтобы отличить настоящего врага от невиновного, и мог ли НКВД "
                     "1937 года это знать?",
        "as_history": "как в истории", "history_chose": "В истории выбрали",
        "you_chose_history": "Вы выбрали то же, что и история.",
        "bad_link_choices": "В ссылке были несуществующие или неупорядоченные решения; они "
                            "отброшены, и игра продолжается с первого из них.",
        "your_path": "Ваш путь", "history": "Исторический путь",
        "war_came": "Война началась: {dates}.", "decision_n": "Решение {i} из {n}",
        "horizon": "Считать до", "horizon_war": "Начала войны",
        "horizon_1945": "Конца 1945 года (через войну)",
        "horizon_1953": "5 марта 1953 года (война и после)",
        "war_outcome": "Война по {n} прогонам: выиграна в {won}, фронт рухнул в {collapsed}, "
                       "ещё идёт в {ongoing}; вероятность краха {p}% (90%: {lo}–{hi}%); "
                       "окончилась, медиана, в {end}; наибольшая глубина фронта {depth} км к "
                       "востоку от границы 1941 года ({dlo}–{dhi}); {dead} млн погибших "
                       "военнослужащих (медиана).",
        "compare_intro": "Сравните два прогона: выберите сценарий и движущую гипотезу "
                         "для каждого.", "run_a": "Прогон А", "run_b": "Прогон Б",
        "compare": "Сравнить",
        "about_1": "purgesim — агентная модель советской системы с 1928 по июнь 1941 г.: "
                   "плановые задания и экономика, коллективизация, доносы, лимиты на аресты, "
                   "вынужденные признания и массовые операции. Модель измеряет, а не "
                   "доказывает: каждый график показывает разброс прогонов рядом с архивными "
                   "данными, и у каждого рычага указан источник или помечено, что это допущение "
                   "с диапазоном.",
        "about_2": "Как читать веерный график: линия — медиана прогонов, тёмная полоса содержит "
                   "половину прогонов, светлая — девять из десяти; ромбы — архивные данные. "
                   "Прогон определяется сценарием, рычагами, зерном и версией; постоянная "
                   "ссылка хранит все четыре.",
        "about_3": "Веб-приложение запускает не более {max_seeds} прогонов в масштабе не мельче "
                   "1:{min_scale}, чтобы один посетитель не исчерпал ресурсы машины; командная "
                   "строка запускает модель в любом масштабе. Документация (docs/ в исходном "
                   "коде) описывает каждый механизм, параметр и результат калибровки.",
        "language": "Language: English", "lang_code": "ru-RU",
    },
}

LEVERS: dict[str, dict[str, tuple[str, str]]] = {
    # name: {lang: (label, explanation)}
    "enemy_share": {
        "en": ("Real enemies in the population",
               "Share of people who really work against the regime: the truth the state "
               "cannot see. The most contested number in the debate."),
        "ru": ("Доля настоящих врагов",
               "Доля людей, действительно действующих против режима: истина, которую "
               "государство не видит. Самая спорная величина в дискуссии.")},
    "denunciation_rate": {
        "en": ("Denunciations per person per year",
               "How often an ordinary person denounces someone, before fear raises it."),
        "ru": ("Доносов на человека в год",
               "Как часто обычный человек доносит на кого-либо, пока страх не повышает эту "
               "частоту.")},
    "grievance_share": {
        "en": ("Denunciations from grudges",
               "Share of denunciations driven by grudges or careerism, blind to who is an "
               "enemy."),
        "ru": ("Доносы из личных мотивов",
               "Доля доносов из мести или карьеризма, не зависящих от того, кто враг на "
               "самом деле.")},
    "fear_elasticity": {
        "en": ("Fear feeds denunciation",
               "How much the denunciation rate rises with recent arrests nearby (denouncing "
               "to protect oneself)."),
        "ru": ("Страх порождает доносы",
               "Насколько частота доносов растёт с числом недавних арестов рядом (донос как "
               "самозащита).")},
    "evidence_bar": {
        "en": ("Evidence for an ordinary arrest",
               "Units of evidence (one denunciation = 1) needed for an arrest outside the "
               "operations; the bar falls as the centre's sense of threat rises."),
        "ru": ("Улики для обычного ареста",
               "Единицы улик (один донос = 1), нужные для ареста вне операций; планка "
               "снижается с ростом ощущаемой угрозы.")},
    "evidence_floor": {
        "en": ("Evidence floor, even under limits",
               "Minimum evidence for any arrest, even to fill a limit. Historically none."),
        "ru": ("Минимум улик даже при лимитах",
               "Минимальные улики для любого ареста, даже ради выполнения лимита. "
               "Исторически — ноль.")},
    "torture_confess_innocent": {
        "en": ("Innocent people who confess under torture",
               "Probability that an innocent person confesses under physical pressure."),
        "ru": ("Признания невиновных под пытками",
               "Вероятность того, что невиновный признается под физическим давлением.")},
    "names_per_confession": {
        "en": ("Accomplices named per confession",
               "Mean names given in a confession without torture; each one named becomes a "
               "suspect."),
        "ru": ("«Сообщников» в одном признании",
               "Среднее число имён в признании без пыток; каждый названный становится "
               "подозреваемым.")},
    "quota_zeal": {
        "en": ("Regions' zeal to fill limits",
               "How much faster than planned regions fill their limits, then ask for more."),
        "ru": ("Рвение регионов в выполнении лимитов",
               "Насколько быстрее плана регионы выполняют лимиты, а затем просят новые.")},
    "limit_request_size": {
        "en": ("Size of requests for higher limits",
               "A region's request for more, as a share of its first limit."),
        "ru": ("Размер запросов на увеличение лимитов",
               "Запрос региона на увеличение в долях первоначального лимита.")},
    "limit_approval_base": {
        "en": ("Centre grants requests",
               "Probability the centre grants a region's request at ordinary threat; it "
               "grows with the threat the centre perceives."),
        "ru": ("Центр удовлетворяет запросы",
               "Вероятность того, что центр удовлетворит запрос региона при обычной угрозе; "
               "растёт с ощущаемой угрозой.")},
    "threat_per_plot": {
        "en": ("Threat added per ‘discovered plot’",
               "How much each confession naming accomplices raises the centre's sense of "
               "threat: the loop from forced confessions to more terror."),
        "ru": ("Рост угрозы на «раскрытый заговор»",
               "Насколько каждое признание с именами сообщников повышает ощущение угрозы в "
               "центре: петля от вынужденных признаний к новому террору.")},
    "w_taint": {
        "en": ("A tainted record counts as evidence",
               "Evidence from a past on file (former kulak, former person, oppositionist, "
               "foreign ties, criminal record, expelled): 'mopping up' the suspect."),
        "ru": ("Запятнанное прошлое как улика",
               "Улики от прошлого в деле (бывший кулак, «бывший человек», оппозиционер, "
               "связи за границей, судимость, исключение): «зачистка» подозрительных.")},
    "blame_sabotage": {
        "en": ("Accidents blamed on sabotage",
               "Probability that an industrial accident is investigated as sabotage, putting "
               "its manager or engineer under suspicion."),
        "ru": ("Аварии как «вредительство»",
               "Вероятность того, что авария расследуется как вредительство и руководитель "
               "или инженер попадает под подозрение.")},
    "cadre_learning_weeks": {
        "en": ("Time to replace a lost manager",
               "Weeks a promoted newcomer needs to learn the job of an arrested manager or "
               "engineer: how long the terror's cost to production lasts."),
        "ru": ("Время замены арестованного руководителя",
               "Недель, за которые выдвиженец осваивает работу арестованного руководителя "
               "или инженера: как долго длится ущерб производству.")},
    "kirov_shock": {
        "en": ("Shock of Kirov's murder",
               "Jump in the centre's threat perception on 1 December 1934."),
        "ru": ("Потрясение от убийства Кирова",
               "Скачок ощущаемой центром угрозы 1 декабря 1934 г.")},
}

UNITS_RU: dict[str, str] = {
    "share": "доля", "probability": "вероятность", "evidence units": "единиц улик",
    "x": "×", "per free agent per year": "на человека в год", "persons": "человек",
    "index": "индекс", "per arrest-share": "на долю арестованных",
    "share of initial limit": "доля первого лимита",
    "probability at reference threat": "вероятность при обычной угрозе",
    "index per plot per 100k": "индекс на заговор на 100 тыс.",
    "evidence": "единиц улик", "weeks": "недель", "Mt per year": "млн т в год",
}

SCENARIOS: dict[str, dict[str, tuple[str, str]]] = {
    "historical": {
        "en": ("Historical path", "The documented decisions, 1928 to 22 June 1941."),
        "ru": ("Исторический путь", "Задокументированные решения, 1928 — 22 июня 1941.")},
    "no_terror": {
        "en": ("No Great Terror", "The plans and collectivization stay; the 1937–38 "
               "operations, torture, the Kirov law and the army purge do not happen."),
        "ru": ("Без Большого террора", "Планы и коллективизация остаются; операций 1937–38, "
               "пыток, закона 1 декабря и чистки армии нет.")},
    "no_quotas": {
        "en": ("No arrest quotas", "Order 00447's limits and their increases are removed."),
        "ru": ("Без лимитов на аресты", "Лимиты приказа 00447 и их увеличения отменены.")},
    "no_torture": {
        "en": ("No torture", "The 1937 sanction of physical pressure is removed."),
        "ru": ("Без пыток", "Санкция 1937 г. на физическое воздействие отменена.")},
    "no_kirov": {
        "en": ("Kirov not murdered", "No shock on 1 December 1934 and no law of that day."),
        "ru": ("Киров не убит", "Нет потрясения 1 декабря 1934 г. и закона того же дня.")},
    "early_halt": {
        "en": ("Early halt", "The operations stop in January 1938 instead of November."),
        "ru": ("Ранняя остановка", "Операции прекращены в январе 1938, а не в ноябре.")},
    "evidence_standard": {
        "en": ("Evidence standard", "No arrest with less than about two denunciations' "
               "worth of evidence, even under limits."),
        "ru": ("Стандарт доказательств", "Никаких арестов при уликах меньше примерно двух "
               "доносов, даже при лимитах.")},
    "no_mopping_up": {
        "en": ("No mopping-up of the tainted", "A past record counts for nothing; no mass "
               "operation against the files."),
        "ru": ("Без «зачистки» учётных", "Прошлое не считается уликой; массовой операции по "
               "учётам нет.")},
    "accidents_as_accidents": {
        "en": ("Accidents as accidents", "No industrial accident is investigated as "
               "sabotage."),
        "ru": ("Аварии как аварии", "Ни одна авария не расследуется как вредительство.")},
    "gradual_path": {
        "en": ("Gradual (Bukharin) path", "No forced collectivization or dekulakization; a "
               "balanced first plan."),
        "ru": ("Постепенный (бухаринский) путь", "Без насильственной коллективизации и "
               "раскулачивания; сбалансированный первый план.")},
    "no_army_purge": {
        "en": ("No army purge", "The historical path without the purge of the officer corps "
               "in 1937-38."),
        "ru": ("Без чистки армии", "Исторический путь без чистки командного состава в "
               "1937–1938 годах.")},
    "early_war": {
        "en": ("War a year early", "The historical path; war on 22 June 1940 instead of "
               "1941."),
        "ru": ("Война на год раньше", "Исторический путь; война 22 июня 1940, а не 1941 "
               "года.")},
    "late_war": {
        "en": ("War a year late", "The historical path; war on 22 June 1942 instead of "
               "1941."),
        "ru": ("Война на год позже", "Исторический путь; война 22 июня 1942, а не 1941 "
               "года.")},
    "no_leningrad_affair": {
        "en": ("No Leningrad Affair", "The historical path without the 1949–50 case against "
               "Leningrad's leadership (differs only in runs to 1953)."),
        "ru": ("Без «Ленинградского дела»", "Исторический путь без дела 1949–1950 годов "
               "против ленинградского руководства (отличается только в прогонах до 1953).")},
    "war_uncertain": {
        "en": ("War at an unknown date", "The historical path; war drawn per seed between "
               "September 1939 and June 1944."),
        "ru": ("Война в неизвестный день", "Исторический путь; дата войны для каждого "
               "прогона — между сентябрём 1939 и июнем 1944.")},
}

HYPOTHESES: dict[str, dict[str, str]] = {
    "real_enemies": {"en": "A panicked response to real enemies that got out of hand",
                     "ru": "Паническая реакция на реальных врагов, вышедшая из-под контроля"},
    "quota_machine": {"en": "A runaway machine of quotas and mutual denunciation",
                      "ru": "Неуправляемая машина лимитов и взаимных доносов"},
    "bureaucracy": {"en": "A purge of the bureaucracy from above and from below",
                    "ru": "Чистка бюрократии сверху и снизу"},
    "consolidation": {"en": "Consolidation of power against potential rivals",
                      "ru": "Укрепление власти против потенциальных соперников"},
}



def pick(table: dict[str, dict], lang: str) -> dict:
    """One language's column of a {key: {lang: value}} table."""
    return {key: entry[lang] for key, entry in table.items()}

TEACHER: dict[str, dict] = {
    "en": {
        "title": "For teachers",
        "content_note": "Content note: this app is about mass arrests, executions, camps and "
                        "famine. Its agents are synthetic, but the archival figures beside them "
                        "count real people.",
        "sections": [
            ("What it is", [
                "A simulation of the Soviet system from 1928 to June 1941, not a reconstruction: "
                "each run is one possible history under assumptions that are listed and "
                "sourced, drawn beside the archival record.",
                "It measures; it does not argue. The debate texts' competing explanations are "
                "hypotheses you can switch on and test against the same record.",
            ]),
            ("How it works", [
                "Plan quotas drive the economy; arrest limits, denunciations and confessions "
                "drive repression; a war comes at a date nobody in the model knows.",
                "Every chart shows the median of many runs and bands holding half and nine in "
                "ten of them; diamonds are the archive's figures with their source.",
                "Parameters that cannot be sourced were calibrated against the archive; each "
                "run takes its own draw of them, so bands show what is uncertain about the "
                "model as well as chance.",
            ]),
            ("Things to notice", [
                "When the arrests and executions peak, and how fast they stop after November "
                "1938.",
                "How many of those sentenced were innocent by the model's own latent truth, "
                "and how that share changes with the assumed number of real enemies.",
                "How the famine years 1932–1933 and the camps grow beside the plan's steel.",
            ]),
            ("Things to try", [
                "Explore: move one lever (for instance the evidence floor) and run again; read "
                "the ledger's difference.",
                "In their shoes: take the centre's five decisions without knowing when war "
                "comes; then compare your path, and how its war ended, with history's.",
                "Compare: the historical path against a counterfactual (no quotas, no torture), "
                "or one explanation against another.",
                "Ask the class: which figures did the archive pin down, and which depend on "
                "assumptions?",
            ]),
        ],
        "glossary_title": "Glossary",
        "glossary": [
            ("NKVD", "The People's Commissariat of Internal Affairs: the political police "
                     "(OGPU until 1934), which arrested, investigated and ran the camps."),
            ("Troika", "A three-person board (NKVD chief, procurator, party secretary) that "
                       "sentenced without trial in the mass operations of 1937–1938."),
            ("Limit", "The number of people a region was allowed to arrest under an order, in "
                      "two categories: shooting or camp. Regions asked for more."),
            ("Order 00447", "The NKVD order of 30 July 1937 launching the mass operation "
                            "against 'former kulaks, criminals and other anti-Soviet "
                            "elements', with limits by region."),
            ("ITL", "Corrective labour camps, the core of the Gulag."),
            ("Kulak", "A peasant labelled well-off; from 1930 'dekulakized' families were "
                      "deported to special settlements."),
            ("Seed", "The number that fixes a run's chance events; the same seed, scenario "
                     "and version always give the same run."),
            ("Band", "The spread of many runs: the darker band holds half of them, the "
                     "lighter nine in ten."),
        ],
    },
    "ru": {
        "title": "Учителю",
        "content_note": "Предупреждение: речь идёт о массовых арестах, расстрелах, лагерях и "
                        "голоде. Агенты модели синтетические, но архивные цифры рядом с ними — "
                        "это судьбы реальных людей.",
        "sections": [
            ("Что это", [
                "Имитационная модель советской системы с 1928 по июнь 1941 г., а не "
                "реконструкция: каждый прогон — одна из возможных историй при перечисленных и "
                "обоснованных допущениях, показанная рядом с архивными данными.",
                "Модель измеряет, а не доказывает. Объяснения из спорящих текстов — это "
                "гипотезы, которые можно включить и проверить по тем же данным.",
            ]),
            ("Как это устроено", [
                "Плановые задания движут экономикой; лимиты на аресты, доносы и признания — "
                "репрессиями; война начинается в день, неизвестный никому в модели.",
                "Каждый график показывает медиану многих прогонов и полосы, в которых половина "
                "и девять десятых из них; ромбы — архивные цифры с источником.",
                "Параметры, которые нельзя взять из источников, откалиброваны по архиву; каждый "
                "прогон берёт свою выборку, поэтому полосы показывают и неопределённость "
                "модели, и случай.",
            ]),
            ("На что обратить внимание", [
                "Когда аресты и расстрелы достигают пика и как быстро они прекращаются после "
                "ноября 1938 г.",
                "Сколько осуждённых были невиновны по скрытой истине модели и как эта доля "
                "зависит от предполагаемого числа настоящих врагов.",
                "Как голод 1932–1933 гг. и рост лагерей соотносятся с плановой сталью.",
            ]),
            ("Что попробовать", [
                "Исследование: сдвиньте один рычаг (например, порог доказательств) и запустите "
                "снова; посмотрите разницу в балансе.",
                "На их месте: примите пять решений центра, не зная, когда начнётся война; "
                "затем сравните свой путь и исход его войны с историческим.",
                "Сравнение: исторический путь против контрфактического (без лимитов, без "
                "пыток) или одно объяснение против другого.",
                "Спросите класс: какие цифры надёжно установлены архивом, а какие зависят от "
                "допущений?",
            ]),
        ],
        "glossary_title": "Словарь",
        "glossary": [
            ("НКВД", "Народный комиссариат внутренних дел: политическая полиция (до 1934 г. "
                     "ОГПУ), которая арестовывала, вела следствие и управляла лагерями."),
            ("Тройка", "Внесудебный орган из трёх человек (начальник НКВД, прокурор, "
                       "партийный секретарь), выносивший приговоры в массовых операциях "
                       "1937–1938 гг."),
            ("Лимит", "Число людей, которых область могла арестовать по приказу, в двух "
                      "категориях: расстрел или лагерь. Области просили увеличить лимиты."),
            ("Приказ № 00447", "Приказ НКВД от 30 июля 1937 г. о массовой операции против "
                               "«бывших кулаков, уголовников и других антисоветских "
                               "элементов» с лимитами по областям."),
            ("ИТЛ", "Исправительно-трудовые лагеря, основа ГУЛАГа."),
            ("Кулак", "Крестьянин, названный зажиточным; с 1930 г. «раскулаченные» семьи "
                      "высылали в спецпоселения."),
            ("Зерно (seed)", "Число, задающее случайные события прогона; одно и то же зерно, "
                             "сценарий и версия всегда дают один и тот же прогон."),
            ("Полоса", "Разброс многих прогонов: тёмная полоса содержит половину из них, "
                       "светлая — девять из десяти."),
        ],
    },
}
"""The teacher's page: what the app is, how it works, things to notice and to try, and a
glossary, in both languages."""
