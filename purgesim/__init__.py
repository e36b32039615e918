"""purgesim: an agent-based model of the USSR, 1928-1941, to test claims against the archival
record.

Layout (the model in the middle; outer packages depend inward, never the reverse):
`purgesim.model` (the mechanisms, parameters, events, outcomes and engine), `purgesim.data`
(archival figures and sources), `purgesim.scenarios`, `purgesim.experiments` (runs, compare,
sweeps, calibration, sensitivity, hypotheses), `purgesim.storage`, `purgesim.reports`,
`purgesim.cli` and `purgesim.web`.
"""
