"""Which explanation the record favours: amortized model comparison on simulation banks.

Each competing hypothesis (`hypotheses.VARIANTS`) has a bank of its own: the same shared
parameters drawn over the same priors (the same Sobol design and seeds, from the same master),
the same scenario and scale, with the hypothesis's own values fixed. A classifier learns
p(hypothesis | statistics) from the pooled banks; with banks of equal size (equal prior
model probabilities) its output at the archive's statistics estimates the posterior model
probabilities (Radev et al. 2021, "Amortized Bayesian model comparison with evidential deep
learning", IEEE TNNLS; Pudlo et al. 2016, "Reliable ABC model choice via random forests",
Bioinformatics, for the random-forest form). The classifier is an ensemble of small neural
networks (PyTorch, in the `calibrate` extra), each trained from its own seed on its own
bootstrap of the training runs: the ensemble's spread is the estimate's uncertainty. Small
networks on a few hundred runs a class come out overconfident, so the ensemble's logits are
divided by one temperature fitted by likelihood on runs kept for it (Guo et al. 2017), and
the networks are trained with weight decay.

Checked before it is believed: on held-out runs of every bank, the accuracy, the confusion
matrix and the calibration (Brier score; expected calibration error, ECE, over ten bins of
the top probability); and the record's joint outlier quantile under each hypothesis (a
probability between hypotheses that all miss the record says little).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CALIBRATION_BINS = 10


@dataclass(frozen=True)
class ChoiceSpec:
    """How the classifier is trained: ensemble, held-out share, network and seed."""

    seed: int = 0
    ensemble: int = 5
    held_out: float = 0.2
    """Share of each bank kept out of training for the checks."""
    calibration: float = 0.15
    """Share of each bank kept to fit the ensemble's temperature (neither trained on nor
    checked on)."""
    hidden: int = 64
    batch: int = 256
    learning_rate: float = 1e-3
    weight_decay: float = 1e-3
    """Adam's L2 penalty: small networks on a few hundred runs a class overfit without it."""
    patience: int = 20
    max_epochs: int = 300


@dataclass
class Choice:
    """Model probabilities at the record, with the checks that say how far to trust them."""

    names: tuple[str, ...]
    probabilities: dict[str, float]
    """The ensemble's mean probability of each hypothesis given the record."""
    spread: dict[str, tuple[float, float]]
    """The lowest and highest member's probability: the estimate's uncertainty."""
    accuracy: float
    """Share of held-out runs whose hypothesis the classifier names (chance: 1/len(names))."""
    confusion: list[list[int]]
    """Held-out runs by true hypothesis (rows) and the classifier's choice (columns)."""
    brier: float
    ece: float
    outlier_quantiles: dict[str, float]
    held_out: int
    trained: int
    temperature: float = 1.0
    """The ensemble's fitted temperature (above 1: the raw networks were overconfident)."""
    epochs: list[int] = field(default_factory=list)

    def record(self) -> dict:
        """As JSON data."""
        return dict(self.__dict__, names=list(self.names),
                    spread={k: list(v) for k, v in self.spread.items()})


def _network(d_in: int, k: int, hidden: int):
    import torch

    return torch.nn.Sequential(
        torch.nn.Linear(d_in, hidden), torch.nn.ReLU(),
        torch.nn.Linear(hidden, hidden), torch.nn.ReLU(),
        torch.nn.Linear(hidden, k))


def train_member(x: np.ndarray, y: np.ndarray, k: int, spec: ChoiceSpec, seed: int):
    """One classifier on a bootstrap of (x, y): cross-entropy, Adam, early stopping on a
    tenth of the bootstrap kept for validation. Returns the network and its epochs."""
    import torch

    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    rows = rng.choice(len(x), size=len(x), replace=True)
    n_val = max(1, len(rows) // 10)
    val, fit = rows[:n_val], rows[n_val:]
    xt, yt = torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y, dtype=torch.long)
    net = _network(x.shape[1], k, spec.hidden)
    opt = torch.optim.Adam(net.parameters(), lr=spec.learning_rate,
                           weight_decay=spec.weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss()
    best, best_state, waited, epochs = np.inf, None, 0, 0
    for epoch in range(1, spec.max_epochs + 1):
        epochs = epoch
        net.train()
        for start in range(0, len(fit), spec.batch):
            idx = fit[rng.permutation(len(fit))][start:start + spec.batch]
            opt.zero_grad()
            loss_fn(net(xt[idx]), yt[idx]).backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            v = float(loss_fn(net(xt[val]), yt[val]))
        if v < best - 1e-6:
            best, waited = v, 0
            best_state = {n: t.clone() for n, t in net.state_dict().items()}
        else:
            waited += 1
            if waited >= spec.patience:
                break
    if best_state is not None:
        net.load_state_dict(best_state)
    net.eval()
    return net, epochs


def _probabilities(nets, x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """[members, rows, k] class probabilities, each member's logits divided by the
    temperature."""
    import torch

    with torch.no_grad():
        xt = torch.as_tensor(x, dtype=torch.float32)
        return np.stack([torch.softmax(net(xt).double() / temperature, dim=1).numpy()
                         for net in nets])


TEMPERATURES = np.geomspace(0.25, 20.0, 120)
"""The grid a temperature is chosen from (Guo et al. 2017, "On calibration of modern neural
networks": one scalar dividing the logits, fitted by likelihood on runs not trained on)."""


def fit_temperature(nets, x: np.ndarray, y: np.ndarray) -> float:
    """The temperature that maximises the ensemble's likelihood of the labels `y` of `x`."""
    nll = [-np.mean(np.log(_probabilities(nets, x, t).mean(axis=0)[np.arange(len(y)), y]
                           + 1e-12)) for t in TEMPERATURES]
    return float(TEMPERATURES[int(np.argmin(nll))])


def _split(banks: dict[str, np.ndarray], spec: ChoiceSpec):
    """Each bank (truncated to the smallest: equal prior probabilities) split at random into
    training, temperature and held-out rows; returns (x, y) for each of the three."""
    size = min(len(x) for x in banks.values())
    rng = np.random.default_rng(np.random.SeedSequence([spec.seed, 5]))
    n_test, n_cal = round(size * spec.held_out), round(size * spec.calibration)
    parts: list[tuple[list, list]] = [([], []), ([], []), ([], [])]
    for label, name in enumerate(banks):
        order = rng.permutation(size)
        for part, rows in zip(parts, (order[n_test + n_cal:], order[n_test:n_test + n_cal],
                                      order[:n_test]), strict=True):
            part[0].append(banks[name][rows])
            part[1].append(np.full(len(rows), label))
    return [(np.concatenate(xs), np.concatenate(ys)) for xs, ys in parts]


def calibration_error(p: np.ndarray, y: np.ndarray, bins: int = CALIBRATION_BINS) -> float:
    """Expected calibration error: over bins of the top probability, the share-weighted gap
    between the mean top probability and how often the top choice is right."""
    top, choice = p.max(axis=1), p.argmax(axis=1)
    right = (choice == y).astype(float)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(top, edges[1:-1]), 0, bins - 1)
    return float(sum(abs(top[which == b].mean() - right[which == b].mean()) * np.mean(which == b)
                     for b in range(bins) if np.any(which == b)))


def compare(banks: dict[str, np.ndarray], observed: np.ndarray, spec: ChoiceSpec) -> Choice:
    """Model probabilities at `observed` from the banks' statistics (one [runs, stats] array
    per hypothesis, the same columns as `observed`), with held-out checks."""
    import torch

    from purgesim.experiments.npe import joint_outlier_quantile

    torch.set_num_threads(1)
    names = tuple(banks)
    k = len(names)
    (xa, ya), (xc, yc), (xb, yb) = _split(banks, spec)
    centre, scale = xa.mean(axis=0), xa.std(axis=0) + 1e-9

    def z(v: np.ndarray) -> np.ndarray:     # standardized as the training runs are
        return (v - centre) / scale

    seeds = [int(c.generate_state(1)[0]) for c in np.random.SeedSequence([spec.seed, 6])
             .spawn(spec.ensemble)]
    members = [train_member(z(xa), ya, k, spec, s) for s in seeds]
    nets = [net for net, _ in members]
    temperature = fit_temperature(nets, z(xc), yc) if len(yc) else 1.0
    p_test = _probabilities(nets, z(xb), temperature).mean(axis=0)
    p_obs = _probabilities(nets, z(observed[None, :]), temperature)[:, 0, :]
    confusion = np.zeros((k, k), dtype=int)
    np.add.at(confusion, (yb, p_test.argmax(axis=1)), 1)
    onehot = np.eye(k)[yb]
    return Choice(
        names=names,
        probabilities={n: float(p_obs[:, i].mean()) for i, n in enumerate(names)},
        spread={n: (float(p_obs[:, i].min()), float(p_obs[:, i].max()))
                for i, n in enumerate(names)},
        accuracy=float(np.mean(p_test.argmax(axis=1) == yb)),
        confusion=confusion.tolist(),
        brier=float(np.mean(np.sum((p_test - onehot) ** 2, axis=1))),
        ece=calibration_error(p_test, yb),
        outlier_quantiles={n: joint_outlier_quantile(banks[n], observed) for n in names},
        held_out=len(yb), trained=len(ya), temperature=temperature,
        epochs=[e for _, e in members])
