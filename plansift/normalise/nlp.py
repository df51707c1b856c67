"""The spaCy pipeline: rule-based PERSON and ORG entities from the gazetteer, built once per process.

``pipeline()`` is a blank English pipeline (``spacy.blank("en")``) with two
EntityRuler components from registered factories:

``plansift_gazetteer_ruler`` (phrase patterns matched on ``LOWER``)
  * PERSON: a first name from the gazetteer's lexicon, an optional middle
    name or initial, then a capitalised surname that is not a word of a body,
    a post or a plan ('Richard Howe', 'Nikki Murch'); a police rank or title
    before a surname ('Insp Smith', 'Ch Supt Jones', 'DCI Patel', id
    ``rank``); an initial and a surname ('A. Pearson', id ``initial``, trusted
    only in cells that name people).
  * ORG: every organisation name and alias, in any case.
``plansift_initialism_ruler`` (phrase patterns matched on ``ORTH``)
  * ORG: initialisms ('WMP', 'SMBC') with their exact capitals only.

Each ORG span's ``ent_id_`` is the canonical name. ``pipeline("en_core_web_sm")``
loads that installed model instead and puts both rulers before its NER, so
the rules win and the model adds what they miss. Nothing is ever downloaded:
a model that is not installed is an error that says so.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.attrs import IS_TITLE, LOWER
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from plansift.normalise.names import RANKS, surname_stop_words

RULER_NAME = "plansift_gazetteer_ruler"
INITIALISM_RULER_NAME = "plansift_initialism_ruler"


def _person_patterns() -> list[dict]:
    from plansift.gazetteer import first_names

    first = sorted(first_names())
    stop = sorted(surname_stop_words())
    given = {"LOWER": {"IN": first}, "IS_TITLE": True}
    surname = {"IS_TITLE": True, "LOWER": {"NOT_IN": stop}, "LENGTH": {">=": 2}, "IS_ALPHA": True}
    initial = {"TEXT": {"REGEX": r"^[A-Z]\.?$"}}
    patterns: list[dict] = [
        {"label": "PERSON", "pattern": [given, surname], "id": "name"},
        {"label": "PERSON", "pattern": [given, dict(given), surname], "id": "name"},
        {"label": "PERSON", "pattern": [given, initial, surname], "id": "name"},
        # an initial and a surname ('A. Pearson') is a person only where a cell says people stand
        {"label": "PERSON", "pattern": [initial, surname], "id": "initial"},
    ]
    for rank_pattern in _rank_patterns():
        patterns.append({"label": "PERSON", "pattern": [*rank_pattern, surname], "id": "rank"})
        patterns.append({"label": "PERSON", "pattern": [*rank_pattern, given, surname], "id": "rank"})
    return patterns


def _rank_patterns() -> list[list[dict]]:
    """The token patterns of RANKS, each word with an optional full stop ('Ch. Supt.'), ranks that differ only
    in their last word sharing one pattern ('insp', 'supt', ... in one; 'chief insp', 'chief supt', ... in
    another): each pattern matches exactly the ranks it stands for.

    Every pattern costs the Matcher a set of the gazetteer's first names and one of the surname stop words
    (thousands of strings each): two patterns per rank, 62 in all, took a third of the pipeline's build.
    """
    dot = {"ORTH": ".", "OP": "?"}
    last_words: dict[tuple[str, ...], list[str]] = {}
    for rank in RANKS:
        *head, last = rank.split()
        last_words.setdefault(tuple(head), []).append(last)
    patterns = []
    for head, lasts in last_words.items():
        pattern: list[dict] = []
        for word in head:
            pattern += [_rank_word([word]), dot]
        patterns.append([*pattern, _rank_word(lasts), dot])
    return patterns


def _rank_word(words: list[str]) -> dict:
    """A token that is one of ``words``, its full stop a token of its own or kept with it: the tokenizer keeps
    the full stop of 'Dr.', 'Mr.', 'Mrs.' and 'Ms.' as a part of the word."""
    return {"LOWER": {"IN": [form for w in words for form in (w, f"{w}.")]}}


def _org_names(initialisms: bool) -> list[tuple[str, str]]:
    """(name or alias, canonical name): initialisms ('WMP') or the other names, each once."""
    from plansift.gazetteer import organisations

    seen: set[str] = set()
    out = []
    for org in organisations():
        for name in (org.name, *org.aliases):
            is_initialism = name.replace(".", "").replace("&", "").isupper() and " " not in name.strip()
            if name and name not in seen and is_initialism == initialisms:
                seen.add(name)
                out.append((name, org.name))
    return out


class _Ruler(EntityRuler):
    """spaCy's EntityRuler, but checking that it has patterns without counting them on every document.

    ``EntityRuler.match`` calls ``len(self)``, which sums the pattern lists of every label: with the
    gazetteer's thousands of names that was a third of the time spent in the pipeline.
    """

    def _require_patterns(self) -> None:
        if not any(self.phrase_patterns.values()) and not any(self.token_patterns.values()):
            super()._require_patterns()


@Language.factory(RULER_NAME, default_config={"overwrite_ents": False})
def make_gazetteer_ruler(nlp: Language, name: str, overwrite_ents: bool) -> EntityRuler:
    """An EntityRuler with the PERSON rules and the gazetteer's names (phrase patterns, any case)."""
    ruler = _Ruler(nlp, name=name, overwrite_ents=overwrite_ents, phrase_matcher_attr="LOWER")
    ruler.add_patterns([*_person_patterns(), *({"label": "ORG", "pattern": n, "id": c} for n, c in _org_names(False))])
    return ruler


@Language.factory(INITIALISM_RULER_NAME, default_config={"overwrite_ents": False})
def make_initialism_ruler(nlp: Language, name: str, overwrite_ents: bool) -> EntityRuler:
    """An EntityRuler with the gazetteer's initialisms, matched with their exact capitals ('WMP', not 'wmp')."""
    ruler = _Ruler(nlp, name=name, overwrite_ents=overwrite_ents, phrase_matcher_attr="ORTH")
    ruler.add_patterns([{"label": "ORG", "pattern": n, "id": c} for n, c in _org_names(True)])
    return ruler


@cache
def _first_name_ids() -> frozenset[int]:
    from spacy.strings import get_string_id

    from plansift.gazetteer import first_names

    return frozenset(get_string_id(name) for name in first_names())


def may_name_person(doc: Doc) -> bool:
    """Whether a tokenised text has a title-case first name of the gazetteer, without which the PERSON rules
    of :func:`pipeline` (``id`` ``name``) cannot match: texts without one need not run through the rulers."""
    names = _first_name_ids()
    attrs = doc.to_array([IS_TITLE, LOWER])
    return any(lower in names for title, lower in attrs.tolist() if title)


def model_available(model: str) -> bool:
    """True when a trained spaCy pipeline of this name is installed (nothing is downloaded)."""
    import importlib.util

    return importlib.util.find_spec(model) is not None


def pipeline(model: str | None = None) -> Language:
    """The cached pipeline: blank English with the gazetteer ruler, or ``model`` with the ruler before its NER.

    Raises ``LookupError`` naming the model when it is not installed.
    """
    return _pipeline(model)  # one cache entry per model: pipeline() and pipeline(None) are the same pipeline


@cache
def _pipeline(model: str | None) -> Language:
    if model is None:
        nlp = spacy.blank("en")
        nlp.add_pipe(RULER_NAME)
        nlp.add_pipe(INITIALISM_RULER_NAME)
        return nlp
    if not model_available(model):
        raise LookupError(
            f"spaCy model {model!r} is not installed; install it with your package manager "
            f"(e.g. `pip install {model}` from a wheel) or run without --spacy-model"
        )
    nlp = spacy.load(model, exclude=["lemmatizer", "textcat"])
    before = "ner" if "ner" in nlp.pipe_names else None
    nlp.add_pipe(RULER_NAME, before=before)
    nlp.add_pipe(INITIALISM_RULER_NAME, before=before)
    return nlp
