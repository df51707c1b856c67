"""Regression (fuzz): a heading-like line with a long run of spaces hung the text extractor (cubic regex).

Found by benchmarks/fuzz.py: an 8 KB text (a sample plan, mutated) ran past the 30 s limit; the hang
reduces to one line, '#### L' then thousands of spaces then more text. ``text._MD_HEADING``,
``^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$``, tries every split of the spaces between the lazy ``(.*?)`` and
the two ``\\s*`` around ``#*`` before the ``$`` fails: O(n^3) in the run's length (800 spaces: 0.7 s,
5,000: minutes). Layout-preserving dumps hold such runs. Suggested fix: match
``^\\s{0,3}(#{1,6})\\s+(.*)$`` and strip the closing hashes and spaces in Python
(``re.sub(r"\\s+#+\\s*$", "", title).strip()`` on the group, or rstrip twice).

The timeout is a hang guard (the fixed code takes milliseconds), not a speed target.
"""

from __future__ import annotations

import pytest

from plansift import read_document


@pytest.mark.timeout(20)
def test_markdown_heading_regex_cubic_on_spaces(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("#### Local Area Agreement" + " " * 5000 + "Target information\n\nNI 15 Serious violent crime\n")
    doc = read_document(path)
    assert "NI 15 Serious violent crime" in doc.text()
