"""The posterior from a simulation bank: neural posterior estimation, validated, reproducible.

Why NPE (sbi's amortized neural posterior estimation, an ensemble of masked autoregressive
flows): with ~20 parameters and ~50 statistics, ABC on a bank of 10⁴ runs keeps a handful of
particles near the record, while a flow trained on every run of the bank learns p(θ | x) for
any x; the same trained flows then give the validation for free (simulation-based calibration,
coverage and recovery on held-out runs need no new simulation). `sbi` is the maintained
library for it (Tejero-Cantero et al. 2020; Boelts et al. 2024); it needs PyTorch, so it lives
in the `calibrate` extra and is imported only inside the functions that train or sample
(this module's specs and checks import with the core install).

Parameters are fitted in an unbounded space: each is mapped to (0, 1) through its uniform
prior's range and then through the standard normal's quantile function (probit), so the flows
never put mass outside the prior's support, and the prior in that space is exactly the flows'
own base distribution, a standard normal; samples are mapped back. (The logit, used before,
stretches the few runs near a bound into a long exponential tail: with it the recovery of a
parameter whose posterior sits near its floor failed far worse, 0.14 against 0.43 on the same
bank.) Statistics are the bank's (`calibrate.summaries`: the log of
each fitted figure), less those the misspecification screen drops.

Reproducible: the split of the bank, every network's initial weights and every sample come
from one training seed through `SeedSequence`; PyTorch runs on one thread (results would
otherwise depend on how a reduction is split among threads), so the same bank and seed give
the same posterior bit for bit on the same kind of machine.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from purgesim.model.params import REGISTRY

EDGE = 1e-6
"""How close to its prior's bounds a parameter may come in the fit's space (about 4.75 standard
deviations of the probit)."""

TAIL = 0.05
"""Each side of the central interval the coverage checks use (90%)."""


@dataclass(frozen=True)
class FitSpec:
    """How a posterior is trained from a bank: the statistics kept, the held-out runs, the
    ensemble and the training seed."""

    seed: int = 0
    ensemble: int = 3
    """Flows trained (each from its own seed) and mixed with equal weight."""
    held_out: int = 500
    """Bank runs kept out of training, for simulation-based calibration and coverage."""
    samples: int = 4000
    """Posterior draws kept (the shipped file)."""
    sbc_draws: int = 200
    """Posterior draws per held-out run for its rank statistics."""
    hidden: int = 64
    transforms: int = 5
    batch: int = 256
    patience: int = 20
    max_epochs: int = 400
    dropped: tuple[str, ...] = ()
    """Statistics (labels `block[i]`) left out of x by choice; those outside the bank's
    0.5-99.5% range (`unreachable`) are always left out too."""
    screen: bool = True
    """Leave out the statistics outside the bank's range (`unreachable`). A second round keeps
    the first round's statistics instead: its bank is near the record by construction, and the
    screen is a question about the prior predictive."""
    discrepancy: tuple[tuple[str, float], ...] = ()
    """(block, sd) pairs: an explicit model-discrepancy term, Gaussian noise with this sd (log
    units, so 0.1 is about 10%) added to the block's simulated statistics before training, so
    the posterior allows the model to miss the record there by that much."""


def to_unbounded(theta: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Parameters (columns in `names` order) to the fit's space: probit of the prior quantile."""
    from scipy.special import ndtri

    lo, hi = _bounds(names)
    u = np.clip((theta - lo) / (hi - lo), EDGE, 1 - EDGE)
    return ndtri(u)


def from_unbounded(z: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Back from the fit's space to the parameters' own units."""
    from scipy.special import ndtr

    lo, hi = _bounds(names)
    return lo + (hi - lo) * ndtr(z)


def _bounds(names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    lo = np.array([REGISTRY[n].prior.low for n in names], dtype=np.float64)
    hi = np.array([REGISTRY[n].prior.high for n in names], dtype=np.float64)
    return lo, hi


TRUNCATION_TAIL = 0.001
"""Each side of the first posterior's draws left out of the range the truncation box is built
on: a flow's few far-flung draws would otherwise stretch it to the whole prior."""
TRUNCATION_MARGIN = 0.25
"""How far the truncation box reaches beyond that range, each side, as a share of it: room
for the mass the draws do not show."""


def box(samples: np.ndarray, names: tuple[str, ...], tail: float = TRUNCATION_TAIL,
        margin: float = TRUNCATION_MARGIN) -> tuple[tuple[float, float], ...]:
    """The truncation of truncated sequential NPE (Deistler et al. 2022), as a box (as in
    truncated marginal neural ratio estimation, Miller et al. 2021): per parameter, the
    central 1 − 2·`tail` range of a first-round posterior's draws, widened by `margin` of it
    on each side and clipped to the prior. A second bank drawn uniformly inside it, with the
    first bank's runs that fall inside, is a bank from the prior truncated to the box, so a
    flow trained on them is the posterior wherever the box holds its mass, and learns it from
    more runs near the record."""
    lo, hi = _bounds(names)
    low, high = np.quantile(samples, [tail, 1 - tail], axis=0)
    reach = margin * (high - low)
    return tuple((float(a), float(b)) for a, b in zip(
        np.maximum(lo, low - reach), np.minimum(hi, high + reach), strict=True))


def inside(theta: np.ndarray, edges: tuple[tuple[float, float], ...]) -> np.ndarray:
    """Rows of `theta` (parameters in the box's order) that lie inside the box."""
    e = np.asarray(edges, dtype=np.float64)
    return np.all((theta >= e[:, 0]) & (theta <= e[:, 1]), axis=1)


def box_volume(edges: tuple[tuple[float, float], ...], names: tuple[str, ...]) -> float:
    """Share of the priors' volume inside the box."""
    lo, hi = _bounds(names)
    e = np.asarray(edges, dtype=np.float64)
    return float(np.prod((e[:, 1] - e[:, 0]) / (hi - lo)))


def held_out_rows(n: int, count: int, seed: int) -> np.ndarray:
    """Indices of the bank's rows kept out of training (a seeded random subset)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    return np.sort(rng.choice(n, size=min(count, n // 2), replace=False))


@dataclass
class Estimator:
    """An ensemble of trained flows for p(θ | x) in the fit's space."""

    names: tuple[str, ...]
    stats: tuple[str, ...]
    flows: list = field(default_factory=list)
    epochs: list[int] = field(default_factory=list)

    def sample(self, x: np.ndarray, n: int, seed: int) -> np.ndarray:
        """`n` posterior draws of θ (parameters' units) given statistics `x`, an equal share
        from each flow."""
        import torch

        torch.manual_seed(seed)
        xt = torch.as_tensor(np.asarray(x, dtype=np.float32)[None, :])
        shares = np.diff(np.linspace(0, n, len(self.flows) + 1).round().astype(int))
        parts = []
        with torch.no_grad():
            for flow, k in zip(self.flows, shares, strict=True):
                z = flow.sample((int(k),), condition=xt)
                parts.append(z.reshape(int(k), -1).double().numpy())
        theta = from_unbounded(np.concatenate(parts), self.names)
        return np.column_stack([REGISTRY[n].snap(theta[:, j]) for j, n in enumerate(self.names)])

    def sample_many(self, xs: np.ndarray, n: int, seed: int) -> np.ndarray:
        """[len(xs), n, len(names)] draws for many data sets at once (held-out checks)."""
        return np.stack([self.sample(x, n, seed + i) for i, x in enumerate(xs)])


def train(theta: np.ndarray, x: np.ndarray, names: tuple[str, ...], stats: tuple[str, ...],
          spec: FitSpec) -> Estimator:
    """Train `spec.ensemble` flows on (θ, x) pairs: θ in parameter units, x the statistics."""
    import torch
    from sbi.inference import NPE
    from sbi.neural_nets import posterior_nn

    torch.set_num_threads(1)
    z = torch.as_tensor(to_unbounded(theta, names), dtype=torch.float32)
    xt = torch.as_tensor(x, dtype=torch.float32)
    est = Estimator(names, stats)
    for child in np.random.SeedSequence([spec.seed, 2]).spawn(spec.ensemble):
        torch.manual_seed(int(child.generate_state(1)[0]))
        builder = posterior_nn(model="maf", hidden_features=spec.hidden,
                               num_transforms=spec.transforms)
        npe = NPE(prior=_normal_prior(len(names)), density_estimator=builder,
                  show_progress_bars=False, logging_level="ERROR",
                  tracker=_NullTracker())
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            # sbi prints a line when training converges, and warns of statistics with long
            # tails (the coarse-scale runs whose operations never start); z-scoring copes
            warnings.simplefilter("ignore", UserWarning)
            npe.append_simulations(z, xt)
            flow = npe.train(training_batch_size=spec.batch, stop_after_epochs=spec.patience,
                             max_num_epochs=spec.max_epochs)
        flow.eval()
        est.flows.append(flow)
        est.epochs.append(int(npe.summary["epochs_trained"][-1]))
    return est


def _normal_prior(dim: int):
    """The prior in the fit's space: each parameter uniform on its range is standard normal
    after the probit."""
    import torch
    from torch.distributions import Independent, Normal

    return Independent(Normal(torch.zeros(dim), torch.ones(dim)), 1)


class _NullTracker:
    """sbi's tracker protocol, recording nothing (its default writes TensorBoard files)."""

    log_dir = None

    def log_metric(self, *args, **kwargs) -> None:
        """Nothing to record."""

    def log_metrics(self, *args, **kwargs) -> None:
        """Nothing to record."""

    def log_params(self, *args, **kwargs) -> None:
        """Nothing to record."""

    def add_figure(self, *args, **kwargs) -> None:
        """Nothing to record."""

    def flush(self) -> None:
        """Nothing to write."""


# ----------------------------------------------------------------------------- validation
@dataclass(frozen=True)
class Check:
    """One parameter's validation on held-out runs."""

    name: str
    coverage90: float
    """Share of held-out runs whose true value lies in the central 90% of its posterior."""
    sbc_p: float
    """p-value of a chi-square test that the SBC ranks are uniform (20 bins)."""
    bias: float
    """Mean of (posterior mean − truth), in units of the prior's width."""
    rmse: float
    """Root mean square of (posterior mean − truth), in units of the prior's width."""
    contraction: float
    """1 − posterior variance / prior variance, averaged over held-out runs: near 0 the data
    leave the parameter at its prior, near 1 they pin it down."""
    ranks: tuple[int, ...] = ()
    """The SBC rank histogram (20 bins)."""


SBC_BINS = 20


def validate(draws: np.ndarray, truth: np.ndarray, names: tuple[str, ...]) -> list[Check]:
    """Coverage, SBC ranks, bias, RMSE and contraction per parameter, from posterior `draws`
    [runs, samples, params] for held-out runs with known `truth` [runs, params]."""
    from scipy.stats import chisquare

    lo, hi = _bounds(names)
    width = hi - lo
    prior_var = width**2 / 12
    out = []
    for j, name in enumerate(names):
        d, t = draws[:, :, j], truth[:, j]
        q_lo, q_hi = np.quantile(d, [TAIL, 1 - TAIL], axis=1)
        ranks = (d < t[:, None]).sum(axis=1)
        hist = np.histogram(ranks, bins=SBC_BINS, range=(0, d.shape[1] + 1))[0]
        err = (d.mean(axis=1) - t) / width[j]
        out.append(Check(
            name, float(np.mean((t >= q_lo) & (t <= q_hi))),
            float(chisquare(hist).pvalue), float(err.mean()), float(np.sqrt(np.mean(err**2))),
            float(1 - np.mean(d.var(axis=1)) / prior_var[j]), tuple(int(h) for h in hist)))
    return out


# ----------------------------------------------------------------------------- the build
def observed_vector() -> tuple[tuple[str, ...], np.ndarray]:
    """The archive's statistics as one vector with their labels (`block[i]`), in the bank's
    column order."""
    from purgesim.experiments.bank import flat
    from purgesim.experiments.calibrate import targets

    observed = flat(targets())
    return tuple(observed), np.array(list(observed.values()))


def unreachable(x: np.ndarray, labels: tuple[str, ...], observed: np.ndarray) -> tuple[str, ...]:
    """Statistics whose archival value lies outside the bank's 0.5–99.5% range (the
    misspecification screen, `bank.SCREEN_TAILS`): the model cannot produce them over its
    priors, and a flow asked to condition on them would extrapolate."""
    from purgesim.experiments.bank import SCREEN_TAILS

    lo, hi = np.quantile(x, SCREEN_TAILS, axis=0)
    return tuple(lab for lab, o, a, b in zip(labels, observed, lo, hi, strict=True)
                 if not a <= o <= b)


def joint_outlier_quantile(x: np.ndarray, observed: np.ndarray) -> float:
    """A joint misspecification test: the archive's Mahalanobis distance among the bank's
    statistics, as the share of the bank's own runs lying closer to the bank's centre. Near 1
    the record is an outlier of the model's prior predictive even when each statistic is
    reachable alone."""
    centre = x.mean(axis=0)
    cov = np.cov(x, rowvar=False) + np.eye(x.shape[1]) * 1e-9
    inv = np.linalg.pinv(cov)
    d = np.einsum("ij,jk,ik->i", x - centre, inv, x - centre)
    d_obs = float((observed - centre) @ inv @ (observed - centre))
    return float(np.mean(d < d_obs))


@dataclass
class Built:
    """A trained posterior: its samples, the estimator, and what the build measured."""

    samples: np.ndarray
    names: tuple[str, ...]
    estimator: Estimator
    meta: dict


def build(theta: np.ndarray, x: np.ndarray, names: tuple[str, ...],
          labels: tuple[str, ...], spec: FitSpec, bank: dict) -> Built:
    """The posterior from a bank's (θ, x): screen, hold out, train, sample, validate.

    `bank` is recorded as given (its spec, id and how many runs were used)."""
    obs_labels, observed = observed_vector()
    if tuple(labels) != obs_labels:
        raise ValueError(f"statistics {labels[:3]}...: not the archive's {obs_labels[:3]}..., "
                         "in its order")
    screened = unreachable(x, labels, observed) if spec.screen else ()
    dropped = tuple(dict.fromkeys((*spec.dropped, *screened)))
    keep = np.array([lab not in dropped for lab in labels])
    xk, ok = x[:, keep], observed[keep]
    kept = tuple(lab for lab, k in zip(labels, keep, strict=True) if k)
    xk = with_discrepancy(xk, kept, spec)
    held = held_out_rows(len(theta), spec.held_out, spec.seed)
    train_rows = np.setdiff1d(np.arange(len(theta)), held)
    est = train(theta[train_rows], xk[train_rows], names, kept, spec)
    samples = est.sample(ok, spec.samples, spec.seed)
    draws = est.sample_many(xk[held], spec.sbc_draws, spec.seed + 1)
    checks = validate(draws, theta[held], names)
    corr = np.corrcoef(samples, rowvar=False)
    pairs = sorted(((abs(corr[i, j]), names[i], names[j], float(corr[i, j]))
                    for i in range(len(names)) for j in range(i + 1, len(names))),
                   reverse=True)[:10]
    meta = {
        "bank": bank, "fit": {**spec.__dict__, "dropped": list(dropped)},
        "runs_trained": int(train_rows.size), "runs_held_out": int(held.size),
        "epochs": est.epochs, "statistics": int(keep.sum()),
        "joint_outlier_quantile": joint_outlier_quantile(xk, ok),
        "block_outlier_quantiles": {
            block: joint_outlier_quantile(xk[:, cols], ok[cols])
            for block in dict.fromkeys(lab.split("[")[0] for lab in kept)
            if (cols := np.array([lab.startswith(block + "[") for lab in kept])).sum() > 1},
        "checks": as_records(checks),
        "median": dict(zip(names, np.median(samples, axis=0).tolist(), strict=True)),
        "strongest_correlations": [{"a": a, "b": b, "r": r} for _, a, b, r in pairs],
        "libraries": _library_versions(),
    }
    return Built(samples, names, est, meta)


def as_records(checks: list[Check]) -> list[dict]:
    """Checks as JSON data (for the sidecar)."""
    return [c.__dict__ | {"ranks": list(c.ranks)} for c in checks]


def with_discrepancy(x: np.ndarray, labels: tuple[str, ...], spec: FitSpec) -> np.ndarray:
    """The simulated statistics plus the discrepancy term's noise (seeded by the fit)."""
    if not spec.discrepancy:
        return x
    rng = np.random.default_rng(np.random.SeedSequence([spec.seed, 4]))
    sd = np.zeros(len(labels))
    for block, s in spec.discrepancy:
        sd[[lab.startswith(block + "[") for lab in labels]] = s
    return x + rng.normal(size=x.shape) * sd


def _library_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("numpy", "torch", "sbi", "pyarrow")}


def recovery(est: Estimator, samples: np.ndarray, bank: dict, count: int, seed: int,
             draws: int = 500, backend=None) -> list[Check]:
    """Parameter recovery: `count` synthetic records simulated (fresh seeds, the bank's
    scenario and scale) at parameter values drawn from the posterior, each fitted again; the
    same per-parameter checks as on held-out runs, where the posterior puts its mass."""
    from purgesim.experiments.backend import Backend, derive_seeds
    from purgesim.experiments.bank import flat, run_batch

    rng = np.random.default_rng(np.random.SeedSequence([seed, 3]))
    truth = samples[rng.choice(len(samples), size=count, replace=False)]
    run_seeds = derive_seeds(seed + 1_000_003, count)
    jobs = {i: (bank["scenario"], bank["scale"], est.names, [truth[i].tolist()], [run_seeds[i]])
            for i in range(count)}
    x = np.zeros((count, len(est.stats)))
    with backend or Backend(min(count, Backend().workers)) as run:
        for i, [(stats, _)] in run.map(run_batch, jobs):
            by_label = flat(stats)
            x[i] = [by_label[s] for s in est.stats]     # the statistics the flows were fitted on
    return validate(est.sample_many(x, draws, seed + 2), truth, est.names)


def write(folder: Path, built: Built) -> Path:
    """Write the draws (Parquet without timestamps, so the same draws give the same bytes)
    and the sidecar beside them (`data/posterior.py` reads both), each atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from purgesim.data.posterior import SAMPLES, SIDECAR
    from purgesim.storage.files import atomic_write, atomic_write_text

    folder.mkdir(parents=True, exist_ok=True)
    table = pa.table({n: pa.array(built.samples[:, j], pa.float64())
                      for j, n in enumerate(built.names)})
    target = atomic_write(folder / SAMPLES, lambda tmp: pq.write_table(
        table, tmp, compression="zstd", store_schema=False))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    atomic_write_text(folder / SIDECAR, json.dumps(
        {**built.meta, "names": list(built.names), "draws": len(built.samples),
         "sha256": digest}, indent=1, sort_keys=True) + "\n")
    return target
