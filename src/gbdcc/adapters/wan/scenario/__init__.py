"""Scenarios on the SIMULATED estate: events in time — power and CSP outages, tamper, a cold snap, hubs
failing — played on the simulated SM WAN so the devices' alerts flow to the Users (``docs/scenarios.md``).

* :mod:`.model` — what a scenario is; :mod:`.parser` — TOML files, checked event by event;
* :mod:`.sites` — selecting premises from the SMI without building them; :mod:`.demand` — the cold snap;
* :mod:`.effects` — what each event does; :mod:`.player` — scheduling and progress;
* :mod:`.errors` — GBDCC-82x.
"""
