"""Scenario files shipped with purgesim (read with `purgesim.scenario.load_scenario`)."""
