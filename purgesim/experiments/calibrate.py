"""Calibration to the archival record with ABC-SMC (pyabc), and posterior-predictive checks.

Why pyabc: it is the maintained, documented ABC-SMC implementation in Python, with adaptive
distances, model selection across variants (used by `hypotheses`), a database history that lets
an interrupted calibration resume from its last finished generation, and samplers for local
processes and for Dask distributed.

Summary statistics (all on a log scale, so a year of 10,000 and one of 800,000 weigh alike):
sentences and executions per year 1930-1940 (Pavlov), ITL camp population on 1 January
1930-1934 (the verified part of Zemskov's series), special settlers on 31 December 1932-1940
(Zemskov), the party's size at the end of 1932, and steel output 1928-1940 (Correlates of War).
The distance is pyabc's adaptive p-norm (p = 2) with the robust 'pcmad' scale (see `distance`).
Only figures marked 'fit' in data/archival/series.csv are used; the 'held_back' ones test the fit.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from purgesim.data import observations
from purgesim.model.calendar import week_of
from purgesim.model.engine import Simulation
from purgesim.model.params import REGISTRY, names
from purgesim.model.results import RANGE, RunResult, week_years
from purgesim.model.state import OP_NATIONAL
from purgesim.scenarios.scenario import Scenario, load_scenario

CALIBRATED: tuple[str, ...] = names(fit=True)
"""The parameters calibration fits (declared `fit=True` in the registry); all others stay at
their registry values."""

FIT_YEARS = range(1930, 1941)


def targets() -> dict[str, np.ndarray]:
    """The observed summary statistics, from the archival figures with role 'fit'."""
    fit = [o for o in observations() if o.role == "fit"]

    def pick(name: str) -> np.ndarray:
        rows = sorted((o.period, o.value) for o in fit if o.series == name)
        return np.log1p(np.array([v for _, v in rows], dtype=float))

    return {"sentenced": pick("sentenced"), "executed": pick("executed"),
            "camps": pick("camp_itl_1jan"), "settlers": pick("special_settlers_31dec"),
            "party": pick("party_total"), "steel": pick("steel_ussr_kt")}


def _fit_periods() -> dict[str, list[str]]:
    fit = [o for o in observations() if o.role == "fit"]
    return {name: sorted(o.period for o in fit if o.series == name)
            for name in ("camp_itl_1jan", "special_settlers_31dec", "party_total",
                         "steel_ussr_kt")}


def summaries(result: RunResult) -> dict[str, np.ndarray]:
    """The simulated counterparts of `targets()`, in the same order."""
    years = week_years(result.n_weeks)
    ann = result.annual(("steel_mt",))
    periods = _fit_periods()
    camp = result.series("camp_population")
    settlers = result.series("settlers")
    party = result.series("party_members")

    def at(series: np.ndarray, date: str) -> float:
        w = min(week_of(dt.date.fromisoformat(date)), series.size - 1)
        return float(series[w])

    sent = result.series("sentenced")
    execs = result.series("shot")
    return {
        "sentenced": np.log1p([sent[years == y].sum() for y in FIT_YEARS]),
        "executed": np.log1p([execs[years == y].sum() for y in FIT_YEARS]),
        "camps": np.log1p([at(camp, f"{p}-01-01") for p in periods["camp_itl_1jan"]]),
        "settlers": np.log1p([at(settlers, f"{p}-12-31")
                              for p in periods["special_settlers_31dec"]]),
        "party": np.log1p([at(party, p) for p in periods["party_total"]]),
        "steel": np.log1p([ann["steel_mt"][int(p)] * 1000 for p in periods["steel_ussr_kt"]]),
    }


def band_fit(runs: list[dict[str, np.ndarray]]) -> tuple[int, int, float]:
    """How many fitted figures lie inside the runs' 5–95% band, of how many, and the bands'
    median width relative to the archive (runs as `summaries` gives them)."""
    inside, widths = 0, []
    for block, values in targets().items():
        sims = np.expm1(np.array([r[block] for r in runs]))
        lo, _, hi = np.quantile(sims, RANGE, axis=0)
        obs = np.expm1(values)
        inside += int(np.sum((lo <= obs) & (obs <= hi)))
        widths += ((hi - lo) / obs).tolist()
    return inside, len(widths), float(np.median(widths))


@dataclass
class Simulator:
    """A picklable model function for pyabc: parameters in, summary statistics out."""

    scenario: dict
    fixed: dict = field(default_factory=dict)
    master: int = 0
    """Seed from which every run's seed is derived (recorded with the calibration)."""

    def run(self, params: dict, seed: int) -> RunResult:
        """One run of the scenario with `params` (and the variant's fixed values)."""
        from purgesim.scenarios.scenario import validate_scenario

        drawn = {k: float(REGISTRY[k].snap(v)) for k, v in params.items()}
        sc = validate_scenario(self.scenario, "calibration").with_overrides(
            params={**self.fixed, **drawn})
        return Simulation(sc.to_config(seed), seed).run()

    def seed_for(self, params: dict) -> int:
        """The run's seed: derived from the master seed and the parameter values through
        SeedSequence, so the same proposal always runs on the same seed, whichever worker
        process draws it (no global random state)."""
        words = np.array([float(params[k]) for k in sorted(params)], dtype=np.float64)
        entropy = [self.master, *words.view(np.uint64).tolist()]
        return int(np.random.SeedSequence(entropy).generate_state(1, dtype=np.uint64)[0] >> 1)

    def __call__(self, params) -> dict[str, np.ndarray]:
        params = dict(params)
        return summaries(self.run(params, self.seed_for(params)))


def prior(names: tuple[str, ...] = CALIBRATED):
    """Uniform priors over each parameter's registry prior range."""
    import pyabc

    rvs = {}
    for name in names:
        lo, hi = REGISTRY[name].prior.low, REGISTRY[name].prior.high
        rvs[name] = pyabc.RV("uniform", lo, hi - lo)
    return pyabc.Distribution(**rvs)


def distance():
    """Adaptive p-norm (p = 2) with the 'pcmad' scale: each statistic's median absolute
    deviation among simulations plus its median deviation from the observation. The second
    term keeps statistics the model cannot reproduce, or that vary little from seed to seed
    (steel), from dominating the distance (Schälte et al. 2021, robust adaptive distances)."""
    import pyabc

    return pyabc.AdaptivePNormDistance(p=2, scale_function=pyabc.distance.pcmad)


def sampler(workers: int | None = None, scheduler: str | None = None, dask: bool = False):
    """A pyabc sampler: one process, local processes, or Dask distributed."""
    import pyabc

    workers = workers or os.cpu_count() or 1
    if dask or scheduler:
        from distributed import Client, LocalCluster

        client = Client(scheduler) if scheduler else Client(LocalCluster(
            n_workers=workers, threads_per_worker=1, dashboard_address=None))
        return pyabc.sampler.DaskDistributedSampler(client, batch_size=1)
    if workers == 1:
        return pyabc.sampler.SingleCoreSampler()
    return pyabc.sampler.MulticoreEvalParallelSampler(n_procs=workers)


@dataclass
class Posterior:
    """Weighted particles of the last generation, and how they were obtained."""

    particles: dict[str, np.ndarray]
    weights: np.ndarray
    ess: float
    simulations: int
    generations: int
    wall_seconds: float
    db_path: str
    abc_id: int

    def summary(self) -> dict[str, dict[str, float]]:
        """Weighted mean and 5/50/95% quantiles of each parameter."""
        out = {}
        for name, x in self.particles.items():
            qs = np.quantile(x, RANGE, weights=self.weights, method="inverted_cdf")
            q = {f"q{round(p * 100):02d}": float(v)
                 for p, v in zip(RANGE, qs, strict=True)}
            out[name] = {"mean": float(np.average(x, weights=self.weights)), **q}
        return out

    def draw(self, k: int, rng: np.random.Generator) -> list[dict[str, float]]:
        """`k` parameter sets resampled by weight."""
        idx = rng.choice(self.weights.size, size=k, p=self.weights / self.weights.sum())
        return [{n: float(v[i]) for n, v in self.particles.items()} for i in idx]


def calibrate(budget: int, db_path: str | Path, scenario: Scenario | None = None,
              population_size: int = 50, workers: int | None = None,
              scheduler: str | None = None, dask: bool = False,
              names: tuple[str, ...] = CALIBRATED, min_acceptance: float = 0.02) -> Posterior:
    """Run (or resume) ABC-SMC until `budget` simulations in all have been spent.

    The pyabc history lives in `db_path` (SQLite). If it already holds this calibration, the
    run continues from the last finished generation with what is left of the budget.
    """
    import pyabc

    scenario = scenario or load_scenario()
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{db_path}"
    model = Simulator(scenario.model_dump(mode="json"))
    abc = pyabc.ABCSMC(model, prior(names), distance(),
                       population_size=population_size,
                       sampler=sampler(workers, scheduler, dask))
    start = time.perf_counter()
    done = 0
    if db_path.exists() and _has_history(url):
        history = abc.load(url, 1)
        done = int(history.total_nr_simulations)
    else:
        abc.new(url, targets())
    left = max(0, budget - done)
    if left > 0:
        history = abc.run(max_total_nr_simulations=left, min_acceptance_rate=min_acceptance)
    else:
        history = pyabc.History(url, _id=1)
    return _posterior(history, time.perf_counter() - start, str(db_path))


def _has_history(url: str) -> bool:
    import pyabc

    try:
        return pyabc.History(url).max_t >= 0
    except Exception:  # an empty or foreign database: start afresh
        return False


def _posterior(history, wall: float, db_path: str) -> Posterior:
    import pyabc

    df, w = history.get_distribution(m=0, t=history.max_t)
    return Posterior(particles={c: df[c].to_numpy(float) for c in df.columns},
                     weights=np.asarray(w, float), ess=float(pyabc.effective_sample_size(w)),
                     simulations=int(history.total_nr_simulations),
                     generations=int(history.max_t + 1), wall_seconds=wall,
                     db_path=db_path, abc_id=int(history.id))


# ----------------------------------------------------------------------------- checks
HELD_BACK_NOTE = {
    "sentenced_1928_29": "Pavlov 1928-29 (not fitted: fitting starts in 1930)",
    "arrests_1933": "NKVD/OGPU arrests 1933 (Getty & Naumov)",
    "arrests_1936": "NKVD/OGPU arrests 1936 (Getty & Naumov)",
    "arrests_1936_38": "arrested 1 Oct 1936 - 1 Jul 1938 (1st special dept.)",
    "national_share_1936_38": "share of those arrested under the national orders",
    "steel_1941": "steel 1941 (COW; the war year)",
}


def held_back_predictions(result: RunResult) -> dict[str, float]:
    """The model's counterparts of the held-back figures."""
    years = week_years(result.n_weeks)
    arrests = result.series("arrested")
    w0, w1 = week_of(dt.date(1936, 10, 1)), week_of(dt.date(1938, 7, 1))
    week, op, _, _, persons = result.breakdown("arrested")
    national = np.isin(op, OP_NATIONAL) & (week >= w0) & (week < w1)
    out = {
        "sentenced_1928_29": float(result.series("sentenced")[years <= 1929].sum()),
        "arrests_1933": float(arrests[years == 1933].sum()),
        "arrests_1936": float(arrests[years == 1936].sum()),
        "arrests_1936_38": float(arrests[w0:w1].sum()),
        "steel_1941": float(result.annual(("steel_mt",))["steel_mt"].get(1941, np.nan) * 1000),
    }
    out["national_share_1936_38"] = float(persons[national].sum()
                                          / max(1.0, out["arrests_1936_38"]))
    return out


def held_back_observed() -> dict[str, float]:
    """The held-back archival figures, comparable with `held_back_predictions`."""
    obs = {(o.series, o.period): o.value for o in observations()}
    return {
        "sentenced_1928_29": obs[("sentenced", "1928")] + obs[("sentenced", "1929")],
        "arrests_1933": obs[("arrests", "1933")],
        "arrests_1936": obs[("arrests", "1936")],
        "arrests_1936_38": obs[("arrests", "1936-10-01/1938-07-01")],
        "national_share_1936_38": obs[("arrests_national_orders", "1936-10-01/1938-07-01")]
        / obs[("arrests", "1936-10-01/1938-07-01")],
        "steel_1941": obs[("steel_ussr_kt", "1941")],
    }


def posterior_predictive(post: Posterior, k: int, scenario: Scenario | None = None,
                         seed: int = 0, progress: Callable[[int, int], None] | None = None):
    """Run `k` draws from the posterior (fresh seeds); returns fitted and held-back samples."""
    scenario = scenario or load_scenario()
    sim = Simulator(scenario.model_dump(mode="json"))
    rng = np.random.default_rng(seed)
    fitted, held = [], []
    for i, params in enumerate(post.draw(k, rng)):
        result = sim.run(params, int(rng.integers(1, 2**31 - 1)))
        fitted.append(summaries(result))
        held.append(held_back_predictions(result))
        if progress:
            progress(i + 1, k)
    return fitted, held


# ----------------------------------------------------------------------------- report
BLOCK_LABELS = {
    "sentenced": ("Sentenced per year", [str(y) for y in FIT_YEARS]),
    "executed": ("Shot per year", [str(y) for y in FIT_YEARS]),
    "camps": ("ITL camp population, 1 January", None),
    "settlers": ("Special settlers, 31 December", None),
    "party": ("Party, end 1932", None),
    "steel": ("Steel, thousand tonnes", None),
}


def labels(block: str) -> list[str]:
    """The figures' labels within a block of statistics (years, or dates)."""
    periods = _fit_periods()
    key = {"camps": "camp_itl_1jan", "settlers": "special_settlers_31dec", "party": "party_total",
           "steel": "steel_ussr_kt"}.get(block, "")
    return BLOCK_LABELS[block][1] or [p[:4] for p in periods.get(key, [])]


def predictive_table(fitted: list[dict], held: list[dict]) -> tuple[list[list], list[list]]:
    """Rows (label, observed, 5%, median, 95%, inside band) for fitted and held-back figures."""
    obs = targets()
    fit_rows = []
    for block, values in obs.items():
        sims = np.expm1(np.array([f[block] for f in fitted]))
        for j, label in enumerate(labels(block)):
            lo, med, hi = np.quantile(sims[:, j], RANGE)
            o = float(np.expm1(values[j]))
            fit_rows.append([f"{BLOCK_LABELS[block][0]} {label}", o, lo, med, hi, lo <= o <= hi])
    held_obs = held_back_observed()
    held_rows = []
    for key, note in HELD_BACK_NOTE.items():
        sims = np.array([h[key] for h in held])
        lo, med, hi = np.quantile(sims, RANGE)
        o = held_obs[key]
        held_rows.append([note, o, lo, med, hi, lo <= o <= hi])
    return fit_rows, held_rows


def predictive_figure(fitted: list[dict], path: Path) -> Path:
    """Observed fitted series against the posterior-predictive 90% band, one panel a block."""
    from matplotlib.figure import Figure  # no pyplot: no global backend or state

    obs = targets()
    fig = Figure(figsize=(12, 6.5), dpi=100)
    axes = fig.subplots(2, 3)
    for ax, (block, values) in zip(axes.flat, obs.items(), strict=True):
        sims = np.expm1(np.array([f[block] for f in fitted]))
        x = np.arange(values.size)
        lo, med, hi = np.quantile(sims, RANGE, axis=0)
        if x.size > 1:
            ax.fill_between(x, lo, hi, color="#56B4E9", alpha=0.35, linewidth=0,
                            label="model, 90% band")
            ax.plot(x, med, color="#0072B2", linewidth=2, label="model, median")
        else:  # a single figure: the band as an error bar
            ax.errorbar(x, med, yerr=[med - lo, hi - med], fmt="s", color="#0072B2",
                        ecolor="#56B4E9", elinewidth=6, capsize=0)
            ax.set_xlim(-1, 1)
        ax.plot(x, np.expm1(values), "o", color="black", markersize=4, label="archive")
        ax.set_xticks(x, labels(block), rotation=45, fontsize=7)
        ax.set_title(BLOCK_LABELS[block][0], fontsize=9, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        ax.ticklabel_format(axis="y", style="plain")
    axes.flat[0].legend(fontsize=7, frameon=False)
    fig.suptitle("Posterior predictive: fitted series (black points: the archival figures, "
                 "purgesim data --role fit)", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    return path
