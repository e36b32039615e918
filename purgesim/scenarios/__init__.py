"""Scenario files shipped with purgesim (read with `purgesim.scenarios.scenario.load_scenario`)."""
