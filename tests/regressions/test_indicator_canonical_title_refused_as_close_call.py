"""Regression: an indicator's own canonical title was refused as a "close call" (22 of 198 titles).

``match_indicator_title`` refuses a best match whose runner-up scores within TITLE_MIN_MARGIN. Titles
that differ by one word or digit from a sibling ('Achievement of a Level 2 / Level 3 qualification by the
age of 19', NI 79 / NI 80; 'Children killed or seriously injured ...' NI 48 next to NI 47) score 100 for
themselves and above 96 for the sibling, so the exact title came back None. Found by the property test
``test_match_indicator_title_never_raises_and_is_canonical`` (matching a match's own title gave None).
An exact (normalised) title or variant should win before the margin rule is applied.
"""

from __future__ import annotations

import pytest

from plansift.normalise.indicators import indicator_title, match_indicator_title


@pytest.mark.parametrize("code", ["NI 48", "NI 79", "NI 80", "NI 73", "NI 74"])
def test_indicator_canonical_title_refused_as_close_call(code):
    title = indicator_title(code)
    assert title, f"{code} is not in the gazetteer"
    m = match_indicator_title(title)
    assert m is not None and m.code == code, (title, m)
