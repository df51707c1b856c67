"""The prose-target patterns' quick gates never drop a match (prose._finditer equals finditer)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plansift.normalise.recognisers import prose

PARTS = st.sampled_from(
    [
        "NI 15",
        "393 by Mar 09",
        " by end of March 2010",
        "reduce arson to 1132 small fires",
        "TO 17%",
        "baseline of 17%",
        "BASELINE 2007/08: 1,420",
        "Target for 2010/11: 1,560",
        "tarGet in 2009-10 is 4",
        "to fall from 19% (2008 Place Survey) to 17% by 2010/11",
        "FROM 3 TO 4",
        "REDUCE crime TO 4 offences",
        "Improve rates To 5%",
        "18% (Provisional target)",
        "PROVİSİONAL TARGET",
        "proviſional target",
        "1.10 in 2009/10 and 1.05 in 2010/11",
        "reduce 4 for 2009 - 10",
        "In 2007/08 there were 412 first time entrants",
        "K",
        "ı",
        "\n",
        " ",
        ".",
        "1,000",
        "5",
        "by",
        "to",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PARTS, max_size=12), st.sampled_from(sorted(prose._GATES, key=lambda p: p.pattern)))
def test_gated_finditer_equals_finditer(parts, pattern):
    text = "".join(parts)
    assert [m.span() for m in prose._finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]
