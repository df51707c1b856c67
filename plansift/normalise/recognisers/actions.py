"""Action tables and action lists: what will be done, by whom, by when.

An action table is a table whose header names an action column ('Planned
Action(s)', 'Activity', 'Direct and Supporting Actions') and at least one of
a reference, a lead, a milestone or a date column, in any order and wording.
Rows a page break cut in two are joined; a row a converter shifted one column
to the left is put back (flag ``shifted_column``). A cell holding a bullet
list gives one action per bullet, all under the row's reference. The
indicator an action serves comes from its 'Key Areas' / indicator column (kept
for the rows under it), else from the nearest heading naming one code.

The due date is the latest date of the date column, else of the milestones,
else of the action's own text ('(by March 2010)'), else the document-wide
deadline ('All end March 09 except where indicated': flag
``default_deadline``). A date written as a start ('From Oct 2008', 'starting
April 2008') is no due date: the action runs from then, and its due date stays
null (the start kept in the milestone as written), unless the action is the
start itself ('Introduce a triage scheme, starting in October 2008', 'Launch
...', 'Open ...'): what begins then is done then.

A plan without an action table may list its activities as bullets under a
numbered paragraph; :func:`list_actions` reads those (objectives 'To ...',
indicator lists and numbered paragraphs are not actions).
"""

from __future__ import annotations

import re
from typing import Any

from plansift.extractors.model import Heading, ListItem, Paragraph, Table
from plansift.normalise.recognisers.records import (
    METHOD_CELL,
    METHOD_LIST,
    METHOD_PROSE,
    METHOD_REPAIRED,
    flag,
    new_record,
)
from plansift.normalise.recognisers.tables import GridRow, LogicalTable, TableRecogniser, role_of
from plansift.normalise.recognisers.values import is_not_set

_ORGANISATION_LABEL = r"^(?:(?:lead|responsible|delivery)\s+)?(?:organisation|agency|body)$|^lead\s+partner$"
"""A column or field naming the lead body beside a lead officer ('Organisation', 'Lead agency')."""

HEADER_VOCABULARY: tuple[tuple[str, str], ...] = (
    ("ignore", r"progress|link to|contribution|plausib|comment|mitigat|^risk|resource|budget|cost|funding"),
    ("date", r"\bdate\b|deadline|timescale|duration|by when|\bwhen\b|completion|^due\b|\bdue$"),
    ("milestone", r"milestone|success measure|outcome measure|measure of success|how (?:we|will we) (?:will )?know"),
    ("organisation", _ORGANISATION_LABEL),
    ("lead", r"\blead\b|officer|by whom|responsib|owner|\bwho\b|accountable"),
    (
        "action",
        r"action|activit|intervention|task|what (?:\w+ )?will|what (?:we|you) (?:will )?do|initiative|planned|^what\??$",
    ),
    ("ref", r"^(?:ref|no\.?|nr|#|number|id)\b|\bref\b"),
    ("area", r"key area|area for improvement|priority|objective|outcome|indicator"),
)
_NUMBERING = re.compile(r"^\s*\*?\s*(?P<n>\d{1,2})(?:\s*[.)]\s*|\s+)(?=[A-Za-z])")
_SUB_AREA = re.compile(r"(?:^|\s)(?P<letter>[a-h])\)\s+\S")
_BULLET = re.compile(r"^\s*[·•\-–*o●▪■►]\s+")
_SECTION_NO = re.compile(r"^\s*(?P<ref>\d{1,2}(?:\.\d{1,2})+)\b")
_ACTION_HEADING = re.compile(r"\b(?:actions?|activities|what we will do)\b", re.I)
_ACTION_CUE = re.compile(
    r"\b(?:will|actions?|activit\w*|work\w*|deliver\w*|initiatives?|programmes?|measures|tasks?|projects?)\b", re.I
)
MAX_HEADER_WORDS = 8
"""A header cell is a few words; a longer cell is data even when it says 'Action Plan'."""
MAX_IGNORED_HEADER_WORDS = 14
"""A header cell naming a column no action table reads ('Link to ... priorities') may run longer."""
_MIN_LIST_ACTIONS = 3
SECTION_LOOKBACK = 30
"""How many blocks back a list's section heading may stand."""
_MAX_LIST_ITEM_WORDS = 30
MIN_ACTION_WORDS = 4
"""A list item read as an action beside action tables states one in at least this many words."""


def clean_description(text: str) -> str:
    """The action as written, whitespace-normalised, its numbering and bullet stripped."""
    text = _BULLET.sub("", text.strip())
    text = _NUMBERING.sub("", text)
    return " ".join(text.split()).strip()


def _latest_date(text: str):
    """The latest date ``text`` names that is not written as a start ('From Oct 2008'), or None."""
    from plansift.normalise.dates import due_dates

    dates = [d for d, _, _ in due_dates(text or "")]
    return max(dates) if dates else None


_STARTS_SOMETHING = re.compile(
    r"^(?:[^.;:]{0,80}?\bwill\s+)?(?:introduc(?:e|es|ing)|launch(?:es|ing)?|establish(?:es|ing)?|set(?:s|ting)?\s+up"
    r"|open(?:s|ing)?|start(?:s|ing)?|begin(?:s|ning)?|commenc(?:e|es|ing)|creat(?:e|es|ing))\b",
    re.IGNORECASE,
)
"""An action whose verb is a start ('Introduce ...', '<body> will launch ...'): its start date is when it is done."""


class ActionTableRecogniser(TableRecogniser):
    """Action rows from action tables (template hooks over :class:`TableRecogniser`)."""

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.pending: list[dict[str, Any]] = []
        self.area_text = ""
        self.officers = OfficerDirectory(ctx)

    def header_roles(self, row: GridRow) -> dict[int, str] | None:
        roles: dict[int, str] = {}
        for c, text in enumerate(row.texts):
            words = len(text.split())
            if words > MAX_IGNORED_HEADER_WORDS:
                return None  # too long for a header cell whatever its role: no need to look for one
            role = role_of(text, HEADER_VOCABULARY)
            if words > (MAX_IGNORED_HEADER_WORDS if role == "ignore" else MAX_HEADER_WORDS):
                return None
            if role and role != "ignore" and role not in roles.values():
                roles[c] = role
        if "lead" not in roles.values():  # a lone 'Lead organisation' column is the lead column
            roles = {c: "lead" if r == "organisation" else r for c, r in roles.items()}
        if "action" not in roles.values():
            _promote_action_column(row, roles)
        if "action" not in roles.values() and {"lead", "date"} & set(roles.values()):
            _milestones_are_actions(row, roles)
        if "action" not in roles.values() or len(roles) < 2:
            return None
        return roles

    def start_table(self, table: LogicalTable) -> None:
        super().start_table(table)
        self.area_text = ""
        self.pending = []

    def end_table(self, table: LogicalTable) -> None:
        self._emit()

    def on_header(self, row: GridRow, roles: dict[int, str]) -> None:
        if self.roles and roles != self.roles:
            self._emit()
        super().on_header(row, roles)

    def col(self, role: str) -> int | None:
        return next((c for c, r in (self.roles or {}).items() if r == role), None)

    def read_row(self, row: GridRow, index: int, table: LogicalTable) -> None:
        if _other_header(row):
            # The header of another table ('Risk | Actions to mitigate risk | By whom'): what follows is not ours.
            self._emit()
            self.roles = None
            return
        action_c, area_c = self.col("action"), self.col("area")
        shifted = False
        if (
            area_c is not None
            and action_c == area_c + 1
            and _NUMBERING.match(row.text(area_c))
            and not _NUMBERING.match(row.text(action_c))
            and not row.texts[-1]
        ):
            row = GridRow(cells=[row.cells[-1], *row.cells[:-1]], prov=row.prov, part_start=row.part_start)
            shifted = True
        texts = {role: row.text(c) for c, role in self.roles.items()}
        action_text = row.cells[action_c].text if action_c is not None and action_c < len(row.cells) else ""
        if area_c is not None and texts.get("area"):
            self._emit()
            self.area_text = texts["area"]
        if not action_text.strip():
            self._continue(row)
            return
        starts_low = action_text.strip()[:1].islower()
        if (
            self.pending
            and row.part_start
            and starts_low
            and not self.pending[-1]["_text"].rstrip().endswith((".", "!", "?", ":"))
        ):
            self._continue(row)
            return
        self._emit()
        cell = row.cells[action_c]
        fields = {role: row.cells[c].text for c, role in self.roles.items() if c < len(row.cells)}
        items = _items(cell)
        per_item = [fields] * len(items)
        if len(items) == 1:
            parallel = _parallel_lines(fields)
            if parallel:
                items, per_item = [f["action"] for f in parallel], parallel
        for i, item in enumerate(items):
            self.pending.append(
                {
                    "_text": item,
                    "_row": row,
                    "_fields": dict(per_item[i]),
                    "_shifted": shifted,
                    "_item": i,
                    "_list": len(items) > 1,
                }
            )

    def _continue(self, row: GridRow) -> None:
        """Join a row that carries on the one above (a page break, or dates on lines of their own)."""
        if not self.pending:
            return
        for c, role in self.roles.items():
            extra = row.cells[c].text.strip() if c < len(row.cells) else ""
            if not extra:
                continue
            for p in self.pending:
                p["_fields"][role] = (p["_fields"].get(role, "") + "\n" + extra).strip()
                if role == "action" and p is self.pending[-1]:
                    p["_text"] = p["_text"].rstrip() + " " + extra
            self.pending[-1]["_joined"] = True

    def _emit(self) -> None:
        for p in self.pending:
            self.records.append(self._record(p))
        self.pending = []

    def _record(self, p: dict[str, Any]) -> dict[str, Any]:
        from plansift.normalise.indicators import find_indicator_codes

        fields, row = p["_fields"], p["_row"]
        action_c = self.col("action")
        cell = row.cells[action_c]
        codes = [m.code for m in find_indicator_codes(self.area_text)] if self.area_text else []
        own = {m.code for m in find_indicator_codes(p["_text"])}
        indicator = codes[0] if codes else (own.pop() if len(own) == 1 else self.ctx.heading_indicator(cell.order))
        ref = " ".join((fields.get("ref") or "").split()) or _derived_ref(indicator, self.area_text, p["_text"])
        method = METHOD_REPAIRED if p["_shifted"] or p.get("_joined") else METHOD_LIST if p["_list"] else METHOD_CELL
        rec = new_record(
            "action",
            cell.prov,
            cell.text if not p.get("_joined") else p["_text"],
            order=cell.order + (p["_item"],),
            method=method,
            action_ref=ref,
            description=clean_description(p["_text"]),
            indicator_code=indicator,
        )
        if p["_shifted"]:
            flag(rec, "shifted_column")
        self.officers.fill_lead(rec, fields.get("lead", ""), fields.get("organisation", ""))
        fill_due(rec, self.ctx, fields, p["_text"])
        return rec


def _promote_action_column(row: GridRow, roles: dict[int, str]) -> None:
    """Make the one header cell that also names an activity ('Milestone / Activity') the action column.

    A header without a column of its own for actions may still name them in a
    cell the vocabulary gave another role first; the first such cell is it.
    """
    pattern = dict(HEADER_VOCABULARY)["action"]
    for c, text in enumerate(row.texts):
        if roles.get(c) in {"milestone", "area"} and re.search(pattern, " ".join(text.lower().split())):
            roles[c] = "action"
            return


def _milestones_are_actions(row: GridRow, roles: dict[int, str]) -> None:
    """'No. | Milestone | Owner | Completion date': a table of milestones, each with its owner and date and no
    column of actions beside them, lists the actions themselves."""
    for c, role in roles.items():
        if role == "milestone" and re.fullmatch(
            r"(?:key\s+|delivery\s+)?milestones?", " ".join(row.text(c).lower().split())
        ):
            roles[c] = "action"
            return


def _other_header(row: GridRow) -> bool:
    """A row of short cells each naming a column, one of them a column no action table reads (risk, progress)."""
    texts = [t for t in row.texts if t]
    if len(texts) < 2 or any(len(t.split()) > MAX_HEADER_WORDS for t in texts):
        return False
    roles = [role_of(t, HEADER_VOCABULARY) for t in texts]
    return all(roles) and "ignore" in roles and "action" not in roles


def _items(cell) -> list[str]:
    """The actions a cell holds: one per bullet when it holds a list, else the whole text."""
    bullets = [b.text for b in cell.blocks if isinstance(b, ListItem) and b.text.strip()]
    if len(bullets) >= 2:
        return bullets
    lines = [ln for ln in cell.text.splitlines() if ln.strip()]
    marked = [ln for ln in lines if _BULLET.match(ln)]
    if len(marked) >= 2 and len(marked) == len(lines):
        return marked
    return [cell.text]


def _parallel_lines(fields: dict[str, str]) -> list[dict[str, str]] | None:
    """Rows a converter merged into one: the action, lead and date cells hold the same number of lines.

    Each action line must open with a capital and each date line hold a date
    (or, without a date column, each lead line name someone): then line ``i`` of
    every such cell belongs to action ``i``. Cells with another number of lines
    (a priority written once) stay whole for every action.
    """
    from plansift.normalise.dates import find_dates

    split = {role: [ln.strip() for ln in text.splitlines() if ln.strip()] for role, text in fields.items()}
    actions = split.get("action", [])
    n = len(actions)
    if n < 2 or not all(ln[:1].isupper() for ln in actions):
        return None
    dates, leads = split.get("date", []), split.get("lead", [])
    if len(dates) == n:
        if not all(find_dates(ln) for ln in dates):
            return None
    elif "date" in split or len(leads) != n:
        return None
    return [{role: (lines[i] if len(lines) == n else fields[role]) for role, lines in split.items()} for i in range(n)]


def _derived_ref(indicator: str | None, area_text: str, text: str) -> str | None:
    """'NI 15 a) 1' from the Key Areas cell's code and sub-area letter and the activity's own number."""
    number = _NUMBERING.match(text)
    if not indicator or not number:
        return None
    sub = _SUB_AREA.search(area_text)
    parts = [indicator, f"{sub.group('letter')})" if sub else None, number.group("n")]
    return " ".join(p for p in parts if p)


def fill_due(rec: dict[str, Any], ctx: Any, fields: dict[str, str], text: str) -> None:
    """Due date and milestone: the date column, the milestones, the action's own text, the document default.

    A start ('From Oct 2008') is no due date, except for an action that is the start itself (see the module notes).
    """
    from plansift.normalise.dates import start_phrase

    default = ctx.default_deadline
    date_text = fields.get("date", "")
    is_default = bool(default and date_text and " ".join(date_text.split()) == default.text)
    milestone = fields.get("milestone", "")
    rec["milestone"] = " ".join(milestone.split()) or (" ".join(date_text.split()) if date_text else None)
    start = None
    for source in ("" if is_default else date_text, milestone, text):
        due = _latest_date(source)
        if due is not None:
            rec["due_date"] = due
            if source is text and not milestone:
                rec["milestone"] = _date_phrase(text) or rec["milestone"]
            return
        start = start or start_phrase(source)
    rec["due_date"] = None
    if start is not None:
        rec["milestone"] = rec["milestone"] or start[1]
        if _STARTS_SOMETHING.match(rec.get("description") or ""):
            rec["due_date"] = start[0]
            return
    if default is not None:
        rec["due_date"] = default.date
        rec["milestone"] = rec["milestone"] or default.text
        flag(rec, "default_deadline")


def _date_phrase(text: str) -> str | None:
    m = re.search(r"\((?P<p>[^()]*\d[^()]*)\)", text)
    return m.group("p").strip() if m else None


class OfficerDirectory:
    """Lead officer, role, organisation and partners of an action's lead cell.

    A person named without an organisation takes the one the document gives
    them elsewhere ('Richard Howe - Partnership Analyst (West Midlands
    Police)'); a post named without a person or an organisation takes the
    plan's declared lead agency.
    """

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self._known: dict[str, str | None] = {}

    def organisation_of(self, name: str) -> str | None:
        if name in self._known:
            return self._known[name]
        from plansift.normalise.officers import parse_officer_cell

        found = None
        for piece in self.ctx.pieces:
            if name in piece.text and len(piece.text) < 400:
                for o in parse_officer_cell(piece.text, self.ctx.area):
                    if o.name == name and o.organisation:
                        found = o.organisation
                        break
            if found:
                break
        self._known[name] = found
        return found

    def organisation_in(self, text: str) -> str | None:
        """The body a lead-organisation cell names ('Milton Keynes Council (Transport Policy)'), or None
        ('TBC', 'Vacant')."""
        from plansift.normalise.officers import parse_officer_cell
        from plansift.normalise.organisations import find_organisations, match_organisation

        text = " ".join(text.split())
        if not text or is_not_set(text):
            return None
        found = [o.name for o in find_organisations(text, self.ctx.area) if o.name]
        if found:
            return found[0]
        match = match_organisation(re.sub(r"\s*\([^()]*\)\s*$", "", text), self.ctx.area)
        if match.matched:
            return match.name
        return next((o.organisation for o in parse_officer_cell(text, self.ctx.area) if o.organisation), None)

    def fill_lead(self, rec: dict[str, Any], text: str, organisation: str = "") -> None:
        """The lead fields from a lead cell, and from a cell of its own naming the lead body, which then prevails
        (a bracket after the officer's post names a team: 'Commissioning Manager (Adults)')."""
        self._fill_lead(rec, text)
        body = self.organisation_in(organisation) if organisation.strip() else None
        if body is not None:
            rec["lead_organisation"] = body
            if rec["partners"]:
                rec["partners"] = ";".join(p for p in rec["partners"].split(";") if p != body) or None

    def _fill_lead(self, rec: dict[str, Any], text: str) -> None:
        from plansift.normalise.officers import parse_officer_cell

        rec.update(lead_officer=None, lead_role=None, lead_organisation=None, partners=None)
        officers = parse_officer_cell(text, self.ctx.area) if text.strip() else []
        if not officers:
            return
        lead = officers[0]
        org = lead.organisation
        if org is None and lead.name:
            org = self.organisation_of(lead.name)
        if org is None and lead.name is None and lead.role:
            org = self.ctx.lead_agency
        partners = [p for o in officers for p in ([o.organisation] if o is not lead else []) + o.partners if p]
        partners = list(dict.fromkeys(p for p in partners if p != org))
        rec.update(
            lead_officer=lead.name,
            lead_role="; ".join(o.role for o in officers if o.role and o.name == lead.name) or None,
            lead_organisation=org,
            partners=";".join(partners) or None,
        )


def _under_action_heading(blocks: list, i: int) -> bool:
    """Whether the list at ``i`` stands in a section whose heading says it holds actions ('4. Key actions'), under
    any short sub-headings or lines of its own ('Healthy weight (NI 55, NI 56)')."""
    for block in reversed(blocks[max(0, i - SECTION_LOOKBACK) : i]):
        if isinstance(block, Table):
            return False
        if isinstance(block, Heading):
            if _ACTION_HEADING.search(block.text):
                return True
            if block.level <= 2 or _SECTION_NO.match(block.text) or _NUMBERING.match(block.text):
                return False
    return False


def list_actions(ctx: Any, headed_only: bool = False) -> list[dict[str, Any]]:
    """Actions written as a bullet list under a numbered paragraph, for plans without an action table; with
    ``headed_only``, only lists in a section whose heading says it holds actions."""
    from plansift.normalise.indicators import find_indicator_codes

    out: list[dict[str, Any]] = []
    officers = OfficerDirectory(ctx)
    blocks = ctx.blocks
    i = 0
    while i < len(blocks):
        if not isinstance(blocks[i], ListItem):
            i += 1
            continue
        depth = blocks[i].depth
        run = [i]
        j = i + 1
        while j < len(blocks) and isinstance(blocks[j], ListItem) and blocks[j].depth == depth:
            run.append(j)
            j += 1
        items = [blocks[k] for k in run]
        intro = blocks[i - 1] if i > 0 else None
        in_actions = _under_action_heading(blocks, i)
        i = j
        if headed_only and not (in_actions and all(_states_an_action(it.text) for it in items)):
            continue
        if len(items) < (1 if in_actions else _MIN_LIST_ACTIONS) or intro is None:
            continue
        texts = [it.text.strip() for it in items]
        numbered = sum(bool(_SECTION_NO.match(t)) for t in texts) * 2 > len(texts)
        if numbered and not (isinstance(intro, Heading) and _ACTION_HEADING.search(intro.text)):
            continue  # numbered paragraphs are actions only under a heading that says so ('2. Actions')
        if sum(t.lower().startswith("to ") for t in texts) * 2 > len(texts):
            continue
        if sum(bool(find_indicator_codes(t)) for t in texts) * 2 > len(texts):
            continue
        if any(len(t.split()) > _MAX_LIST_ITEM_WORDS for t in texts):
            continue
        intro_text = getattr(intro, "text", "")
        if not (in_actions or _ACTION_CUE.search(intro_text)):
            continue
        section = _SECTION_NO.match(intro_text)
        ref = section.group("ref") if section else None
        lead = ctx.resolve_generic_body(intro_text)
        for k, it in zip(run, items, strict=True):
            text, fields = _inline_fields(it.text)
            bracket, lead_text = _item_lead(ctx, text)
            lead_text = fields.get("lead") or fields.get("organisation") or lead_text
            own_no = _SECTION_NO.match(text) if numbered else None
            described = text[: bracket.start()] if bracket else text
            rec = new_record(
                "action",
                it.prov,
                text,
                order=(k,),
                method=METHOD_LIST,
                action_ref=own_no.group("ref") if own_no else ref,
                description=clean_description(described[own_no.end() :] if own_no else described),
                indicator_code=None,
            )
            officers.fill_lead(rec, lead_text, fields.get("organisation", "") if fields.get("lead") else "")
            if rec["lead_organisation"] is None and lead:
                rec["lead_organisation"] = lead
            fill_due(rec, ctx, {k2: fields[k2] for k2 in ("date", "milestone") if k2 in fields}, text)
            out.append(rec)
    return out


_INLINE_LABEL = re.compile(r"(?:(?<=[.;])\s+|\s+[-–—]\s+)(?=[A-Z][\w /&()'-]{1,40}?\s*:\s*\S)")
"""Where a field starts after an item's action: a new sentence, or a dash ('... campaign – Lead: Police')."""


def _states_an_action(text: str) -> bool:
    """A list item that can stand as an action by itself: a few words opening with a capital or a number (not a
    date, a code or the wrapped end of a sentence)."""
    words = text.split()
    return len(words) >= MIN_ACTION_WORDS and (words[0][:1].isupper() or words[0][:1].isdigit())


def _inline_fields(text: str) -> tuple[str, dict[str, str]]:
    """A list item's action and the fields written after it in the same paragraph ('Provide training to 150
    groups. Lead: Cumbria CVS. By: March 2011.', 'Drink-drive campaign – Lead: Derbyshire Constabulary'): the
    text before the first sentence (or dash) that opens with a field's label, and the fields by role (the first of
    each). An item with no such sentence comes back whole."""
    parts = _INLINE_LABEL.split(text.strip())
    for k in range(1, len(parts)):
        fields = _labelled_fields(" ".join(parts[k:]))
        if fields and fields[0][0] != "action":
            found: dict[str, str] = {}
            for role, value in fields:
                found.setdefault(role, value)
            return " ".join(parts[:k]), found
    return text, {}


_ITEM_BRACKET = re.compile(r"\(([^()]{3,80})\)[.;]?\s*$")
_LEAD_LABEL = re.compile(
    r"^\s*(?:lead(?:\s+(?:agency|officer|partner|organisation))?|led\s+by|owner)\s*[:\-–]\s*", re.I
)
_LED_BY = re.compile(
    r"\b(?:led|delivered|run|co-?ordinated|managed)\s+by\s+(?:the\s+)?(?P<x>[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|and|of|for)){0,7})"
)


_SUBJECT_WILL = re.compile(r"^(?:the\s+)?(?P<x>[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|and|of|for)){0,7})\s+will\b", re.I)


def _names_body(ctx: Any, text: str) -> bool:
    """A known body, or a capitalised name of two words or more ending in a body's head ('Domestic Violence Forum')."""
    from plansift.normalise.organisations import ORG_HEADS

    words = text.split()
    if (
        len(words) >= 2
        and words[-1].lower() in ORG_HEADS
        and all(w[:1].isupper() or w in ("and", "of", "for") for w in words)
    ):
        return True
    return ctx.names_organisation(text)


def _item_lead(ctx: Any, text: str) -> tuple[re.Match[str] | None, str]:
    """The lead a list item names: '(Bristol Youth Offending Team)' or '(lead: Connexions Leeds, by October 2009)'
    at its end, '..., led by Avon and Somerset Constabulary, ...' within it, or a body as its subject
    ('Wirral Council will provide ...').

    Returns the closing bracket (to cut from the description) when the lead stands in it, and the lead text.
    """
    bracket = _ITEM_BRACKET.search(text)
    if bracket:
        inner = bracket.group(1)
        labelled = _LEAD_LABEL.match(inner)
        if labelled:
            return bracket, re.split(r"\s*[,;]\s*", inner[labelled.end() :])[0]
        if ctx.names_organisation(inner):
            return bracket, inner
    led = _LED_BY.search(text)
    if led:
        return None, led.group("x")
    subject = _SUBJECT_WILL.match(_SECTION_NO.sub("", text, count=1).strip())
    if subject and _names_body(ctx, subject.group("x")):
        return None, subject.group("x")
    return None, ""


_FORM_KEYS: tuple[tuple[str, str], ...] = (
    ("action", r"^(?:proposed|planned|key|main)?\s*(?:activit(?:y|ies)|actions?|interventions?|projects?)\s*\d*\s*:?$"),
    ("date", r"^(?:target\s+)?(?:date|deadline|timescales?|by when|completion(?: date)?|due(?: date| by)?)\b|^by:?$"),
    ("milestone", r"^milestones?\b"),
    ("organisation", _ORGANISATION_LABEL),
    ("lead", r"^(?:lead|responsib|by whom|owner|who\b)"),
    ("ref", r"^ref(?:erence)?\b"),
)
_KEY_VALUE = re.compile(r"^(?P<k>[A-Z][\w /&()'-]{1,40}?)\s*:\s*(?P<v>\S.*)$", re.S)


def _form_pairs(ctx: Any) -> list[tuple[str, str, Any, tuple, list]]:
    """(role, value, prov, order, blocks) of labelled fields: two-column table rows and 'Label: value' paragraphs."""
    out = []
    labelled = [_labelled_fields(b.text) if isinstance(b, Paragraph) else [] for b in ctx.blocks]  # read once each
    for i, block in enumerate(ctx.blocks):
        if isinstance(block, Table):
            for r, row in enumerate(block.rows):
                cells = [c for c in row if not c.is_placeholder]
                if len(cells) != 2 or not cells[0].text.strip() or not cells[1].text.strip():
                    continue
                role = role_of(cells[0].text, _FORM_KEYS)
                if role:
                    prov = cells[1].prov or block.row_prov(r)
                    out.append((role, cells[1].text, prov, (i, r, 1), list(cells[1].blocks)))
        elif isinstance(block, Paragraph):
            for role, value in labelled[i]:
                out.append((role, value, block.prov, (i,), []))
        elif (
            isinstance(block, ListItem)
            and i + 1 < len(labelled)
            and _detail_follows(block, ctx.blocks[i + 1], labelled[i + 1])
        ):
            out.append(("action", block.text, block.prov, (i,), []))  # '1. Do X.' then 'Lead officer: ...'
    return out


def _detail_follows(item: ListItem, block: Any, fields: list[tuple[str, str]]) -> bool:
    """Whether the block after a list item gives its details: a paragraph of fields opening with a lead, a date
    or a milestone, or a table of two columns whose first row is such a field ('Lead: | X' over 'By: | Y', as a
    text dump aligns them) under an item that states an action."""
    if isinstance(block, Table):
        cells = [c for c in block.rows[0] if not c.is_placeholder] if block.rows else []
        return (
            len(cells) == 2
            and role_of(cells[0].text, _FORM_KEYS) in {"lead", "date", "milestone"}
            and _states_an_action(_SECTION_NO.sub("", item.text, count=1))  # not a section title ('1. SUMMARY')
        )
    return _opens_with_detail(fields)


def _opens_with_detail(fields: list[tuple[str, str]]) -> bool:
    """Whether a paragraph's labelled fields open with a lead, a date or a milestone."""
    return bool(fields) and fields[0][0] in {"lead", "date", "milestone"}


_NEXT_LABEL = re.compile(r"(?<=[.;])\s+(?=[A-Z][\w /&()'-]{1,40}?\s*:\s*\S)")


def _labelled_fields(text: str) -> list[tuple[str, str]]:
    """(role, value) of a 'Label: value' paragraph, and of each further sentence that opens with a label of its
    own ('Lead: Nottinghamshire Police. Deadline: 30 June 2009.'); a sentence whose label is no field stays in
    the value before it."""
    fields: list[tuple[str, str]] = []
    for part in _NEXT_LABEL.split(text.strip()):
        m = _KEY_VALUE.match(part)
        role = role_of(m.group("k"), _FORM_KEYS) if m else None
        if role:
            fields.append((role, m.group("v")))
        elif fields:
            fields[-1] = (fields[-1][0], f"{fields[-1][1]} {part}")
        else:
            return []  # the paragraph does not open with a field
    # a lead or a date ends where its sentence does ('Deadline: March 2010.'); an action keeps its words as written
    return [(role, value if role == "action" else re.sub(r"\s*[.;]$", "", value)) for role, value in fields]


def form_actions(ctx: Any) -> list[dict[str, Any]]:
    """Actions of proposed-activity forms ('Proposed activity: ... (Police)', 'Lead: ...', 'Timescale: ...')."""
    officers = OfficerDirectory(ctx)
    forms: list[dict[str, Any]] = []
    for role, value, prov, order, blocks in _form_pairs(ctx):
        if role == "action":
            forms.append({"action": value, "_prov": prov, "_order": order, "_blocks": blocks})
        elif forms and role not in forms[-1]:
            forms[-1][role] = value
    out = []
    for form in forms:
        if not {"lead", "date", "milestone", "ref"} & set(form):
            continue  # a label that says 'action' alone is not a form: a form gives a lead, a date or a milestone
        items = [b.text for b in form["_blocks"] if isinstance(b, ListItem) and b.text.strip()]
        for k, text in enumerate(items if len(items) >= 2 else [form["action"]]):
            bracket = re.search(r"\(([^()]{2,60})\)\s*$", text)
            body = form.get("organisation", "")
            lead_text = form.get("lead", "")
            if not lead_text:  # a lone lead-body field is the lead field
                lead_text, body = body, ""
            description = text
            if bracket and ctx.names_organisation(bracket.group(1)):
                lead_text = lead_text or bracket.group(1)
                description = text[: bracket.start()]
            ref = " ".join(form.get("ref", "").split()) or None
            number = _SECTION_NO.match(description)
            if number and ref is None:  # '4.1 Establish a hub ...': the paragraph's number is the action's reference
                ref, description = number.group("ref"), description[number.end() :]
            rec = new_record(
                "action",
                form["_prov"],
                form["action"],
                order=form["_order"] + (k,),
                method=METHOD_LIST,
                action_ref=ref,
                description=clean_description(description),
                indicator_code=ctx.heading_indicator(form["_order"]),
            )
            officers.fill_lead(rec, lead_text, body)
            fill_due(rec, ctx, {k2: form[k2] for k2 in ("date", "milestone") if k2 in form}, text)
            out.append(rec)
    return out


def recognise_actions(ctx: Any) -> list[dict[str, Any]]:
    """Action rows: from action tables and activity forms, else from bullet lists of activities, else from prose."""
    rows = ActionTableRecogniser(ctx).run() + form_actions(ctx)
    if rows:  # lists beside tables or forms are actions only under a heading that says so ('4. Supporting activities')
        read = {r["_order"][0] for r in rows}  # a form's action may be a list item: read once
        return rows + [r for r in list_actions(ctx, headed_only=True) if r["_order"][0] not in read]
    return list_actions(ctx) or prose_actions(ctx)


_CLAUSE_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-Z])|,\s+and\s+(?=(?:the\s+)?[A-Z])")
_BY_DATE = re.compile(
    r"\s*,?\s+\b(?:by|before)\s+(?:the\s+)?(?:end\s+of\s+)?(?P<date>[A-Z][a-z]+\.?\s+\d{2,4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
)


def prose_actions(ctx: Any) -> list[dict[str, Any]]:
    """Commitments in running text, for plans with no action table or list: '<body> will <do> ... by <date>'.

    Only a clause whose subject is a body the document names and that carries
    its own deadline is an action; other sentences with 'will' are narrative.
    """
    from plansift.normalise.dates import find_dates

    out: list[dict[str, Any]] = []
    officers = OfficerDirectory(ctx)
    for k, block in enumerate(ctx.blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        for clause in _CLAUSE_SPLIT.split(text):
            clause = clause.strip()
            subject = _SUBJECT_WILL.match(clause)
            due = _BY_DATE.search(clause)
            if not subject or not due or not find_dates(due.group("date")):
                continue
            if not _names_body(ctx, subject.group("x")):
                continue
            rec = new_record(
                "action",
                block.prov,
                text,
                order=(k, text.find(clause)),
                method=METHOD_PROSE,
                action_ref=None,
                description=clean_description(clause[: due.start()]),
                indicator_code=ctx.heading_indicator((k,)),
            )
            officers.fill_lead(rec, subject.group("x"))
            fill_due(rec, ctx, {}, clause)
            flag(rec, "prose_match")
            out.append(rec)
    return out
