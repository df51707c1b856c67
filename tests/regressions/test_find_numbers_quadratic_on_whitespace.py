"""Regression: find_numbers (and parse_number) took quadratic time on long runs of whitespace.

``_per_1000_re().finditer(text)`` scans with a pattern that begins ``\\s*``: at every position of a run of
spaces it consumes the rest of the run and fails, so 50,000 spaces took 17 s and 100,000 took 50 s.
Layout-preserving text dumps and PDF text hold long runs of spaces; one such block stalled a whole document.
The timeout below is a hang guard (the fixed code takes milliseconds), not a speed target.
"""

from __future__ import annotations

import pytest

from plansift.normalise.numbers import find_numbers, parse_number


@pytest.mark.timeout(20)
def test_find_numbers_quadratic_on_whitespace():
    text = "Target" + " " * 200_000 + "382 incidents" + " " * 200_000
    assert [(n.value, n.unit_hint) for n in find_numbers(text)] == [(382.0, "count")]
    assert parse_number(text) == 382.0
