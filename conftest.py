"""Collection rules for the whole repository (pytest collects tests/ and plansift/'s doctests)."""

# The fork server's preload module disables the collector, runs the warm-up and registers an exit that
# leaves with status 0 at once: imported by the doctest collection, it would turn every failing run green.
collect_ignore = ["plansift/corpus/freeze.py"]
