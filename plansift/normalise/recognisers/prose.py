"""Targets written in sentences beside an indicator code.

Read only from a piece of text (paragraph, list item or table cell) that
names an indicator (its code, or the title of one the document names), and only in these forms:

- a level by a date: '393 by Mar 09 389 by Mar 10' (period: the financial year of the date);
- a level to reach: 'reduce ... arson to 1132 small fires' (period: the plan's first year, as the
  plan is for that year when it states none);
- a baseline: 'from baseline of 17%', 'Baseline 2007/08: 1,420' (period: a year written with it, else null);
- a labelled target: 'Target for 2010/11: 1,560';
- a change of level: 'to fall from 19% (2008 Place Survey) to 17% by 2010/11' (a baseline and a target);
- a provisional level: '18% (Provisional target ...)' (flag ``provisional``);
- a level in a year, in a sentence that sets targets: '1.10 in 2009/10 and 1.05 in 2010/11';
- a level the plan starts from: 'In 2007/08 there were 412 first time entrants' (a baseline when the
  year is before the plan's first).

A number takes the indicator its sentence names (a code before it, else a code
after it, else the title of one of the document's indicators), else the last
code before it in the piece.

Changes ('by 5% each year', 'by 20%') are not levels and give no row. Every
row is flagged ``prose_match``.
"""

from __future__ import annotations

import re
from typing import Any

from plansift.normalise.dates import find_dates
from plansift.normalise.indicators import find_indicator_codes
from plansift.normalise.periods import find_periods, format_period, has_digit, period_of_date, period_start_year
from plansift.normalise.recognisers.records import METHOD_PROSE, flag, new_record

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_BY_DATE = re.compile(
    _NUM + r"(?P<pct>\s?%)?\s+by\s+(?=(?:the\s+)?(?:end\s+(?:of\s+)?)?[A-Z][a-z]{2,8}\.?\s*'?\d{2,4}\b)"
)
_TO_LEVEL = re.compile(
    r"\b(?:reduc\w*|increas\w*|cut\w*|lower\w*|rais\w*|improv\w*|bring\w*)\b[^.;]{0,80}?\bto\s+"
    + _NUM
    + r"(?P<pct>\s?%)?(?P<unit>(?:\s+[a-z]+){0,2}?\s+(?:fires|offences|incidents|crimes|casualties|victims|offenders|"
    r"cases|people|persons|households|families|arrests|referrals))?",
    re.IGNORECASE,
)
_YEAR_PAIR = r"(?:19|20)\d\d\s*[/-]\s*\d{2,4}"
_BASELINE = re.compile(
    r"\bbaseline\s+(?:(?:of|was|is|at|:)\s*|\(?(?:in\s+|for\s+)?(?P<year>"
    + _YEAR_PAIR
    + r")\)?\s*(?:of|was|is|at|:)?\s*)"
    + _NUM
    + r"(?P<pct>\s?%)?",
    re.IGNORECASE,
)
_LABELLED_TARGET = re.compile(
    r"\btarget\s+(?:for\s+|in\s+)?(?P<year>" + _YEAR_PAIR + r")\s*(?::|is|of|was)?\s*" + _NUM + r"(?P<pct>\s?%)?",
    re.IGNORECASE,
)
_FROM_TO = re.compile(
    r"\b(?:fall|rise|reduc|increas|cut|improv|go|move|lower|rais|drop)\w*\s+from\s+(?P<base>"
    + _NUM
    + r"(?P<pct>\s?%)?)(?P<note>\s*\([^)]{0,60}\))?\s+to\s+",
    re.IGNORECASE,
)
_LEVEL = re.compile(_NUM + r"(?P<pct>\s?%)?")
_RATE_AFTER = re.compile(r"\s*per\s+1,?000\b", re.I)
_LEVEL_WAS = re.compile(r"\b(?:there\s+were|was|were|stood\s+at)\s+" + _NUM + r"(?P<pct>\s?%)?", re.IGNORECASE)
_IN_YEAR = re.compile(
    _NUM + r"(?P<pct>\s?%)?(?P<words>(?:\s+[a-z][\w-]*){0,4}?)\s+(?:in|for|by)\s+(?=(?:19|20)\d\d\s*[/-])"
)
_SETS_TARGETS = re.compile(r"\b(?:reduc|increas|cut|lower|rais|improv|bring|aim|target|achiev|maintain)\w*", re.I)
_CHANGE_BEFORE = re.compile(r"\b(?:by|of|a further)\s*$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_TITLE_STOP_WORDS = frozenset(
    ["the", "and", "of", "to", "in", "by", "for", "with", "who", "are", "rate", "number", "per", "from", "aged"]
)
_PROVISIONAL = re.compile(_NUM + r"(?P<pct>\s?%)?\s*\(?\s*provisional\s+target", re.IGNORECASE)

_GATES = {
    _BY_DATE: re.compile(r"by").search,
    _PROVISIONAL: re.compile(r"provisional", re.I).search,
    _BASELINE: re.compile(r"baseline", re.I).search,
    _FROM_TO: re.compile(r"from", re.I).search,
    _LABELLED_TARGET: re.compile(r"target", re.I).search,
    _IN_YEAR: re.compile(r"(?:in|for|by)\s+(?:19|20)\d\d\s*[/-]").search,
    _TO_LEVEL: re.compile(r"\bto\s+\d", re.I).search,
}
"""Pattern -> a search for a part every match of the pattern holds, in the pattern's own case rule.

Most patterns start at a number and are tried at every digit of a piece; the part they need (a word, or
'in 2008/') is found far faster, and a piece without it has no match.
"""


def _finditer(pattern: re.Pattern[str], text: str) -> Any:
    """``pattern.finditer(text)``, nothing at once where the part every match holds (:data:`_GATES`) is missing."""
    gate = _GATES.get(pattern)
    if gate is not None and gate(text) is None:
        return ()
    return pattern.finditer(text)


def _unit(match: re.Match[str]) -> str:
    if match.groupdict().get("pct"):
        return "percent"
    return "count" if "." not in match.group("num") else "other"


def _code_before(codes: list, pos: int) -> str | None:
    before = [m for m in codes if m.start <= pos]
    if before:
        return before[-1].code
    return codes[0].code if codes else None


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    start = max(s for s in starts if s <= pos)
    later = [s for s in starts if s > pos]
    return start, (later[0] if later else len(text))


def _sentence_at(text: str, pos: int) -> str:
    start, end = _sentence_span(text, pos)
    return text[start:end]


def _stated_period(text: str, pos: int) -> str | None:
    """The one year a sentence states, else the one year its piece states."""
    for scope in (_sentence_at(text, pos), text):
        periods = {p for p, _, _ in find_periods(scope)}
        if periods:
            return periods.pop() if len(periods) == 1 else None
    return None


def _indicator_at(ctx: Any, text: str, codes: list, pos: int) -> str | None:
    """The indicator a number in ``text`` is for: its sentence's code, else a title its sentence (or one before) names."""
    start, end = _sentence_span(text, pos)
    inside = [m for m in codes if start <= m.start < end]
    if inside:
        return _code_before(inside, pos)
    while True:  # this sentence's title, else the nearest sentence before that names one
        by_title = _code_by_title(ctx, text[start:end])
        if by_title or start == 0:
            break
        end = start
        start, _ = _sentence_span(text, start - 1)
        if any(start <= m.start < end for m in codes):
            break
    return by_title or _code_before(codes, pos)


def _code_by_title(ctx: Any, sentence: str) -> str | None:
    """The one indicator of the document whose title words a sentence uses most (two words at least)."""
    words = set(re.findall(r"[a-z][a-z-]+", sentence.lower())) - _TITLE_STOP_WORDS
    shared: dict[tuple[str, int], int] = {}  # (code, title number) -> words of that title the sentence uses
    index = ctx.title_word_index
    for word in words:
        for key in index.get(word, ()):
            shared[key] = shared.get(key, 0) + 1
    scores: dict[str, int] = {}
    for (code, _), n in shared.items():
        if n > scores.get(code, 0):
            scores[code] = n
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


class _Found:
    """The matches of one text, each number read once (the first pattern that claims it wins)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.rows: list[tuple[int, int, float, str, str, str | None, bool, str]] = []
        self.taken: list[tuple[int, int]] = []

    def add(self, m: re.Match[str], kind: str, period: str | None, provisional: bool = False, end: int = 0) -> None:
        if any(s <= m.start("num") < e for s, e in self.taken):
            return
        value = float(m.group("num").replace(",", ""))
        end = end or m.end()
        self.taken.append((m.start("num"), end))
        raw = self.text[m.start("num") : end].strip()
        unit = "rate_per_1000" if _RATE_AFTER.match(self.text, m.end("num")) else _unit(m)
        self.rows.append((m.start("num"), m.end(), value, kind, unit, period, provisional, raw))


def recognise_prose_targets(ctx: Any, table_targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Target rows written in text beside an indicator code (cells already read as table values excepted)."""
    read = {r["_order"][:3] for r in table_targets}
    out: list[dict[str, Any]] = []
    for piece in ctx.pieces:
        if piece.order[:3] in read:
            continue
        text = piece.text
        if not has_digit(text):
            continue  # every pattern below reads a number
        codes = find_indicator_codes(text)
        if not codes and _code_by_title(ctx, text) is None:
            continue
        found = _Found(text)
        add = found.add
        for m in _finditer(_BY_DATE, text):
            dates = [(d, e) for d, s, e in find_dates(text[m.end() :]) if s < 20]
            if dates:
                add(m, "target", period_of_date(dates[0][0]), end=m.end() + dates[0][1])
        for m in _finditer(_PROVISIONAL, text):
            add(m, "target", ctx_period(ctx, text, m), provisional=True)
        for m in _finditer(_BASELINE, text):
            near = [p for p, s, _ in find_periods(m.group("year") or text[m.end() : m.end() + 20]) if s < 12]
            add(m, "baseline", near[0] if near else None)
        for m in _finditer(_FROM_TO, text):
            add(m, "baseline", _note_period(m.group("note") or ""), end=m.end("base"))
            to = _LEVEL.match(text, m.end())
            if to:
                after = [p for p, s, _ in find_periods(text[to.end() : to.end() + 16]) if s < 8]
                add(to, "target", after[0] if after else None)
        for m in _finditer(_LABELLED_TARGET, text):
            near = [p for p, _, _ in find_periods(m.group("year"))]
            add(m, "target", near[0] if near else None)
        for m in _finditer(_IN_YEAR, text):
            sentence = _sentence_at(text, m.start())
            if not _SETS_TARGETS.search(sentence) or _CHANGE_BEFORE.search(text[: m.start()]):
                continue
            near = [p for p, s, _ in find_periods(text[m.end() : m.end() + 12]) if s < 3]
            if near and ctx.plan_start and period_start_year(near[0]) >= ctx.plan_start:
                add(m, "target", near[0], end=m.end("words"))
        for m in _finditer(_TO_LEVEL, text):
            if m.group("pct") or m.group("unit"):
                add(m, "target", ctx_period(ctx, text, m))
        for m in _finditer(_LEVEL_WAS, text):
            period = _stated_period(text, m.start())
            if period and ctx.plan_start and period_start_year(period) < ctx.plan_start:
                add(m, "baseline", period)
        for start, _end, value, kind, unit, period, provisional, raw in sorted(found.rows):
            rec = new_record(
                "target",
                piece.prov,
                text,
                order=piece.order + (start,),
                method=METHOD_PROSE,
                indicator_code=_indicator_at(ctx, text, codes, start),
                period=period,
                value_kind=kind,
                value=value,
                unit=unit,
                value_text=raw,
            )
            flag(rec, "prose_match")
            if provisional:
                flag(rec, "provisional")
            out.append(rec)
    return out


_NOTE_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/%]|\s*[-\u2013]\s*\d)")


def _note_period(note: str) -> str | None:
    """The year a baseline's note in brackets gives: a financial year as written ('(2007/08 outturn)'), else
    the one a single calendar year starts ('(2008 Place Survey)' -> 2008/09: nine of its months fall in it).

    >>> _note_period(" (2007/08 outturn)"), _note_period(" (2008 Place Survey)"), _note_period(" (survey)")
    ('2007/08', '2008/09', None)
    >>> _note_period(" (2007 and 2008 surveys)") is None
    True
    """
    near = [p for p, _, _ in find_periods(note)]
    if near:
        return near[0]
    years = set(_NOTE_YEAR.findall(note))
    return format_period(int(years.pop())) if len(years) == 1 else None


def ctx_period(ctx: Any, text: str, match: re.Match[str]) -> str | None:
    """The year a level stated without a date is for: a year written in the sentence, else the plan's first."""
    near = find_periods(text[max(0, match.start() - 60) : match.end() + 60])
    if len({p for p, _, _ in near}) == 1:
        return near[0][0]
    return format_period(ctx.plan_start) if ctx.plan_start else None


_BASELINE_WORD = re.compile(r"\bbaselines?\b", re.I)


def stated_baseline_periods(ctx: Any) -> dict[str, str]:
    """Indicator -> the year a sentence gives as its baseline's ('The NI 17 baseline is from the 2006/07 survey').

    Only a sentence naming one indicator, the word 'baseline' and dates that
    all fall in one financial year ('November 2007 - January 2008' -> 2007/08).
    """
    out: dict[str, str] = {}
    for piece in ctx.pieces:
        text = piece.text
        if not _BASELINE_WORD.search(text):
            continue
        for sentence in _SENTENCE_END.split(text):
            codes = {m.code for m in find_indicator_codes(sentence)}
            if len(codes) != 1 or not _BASELINE_WORD.search(sentence):
                continue
            years = {period_of_date(d) for d, _, _ in find_dates(sentence)}
            if len(years) == 1:
                out.setdefault(codes.pop(), years.pop())
    return out


def date_baselines(ctx: Any, targets: list[dict[str, Any]]) -> None:
    """Give a baseline read without a year the year the document states for that indicator's baseline."""
    if not any(r["value_kind"] == "baseline" and not r.get("period") for r in targets):
        return
    stated = stated_baseline_periods(ctx)
    for rec in targets:
        if rec["value_kind"] == "baseline" and not rec.get("period") and rec.get("indicator_code") in stated:
            rec["period"] = stated[rec["indicator_code"]]
