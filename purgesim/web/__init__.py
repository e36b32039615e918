"""The web app: `purgesim serve` (FastAPI API + a static front end)."""
