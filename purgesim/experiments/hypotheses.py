"""Competing explanations of the terror as model variants, compared by ABC model selection.

Each variant changes *who* is targeted and *why*, not only how many:

- ``real_enemies`` — a response to real enemies that got out of hand: more active enemies,
  denunciations mostly informative (suspicion), confessions naming real accomplices;
- ``quota_machine`` — a quota-and-denunciation machine with its own momentum: few real enemies,
  denunciations mostly grievance and fear, regions racing to fill and raise their limits;
- ``bureaucracy`` — a purge of the bureaucracy from above and below: criticism from below aimed
  at officials and managers, heavy party expulsions, a past record counts for less;
- ``consolidation`` — consolidation of power against potential rivals: the mass operation's
  files are the former oppositionists and 'former people', the Kirov law hits hard, a past record
  counts for more.

All four share the same calibrated parameters (uniform over their registry priors), so model
probabilities compare explanations, not fits of different flexibility.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from purgesim.experiments.calibrate import Simulator, distance, prior, sampler, targets
from purgesim.experiments.choice import Choice
from purgesim.experiments.npe import FitSpec
from purgesim.model.outcomes import PARTY_STATUS
from purgesim.model.params import names
from purgesim.model.results import RANGE, week_years
from purgesim.scenarios.scenario import Scenario, load_scenario


@dataclass(frozen=True)
class Variant:
    """One explanation: fixed parameter values and, optionally, the mass operation's files."""

    name: str
    claim: str
    params: dict
    targets: tuple[str, ...] | None = None

    def apply(self, base: Scenario) -> Scenario:
        """The base scenario with this variant's parameters (and the operation's files)."""
        sc = base.with_params(**self.params).renamed(f"{base.name}-{self.name}")
        if self.targets is not None:
            sc = sc.edit_events("mass_operation", targets=self.targets)
        return sc


VARIANTS: tuple[Variant, ...] = (
    Variant("real_enemies", "a panicked response to real enemies that went out of hand",
            {"enemy_share": 0.015, "grievance_share": 0.2, "suspicion_enemy_weight": 40.0,
             "fear_elasticity": 10.0}),
    Variant("quota_machine", "a runaway machine of quotas and mutual denunciation",
            {"enemy_share": 0.001, "grievance_share": 0.8, "fear_elasticity": 150.0,
             "quota_zeal": 4.0, "limit_request_size": 0.6}),
    Variant("bureaucracy", "a purge of the bureaucracy from above and from below",
            {"vertical_share": 0.45, "official_target_weight": 25.0,
             "expulsions_1937_38_share": 0.2, "w_taint": 0.4}),
    Variant("consolidation", "consolidation of power against potential rivals",
            {"opposition_share_of_party": 0.05, "kirov_shock": 2.5, "death_share_kirov_law": 0.8,
             "w_taint": 2.5}, targets=("opposition", "former")),
)


BY_NAME: dict[str, Variant] = {v.name: v for v in VARIANTS}

SHARED: tuple[str, ...] = tuple(n for n in names(fit=True)
                                if not any(n in v.params for v in VARIANTS))
"""Calibrated in every variant: the fitted parameters (registry `fit=True`) that no variant
fixes."""


@dataclass
class Selection:
    """Posterior model probabilities and what each variant predicts."""

    probabilities: dict[str, float]
    simulations: int
    generations: int
    wall_seconds: float
    patterns: dict[str, dict[str, tuple[float, float, float]]]

    def separable(self, a: str, b: str, threshold: float = 3.0) -> bool:
        """Whether the record favours one of two variants by a Bayes factor above `threshold`
        (equal prior odds; below 3 is 'not worth more than a bare mention', Kass & Raftery)."""
        pa, pb = self.probabilities[a], self.probabilities[b]
        if min(pa, pb) <= 0:
            return max(pa, pb) > 0
        return max(pa / pb, pb / pa) >= threshold


PATTERNS = {
    "peak_share_1937_38": "share of 1930-40 sentences falling in 1937-38",
    "party_share": "party members (current or expelled) among the sentenced",
    "bosses_share": "officials and managers among the sentenced",
    "tainted_share": "people with a tainted record among the sentenced",
    "innocent_share": "innocent among the sentenced (latent truth)",
}


def patterns(result) -> dict[str, float]:
    """Who was hit and when: the patterns that can tell the variants apart."""
    years = week_years(result.n_weeks)
    sent = result.series("sentenced")
    fit = (years >= 1930) & (years <= 1940)
    total = max(1.0, float(sent[fit].sum()))
    all_sent = max(1.0, float(sent.sum()))
    inn = sent.sum() - result.series("sentenced_guilty").sum()
    _, _, _, party, persons = result.breakdown("sentenced")
    in_party = float(persons[party != PARTY_STATUS.index("none")].sum())
    return {
        "peak_share_1937_38": float(sent[(years >= 1937) & (years <= 1938)].sum() / total),
        "party_share": in_party / all_sent,
        "bosses_share": float(result.series("sentenced_bosses").sum() / all_sent),
        "tainted_share": float(result.series("sentenced_tainted").sum() / all_sent),
        "innocent_share": float(inn / all_sent),
    }


def select(budget: int, db_path: str | Path, base: Scenario | None = None,
           population_size: int = 60, workers: int | None = None, scheduler: str | None = None,
           dask: bool = False, pattern_runs: int = 5) -> Selection:
    """ABC-SMC model selection over the variants against the same targets as calibration."""
    import pyabc

    base = base or load_scenario()
    models = [Simulator(v.apply(base).model_dump(mode="json")) for v in VARIANTS]
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if db_path.exists():
        db_path.unlink()  # model selection is rerun whole: its budget is small
    abc = pyabc.ABCSMC(models, [prior(SHARED) for _ in models],
                       distance(), population_size=population_size,
                       sampler=sampler(workers, scheduler, dask))
    start = time.perf_counter()
    abc.new(f"sqlite:///{db_path}", targets())
    history = abc.run(max_total_nr_simulations=budget, min_acceptance_rate=0.01)
    probs = history.get_model_probabilities(history.max_t)["p"]  # indexed by model number
    probabilities = {v.name: float(probs.get(i, 0.0)) for i, v in enumerate(VARIANTS)}
    rng = np.random.default_rng(0)
    found = {}
    for i, v in enumerate(VARIANTS):
        try:
            df, w = history.get_distribution(m=i, t=history.max_t)
        except Exception:  # a variant that died out: use its prior
            df, w = None, None
        runs = []
        for _ in range(pattern_runs):
            if df is not None and len(df):
                j = rng.choice(len(df), p=np.asarray(w) / np.sum(w))
                params = {c: float(df[c].iloc[j]) for c in df.columns}
            else:
                params = {k: float(x) for k, x in prior(SHARED).rvs().items()}
            runs.append(patterns(models[i].run(params, int(rng.integers(1, 2**31 - 1)))))
        found[v.name] = {k: tuple(np.quantile([r[k] for r in runs], RANGE))
                         for k in PATTERNS}
    return Selection(probabilities, int(history.total_nr_simulations), int(history.max_t + 1),
                     time.perf_counter() - start, found)


CAVEATS = (
    "The archival targets are counts and their timing (sentences, executions, camps, settlers, "
    "party size, steel). They say nothing directly about *who* was sentenced, so variants that "
    "differ mainly in whom they strike can reach similar probabilities: the record then does not "
    "separate them, and the table says so.",
    "Probabilities are relative to these four variants and their priors; a fifth explanation, or "
    "a mixture of them, is not weighed.",
    "A small budget leaves the probabilities noisy: rerun with larger banks (--n) before "
    "quoting them, and read the held-out accuracy and calibration first.",
)


# ----------------------------------------------------------------------------- by banks
PREDICTIVE_FIT = FitSpec(ensemble=1, held_out=100, sbc_draws=100, samples=1000)
"""How each hypothesis's own posterior (for its posterior predictive): one
flow, smaller checks than the shipped posterior's, since a hypothesis's bank is a tenth of
the size."""


def bank_specs(n: int, master: int, scale: int) -> dict:
    """One bank per hypothesis: the shared parameters over their priors, the same design and
    seeds for every hypothesis (same master), its own values fixed."""
    from purgesim.experiments.bank import BankSpec

    return {v.name: BankSpec(n, master, "historical", scale, SHARED, hypothesis=v.name)
            for v in VARIANTS}


def predictive_batch(scale: int, hypothesis: str, names: tuple[str, ...],
                     thetas: list[list[float]], run_seeds: list[int]) -> list[tuple[dict, dict]]:
    """Runs of a hypothesis at given parameter values: each one's summary statistics (for the
    band check) and who it struck (`patterns`)."""
    from purgesim.experiments.bank import listed_summaries, simulate_each

    return [(listed_summaries(result), patterns(result)) for result, _ in
            simulate_each("historical", scale, hypothesis, names, thetas, run_seeds)]


@dataclass
class BankComparison:
    """Model probabilities from the hypotheses' banks, and each one's posterior predictive."""

    choice: Choice
    """Probabilities, their spread, held-out accuracy and calibration."""
    statistics: tuple[str, ...]
    """The statistics compared (the archive's, less the dropped and the unreachable)."""
    predictive: dict[str, dict]
    """Per hypothesis: fitted figures inside its posterior predictive's 90% band, of how
    many, the band's median width relative to the archive, and the patterns' quantiles."""
    banks: dict[str, str]
    wall_seconds: float

    def record(self) -> dict:
        """As JSON data."""
        return {"choice": self.choice.record(), "statistics": list(self.statistics),
                "predictive": self.predictive, "banks": self.banks,
                "wall_seconds": self.wall_seconds}


def compare_banks(n: int, master: int, scale: int, store, dropped: tuple[str, ...] = (),
                  predictive_runs: int = 20, seed: int = 0, backend=None,
                  progress=None) -> BankComparison:
    """Fill (or resume) each hypothesis's bank, compare them at the record with a classifier
    ensemble, then fit each one's posterior and run its posterior predictive."""
    from purgesim.experiments.backend import Backend, derive_seeds
    from purgesim.experiments.bank import fill, table
    from purgesim.experiments.calibrate import band_fit
    from purgesim.experiments.choice import ChoiceSpec, compare
    from purgesim.experiments.npe import build, observed_vector, unreachable

    start = time.perf_counter()
    specs = bank_specs(n, master, scale)
    labels, observed = observed_vector()
    xs, thetas = {}, {}
    with backend or Backend() as run:
        for name, spec in specs.items():
            fill(spec, store, run, progress=progress)
            frame = table(store, spec)
            xs[name] = frame[list(labels)].to_numpy()
            thetas[name] = frame[list(SHARED)].to_numpy()
        out = set(dropped).union(*(unreachable(x, labels, observed) for x in xs.values()))
        keep = np.array([lab not in out for lab in labels])
        choice = compare({k: x[:, keep] for k, x in xs.items()}, observed[keep],
                         ChoiceSpec(seed=seed))
        predictive = {}
        fit = replace(PREDICTIVE_FIT, seed=seed, dropped=tuple(dropped))
        for i, (name, spec) in enumerate(specs.items()):
            built = build(thetas[name], xs[name], SHARED, labels, fit, spec.record())
            rng = np.random.default_rng(np.random.SeedSequence([seed, 7, i]))
            draws = built.samples[rng.choice(len(built.samples), predictive_runs, replace=False)]
            run_seeds = derive_seeds(seed + 2_000_003 + i, predictive_runs)
            jobs = {j: (scale, name, SHARED, [draws[j].tolist()], [run_seeds[j]])
                    for j in range(predictive_runs)}
            runs = [res[0] for _, res in sorted(run.map(predictive_batch, jobs))]
            inside, of, width = band_fit([{k: np.asarray(v) for k, v in stats.items()}
                                          for stats, _ in runs])
            predictive[name] = {
                "inside": inside, "of": of, "width": width,
                "coverage_min": min(c["coverage90"] for c in built.meta["checks"]),
                "patterns": {key: list(np.quantile([p[key] for _, p in runs], RANGE))
                             for key in PATTERNS}}
    return BankComparison(choice, tuple(lab for lab, k in zip(labels, keep, strict=True) if k),
                          predictive, {k: s.bank_id for k, s in specs.items()},
                          time.perf_counter() - start)
