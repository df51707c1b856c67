"""Funding: tables of streams against years or capital/revenue/in kind, flattened lists, money in prose.

A funding table's header names money columns: years ('2008/09') under money
words ('Funding & Planned Spend', '£'), or 'Capital', 'Revenue', 'In kind';
and perhaps a total, a source, a recipient, an 'assured Y/N' and a purpose
column. One row is written per non-zero amount. A Total column or a 'Total'
row is not a funding row: it is checked against the amounts it sums (flag
``total_mismatch``). The source is the stream a source column or the comment
names ('Source - Home Office Road Safety Grant', 'funded through the ...
Grant', 'part of the area based grant'), else the row's own label ('Home
Office Funding').
"""

from __future__ import annotations

import re
from typing import Any

from plansift.normalise.money import find_money, parse_money
from plansift.normalise.periods import find_periods, parse_period
from plansift.normalise.recognisers.records import METHOD_CELL, METHOD_PROSE, flag, new_record
from plansift.normalise.recognisers.tables import GridRow, LogicalTable, TableRecogniser, role_of

HEADER_VOCABULARY: tuple[tuple[str, str], ...] = (
    ("total", r"\btotal"),
    ("capital", r"\bcapital\b"),
    ("revenue", r"\brevenue\b"),
    ("in_kind", r"in[\s-]kind"),
    ("funder", r"\bfunders?\b|^funded by|provided by"),
    ("source", r"\bsource\b|funding stream|^streams?$"),
    ("recipient", r"recipient|received by|receiving"),
    ("assured", r"assured|secured\?|confirmed\?|committed\?"),
    ("purpose", r"what is being funded|purpose|what for|use of funds|description"),
    ("period", r"^financial years?:?$|^years?:?$|^period:?$"),
    ("amount", r"^amount\b|^value\b|^allocation\b|^sum\b|^£$|^\(£\)$"),
    ("comment", r"comment|rationale|notes?\b|detail"),
)


def _funder_is_source(roles: dict[int, str]) -> None:
    """A column naming the funder ('Funder', 'Provided by') is the source; beside it, a 'Funding stream' column
    names what the money is (read as the row's label)."""
    funder = next((c for c, r in roles.items() if r == "funder"), None)
    if funder is None:
        return
    for c in [c for c, r in roles.items() if r == "source"]:
        del roles[c]
    roles[funder] = "source"


_MONEY_WORDS = re.compile(r"£|\bfund|\bspend|\bbudget|\bcost|\bgrant|\bexpenditure|\ballocation", re.I)
MIN_SOURCE_RESEMBLANCE = 80
"""token_set_ratio a gazetteer stream needs with the phrase it replaces."""
_KINDS = ("capital", "revenue", "in_kind")
_THOUSANDS = re.compile(
    r"(?:£|\bGBP)\s*'?0{3}s?\b|(?:£|\bGBP)\s*k\b|\(k\)|(?:£|\bGBP)\s*thousands?|\bthousands\b|'000", re.I
)
_MILLIONS = re.compile(r"£\s*m\b|£\s*millions?\b|\(£m\)", re.I)
_BARE_NUMBER = re.compile(r"\s*£?\s*\d[\d,]*(?:\.\d+)?\s*")
_AMOUNT_CELL = re.compile(r"^\s*£?\s*\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$")
_TOTAL_LABEL = re.compile(r"^\s*(?:grand\s+|sub[\s-]?)?totals?\b", re.I)
_SENTENCE_END = re.compile(r"(?<![A-Z])\.(?=\s+[A-Z]|\s*$)|\n|\s(?i:received|allocated)\s+(?i:by|to)\b")
_STREAM_HEAD = re.compile(r"\b(?:grant|fund|funds|funding|budget|pot|allocation|money)\s*$", re.I)
_LABEL_FUNDER = re.compile(r"^(?P<x>(?:[A-Z][\w&'’.-]*\s+){1,5}?)(?:funding|fund|funds|grant|money)\s*$", re.I)
_SOURCE_PHRASES = [
    re.compile(r"\bsource\s*[-–:]*\s*(?P<x>.+)", re.I | re.S),
    re.compile(
        r"\b(?:funded|supported|paid|financed|resourced)\s+(?:through|by|from|via)\s+(?:the\s+)?"
        r"(?:£\s*[\d,.]+\s*(?:k|m|million)?\s+(?:of|from)\s+(?:the\s+)?)?(?P<x>.+)",
        re.I,
    ),
    re.compile(r"\bpart of\s+(?:the\s+)?(?P<x>[^.]*?\b(?:grant|fund|funding|budget|pot)\b)", re.I),
]
_RECIPIENT = re.compile(r"\breceived\s+by\s*[-–:]*\s*(?P<x>.+)", re.I | re.S)
_RECIPIENT_END = re.compile(r"\s+(?:and\s+allocated|as\s+part|for\s+the|for\s+allocation|in\s+\d{4})\b|\s*\(|\.(?!\w)")
_SOURCE_END = re.compile(r"\s+(?:which|that|and\s+is|as\s+part)\b|[,;(]")
_FUNDER_SUBJECT = re.compile(
    r"(?P<x>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|for)){0,7})\s*(?:\([^)]{0,60}\)\s*)?"
    r"(?:has|have|will|is\s+to|are\s+to)?\s*(?:awarded|allocated|contribute[sd]?|provide[sd]?|committed|granted"
    r"|give[sn]?|invest(?:ed|s)?)\s+(?:a\s+further\s+|up\s+to\s+|an?\s+additional\s+)?$"
)
_PER_YEAR = re.compile(r"\s*(?:a|per|each)\s+(?:year|annum)\b|\s*p\.?a\.?(?!\w)", re.I)
_ASSURED = re.compile(r"^\s*(?P<a>yes|y|no|n)\b", re.I)


def _phrase(text: str, pattern: re.Pattern[str], end: re.Pattern[str]) -> str | None:
    m = pattern.search(text)
    if not m:
        return None
    rest = m.group("x")
    stop = _SENTENCE_END.search(rest)
    rest = rest[: stop.start()] if stop else rest
    stop = end.search(rest)
    rest = rest[: stop.start()] if stop else rest
    rest = " ".join(rest.split()).strip(" .,-–:")
    return rest or None


def canonical_source(raw: str | None, area: Any) -> str | None:
    """The canonical stream or funder a phrase names; the phrase as written when the gazetteer does not know it."""
    if not raw:
        return None
    from plansift.normalise.organisations import find_organisations

    named = _named_funder(raw, area)
    if named:
        return named
    if _STREAM_HEAD.search(raw):
        return raw
    orgs = [o.name for o in find_organisations(raw, area) if o.name]
    if orgs and len(orgs[0].split()) * 2 >= len(raw.split()):
        return orgs[0]
    return raw


def _resembles(name: str, raw: str) -> bool:
    """A canonical name may stand for a phrase only when it shares most of its words (no guessing)."""
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(name.lower(), raw.lower()) >= MIN_SOURCE_RESEMBLANCE


def source_of(texts: list[str], label: str, area: Any) -> str | None:
    """The funding source: a phrase in the source or comment text, else the row's label if it names a funder."""
    from plansift.normalise.organisations import find_organisations

    for text in (" ".join(t.split()) for t in texts):  # a phrase may be cut over two lines
        for pattern in _SOURCE_PHRASES:
            found = _phrase(text, pattern, _SOURCE_END)
            if found:
                return canonical_source(found, area)
    if label:
        named = _named_funder(label, area)
        if named:
            return named
        orgs = [o.name for o in find_organisations(label, area) if o.name]
        if orgs:
            return orgs[0]
        funder = _LABEL_FUNDER.match(" ".join(label.split()))
        if funder and funder.group("x").split()[0][:1].isupper():
            return canonical_source(funder.group("x").strip(), area)
    return None


_LABEL_HEAD = re.compile(r"^(?P<head>[^-–—:(]+?)\s*(?:\s[-–—]\s|:\s|\()(?P<rest>.*)$")
"""A stream row's label that names its funder first: 'WNF - Knowsley Works programme', 'ABG (youth crime
prevention)', 'LSC: Train to Gain'."""
_BRACKETED = re.compile(r"\(([^()]{2,80})\)\s*$")


def _named_funder(text: str, area: Any) -> str | None:
    """The stream or body a phrase or a row's label names: one named first ('ABG - Connexions' is the Area Based
    Grant, not Connexions), else a stream the whole phrase resembles, else one named first or in brackets."""
    from plansift.normalise.organisations import match_funding_stream

    flat = " ".join(text.split())
    named = _labelled_funder(flat, area) if _LABEL_HEAD.match(flat) else None
    if named:
        return named
    stream = match_funding_stream(text, area)
    if stream is not None and stream.name and _resembles(stream.name, text):
        return stream.name
    return _labelled_funder(flat, area)


def _labelled_funder(label: str, area: Any) -> str | None:
    """The stream or body a row's label names before its purpose ('WNF - Knowsley Works programme' is the Working
    Neighbourhoods Fund; 'ERDF Merseyside 2007-13' the European Regional Development Fund), or in brackets after it
    ('Healthy Schools (Bradford and Airedale tPCT)'); None when it names none."""
    from plansift.normalise.organisations import find_organisations, match_funding_stream, match_organisation

    heads = []
    m = _LABEL_HEAD.match(label)
    if m and m.group("rest").strip():
        heads.append(m.group("head").strip())
    first = label.split()[0] if label.split() else ""
    if first.isupper() and 2 <= len(first) <= 6 and first not in heads:
        heads.append(first)  # an initialism opening the label
    bracket = _BRACKETED.search(label)
    if bracket:
        heads.append(bracket.group(1).strip())
    for head in heads:
        stream = match_funding_stream(head, area)
        if stream is not None and stream.name and (_resembles(stream.name, head) or head.isupper()):
            return stream.name
        found = match_organisation(head, area)
        if found.matched:
            return found.name
        orgs = [o for o in find_organisations(head, area) if o.name]
        if orgs and orgs[0].start == 0:
            return orgs[0].name  # 'LBTH mainstream': the body opens the label
    return None


def recipient_of(texts: list[str], area: Any) -> str | None:
    from plansift.normalise.organisations import match_organisation

    for text in texts:
        found = _phrase(text, _RECIPIENT, _RECIPIENT_END)
        if found:
            m = match_organisation(found, area)
            return m.name if m.matched and m.name else found
    return None


class FundingTableRecogniser(TableRecogniser):
    """Funding rows from funding tables (template hooks over :class:`TableRecogniser`)."""

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.periods: dict[int, str] = {}
        self.scale = 1.0
        self.pending: list[tuple[dict[str, Any], GridRow, list[str]]] = []
        self.table_rows: list[list[dict[str, Any]]] = []
        self.money_context = False
        self.table = LogicalTable()

    def header_roles(self, row: GridRow) -> dict[int, str] | None:
        roles: dict[int, str] = {}
        periods: dict[int, str] = {}
        if any(any(m.amount > 0 for m in find_money(t)) or _AMOUNT_CELL.match(t) for t in row.texts):
            return None
        for c, text in enumerate(row.texts):
            if len(text.split()) > 16:
                return None
            role = role_of(text, HEADER_VOCABULARY)
            if role and (role == "total" or role in _KINDS or role not in roles.values()):
                roles[c] = role
                continue
            period = parse_period(text) if text and len(text.split()) <= 4 else None
            if period and not parse_money(text.replace("£", "")):
                periods[c] = period
                roles[c] = "year"
        _funder_is_source(roles)
        kinds = [r for r in roles.values() if r in _KINDS or r == "amount"]
        if not kinds and not periods and "period" not in roles.values():
            return None  # what the checks below decide too, without looking for money words (most rows)
        # one search over the joined cells: a money word holds no space, and a space is a word boundary as a
        # cell's edge is, so it matches there exactly when it matches in some cell
        money_header = bool(_MONEY_WORDS.search(" ".join(row.texts)))
        if not money_header and self.money_context:
            # the caption says money: a row of labels and years is the header, a row with numbers is data
            money_header = not any(
                _BARE_NUMBER.fullmatch(t) or parse_money(t) for c, t in enumerate(row.texts) if t and c not in periods
            )
        if not kinds and not periods and money_header and "period" in roles.values():
            # years as rows, one column per stream or funder ('Year | Area Based Grant | Connexions | Total')
            for c, text in enumerate(row.texts):
                if c not in roles and text.strip() and self._names_funder(text):
                    roles[c] = "stream"
            kinds = [r for r in roles.values() if r == "stream"]
        if not kinds and not (len(periods) >= 1 and money_header):
            return None
        if "amount" in roles.values() and not (money_header or {"source", "period"} & set(roles.values())):
            return None
        self._candidate_periods = periods
        return roles

    def _names_funder(self, text: str) -> bool:
        from plansift.normalise.organisations import match_funding_stream

        return bool(
            _MONEY_WORDS.search(text) or match_funding_stream(text, self.ctx.area) or self.ctx.names_organisation(text)
        )

    def on_header(self, row: GridRow, roles: dict[int, str]) -> None:
        super().on_header(row, roles)
        self.periods = dict(self._candidate_periods)
        self.stream_names = {c: row.text(c) for c, r in roles.items() if r == "stream"}
        k = next((i for i, r in enumerate(self.table.rows) if r is row), 0)
        above = self.table.rows[max(0, k - TITLE_ROWS) : k]
        titles = " ".join(t for r in above for t in r.texts if t)  # a title row in the table: '3 Funding (£k)'
        header = " ".join(row.texts) + " " + self.caption + " " + titles
        self.scale = 1e6 if _MILLIONS.search(header) else 1e3 if _THOUSANDS.search(header) else 1.0

    def tables(self) -> list[LogicalTable]:
        """The document's tables but those of targets by indicator and year ('Indicator | Year | Type | Value'),
        whose values in £ (median earnings) are no funding."""
        from plansift.normalise.recognisers.targets import MAX_LONG_HEADER_ROW, long_roles

        return [t for t in self.ctx.tables if not any(long_roles(r) for r in t.rows[:MAX_LONG_HEADER_ROW])]

    def start_table(self, table: LogicalTable) -> None:
        super().start_table(table)
        self.pending = []
        self.table_rows = []
        self.caption = _caption(self.ctx, table)
        self.table = table
        self.money_context = _money_context(self.caption, table)

    def col(self, role: str) -> int | None:
        return next((c for c, r in (self.roles or {}).items() if r == role), None)

    def money_cols(self) -> list[int]:
        return [c for c, r in self.roles.items() if r in ("year", "amount", "stream") or r in _KINDS]

    def read_row(self, row: GridRow, index: int, table: LogicalTable) -> None:
        money = self.money_cols()
        label_c = next((c for c in range(len(row.cells)) if c not in self.roles), None)
        if label_c is not None and label_c > min(money, default=0):
            label_c = None
        label = row.text(label_c) if label_c is not None else ""
        texts = {r: row.cells[c].text for c, r in self.roles.items() if c < len(row.cells)}
        period_c = self.col("period")
        period = parse_period(row.text(period_c)) if period_c is not None else None
        if period is None and not self.periods:
            period = next((parse_period(t) for t in row.texts[:1] if parse_period(t)), None)
            label = label if not parse_period(label) else ""
        amounts = [(c, self._amount(row.text(c))) for c in money if c < len(row.cells) and row.text(c)]
        amounts = [(c, a) for c, a in amounts if a]
        if _TOTAL_LABEL.match(label) or _TOTAL_LABEL.match(row.text(0)):
            self._check_total_row(row, money)
            return
        if not amounts:
            extra = [t for t in (texts.get("comment", ""), texts.get("source", "")) if t.strip()]
            if self.pending and extra:
                self.pending[-1][2].extend(extra)
            return
        recs = []
        for c, amount in amounts:
            role = self.roles[c]
            cell = row.cells[c]
            rec = new_record(
                "funding",
                cell.prov,
                cell.text,
                order=cell.order,
                method=METHOD_CELL,
                amount_gbp=amount,
                period=self.periods.get(c) if role == "year" else period,
                funding_kind=role if role in _KINDS else None,
                purpose=" ".join((texts.get("purpose") or label).split()) or None,
                assured=_assured(texts.get("assured", "")),
            )
            if role == "stream":
                rec["_stream"] = self.stream_names.get(c)
            recs.append(rec)
        total_c = self.col("total")
        total = self._amount(row.text(total_c)) if total_c is not None and row.text(total_c) else None
        if total is not None and abs(total - sum(a for _, a in amounts)) > 1:
            for rec in recs:
                flag(rec, "total_mismatch")
        source_texts = [t for t in (texts.get("source", ""), texts.get("comment", "")) if t.strip()]
        if texts.get("source", "").strip() and not any(p.search(texts["source"]) for p in _SOURCE_PHRASES):
            # a source column holding the stream's name itself ('Area Based Grant', 'Pathfinder Fund (CLG)'), or
            # what is funded and its funder's initials in brackets ('NAHP grant to RSLs (HCA)')
            named = _funder_initials(texts["source"], self.ctx.area)
            source_texts = ["Source - " + (named or texts["source"]), *source_texts[1:]]
        for rec in recs:
            self.pending.append((rec, row, source_texts))
        self.table_rows.append(recs)

    def _amount(self, text: str) -> float | None:
        """A money cell in pounds: a bare number under a '£000' or '£m' header is scaled."""
        amount = parse_money(text)
        if amount is not None and _BARE_NUMBER.fullmatch(text):
            amount *= self.scale
        return amount

    def _check_total_row(self, row: GridRow, money: list[int]) -> None:
        """A 'Total' row: each of its amounts must be the sum of the column's rows above."""
        for c in money:
            total = self._amount(row.text(c)) if row.text(c) else None
            if total is None:
                continue
            column = [r for recs in self.table_rows for r in recs if r["_order"][2] == c]
            if column and abs(total - sum(r["amount_gbp"] for r in column)) > 1:
                for r in column:
                    flag(r, "total_mismatch")

    def end_table(self, table: LogicalTable) -> None:
        for rec, _row, source_texts in self.pending:
            label = rec["purpose"] or ""
            stream = rec.pop("_stream", None)
            rec["funding_source"] = (
                canonical_source(" ".join(stream.split()), self.ctx.area)
                if stream
                else source_of(source_texts, label, self.ctx.area)
            )
            rec["recipient"] = recipient_of(source_texts, self.ctx.area)
            self.records.append(rec)
        self.pending = []


_RESOURCES = re.compile(r"\bresources\b|\bfunding\b|£", re.I)


def _money_context(caption: str, table: LogicalTable) -> bool:
    """Whether a table is about money though its header row says nothing of it: its caption does ('3. Funding
    (£k)', 'Resources'), or its first rows hold amounts in £; never a table whose rows name indicators (a
    target table, even with £ values)."""
    from plansift.normalise.indicators import find_indicator_codes

    rows = table.rows[:MONEY_ROWS_LOOKED_AT]
    if any(find_indicator_codes(r.text(0)) for r in rows):
        return False
    return bool(_RESOURCES.search(caption)) or any("£" in t for r in rows for t in r.texts)


MONEY_ROWS_LOOKED_AT = 6
TITLE_ROWS = 3
"""Rows above a table's header that may title it, with its unit ('3 Funding (£k)' caught into the table)."""


_CAPTION_BELOW = re.compile(r"(?:table|figure)\s+\d+\s*[:.–-]", re.I)
"""A caption naming its table, written under it: 'Table 4: ...'."""


def _caption(ctx: Any, table: LogicalTable) -> str:
    """The short heading or line just above a table ('1. Resources (£000s)'), where a unit may be stated, and a
    caption naming the table just under it ('Table 4: Resources (figures in £000s)', as Word writes captions)."""
    first = min(table.block_indexes, default=0)
    above = (getattr(ctx.blocks[first - 1], "text", "") or "") if first > 0 else ""
    above = above if len(above.split()) <= 12 else ""
    last = max(table.block_indexes, default=0)
    below = (getattr(ctx.blocks[last + 1], "text", "") or "") if last + 1 < len(ctx.blocks) else ""
    if _CAPTION_BELOW.match(below) and len(below.split()) <= 20:
        return f"{above} {below}".strip()
    return above


def _assured(text: str) -> bool | None:
    m = _ASSURED.match(text or "")
    if not m:
        return None
    return m.group("a").lower().startswith("y")


def prose_funding(ctx: Any) -> list[dict[str, Any]]:
    """Amounts of money written in paragraphs and list items ('£25,000 from the Police', '£40,000 a year')."""
    out = []
    for piece in ctx.pieces:
        if piece.kind == "cell":
            continue
        amounts = find_money(piece.text)
        for k, m in enumerate(amounts):
            if m.amount <= 0:
                continue
            sentence_start = max(piece.text.rfind(".", 0, m.start) + 1, 0)
            sentence_end = piece.text.find(". ", m.end)
            sentence = piece.text[sentence_start : sentence_end if sentence_end != -1 else len(piece.text)]
            periods = {p for p, _, _ in find_periods(sentence)}
            after = piece.text[m.end : m.end + 80]
            source = None
            src = re.match(r"\s*(?:a year\s+|per annum\s+|p\.?a\.?\s+)?from\s+(?:the\s+)?(?P<x>[^,.;]+)", after, re.I)
            if src:
                source = canonical_source(" ".join(src.group("x").split()[:6]), ctx.area)
            else:
                source = source_of([sentence], _item_label(piece.text, amounts[0].start), ctx.area) or _subject_funder(
                    piece.text[sentence_start : m.start], ctx.area
                )
            # '£65,000 a year ... in 2008/09 and 2009/10': the amount in each year named
            if len(periods) > 1 and _PER_YEAR.match(after):
                years = sorted(periods)
            elif len(periods) > 1:
                years = [_clause_period(piece.text, amounts, k, sentence_start, sentence_start + len(sentence))]
            else:
                years = [_one(periods)]
            for i, year in enumerate(years):
                out.append(_prose_row(piece, m, i, year, sentence, source))
    return out


_ITEM_LABEL = re.compile(r"^(?P<label>[^:;.£]{3,120}):\s")
MAX_LABEL_WORDS = 15


def _item_label(text: str, first_amount: int) -> str:
    """The label a line of amounts opens with, before a colon and its first amount ('Social Care Reform Grant
    (Department of Health, ring-fenced): £3,412,000 in 2008/09; ...'); '' when it has none."""
    m = _ITEM_LABEL.match(text)
    if m is None or m.end() > first_amount or len(m.group("label").split()) > MAX_LABEL_WORDS:
        return ""
    return m.group("label")


_YEAR_AFTER = re.compile(r"\s*(?:in|for|during|\()\s*(?P<p>\d{4}\s*[/-]\s*\d{2,4})")


def _clause_period(text: str, amounts: list, k: int, start: int, end: int) -> str | None:
    """The one year named for the ``k``-th amount of a sentence naming several: the year written right after it
    ('£2.4m in 2008/09, rising to £2.9m in 2009/10'), else the one year of its clause ('£3,412,000 in 2008/09;
    ...'), between the amounts before and after it and not past a semicolon."""
    m = amounts[k]
    right_after = _YEAR_AFTER.match(text, m.end)
    if right_after:  # '£2.9m in 2009/10', '£750,000 (2009/10)'
        return parse_period(right_after.group("p"))
    lo = max(start, amounts[k - 1].end if k else start, text.rfind(";", start, m.start) + 1)
    hi = min(end, amounts[k + 1].start if k + 1 < len(amounts) else end)
    semicolon = text.find(";", m.end, hi)
    hi = semicolon if semicolon != -1 else hi
    return _one({p for p, _, _ in find_periods(text[lo:hi])})


_INITIALS_AFTER = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<x>[A-Z]{2,6})\)\s*$")


def _funder_initials(text: str, area: Any) -> str | None:
    """The body a label names by its initials in brackets after what it funds ('NAHP grant to RSLs (HCA)' is the
    Homes and Communities Agency); None when the label opens with a stream's own name ('Homelessness Grant (CLG)',
    a grant named as such) or the initials name no body the gazetteer knows."""
    from plansift.normalise.organisations import match_organisation

    m = _INITIALS_AFTER.match(" ".join(text.split()))
    if m is None or _STREAM_HEAD.search(m.group("head")):
        return None
    found = match_organisation(m.group("x"), area)
    return found.name if found.matched else None


def _one(periods: set[str]) -> str | None:
    return next(iter(periods)) if len(periods) == 1 else None


def _subject_funder(before: str, area: Any) -> str | None:
    """The funder a sentence names as the giver of an amount ('The Youth Justice Board has awarded £120,000')."""
    m = _FUNDER_SUBJECT.search(" ".join(before[-200:].split()) + " " if before.strip() else "")
    if not m:
        return None
    name = re.sub(r"^(?:the|in|and)\s+", "", m.group("x").strip(), flags=re.I)
    return canonical_source(name, area) if name else None


def _prose_row(piece: Any, m: Any, i: int, period: str | None, sentence: str, source: str | None) -> dict[str, Any]:
    """One funding row read from a sentence (the ``i``-th of an amount given for several years)."""
    rec = new_record(
        "funding",
        piece.prov,
        piece.text,
        order=piece.order + ((m.start,) if i == 0 else (m.start, i)),
        method=METHOD_PROSE,
        amount_gbp=m.amount,
        period=period,
        funding_kind=None,
        purpose=" ".join(sentence.split()) or None,
        funding_source=source,
        recipient=None,
        assured=None,
    )
    flag(rec, "prose_match")
    return rec


def recognise_funding(ctx: Any) -> list[dict[str, Any]]:
    """Funding rows from funding tables, flattened amount lists and prose, in that order of trust."""
    from plansift.normalise.recognisers.flat import flattened_funding

    rows = FundingTableRecogniser(ctx).run()
    read = {r["_order"][:3] for r in rows}
    rows += [r for r in flattened_funding(ctx) if r["_order"][:3] not in read]
    rows += prose_funding(ctx)
    return rows
