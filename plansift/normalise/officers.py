"""Officer cells: who leads, in what post, for which body, with which partners.

A 'Lead Officer', 'Responsible Officer' or 'By whom?' cell mixes people,
posts, bodies and partners in many spellings::

    Richard Howe - Partnership Analyst (West Midlands Police)
    Adrian Pearson/Police + WCC/District and Boroughs/Probation
    Liz Stafford/Andy Wade @Probation
    Kit Leck DAAT- WCC+ PCT
    Insp Smith
    Chief Supts K1 and K2

The cell is cut into segments at '/', ',', brackets, dashes, '@' and 'at';
text after the first '+' names partners. People are found by the spaCy
pipeline of :mod:`plansift.normalise.nlp` (a first name and a surname, or a
rank and a surname); in these short cells a capitalised pair that is neither a
body nor a post is a person too. A post with no name ('Cabinet Member for
Community Safety') is a role, not a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from plansift.normalise.acronyms import definitions_key
from plansift.normalise.names import RANKS, ROLE_HEADS, surname_stop_words
from plansift.normalise.organisations import ORG_HEADS, match_funding_stream, match_organisation, org_key

if TYPE_CHECKING:
    from plansift.gazetteer import Area


@dataclass(slots=True)
class Officer:
    """One person or post read from a cell.

    ``name`` is the person ('Richard Howe') or None for a post without a name;
    ``role`` the post as written; ``organisation`` the canonical body, or the
    body as written when the gazetteer does not know it (``organisation_matched``
    False); ``department`` a team or service named beside the person
    ('Community safety'); ``partners`` the other bodies named (canonical, or as
    written when unknown).
    """

    raw: str
    name: str | None
    role: str | None = None
    organisation: str | None = None
    partners: list[str] = field(default_factory=list)
    department: str | None = None
    organisation_matched: bool = False

    def copy(self) -> Officer:
        """A copy with its own partner list (``dataclasses.replace`` is slow on this hot path)."""
        return Officer(
            self.raw,
            self.name,
            self.role,
            self.organisation,
            list(self.partners),
            self.department,
            self.organisation_matched,
        )


_NOT_BODIES = frozenset(
    [
        "organisations",
        "organisation",
        "agencies",
        "agency",
        "partners",
        "partner",
        "others",
        "schools",
        "businesses",
        "analysts",
        "individuals",
        "etc",
        "all",
        "many",
        "other",
        "relevant",
    ]
)
"""Words of collective mentions that name no particular body ('voluntary organisations', 'other agencies')."""

MAX_BODY_WORDS = 8
"""Longer text is a sentence, not the name of a body."""
_COLLECTIVE_HEADS = frozenset({"districts", "boroughs", "authorities", "trusts"})
"""Heads of a collective partner written where bodies stand ('District and Boroughs')."""
_BODY_ABBREVIATIONS = frozenset(
    {"bc", "dc", "cc", "mbc", "mdc", "pct", "cdrp", "cdrps", "csp", "lsp", "nhs", "plc", "ltd"}
)
"""Abbreviated heads that end a body's name ('N Warks BC', 'Rugby BC')."""
_CELL_HEADS = frozenset(
    {
        "centre",
        "homes",
        "college",
        "university",
        "hospital",
        "foundation",
        "society",
        "limited",
        "academy",
        "institute",
        "federation",
        "alliance",
        "consortium",
    }
)
"""Heads of bodies named where a lead's body stands ('Stockport Homes', 'Volunteer Centre Stockport'), but not
trusted in prose, where the same words name places and things ('care homes', 'the leisure centre')."""

_COMMON_WORDS = frozenset(
    [
        "people",
        "supporting",
        "support",
        "services",
        "service",
        "trading",
        "standards",
        "victim",
        "schools",
        "safer",
        "stronger",
        "communities",
        "community",
        "neighbourhood",
        "neighbourhoods",
        "locality",
        "forums",
        "forum",
        "watch",
        "housing",
        "health",
        "safety",
        "crime",
        "youth",
        "justice",
        "fire",
        "rescue",
        "road",
        "drug",
        "alcohol",
        "action",
        "team",
        "trust",
        "district",
        "districts",
        "borough",
        "boroughs",
        "county",
        "council",
        "city",
        "partnership",
        "unit",
        "office",
        "department",
        "communications",
        "block",
        "plan",
        "priority",
        "programme",
        "project",
        "group",
        "board",
        "court",
        "courts",
        "magistrates",
        "probation",
        "police",
        "authority",
        "analysts",
        "voluntary",
        "statutory",
        "organisations",
        "agencies",
    ]
)


@cache
def _not_surnames() -> frozenset[str]:
    return surname_stop_words() | _COMMON_WORDS | ROLE_HEADS


_SEGMENT_SPLIT = re.compile(
    r"\s*(?:/|,|;|\n|\(|\)|\s[-–—]+\s?|[-–—]+\s|\s[-–—]+(?=\w)|@|\bat\b(?=\s+[A-Z])|(?<!\b[A-Z])\.\s)\s*"
)
_AT_SPLIT = re.compile(r"\s*(?:@|\bat\b(?=\s+[A-Z]))\s*")


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,;:-–—()[]•·*")


def _is_role(text: str) -> bool:
    words = [w.lower().strip(".,") for w in re.split(r"[\s-]+", text) if w]
    if not words:
        return False
    if " ".join(words[:2]) in RANKS or words[0] in RANKS and len(words) > 1 and not words[1][:1].isdigit():
        return True
    return any(w in ROLE_HEADS for w in words)


def _person_spans(
    text: str, spacy_model: str | None = None, pairs: bool = True
) -> list[tuple[int, int, str, str | None]]:
    """People in a segment: ``(start, end, name, rank_role)``; ``pairs`` allows the fallback below."""
    from plansift.normalise.nlp import pipeline

    doc = pipeline(spacy_model)(text)
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words = ent.text.split()
        rank_role = None
        if ent.ent_id_ == "rank":
            for n in (3, 2, 1):
                head = " ".join(w.strip(".").lower() for w in words[:n])
                if len(words) > n and head in RANKS:
                    rank_role = RANKS[head]
                    words = words[n:]
                    break
        out.append((ent.start_char, ent.end_char, " ".join(words), rank_role))
    if out or not pairs or _is_role(text):
        return out  # a post's words ('Cabinet Member for Environment and Climate Change') name nobody
    # fallback in a short cell: a leading capitalised pair that is neither a body nor a post
    for m in _PAIR.finditer(text):
        if {m.group(1).lower(), m.group(2).lower()} & _not_surnames():
            continue
        if re.search(r"[A-Z][\w’'&-]*\s+(?:(?:of|for|and|&|the|on)\s+)?$", text[: m.start()]):
            continue  # inside a longer capitalised name ('Organisation Against Domestic Abuse', 'Centre for ...')
        if re.match(r"\s+[A-Z]", text[m.end() :]):
            break  # it runs on into a longer name ('Aintree University Hospitals', 'Energy Management Unit')
        after = text[m.end() :].split(maxsplit=1)
        if after and after[0].lower().strip(".,;:") in ROLE_HEADS:
            break  # the words of a post ('Environmental Enforcement Manager', 'Climate Change Officer')
        pair = f"{m.group(1)} {m.group(2)}"
        if not any(score >= 80 for _, score in match_organisation(pair).candidates):
            return [(m.start(1), m.end(2), pair, None)]
        break
    return []


_PAIR = re.compile(r"(?<![\w&-])([A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?) ([A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?)(?![\w&-])")


def _is_lone_surname(text: str) -> bool:
    """One capitalised word that is no body, post, place or word of a plan."""
    if not re.fullmatch(r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?", text) or text.lower() in _not_surnames():
        return False
    from plansift.normalise.areas import match_area

    return match_area(text) is None and not any(s >= 80 for _, s in match_organisation(text).candidates)


MAX_SPLIT_WORDS = 24
"""Longest segment that _org_of splits into a body and a post or department (each split is two lookups)."""


def _org_of(segment: str, area: Area | None) -> tuple[str, bool, str | None, str | None] | None:
    """A body in a segment: ``(name, matched, role_left, department_left)``, or None.

    Tries the whole segment, then a body at its start ('Police HQ': Police,
    department HQ) or its end ('DA manager WCC': WCC, role DA manager).
    """
    text = _tidy(segment)
    if not text:
        return None
    res = match_organisation(text, area)
    if res.matched:
        return res.name, True, None, None
    words = text.split()
    if len(words) > MAX_SPLIT_WORDS:  # a run of text, not a body with a post or a department beside it
        words = []
    for n in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:n]), " ".join(words[n:])
        first = match_organisation(head, area)
        # a tail opening in lower case goes on with the name ('Stockport Council' 'for Voluntary Service')
        if first.matched and not _is_role(tail) and not tail[:1].islower():
            return first.name, True, None, tail
        last = match_organisation(tail, area)
        if last.matched:
            return last.name, True, (head if _is_role(head) else None), (None if _is_role(head) else head)
    stream = match_funding_stream(text, area)
    if stream is not None and stream.score >= 100 and stream.org_type == "funding_stream":
        return stream.name, False, None, None  # a programme named where bodies stand ('Supporting People')
    if _looks_like_body(text):
        return normal_spelling(text), False, None, None
    return None


def normal_spelling(name: str) -> str:
    """One spelling for the variants of an unknown body a plan writes.

    The district councils of a two-tier area, written 'District and Boroughs', 'Boroughs and Districts'
    or 'Districts and Borough Council', become 'District and Borough Councils'; a plural initialism
    ('CDRPS') is written with a small 's' ('CDRPs'). Anything else is kept as written.
    """
    words = [w.lower().strip(".,") for w in name.split()]
    if (
        words
        and set(words) <= _COLLECTIVE_WORDS
        and {"district", "districts"} & set(words)
        and {"borough", "boroughs"} & set(words)
    ):
        return "District and Borough Councils"
    if re.fullmatch(r"[A-Z]{2,7}S", name) and len(name) >= 4:
        return name[:-1] + "s"
    return name


_COLLECTIVE_WORDS = frozenset(
    {"district", "districts", "borough", "boroughs", "council", "councils", "and", "&", "the"}
)


def _looks_like_body(text: str) -> bool:
    """An unknown body as written: an initialism ('CWIC', 'CDRPs') or a capitalised name ending in a head."""
    words = text.split()
    if not words or len(words) > MAX_BODY_WORDS or not text[:1].isupper() or _is_role(text):
        return False
    if any(w.lower() in _NOT_BODIES for w in words):
        return False
    if len(words) == 1:
        bare = words[0].rstrip("s")
        return (bare.isupper() and 2 <= len(bare) <= 8) or (words[0][:1].isupper() and words[0].isalpha())
    lowered = [w.lower().strip("’'") for w in words]
    last = lowered[-1]
    if last in ORG_HEADS or last in _BODY_ABBREVIATIONS or last in _COLLECTIVE_HEADS or last in _CELL_HEADS:
        return True
    # 'Probation West Midlands', 'Volunteer Centre Stockport': a head word anywhere in a name written in capitals
    return all(w[:1].isupper() for w in words) and any(w in ORG_HEADS or w in _CELL_HEADS for w in lowered)


def _split_bodies(text: str) -> list[str]:
    """Partner text cut into mentions: at '/', ',', '.', '+', and at 'and'/'&' when every piece names a body."""
    parts = []
    for seg in re.split(r"\s*(?:/|,|;|\+|\n|\.\s|\(|\))\s*", text):
        seg = _tidy(seg)
        if not seg:
            continue
        if re.search(r"\s(?:and|&)\s", seg) and not match_organisation(seg).candidates:
            pieces = [_tidy(p) for p in re.split(r"\s+(?:and|&)\s+", seg)]
            # 'District and Boroughs' stays whole: 'District' names nothing alone
            if all(p and _names_a_body(p) for p in pieces):
                parts.extend(pieces)
                continue
        parts.append(seg)
    return parts


def _names_a_body(text: str) -> bool:
    """A piece that names a body by itself: a gazetteer name, an initialism, or a name ending in a head."""
    if match_organisation(text).candidates and any(s >= 95 for _, s in match_organisation(text).candidates):
        return True
    words = text.split()
    if len(words) == 1:
        return words[0].rstrip("s").isupper() and len(words[0]) >= 2
    return _looks_like_body(text)


@dataclass(slots=True)
class _Builder:
    raw: str
    people: list[Officer] = field(default_factory=list)
    pending_roles: list[str] = field(default_factory=list)
    roles_alone: list[str] = field(default_factory=list)
    bodies: list[tuple[str, bool]] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)

    def current(self) -> Officer | None:
        return self.people[-1] if self.people else None

    def add_person(self, name: str, rank_role: str | None) -> None:
        roles = [*self.pending_roles, *([rank_role] if rank_role else [])]
        self.pending_roles = []
        self.people.append(Officer(raw=self.raw, name=name, role="; ".join(roles) or None))

    def add_role(self, role: str) -> None:
        cur = self.current()
        if cur is None:
            self.pending_roles.append(role)
            self.roles_alone.append(role)
        else:
            cur.role = f"{cur.role}; {role}" if cur.role else role

    def add_body(self, name: str, matched: bool, people_waiting: list[Officer] | None = None) -> None:
        targets = people_waiting if people_waiting is not None else ([self.current()] if self.current() else [])
        placed = False
        for person in targets:
            if person is not None and person.organisation is None:
                person.organisation, person.organisation_matched = name, matched
                placed = True
        if not placed:
            self.bodies.append((name, matched))

    def add_department(self, text: str) -> None:
        cur = self.current()
        if cur is not None and cur.department is None:
            cur.department = text
        else:
            self.departments.append(text)


def _read_segment(seg: str, b: _Builder, area: Area | None, spacy_model: str | None) -> None:
    seg = _tidy(seg)
    if not seg:
        return
    spans = _person_spans(seg, spacy_model, pairs=not b.people)  # '(Carers Resource)' after a person is a body
    if spans:
        before = _tidy(seg[: spans[0][0]])
        if before:
            _read_plain(before, b, area)
        for i, (_start, end, name, rank_role) in enumerate(spans):
            b.add_person(_person_name(name), rank_role)
            after = seg[end : spans[i + 1][0] if i + 1 < len(spans) else len(seg)]
            after = _tidy(re.sub(r"^\s*(?:and|&)\s+", "", after))
            if after and not re.fullmatch(r"(?:and|&)", after):
                _read_plain(after, b, area)
        return
    _read_plain(seg, b, area)


def _read_plain(text: str, b: _Builder, area: Area | None) -> None:
    org = _org_of(text, area)
    if org is not None and not (_is_role(text) and org[2] is None and org[3] is None and not org[1]):
        name, matched, role_left, dept_left = org
        if role_left:
            b.add_role(role_left)
        b.add_body(name, matched)
        if dept_left:
            b.add_department(dept_left)
        return
    if _is_role(text):
        b.add_role(text)
        return
    b.add_department(text)


POLICE_RANKS = frozenset(
    [
        "constable",
        "constables",
        "superintendent",
        "superintendents",
        "supt",
        "supts",
        "inspector",
        "inspectors",
        "insp",
        "sergeant",
        "sergeants",
        "sgt",
        "pc",
        "pcso",
        "dci",
        "di",
        "ds",
        "dc",
        "dcs",
    ]
)
"""Words of police ranks: whoever holds one serves the area's police force."""


def _is_police_rank(role: str) -> bool:
    return any(w.strip(".,;:()").lower() in POLICE_RANKS for w in role.split())


def _person_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,")
    return name.title() if name.isupper() else name


def parse_officer_cell(text: str, area: Area | None = None, spacy_model: str | None = None) -> list[Officer]:
    """The people and posts of a lead-officer cell, each with role, organisation and partners.

    People come first, in order; a cell without a person gives one entry per
    post (name None), or one entry holding only the organisation. An empty
    cell gives [].
    """
    if not isinstance(text, str) or not text.strip():
        return []
    from plansift.normalise.organisations import _known_area

    if area is not None and not _known_area(area):
        return _parse_cell(text, area, spacy_model)
    # plans repeat their owner cells on every row: parse each distinct cell once (per set of initials the
    # document defines, which change what a cell's initials mean)
    return [o.copy() for o in _parse_cached(text, area.name if area else None, spacy_model, definitions_key())]


@lru_cache(maxsize=1 << 14)
def _parse_cached(
    text: str, area_name: str | None, spacy_model: str | None, _definitions: tuple = ()
) -> tuple[Officer, ...]:
    from plansift.normalise.organisations import _gazetteer_areas

    return tuple(_parse_cell(text, _gazetteer_areas().get(area_name) if area_name else None, spacy_model))


def _parse_cell(text: str, area: Area | None, spacy_model: str | None) -> list[Officer]:
    raw = text.strip()
    if _is_lone_surname(raw):
        return [Officer(raw=raw, name=raw)]  # a surname alone ('Smith', as 'Insp Smith' gives it)
    lead, _, partner_text = raw.partition("+")
    b = _Builder(raw=raw)
    # '@ Body' / 'at Body' belongs to every person named before it
    chunks = _AT_SPLIT.split(lead)
    for i, chunk in enumerate(chunks):
        if i == 0:
            for seg in _SEGMENT_SPLIT.split(chunk):
                _read_segment(seg, b, area, spacy_model)
            continue
        first, *rest = _SEGMENT_SPLIT.split(chunk) or [""]
        waiting = [p for p in b.people if p.organisation is None]
        org = _org_of(first, area)
        if org is not None:
            b.add_body(org[0], org[1], people_waiting=waiting)
            if org[3]:
                for p in waiting:
                    p.department = p.department or org[3]
        elif _tidy(first)[:1].isupper() and not _is_role(first) and waiting:
            b.add_body(_tidy(first), False, people_waiting=waiting)  # '@ N Warks BC': what follows '@' is the body
        elif first.strip():
            _read_segment(first, b, area, spacy_model)
        for seg in rest:
            _read_segment(seg, b, area, spacy_model)
    partners: list[str] = []
    for name, _matched in b.bodies:
        partners.append(name)
    for seg in _split_bodies(partner_text):
        org = _org_of(seg, area)
        if org is not None:
            partners.append(org[0])
    officers = b.people or [Officer(raw=raw, name=None, role=r) for r in b.roles_alone]
    if not officers and (partners or b.departments):
        officers = [Officer(raw=raw, name=None)]
    if not officers:
        return []
    lead_officer = officers[0]
    if lead_officer.organisation is None and b.bodies and not b.people:
        lead_officer.organisation, lead_officer.organisation_matched = b.bodies[0]
        partners = partners[1:]
    if not b.people and b.departments and lead_officer.department is None:
        first = b.departments[0]
        if (
            lead_officer.organisation is None
            and first[:1].isupper()
            and not _is_role(first)
            and len(first.split()) <= MAX_BODY_WORDS
        ):
            # no person and no known body: the capitalised text leading the cell names the body
            lead_officer.organisation, lead_officer.organisation_matched = first, False
        else:
            lead_officer.department = first
    for o in officers:
        if o.organisation is None and o.role and _is_police_rank(o.role):
            force = match_organisation("Police", area)  # a rank is held in the area's police force
            if force.matched:
                o.organisation, o.organisation_matched = force.name, True
    seen_keys: set[str] = set()
    unique: list[str] = []
    for p in partners:
        k = org_key(p)
        if k and k not in seen_keys and all(p != o.organisation for o in officers):
            seen_keys.add(k)
            unique.append(p)
    for o in officers:
        o.partners = list(unique)
    return officers
