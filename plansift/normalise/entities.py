"""The entities table: every indicator, organisation, officer and the area a document names.

One row per entity per document (columns: ``ENTITY_COLUMNS`` but ``document``,
which the pipeline fills). Mentions come from:

* every text of the document (paragraphs, headings, list items, table cells),
  each with its page: indicator codes, confident title-only indicator
  mentions in short texts, gazetteer organisations, and capitalised names
  ending in an organisation head ('Priority Crime Group');
* cells whose row label or column header says they hold people or bodies
  ('Lead Officer', 'By whom?', 'Supporting Agencies', 'Name of organisations
  involved'), read by :func:`parse_officer_cell`; label lines ('Report of:
  ...', 'Name: ...') the same way;
* PERSON entities of the spaCy pipeline in prose (``nlp.pipe(..., as_tuples=True)``
  carries each text's page through);
* the records' lead_organisation, partners, recipient, funding_source (when it
  is a body) and lead_officer.

Unmatched mentions are kept as written with ``matched=False``; mentions of one
body (a generic name, an alias, a plural) are one row with every spelling in
``mentions``. Rows come in a fixed order: area, indicators, organisations,
officers, each by first appearance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any

from plansift.normalise.areas import is_plan_text
from plansift.normalise.indicators import find_indicator_codes, match_indicator_title
from plansift.normalise.officers import Officer, parse_officer_cell
from plansift.normalise.organisations import (
    ORG_HEADS,
    find_org_phrases,
    find_organisations,
    match_organisation,
    org_key,
)

if TYPE_CHECKING:
    from plansift.extractors.model import Document
    from plansift.gazetteer import Area

PERSON_LABEL = re.compile(
    r"officer|owner|expert|by\s+whom|contact|person|report\s+of|^\s*name\s*:?\s*$|author|champion|sign[\s-]*off"
    r"|\(\s*name\b",  # 'Lead (name, job title, organisation)'
    re.IGNORECASE,
)
"""Row labels and column headers of cells that name people (and their bodies)."""
OFFICER_LABEL = re.compile(PERSON_LABEL.pattern + r"|\blead\b|responsib|accountable", re.IGNORECASE)
"""Labels of cells that name a lead: a person, a post or a body."""
POST_LABEL = re.compile(r"owner|expert|champion|\blead\b(?!\s+(?:agenc|partner|organisation))", re.IGNORECASE)
"""Row labels that are themselves posts held by the person named ('Indicator Owner', 'Technical Data Expert')."""
BODY_LABEL = re.compile(
    r"agenc(?:y|ies)|organisations?\b|partners?\b(?!ship)|lead\s+partner|bodies|funder",
    re.IGNORECASE,
)
"""Row labels and column headers of cells that name bodies."""
DEPARTMENT_LABEL = re.compile(r"service|department|directorate|team", re.IGNORECASE)
ROLE_LABEL = re.compile(r"^\s*(?:job\s+)?(?:title|post|position|role)\s*$", re.IGNORECASE)
LABEL_LINE = re.compile(r"^\s*(?P<label>[A-Z][\w ()/&'-]{1,40}?)\s*:\s*(?P<value>\S.*)$")
TITLE_MAX_WORDS = 14
"""Only texts this short are compared with indicator titles (a cell, a heading, a list item)."""
MAX_BODY_WORDS = 8
"""A line of a body-list cell longer than this is prose, not a body's name."""
_GROUP_STOP = frozenset({"and", "of", "the", "for", "&"})


@dataclass(slots=True)
class _Piece:
    text: str
    page: int
    kind: str  # prose | cell | label
    role: str = "text"  # text | officer | bodies | department
    row_key: tuple[int, int] | None = None  # (table number, row) for cells
    label: str = ""  # the row label of a label-value table ('Indicator Owner (Sign Off)')


@dataclass(slots=True)
class _Entity:
    entity_type: str
    name: str
    page: int | None
    order: int
    code: str | None = None
    subtype: str | None = None
    role: list[str] = field(default_factory=list)
    organisation: str | None = None
    score: float = 0.0
    matched: bool = True
    mentions: list[str] = field(default_factory=list)
    seen: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    record_spellings: list[str] = field(default_factory=list)
    """How the records write an unknown body: the entities table names it the same way."""
    strong: bool = False
    """False while every mention is an initialism in passing (one word inside a sentence)."""

    def see(self, raw: str | None, page: int | None, score: float, passing: bool = False) -> None:
        self.seen += 1
        self.strong = self.strong or not passing
        raw = " ".join((raw or "").split())
        if raw:
            self.counts[raw] = self.counts.get(raw, 0) + 1
        if raw and raw not in self.mentions:
            self.mentions.append(raw)
        if self.page is None:
            self.page = page
        self.score = max(self.score, score)


def _label_of(table, r: int, c: int, header_rows: int) -> str:
    """The header of a cell's column or, in a table without header rows, the label in its row's first cell."""
    if header_rows:
        cell = table.cell(0, c) if r >= header_rows else None
        return cell.text if cell is not None else ""
    if c > 0:
        first = table.cell(r, 0)
        return first.text if first is not None else ""
    return ""


def _header_rows(table) -> int:
    """The table's header rows; a first row of three or more short labels is a header even if unmarked."""
    if table.header_rows or not table.rows or table.n_cols < 3:
        return table.header_rows
    first = [c.text.strip() for c in table.rows[0] if not c.is_placeholder]
    labels = [t for t in first if t and len(t.split()) <= 12 and not re.fullmatch(r"[\d.,%£\s/-]+", t)]
    return 1 if len(labels) >= 3 and len(labels) == len([t for t in first if t]) else 0


_LABEL_START = re.compile(r"by\s+whom|(?:lead|responsible)\s+officer")


def _is_label_text(text: str, header: str | None, c: int) -> bool:
    """A header repeated in the body (``header``: the column's header, single-spaced and lower case), or a
    short label ('By whom? Name/organisation', 'Supporting Agencies')."""
    words = text.split()  # lower-casing makes and removes no whitespace: the words of ``norm`` too
    if header is None and len(words) > 6:
        return False
    norm = " ".join(words).lower()
    if header is not None and norm == header:
        return True
    # the cheap tests first: most cells are neither labelled (':', '?') nor in the first column
    return (
        len(words) <= 6
        and (":" in norm or "?" in norm or c == 0 or _LABEL_START.match(norm) is not None)
        and bool(PERSON_LABEL.search(norm) or BODY_LABEL.search(norm))
    )


@lru_cache(maxsize=4096)
def _cell_role(label: str) -> str:
    """What a cell holds, from its label: 'officer', 'bodies', 'department' or plain 'text'."""
    if not label.strip():
        return "text"
    if PERSON_LABEL.search(label):
        return "officer"
    if re.search(r"\byes\s*/\s*no\b|\bY\s*/\s*N\b|^\s*(?:has|have|is|are|does|do)\b", label, re.IGNORECASE):
        return "text"  # a question column ('Has the organisation signed up ... Yes/No') holds answers
    if BODY_LABEL.search(label):
        return "bodies"
    if OFFICER_LABEL.search(label):
        return "officer"
    if DEPARTMENT_LABEL.search(label) and len(label.split()) <= 6:
        return "department"
    return "text"


def _pieces(doc: Document, roles: bool = True) -> Iterator[_Piece]:
    """The texts of a document in reading order; with ``roles=False`` table cells come without their role
    (the same texts and pages, without reading their row and column labels)."""
    n_table = 0
    for page in doc.pages:
        for block in page.blocks:
            if block.kind != "table":
                text = block.text or ""
                m = LABEL_LINE.match(text) if ":" in text and "\n" not in text.strip() else None
                if m and (OFFICER_LABEL.search(m.group("label")) or ROLE_LABEL.match(m.group("label"))):
                    role = "officer" if OFFICER_LABEL.search(m.group("label")) else "role"
                    yield _Piece(m.group("value"), block.prov.page, "label", role)
                    continue
                yield _Piece(text, block.prov.page, "prose")
                continue
            n_table += 1
            n_cols = block.n_cols
            header_rows = _header_rows(block) if roles else 0
            headers = {}  # column -> its header, single-spaced and lower case
            for r, row in enumerate(block.rows):
                page_no = block.row_prov(r).page
                for c, cell in enumerate(row):
                    if cell.is_placeholder:
                        continue
                    text = cell.text
                    if not text.strip():
                        continue
                    if not roles:
                        yield _Piece(text, page_no, "cell")
                        continue
                    if r < header_rows:
                        yield _Piece(text, page_no, "header", "header", (n_table, r))
                        continue
                    if header_rows and c not in headers:
                        head = block.cell(0, c)
                        headers[c] = " ".join(head.text.split()).lower() if head is not None else None
                    if _is_label_text(text, headers.get(c), c):
                        yield _Piece(text, page_no, "cell", "label", (n_table, r))
                        continue
                    label = _label_of(block, r, c, header_rows)
                    role = _cell_role(label)
                    if (
                        c == 0
                        and n_cols > 1
                        and role == "text"
                        and (OFFICER_LABEL.search(text) or BODY_LABEL.search(text))
                    ):
                        role = "label"  # a row label ('Lead Officer'), not a mention
                    yield _Piece(text, page_no, "cell", role, (n_table, r), "" if header_rows else label)


class _Collector:
    def __init__(self, area: Area | None) -> None:
        self.area = area
        self.entities: dict[tuple[str, str], _Entity] = {}
        self.order = 0

    def _get(self, etype: str, key: str, name: str, page: int | None, **kw: Any) -> _Entity:
        ent = self.entities.get((etype, key))
        if ent is None:
            self.order += 1
            ent = _Entity(etype, name, page, self.order, **kw)
            self.entities[(etype, key)] = ent
        return ent

    def indicator(self, code: str, title: str, raw: str, page: int | None, score: float) -> None:
        from plansift.gazetteer import indicator

        ind = indicator(code)
        ent = self._get("indicator", code, title, page, code=code, subtype=ind.theme if ind else None)
        ent.see(raw, page, score)

    def organisation(
        self, raw: str, name: str | None, matched: bool, page: int | None, score: float, passing: bool = False
    ) -> _Entity | None:
        raw = " ".join(raw.split()).strip(" ,.;:")
        if not raw:
            return None
        label = name if matched and name else raw
        key = org_key(label) if matched else "~" + _loose_key(label)
        ent = self._get("organisation", key, label, page, matched=matched)
        ent.see(raw, page, score if matched else 0.0, passing)
        if matched and ent.subtype is None:
            ent.subtype = _org_type(label)
        return ent

    def fold(self, from_key: str, into_key: str) -> None:
        """Make the row ``from_key`` mentions of the row ``into_key``."""
        src = self.entities.get(("organisation", from_key))
        dst = self.entities.get(("organisation", into_key))
        if src is None or dst is None or src is dst:
            return
        dst.record_spellings += [r for r in src.record_spellings if r not in dst.record_spellings]
        for raw in src.mentions:
            dst.see(raw, src.page, 0.0)
            dst.counts[raw] = dst.counts.get(raw, 0) + src.counts.get(raw, 1) - 1
        if src.page is not None and (dst.page is None or src.page < dst.page):
            dst.page = src.page
        dst.order = min(dst.order, src.order)
        self.entities[("organisation", from_key)] = dst

    def generic(self, raw: str, candidates: list[tuple[str, float]], page: int | None) -> None:
        """A generic name no area resolves ('Police', 'the Council'): one row per kind of body, as written."""
        kinds = {_org_type(name) for name, _ in candidates}
        if len(kinds) != 1 or None in kinds:
            self.organisation(raw, None, False, page, 0.0)
            return
        label = re.sub(r"^the\s+", "", " ".join(raw.split()), flags=re.I)
        label = label[:1].upper() + label[1:]
        ent = self._get("organisation", "~generic:" + kinds.pop(), label, page, matched=False)
        ent.see(raw, page, 0.0)

    def officer(self, officer: Officer, page: int | None) -> None:
        if not officer.name:
            return
        key = " ".join(officer.name.lower().split())
        ent = self._get("officer", key, officer.name, page, matched=True)
        ent.see(officer.name, page, 100.0)
        for role in (officer.role or "").split("; "):
            if role and role not in ent.role:
                ent.role.append(role)
        if ent.organisation is None and officer.organisation:
            ent.organisation = officer.organisation

    def officer_bodies(self, officer: Officer, page: int | None) -> None:
        if officer.organisation:
            self.organisation(officer.organisation, officer.organisation, officer.organisation_matched, page, 100.0)
        for partner in officer.partners:
            res = match_organisation(partner, self.area)
            self.organisation(partner, res.name if res.matched else None, res.matched, page, res.score)


_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "to",
        "of",
        "for",
        "that",
        "has",
        "have",
        "be",
        "been",
        "will",
        "with",
        "through",
        "as",
        "is",
        "are",
        "was",
        "were",
        "by",
        "from",
        "into",
        "this",
        "these",
    ]
)


def _in_passing(text: str, start: int, raw: str) -> bool:
    """An initialism ('GOWM', 'NTA') standing inside a sentence rather than a list, a label or a name.

    A sentence shows in its small words: two or more within eight words either side.
    """
    if " " in raw.strip() or not raw.replace(".", "").isupper():
        return False
    before = text[:start].split()[-8:]
    after = text[start + len(raw) :].split()[:8]
    return sum(w.lower().strip(".,;:()") in _FUNCTION_WORDS for w in (*before, *after)) >= 2


def _loose_key(name: str) -> str:
    words = [w.rstrip("s") if len(w) > 3 else w for w in org_key(name).split()]
    return " ".join(w for w in words if w not in _GROUP_STOP)


def _org_type(name: str) -> str | None:
    return _org_types().get(name)


@cache
def _org_types() -> dict[str, str | None]:
    """The type of every organisation by its canonical name (the first body of that name)."""
    from plansift.gazetteer import organisations

    out: dict[str, str | None] = {}
    for o in organisations():
        out.setdefault(o.name, o.org_type)
    return out


def _merge_unmatched(entities: list[_Entity]) -> list[_Entity]:
    """Fold an unmatched body into another row when its words are a subset of that row's name.

    'Safer Communities Service' joins 'Safer and Stronger Communities Service'; a single-word
    mention joins only a row whose name it starts or ends ('Courts' -> 'Magistrates Courts').
    """
    orgs = [e for e in entities if e.entity_type == "organisation"]
    # each row's loose key and words, once: a merge changes no row's name, match or order, so the keys and
    # the order the rows are tried in stay as they were computed here
    keys = {id(x): _loose_key(x.name) for x in orgs}
    word_sets = {id(x): set(keys[id(x)].split()) for x in orgs}
    targets = sorted(orgs, key=lambda x: (not x.matched, -len(word_sets[id(x)]), x.order))
    dropped: set[int] = set()
    for e in sorted(orgs, key=lambda x: len(word_sets[id(x)])):
        if e.matched:
            continue
        words = word_sets[id(e)]
        short = _initialism(e.name)  # None for most rows: no other row's initials are read for them
        for other in targets:
            if other is e or id(other) in dropped:
                continue
            target = word_sets[id(other)]
            same = words == target and (other.matched or other.order < e.order)
            if not (same or words < target or short is not None and _initials(other.name) == short):
                continue
            if not same and len(words) < 2 and words < target and not keys[id(other)].endswith(keys[id(e)]):
                continue
            for raw in e.mentions:
                other.see(raw, e.page, 0.0)
            other.record_spellings += [r for r in e.record_spellings if r not in other.record_spellings]
            if e.page is not None and (other.page is None or e.page < other.page):
                other.page = e.page
            dropped.add(id(e))
            break
    return [e for e in entities if id(e) not in dropped]


def _initialism(short: str) -> str | None:
    """The letters ``short`` stands for when it is written as an initialism ('CPS', 'C.P.S.'), else None:
    an initialism of a name equals :func:`_initials` of that name ('Crown Prosecution Service')."""
    bare = short.replace(".", "").strip()
    if not (bare.isupper() and 2 <= len(bare) <= 8) or " " in bare:
        return None
    return bare.rstrip("s").upper()


@lru_cache(maxsize=4096)
def _initials(full: str) -> str:
    """The initials of a name, small words left out: memoised, as every unmatched initialism of a
    document is held against every row's name."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w’']*", full) if w.lower() not in _GROUP_STOP).upper()


def _bodies_of_cell(text: str, area: Area | None) -> Iterator[tuple[str, str | None, bool, float]]:
    """Bodies listed in a cell labelled as holding bodies, one per line or segment."""
    for line in re.split(r"\n|;|,(?=\s*[A-Z])", text):
        line = line.strip(" \t•·-–*")
        if not line or BODY_LABEL.fullmatch(line.strip(": ")) or re.fullmatch(r"[\w ]*agenc(?:y|ies):?", line, re.I):
            continue
        if len(line.split()) > MAX_BODY_WORDS:
            continue  # a sentence, not a list of bodies: read as text
        for seg in re.split(r"\s*/\s*", line):
            seg = re.sub(r"\s*\(([^)]*)\)\s*$", "", seg).strip(" ,.")  # 'Youth Offending Team (YOT)'
            if len(seg) < 2 or not seg[:1].isupper() or seg.lower() in {"yes", "no", "n/a"}:
                continue
            res = match_organisation(seg, area)
            if res.matched:
                yield seg, res.name, True, res.score
            elif re.fullmatch(r"[A-Z][\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|and|of|for|against|the|&))*", seg):
                yield seg, None, False, 0.0


def collect_entities(
    doc: Document,
    area: Area | None,
    records: list[dict] | None = None,
    spacy_model: str | None = None,
    doc_text: str | None = None,
) -> list[dict]:
    """The entity rows of one document (every column of ``ENTITY_COLUMNS`` but ``document``).

    ``spacy_model`` names an installed trained pipeline whose NER adds people
    the rules miss; None uses the rule pipeline only. ``doc_text`` is the document's
    :func:`~plansift.normalise.areas.document_text` when the caller has it
    already (the area was read from it); None builds it again.
    """
    from plansift.normalise.areas import area_votes, document_text

    col = _Collector(area)
    # the gate reads texts only: a document that is not a plan never pays for the cells' roles
    if not is_plan_text("\n".join(p.text for p in islice(_pieces(doc, roles=False), 400))):
        # not a plan of English local government: only indicator codes written out are trusted
        for piece in _pieces(doc, roles=False):
            for m in find_indicator_codes(piece.text):
                col.indicator(m.code, m.title, m.raw, piece.page, m.score)
        return [_entity_row(e) for e in sorted(col.entities.values(), key=lambda x: x.order)]
    pieces = list(_pieces(doc))
    prose: list[tuple[str, int]] = []
    last_officers: list[Officer] = []
    row_bodies: dict[tuple[int, int], list[str]] = {}
    for piece in pieces:
        text, page = piece.text, piece.page
        for m in find_indicator_codes(text):
            col.indicator(m.code, m.title, m.raw, page, m.score)
        if piece.kind != "label" and len(text.split()) <= TITLE_MAX_WORDS and not find_indicator_codes(text):
            title = match_indicator_title(text)
            if title is not None:
                col.indicator(title.code, title.title, title.raw, page, title.score)
        if piece.role in ("label", "header"):
            continue
        if piece.role == "role":
            for o in last_officers[-1:]:
                o.role = f"{o.role}; {text.strip()}" if o.role else text.strip()
                col.officer(o, page)
            continue
        for m in find_organisations(text, area):
            if m.matched:
                passing = piece.role not in ("officer", "bodies") and _in_passing(text, m.start, m.raw)
                col.organisation(m.raw, m.name, True, page, m.score, passing)
            elif piece.role == "bodies" or (m.candidates and not area):
                col.generic(m.raw, m.candidates, page)
        if piece.role == "officer":
            last_officers = parse_officer_cell(text, area, spacy_model)
            post = " ".join(piece.label.split()).strip(" :")
            for o in last_officers:
                if o.name and post and POST_LABEL.search(post):
                    o.role = f"{post}; {o.role}" if o.role else post  # 'Indicator Owner (Sign Off)' is a post
                col.officer(o, page)
                col.officer_bodies(o, page)
            continue
        if piece.role == "bodies":
            for raw, name, matched, score in _bodies_of_cell(text, area):
                col.organisation(raw, name, matched, page, score)
                if piece.row_key is not None:
                    row_bodies.setdefault(piece.row_key, []).append(raw)
            if all(len(line.split()) <= MAX_BODY_WORDS for line in text.splitlines()):
                continue
        if piece.role == "department":
            continue  # a service beside a body names that body's part; read with its row below
        for phrase, _s, _e in find_org_phrases(text):
            res = match_organisation(phrase, area)
            if not res.matched and _describes_a_service(phrase):
                continue
            col.organisation(phrase, res.name if res.matched else None, res.matched, page, res.score)
        if piece.kind == "prose":
            prose.append((text, page))
    _departments(pieces, row_bodies, col)
    _prose_people(prose, col, spacy_model)
    _record_entities(records or [], col)
    rows = []
    if area is not None:
        # the text the area was read from: its votes are remembered
        votes = area_votes(doc_text if doc_text is not None else document_text(doc))
        spellings = list(dict.fromkeys(v.raw for v in votes if v.area == area.name)) or [area.name]
        first_page = next((p.page for p in pieces if any(s in p.text for s in spellings)), None)
        rows.append(_row("area", area.name, area.code, area.area_type, spellings, None, None, 100.0, True, first_page))
    entities = [
        e for e in _merge_unmatched(list({id(e): e for e in col.entities.values()}.values())) if e.strong or e.seen > 1
    ]
    rank = {"indicator": 0, "organisation": 1, "officer": 2}
    rows += [_entity_row(e) for e in sorted(entities, key=lambda x: (rank[x.entity_type], x.order))]
    return rows


def _describes_a_service(phrase: str) -> bool:
    """A capitalised run closed by a lower-case 'service' the gazetteer does not know describes a service an
    action provides ('the Independent Domestic Violence Advisor service'), not a body; an initialism's
    ('the ASBAT service') is the team's own name."""
    words = phrase.split()
    return words[-1] in ("service", "services") and not all(w.isupper() for w in words[:-1])


def _entity_row(e: _Entity) -> dict:
    name = e.name
    if e.entity_type == "organisation" and not e.matched and e.record_spellings:
        name = e.record_spellings[0]  # the records' own spelling, so the two tables agree
    elif e.entity_type == "organisation" and not e.matched and e.counts and e.name in e.counts:
        # an unknown body is named as the text names it most often (first spelling on a tie)
        # (a plural initialism names the group: 'CDRPs' over 'CDRP')
        name = max(
            e.mentions,
            key=lambda m: (bool(re.fullmatch(r"[A-Z]{2,7}s", m)), e.counts.get(m, 0), -e.mentions.index(m)),
        )
    return _row(
        e.entity_type,
        name,
        e.code,
        e.subtype,
        e.mentions,
        "; ".join(e.role) or None,
        e.organisation,
        round(e.score, 1) if e.matched else None,
        e.matched,
        e.page,
    )


def _departments(pieces: list[_Piece], row_bodies: dict[tuple[int, int], list[str]], col: _Collector) -> None:
    """A service column beside an unknown body names it in full ('Courts' | 'Magistrates Courts')."""
    for piece in pieces:
        if piece.role != "department" or piece.row_key not in row_bodies:
            continue
        text = " ".join(piece.text.split()).strip(" .,")
        bodies = row_bodies[piece.row_key]
        if not bodies or "/" in text or "," in text or len(text.split()) < 2:
            continue
        res = match_organisation(text, col.area)
        unknown = [b for b in bodies if not match_organisation(b, col.area).matched]
        if not unknown:
            continue
        if res.matched:
            into = org_key(res.name)
            col.organisation(text, res.name, True, piece.page, res.score)
        elif text[:1].isupper() and text.split()[-1].lower() in ORG_HEADS:
            into = "~" + _loose_key(text)
            col.organisation(text, None, False, piece.page, 0.0)
        else:
            continue
        for body in unknown:  # the body's short name ('Courts', 'WDVSS') is a mention of the full one
            col.fold("~" + _loose_key(body), into)


def _prose_people(prose: list[tuple[str, int]], col: _Collector, spacy_model: str | None) -> None:
    if not prose:
        return
    from plansift.normalise.nlp import may_name_person, pipeline

    nlp = pipeline(spacy_model)
    docs = [(nlp.make_doc(text), page) for text, page in prose]
    if spacy_model is None:  # the rules find a person only from a first name: texts without one are not run
        docs = [(doc, page) for doc, page in docs if may_name_person(doc)]
    for doc, page in nlp.pipe(docs, as_tuples=True, batch_size=64):
        for ent in doc.ents:
            by_model = spacy_model is not None and not ent.ent_id_  # the trained NER's own find
            if ent.label_ == "PERSON" and (ent.ent_id_ == "name" or by_model and _is_full_name(ent.text)):
                col.officer(Officer(raw=ent.text, name=" ".join(ent.text.split())), page)


def _is_full_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha())


def _record_entities(records: list[dict], col: _Collector) -> None:
    for rec in records:
        page = rec.get("page")
        page = int(page) if isinstance(page, int | float) and page == page else None
        name = rec.get("lead_officer")
        if isinstance(name, str) and name.strip():
            col.officer(Officer(raw=name, name=name.strip(), role=rec.get("lead_role") or None), page)
        values = [rec.get("lead_organisation"), rec.get("recipient")]
        partners = rec.get("partners")
        if isinstance(partners, str):
            values += partners.split(";")
        for value in values:
            if isinstance(value, str) and value.strip():
                res = match_organisation(value, col.area)
                ent = col.organisation(value, res.name if res.matched else None, res.matched, page, res.score)
                spelling = " ".join(value.split())
                if ent is not None and not res.matched and spelling not in ent.record_spellings:
                    ent.record_spellings.append(spelling)
        source = rec.get("funding_source")
        if isinstance(source, str) and source.strip():
            res = match_organisation(source, col.area)
            if res.matched:  # a funder that is a body; a funding stream is not an organisation
                col.organisation(source, res.name, True, page, res.score)


def _row(etype, name, code, subtype, mentions, role, organisation, score, matched, page) -> dict:
    return {
        "entity_type": etype,
        "name": name,
        "code": code,
        "entity_subtype": subtype,
        "mentions": ";".join(mentions) if mentions else None,
        "role": role,
        "organisation": organisation,
        "match_score": score,
        "matched": matched,
        "page": page,
    }
