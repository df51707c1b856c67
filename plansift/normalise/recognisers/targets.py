"""Target tables: indicators against years, in either orientation, with cells split, merged or shifted.

A header row names two or more year columns ('2008/09', '08/09', 'Target
2008/09', 'Year 1', 'Baseline & Year', 'Q1'). Each following row belongs to
the indicator its label names (a code, or a title the document tied to a
code); rows without a label continue the indicator above (a cell the layout
split over two rows). A row naming an indicator but holding no values is a
title row for the rows under the next header. A table whose years run down
the first column is read transposed.

One row is written per number: '1.33 per 1000 population (382 incidents)'
gives a rate and a count. A line of rates an old converter shifted one
column to the left is put back where each rate agrees with its column's count
(flag ``shifted_column``).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from plansift.normalise.numbers import MEASURE_UNITS
from plansift.normalise.periods import find_periods, format_period, has_digit, parse_period, period_start_year
from plansift.normalise.recognisers.records import METHOD_CELL, METHOD_REPAIRED, flag, new_record
from plansift.normalise.recognisers.tables import CellRef, GridRow, LogicalTable, TableRecogniser
from plansift.normalise.recognisers.values import Value, is_provisional, read_values

MAX_HEADER_CELL_WORDS = 10
MAX_LONG_HEADER_ROW = 3
"""How far down a table the header of a one-row-per-indicator-and-year table may stand."""
_MONEY_HEADER = re.compile(r"£|\bfund|\bspend|\bbudget|\bcost|\bgrant|\bcapital\b|\brevenue\b|\bexpenditure", re.I)
_BASELINE = re.compile(r"\bbase\s*-?line\b", re.I)
_ACTUAL = re.compile(r"\b(?:actual|outturn|achieved|result|performance to date)\b", re.I)
_QUARTER = re.compile(r"^\s*(?:Q|Qtr|Quarter)\s*([1-4])\b", re.I)
_YEAR_N = re.compile(r"\bYear\s*([1-9])\b", re.I)
_KIND_WORD = re.compile(r"^\s*(?:target|actual|outturn|achieved|baseline|result)s?\s*$", re.I)
_ROW_KIND = re.compile(
    r"^(?:(?:LAA|local|agreed|revised|original|annual|stretch(?:ed)?|national|our)\s+)*"
    r"(?P<k>targets?|stretch|baseline|actuals?|outturn|achieved|results?|performance)"
    r"(?:\s+(?:target|figure|value|performance|position|level))?(?:\s*\((?:provisional|estimated?|draft|revised)\))?\s*:?$",
    re.I,
)
"""A row label that says what the row's values are ('Baseline', 'LAA target', 'Stretch', 'Actual'): the table's
columns are years, its rows kinds."""
_PERCENT_CONTEXT = re.compile(r"%|\bpercentage\b|\bproportion\b|\bper\s*cent\b", re.I)
_ALL_PERCENT = re.compile(
    r"\ball\s+(?:the\s+)?(?:figures|values|data|numbers)\s+(?:are\s+|as\s+|in\s+)(?:percentages|per\s*cent|%)", re.I
)
"""A caption saying every figure of its table is a percentage ('(all figures are percentages)')."""
_MEASURE_UNIT = re.compile(r"\b" + MEASURE_UNITS, re.I)
"""A unit of measure the schema has no unit for, named in a row's label or unit column ('kg', 'tonnes CO2')."""
_UNIT_HEADER = re.compile(r"^(?:units?|measure|unit of measure(?:ment)?|measured (?:as|in))$", re.I)
_GBP_UNIT = re.compile(r"\s*(?:£|gbp\b|pounds?\b)", re.I)
"""A unit column saying the figures are money ('£ per week'): the figures are in pounds."""
_RATE_CONTEXT = re.compile(r"\brate\b|per\s*1,?000|per\s+thousand", re.I)
_OTHER_RATE = re.compile(r"per\s*100,?000|per\s*10,?000(?!\d)|per\s+(?:one\s+)?hundred\s+thousand", re.I)
"""A rate per 100,000 (or 10,000): the schema's rate unit is per 1,000, so such numbers are 'other'."""


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """What a year column holds: its kind, its period (or how to work it out), and its header text."""

    kind: str
    period: str | None = None
    year_n: int | None = None
    quarter: int | None = None
    header: str = ""


@dataclass(slots=True)
class Group:
    """The rows of one indicator under one header."""

    code: str
    label: str = ""
    rows: list[tuple[GridRow, dict[int, ColumnSpec]]] = field(default_factory=list)


@lru_cache(maxsize=1 << 14)
def column_spec(text: str) -> ColumnSpec | None:
    """The spec of a header cell that names a year, a quarter or a baseline, else None (remembered: every
    row of a table is tried as a header, in both orientations)."""
    clean = " ".join(text.split())
    if not clean or len(clean.split()) > MAX_HEADER_CELL_WORDS:
        return None
    baseline = bool(_BASELINE.search(clean))
    if not baseline and not has_digit(clean):
        return None  # a year, a quarter and 'Year N' all need a digit: most cells stop here
    periods = {p for p, _, _ in find_periods(clean)}
    quarter = _QUARTER.match(clean)
    year_n = _YEAR_N.search(clean)
    if len(periods) > 1 or read_values(clean, leading_only=False):
        return None
    period = periods.pop() if periods else None
    if period and " Q" in period:
        return ColumnSpec("actual", period=period, header=clean)
    if baseline:
        return ColumnSpec("baseline", period=period, header=clean)
    if quarter and not period:
        return ColumnSpec("actual", quarter=int(quarter.group(1)), header=clean)
    kind = "actual" if _ACTUAL.search(clean) and not re.search(r"\btarget", clean, re.I) else "target"
    if period:
        return ColumnSpec(kind, period=period, header=clean)
    if year_n:
        return ColumnSpec(kind, year_n=int(year_n.group(1)), header=clean)
    return None


def _years_down_a_column(table: LogicalTable) -> bool:
    """Whether some column holds two cells naming a year (or a baseline): else no row of the transposed
    table can be a header, and the table need not be turned."""
    counts: dict[int, int] = {}
    for row in table.rows:
        for c, text in enumerate(row.texts):
            if column_spec(text) is not None:
                counts[c] = counts.get(c, 0) + 1
                if counts[c] >= 2:
                    return True
    return False


def _outturn_before_targets_is_baseline(specs: dict[int, ColumnSpec]) -> None:
    """'2007/08 Outturn' beside targets for later years only, with no baseline column: it is the baseline."""
    if any(s.kind == "baseline" for s in specs.values()):
        return
    target_years = [period_start_year(s.period) for s in specs.values() if s.kind == "target" and s.period]
    if not target_years:
        return
    for c, spec in specs.items():
        if (
            spec.kind == "actual"
            and spec.period
            and " Q" not in spec.period
            and period_start_year(spec.period) < min(target_years)
        ):
            specs[c] = ColumnSpec("baseline", period=spec.period, header=spec.header)


class TargetTableRecogniser(TableRecogniser):
    """Target rows from indicator tables (template hooks over :class:`TableRecogniser`)."""

    reads_rows_before_header = True  # a title row above the header names the indicator

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.specs: dict[int, ColumnSpec] = {}
        self.code_columns: list[int] = []
        self.unit_columns: list[int] = []
        """Columns headed 'Unit' or 'Measure': what each row's figures measure ('%', '£ per week')."""
        """Columns of the current header headed as short codes ('NI', 'Code'), beside its year columns."""
        self.group: Group | None = None
        self._headers: dict[int, tuple[GridRow, dict[int, ColumnSpec] | None]] = {}
        """Row id -> (the row, its header specs): :meth:`tables` reads every row as a header, :meth:`run` again."""

    # -- template hooks -------------------------------------------------------------------------------
    def header_roles(self, row: GridRow) -> dict[int, ColumnSpec] | None:
        """The row's column specs if it is a header, read once per row (the row is kept beside them, so its id
        is not reused); each caller gets its own copy, as :meth:`on_header` and :meth:`_refine_kinds` change it."""
        known = self._headers.get(id(row))
        if known is None or known[0] is not row:
            known = self._headers[id(row)] = (row, self._read_header(row))
        specs = known[1]
        return dict(specs) if specs is not None else None

    @staticmethod
    def _read_header(row: GridRow) -> dict[int, ColumnSpec] | None:
        texts = row.texts
        specs = {c: s for c, t in enumerate(texts) if (s := column_spec(t)) is not None}
        if len(specs) < 2 or any(_MONEY_HEADER.search(t) for t in texts):
            return None
        # A data row that starts with a year ('2008/09 | 368 | ...') is not a header.
        if any(read_values(t) for c, t in enumerate(texts) if c not in specs and t):
            return None
        _outturn_before_targets_is_baseline(specs)
        return specs

    def on_header(self, row: GridRow, roles: dict[int, ColumnSpec]) -> None:
        super().on_header(row, roles)
        if self.group and any(self._row_values(r, s) for r, s in self.group.rows):
            self._flush()
        self.specs = roles
        self.code_columns = [
            c for c, t in enumerate(row.texts) if c not in roles and _CODE_HEADER.match(" ".join(t.split()))
        ]
        self.unit_columns = [
            c for c, t in enumerate(row.texts) if c not in roles and _UNIT_HEADER.match(" ".join(t.split()))
        ]

    def start_table(self, table: LogicalTable) -> None:
        super().start_table(table)
        self.specs = {}
        self.code_columns = []
        self.unit_columns = []
        self.group = None

    def end_table(self, table: LogicalTable) -> None:
        self._flush()

    def tables(self) -> list[LogicalTable]:
        """The document's tables, each turned so that its header is a row (years as columns or as rows); a table
        of one row per indicator and year is :class:`LongTargetRecogniser`'s."""
        tables = []
        for table in self.ctx.tables:
            if any(long_roles(r) for r in table.rows[:MAX_LONG_HEADER_ROW]):
                continue
            if not any(self.header_roles(r) for r in table.rows) and _years_down_a_column(table):
                transposed = table.transposed()
                if any(self.header_roles(r) for r in transposed.rows):
                    table = transposed
            tables.append(table)
        return tables

    def read_row(self, row: GridRow, index: int, table: LogicalTable) -> None:
        from plansift.normalise.indicators import find_indicator_codes

        first_spec = min(self.specs) if self.specs else row_len(row)
        labels = [t for t in row.texts[:first_spec] if t]
        values = self._row_values(row, self.specs) if self.specs else {}
        kind = _row_kind(labels[-1]) if labels and values else None
        if kind:
            labels = labels[:-1]  # 'NI 16 ... | Target | 4,834': the label names the indicator, the cell the kind
        label = " ".join(labels)
        if kind and not label and self.group is None:
            self._caption_group(table)
        if kind and self.group is not None and not (label and self.ctx.indicator_of_label(label)):
            self.group.rows.append((row, _with_kind(self.specs, kind)))
            return
        if not values and self._refine_kinds(row):
            return
        if not values:
            # A title row ('LAA Indicator NI 16 ... | Block: ...'), a 'N/A' row, or a label cut over two rows.
            codes = [m.code for m in find_indicator_codes(label or row.text(0))]
            if codes and (self.group is None or self.group.code != codes[0]):
                self._flush()
                self.group = Group(code=codes[0], label=label or row.text(0))
            elif self.group is not None and self.specs:
                self.group.label += " " + label
                self.group.rows.append((row, dict(self.specs)))
            return
        coded, code = self._code_cell(row)
        code = code or (self.ctx.indicator_of_label(label) if label else None)
        if code is None and _LOCAL_CODE.match(label):
            coded = True  # 'CSP 12 Number of volunteers placed (local)': a local indicator, not the one above
        if code is None and coded:
            self._flush()  # a row of its own under a code no indicator has ('999', 'L1'): not the last one's
            return
        if code is not None and (self.group is None or self.group.code != code):
            self._flush()
            self.group = Group(code=code, label=label)
        elif self.group is not None and label:
            self.group.label += " " + label
        if self.group is None or not self.specs:
            return
        self.group.rows.append((row, dict(self.specs)))

    def _code_cell(self, row: GridRow) -> tuple[bool, str | None]:
        """Whether the row fills a column headed 'NI' or 'Code' with a short code, and the indicator a bare
        number there names ('NI | Indicator | ...' over '163 | Proportion of ...') when the National Indicator
        Set has it."""
        from plansift.normalise.indicators import indicator_title

        for c in self.code_columns:
            cell = row.text(c).strip()
            if not cell or len(cell) > 8 or _SUB_ITEM.fullmatch(cell):
                continue  # '(i)', '(ii)': parts of the indicator above, not codes of their own
            if cell.isdigit() and indicator_title(f"NI {int(cell)}"):
                return True, f"NI {int(cell)}"
            return True, None
        return False, None

    def _caption_group(self, table: LogicalTable) -> None:
        """The group of a table whose rows name no indicator: the one its caption names."""
        caption = self.ctx.caption_indicator(table.block_indexes[0]) if table.block_indexes else None
        if caption is not None:
            self.group = Group(code=caption[0], label=caption[1])

    def _refine_kinds(self, row: GridRow) -> bool:
        """A second header row under the years ('Target | Actual' under a spanning '2008/09') sets the kinds."""
        kinds = {c: _KIND_WORD.match(row.text(c)) for c in self.specs}
        if not any(kinds.values()) or any(row.text(c) and not k for c, k in kinds.items()):
            return False
        for c, k in kinds.items():
            if k:
                word = k.group(0).lower()
                kind = "baseline" if word.startswith("base") else "target" if word.startswith("target") else "actual"
                spec = self.specs[c]
                self.specs[c] = ColumnSpec(
                    kind, spec.period, spec.year_n, spec.quarter, spec.header + " " + row.text(c)
                )
        return True

    # -- reading a group ------------------------------------------------------------------------------
    @staticmethod
    def _row_values(row: GridRow, specs: dict[int, ColumnSpec]) -> dict[int, list[Value]]:
        out = {}
        for c in specs:
            vals = read_values(row.text(c))
            if vals:
                out[c] = vals
        return out

    def _flush(self) -> None:
        group, self.group = self.group, None
        if group is None or not group.rows:
            return
        from plansift.normalise.indicators import indicator_title

        title = indicator_title(group.code) or ""
        headers = " ".join(s.header for _, specs in group.rows for s in specs.values())
        units = " ".join(row.text(c) for row, _ in group.rows for c in self.unit_columns)
        headers = f"{headers} {units}" if units else headers
        context = group.label + " " + title + " " + headers
        rate_context = bool(_RATE_CONTEXT.search(context))
        first = next((c.order[0] for row, _ in group.rows for c in row.cells if c.order), 0)
        percent_context = bool(_PERCENT_CONTEXT.search(context) or _ALL_PERCENT.search(self.ctx.caption(first)))
        notes = self.ctx.notes_on(group.code, first)
        # the document's words, not the indicator's title: 'Level 2 qualification' names no unit
        measured = _MEASURE_UNIT.search(group.label + " " + headers)
        other_rate = bool(_OTHER_RATE.search(context + " " + notes) or measured)
        lines = _lines(group)
        entries: list[Entry] = []
        for li, (_specs, texts) in enumerate(lines):
            for c, (text, cell) in texts.items():
                # the cell's other lines count too: '1,250 quitters' over '(1,059 per 100,000)'
                named = other_rate and any(v.unit == "other" for v in read_values(cell.text))
                for v, unit in _decide_units(
                    read_values(text), rate_context, percent_context, other_rate, bool(_GBP_UNIT.match(units)), named
                ):
                    entries.append(Entry(li, c, v, unit, cell))
        _repair_shifted_rates(entries, sorted({c for specs, _ in lines for c in specs}))
        split = len({e.line for e in entries}) > 1
        baseline_periods = self._baseline_periods(group)
        for e in sorted(entries, key=lambda e: (e.col, e.line, e.value.start)):
            specs, texts = lines[e.line]
            spec = specs.get(e.col)
            if spec is None:
                continue
            period = self._period(spec, specs, e.col, baseline_periods)
            if spec.kind in ("baseline", "actual") and e.col in texts:
                # a baseline or an outturn of another year than its column's: '86.0% (08/09)' under 'Baseline 07/08'
                own = find_periods(texts[e.col][0])
                if len(own) == 1:
                    period = own[0][0]
            kind = "baseline" if _BASELINE_NOTE.search(texts[e.col][0] if e.col in texts else "") else spec.kind
            rec = new_record(
                "target",
                e.source.prov,
                e.source.text,
                order=e.source.order + (e.line, e.value.start),
                method=METHOD_REPAIRED if e.shifted or split else METHOD_CELL,
                indicator_code=group.code,
                period=period,
                value_kind=kind,
                value=e.value.value,
                unit=e.unit,
                value_text=e.value.raw,
            )
            if e.shifted:
                flag(rec, "shifted_column")
            if is_provisional(e.source.text):
                flag(rec, "provisional")
            self.records.append(rec)

    def _baseline_periods(self, group: Group) -> dict[int, str]:
        """Baseline column -> the year written in its cells ('383  1.24  2007/8'), or in the one other baseline
        column that gives a year ('Baseline year | Baseline value')."""
        out: dict[int, str] = {}
        columns: set[int] = set()
        for row, specs in group.rows:
            for c, spec in specs.items():
                if spec.kind == "baseline" and spec.period is None:
                    columns.add(c)
                    if c not in out and (found := find_periods(row.text(c))):
                        out[c] = found[0][0]
        years = set(out.values())
        if len(years) == 1:
            out.update(dict.fromkeys(columns - out.keys(), years.pop()))
        return out

    def _period(
        self, spec: ColumnSpec, specs: dict[int, ColumnSpec], col: int, baselines: dict[int, str]
    ) -> str | None:
        if spec.period:
            return spec.period
        if spec.kind == "baseline":
            return baselines.get(col)
        start = None
        known = [period_start_year(p) for p in baselines.values()]
        known = [y for y in known if y is not None]
        if spec.year_n is not None:
            base = known[0] + 1 if known else self.ctx.plan_start
            return format_period(base + spec.year_n - 1) if base else None
        if spec.quarter is not None:
            left = [specs[c] for c in sorted(specs) if c < col and specs[c].period and specs[c].kind != "baseline"]
            start = period_start_year(left[-1].period) if left else self.ctx.plan_start
            return f"{format_period(start)} Q{spec.quarter}" if start else None
        return parse_period(spec.header, self.ctx.plan_start)


MAX_POPULATION_SPREAD = 0.05
"""Count/rate pairs of one indicator agree when the populations they imply vary by less than this."""


@dataclass(slots=True)
class Entry:
    """One number of a group: its line and column, unit, and the cell it was read from."""

    line: int
    col: int
    value: Value
    unit: str
    source: CellRef
    shifted: bool = False


def _row_kind(label: str) -> str | None:
    """The kind a row label gives its values ('Baseline' -> baseline, 'LAA target' and 'Stretch' -> target,
    'Actual' and 'Outturn' -> actual), else None."""
    m = _ROW_KIND.match(" ".join(label.split()))
    if m is None:
        return None
    word = m.group("k").lower()
    if word.startswith("base"):
        return "baseline"
    return "target" if word.startswith(("target", "stretch")) else "actual"


def _with_kind(specs: dict[int, ColumnSpec], kind: str) -> dict[int, ColumnSpec]:
    return {c: ColumnSpec(kind, s.period, s.year_n, s.quarter, s.header) for c, s in specs.items()}


def row_len(row: GridRow) -> int:
    return len(row.cells)


Line = tuple[dict[int, ColumnSpec], dict[int, tuple[str, CellRef]]]


def _lines(group: Group) -> list[Line]:
    """The group's rows cut into lines: a cell holding '383 1.24 2007/8' over '1.20' is two lines of its column.

    A layout may put a line of values in the next table row or on the next line of the same cell; read
    line by line, both come out alike.
    """
    out: list[Line] = []
    for row, specs in group.rows:
        split = {c: [ln for ln in row.cells[c].text.splitlines() if ln.strip()] for c in specs if c < len(row.cells)}
        depth = max((len(v) for v in split.values()), default=0)
        for k in range(depth):
            texts = {c: (parts[k], row.cells[c]) for c, parts in split.items() if k < len(parts)}
            out.append((specs, texts))
    return out


def _decide_units(
    vals: list[Value],
    rate_context: bool,
    percent_context: bool = False,
    other_rate: bool = False,
    pounds: bool = False,
    named_rate: bool = False,
) -> list[tuple[Value, str]]:
    """Units for a cell's numbers: as the words say; else a decimal beside a count is a rate; a bare number
    under a percentage indicator or a '%' header is a percent; any number of an indicator counted per 100,000
    (or per 10,000) is 'other', a rate the schema has no unit for; with ``pounds`` (a unit column of '£ per
    week') a bare number is an amount in pounds."""
    out = []
    # '1,250 quitters (1,059 per 100,000)': beside a rate its words name, a whole number is the count
    named_rate = named_rate or other_rate and any(v.unit == "other" for v in vals)
    for v in vals:
        if v.unit in ("count", "rate_per_1000", "percent", "other"):
            out.append((v, v.unit))
        elif v.unit == "gbp" or pounds:
            out.append((v, "gbp"))
        elif other_rate and not (named_rate and "." not in v.raw):
            out.append((v, "other"))
        elif percent_context and not rate_context:
            out.append((v, "percent"))
        elif "." in v.raw and rate_context:
            out.append((v, "rate_per_1000"))
        elif "." not in v.raw:
            out.append((v, "count"))
        else:
            out.append((v, GUESSED))  # a decimal nothing names: 'other', unless the indicator's other figures say
    return out


GUESSED = "other?"
"""The unit :func:`_decide_units` gives a decimal that nothing beside it names: 'other' in the records, unless
the same indicator's figures elsewhere in the document all take one unit (see :func:`_units_from_siblings`)."""


def _units_from_siblings(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A figure whose unit nothing beside it names takes the one unit the same indicator's other figures in the
    document take (a quarterly table of bare decimals under a table whose unit column says '%'); else 'other'."""
    units: dict[str, set[str]] = {}
    for rec in records:
        if rec["unit"] not in (GUESSED, "gbp"):  # amounts are written as such ('£2.25'), not guessed
            units.setdefault(rec["indicator_code"], set()).add(rec["unit"])
    for rec in records:
        if rec["unit"] == GUESSED:
            known = units.get(rec["indicator_code"], set())
            rec["unit"] = next(iter(known)) if len(known) == 1 else "other"
    return records


def _population(count: float, rate: float) -> float | None:
    return count * 1000.0 / rate if rate > 0 and count > 0 else None


def _spread(pops: list[float]) -> float:
    if len(pops) < 2:
        return 0.0
    mean = statistics.fmean(pops)
    return statistics.pstdev(pops) / mean if mean else 0.0


def _repair_shifted_rates(entries: list[Entry], columns: list[int]) -> None:
    """Move rates a converter shifted one column to the left back to where each agrees with its column's count.

    The sign: a column holds more rates than counts while a later column has a count and no rate. The
    last rate of each column from the first to the one before the rate-less column moves one column
    right; the move is kept when the populations the count/rate pairs imply then agree.
    """

    def by_col(unit: str) -> dict[int, list[Entry]]:
        out: dict[int, list[Entry]] = {c: [] for c in columns}
        for e in sorted(entries, key=lambda e: (e.line, e.value.start)):
            if e.unit == unit and e.col in out:
                out[e.col].append(e)
        return out

    for k in columns:
        rates, counts = by_col("rate_per_1000"), by_col("count")
        if len(rates[k]) <= max(1, len(counts[k])):
            continue
        end = next((c for c in columns if c > k and counts[c] and not rates[c]), None)
        if end is None:
            continue
        chain = [c for c in columns if k <= c <= end]
        if any(not rates[c] for c in chain[:-1]):
            continue
        before = _spread(_populations(counts, {c: rates[c][:1] for c in columns}))
        after_rates = {c: list(v) for c, v in rates.items()}
        for i in range(len(chain) - 2, -1, -1):
            after_rates[chain[i + 1]].append(after_rates[chain[i]].pop())
        after = _spread(_populations(counts, {c: v[-1:] for c, v in after_rates.items()}))
        if after > MAX_POPULATION_SPREAD and after >= before / 2:
            continue
        for i in range(len(chain) - 2, -1, -1):
            moved = rates[chain[i]][-1]
            moved.col = chain[i + 1]
            moved.shifted = True


def _populations(counts: dict[int, list[Entry]], rates: dict[int, list[Entry]]) -> list[float]:
    out = []
    for c, cs in counts.items():
        if cs and rates.get(c) and (p := _population(cs[0].value.value, rates[c][0].value.value)):
            out.append(p)
    return out


_INDICATOR_HEADER = re.compile(r"^(?:national\s+)?(?:indicators?|ni|ni\s+code|measures?|code|pi)\b", re.I)
_LOCAL_CODE = re.compile(r"(?!NI\b|Q[1-4]\b)[A-Z]{2,6} ?-?\d{1,3}[a-z]?\b")
"""A row label opening with a code of the document's own ('CSP 12', 'LWM 3', 'LPI 4'): a local indicator."""
_BASELINE_NOTE = re.compile(r"\(\s*baseline\s*\)", re.I)
"""A figure marked as the baseline in its own cell ('27.5% (baseline)' under '2008/09')."""
_SUB_ITEM = re.compile(r"\(?(?:[ivx]{1,4}|[a-h])[.)]")
"""The mark of a part of the indicator above ('(i)', 'ii)', '(a)')."""
_CODE_HEADER = re.compile(r"^(?:ni|ni\s+(?:code|no\.?|number)|code|ref(?:erence)?|no\.?|pi)$", re.I)
"""A column of short codes naming each row's indicator."""
_YEAR_HEADER = re.compile(r"^(?:financial\s+)?(?:years?|period|date)$", re.I)
_KIND_HEADER = re.compile(r"^(?:type|kind|value\s+type|measure(?:\s+type)?|status)$", re.I)
_VALUE_HEADER = re.compile(r"^(?:values?|figures?|results?|data|number|level)$|^number\s+(?:of\s+)?\w", re.I)
"""The column of values: 'Value', 'Figure', or a count it names ('Number killed or seriously injured')."""


def long_roles(row: GridRow) -> dict[int, str] | None:
    """The columns of a header of one row per indicator and year ('Indicator | Year | Baseline | Target |
    Actual'): 'indicator', 'year' and a kind per value column; None for any other row."""
    roles = _long_roles(row.texts)
    return dict(roles) if roles is not None else None


@lru_cache(maxsize=1 << 14)
def _long_roles(texts: tuple[str, ...]) -> dict[int, str] | None:
    """:func:`long_roles` by the row's texts, remembered: three recognisers ask it of the same rows."""
    roles: dict[int, str] = {}
    for c, text in enumerate(texts):
        clean = " ".join(text.split())
        kind = _row_kind(clean) if clean else None
        if kind and kind not in roles.values():
            roles[c] = kind
        elif _INDICATOR_HEADER.match(clean) and "indicator" not in roles.values():
            roles[c] = "indicator"
        elif _YEAR_HEADER.match(clean) and "year" not in roles.values():
            roles[c] = "year"
        elif _KIND_HEADER.match(clean) and "kind" not in roles.values():
            roles[c] = "kind"
        elif _VALUE_HEADER.match(clean) and "value" not in roles.values():
            roles[c] = "value"
        elif _UNIT_HEADER.match(clean) and "unit" not in roles.values():
            roles[c] = "unit"
    kinds = [r for r in roles.values() if r in ("baseline", "target", "actual")]
    if not kinds and {"kind", "value"} <= set(roles.values()):
        kinds = ["value"]  # 'Indicator | Year | Type | Value': each row says its kind
    return roles if kinds and {"indicator", "year"} <= set(roles.values()) else None


class LongTargetRecogniser(TableRecogniser):
    """Target rows from tables of one row per indicator and year, a column per kind of value."""

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.code: str | None = None

    def header_roles(self, row: GridRow) -> dict[int, str] | None:
        return long_roles(row)

    def start_table(self, table: LogicalTable) -> None:
        super().start_table(table)
        self.code = None

    def read_row(self, row: GridRow, index: int, table: LogicalTable) -> None:
        from plansift.normalise.indicators import indicator_title

        roles = self.roles or {}
        col = {r: c for c, r in roles.items()}
        label = row.text(col["indicator"])
        if label:
            self.code = self.ctx.indicator_of_label(label)  # a blank cell carries the indicator above down
        period = parse_period(row.text(col["year"]), self.ctx.plan_start)
        if self.code is None or period is None:
            return
        measure = row.text(col["unit"]) if "unit" in col else ""
        context = f"{label} {indicator_title(self.code) or ''} {measure}"
        rate, percent = bool(_RATE_CONTEXT.search(context)), bool(_PERCENT_CONTEXT.search(context))
        notes = self.ctx.notes_on(self.code, table.block_indexes[0] if table.block_indexes else 0)
        other = bool(_OTHER_RATE.search(context + " " + notes))
        row_kind = _row_kind(row.text(col["kind"])) if "kind" in col else None
        for c, kind in sorted(roles.items()):
            if kind == "value" and row_kind:
                kind = row_kind
            if kind not in ("baseline", "target", "actual") or c >= len(row.cells):
                continue
            cell = row.cells[c]
            for value, unit in _decide_units(
                read_values(cell.text), rate, percent, other, bool(_GBP_UNIT.match(measure))
            ):
                rec = new_record(
                    "target",
                    cell.prov,
                    cell.text,
                    order=cell.order + (value.start,),
                    method=METHOD_CELL,
                    indicator_code=self.code,
                    period=period,
                    value_kind=kind,
                    value=value.value,
                    unit=unit,
                    value_text=value.raw,
                )
                if is_provisional(cell.text):
                    flag(rec, "provisional")
                self.records.append(rec)


def recognise_target_tables(ctx: Any) -> list[dict[str, Any]]:
    """Target rows from every indicator table of the document (tables of one row per indicator and year are
    read by :class:`LongTargetRecogniser`, the others by :class:`TargetTableRecogniser`)."""
    return _units_from_siblings(TargetTableRecogniser(ctx).run() + LongTargetRecogniser(ctx).run())
