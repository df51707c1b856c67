"""The spaCy pipeline: rule-based PERSON and ORG entities from the gazetteer, built once per process.

``pipeline()`` is a blank English pipeline (``spacy.blank("en")``) with one
component from a registered factory, ``plansift_gazetteer_ruler``: an
EntityRuler whose patterns are made from the gazetteer.

* PERSON: a first name from the gazetteer's lexicon, an optional middle name
  or initial, then a capitalised surname that is not a word of an
  organisation or a post ('Richard Howe', 'Nikki Murch'); or a police rank
  before a surname ('Insp Smith', 'Ch Supt Jones', 'DCI Patel').
* ORG: every organisation name and alias (initialisms by their exact
  spelling, other names case-insensitively).

``pipeline("en_core_web_sm")`` loads that installed model instead and puts the
ruler before its NER, so the rules win and the model adds what they miss.
Nothing is ever downloaded: a model that is not installed is an error that
says so.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler

from plansift.normalise.names import RANKS, surname_stop_words

RULER_NAME = "plansift_gazetteer_ruler"


def _patterns(nlp: Language) -> list[dict]:
    from plansift.gazetteer import first_names, organisations

    first = sorted(first_names())
    stop = sorted(surname_stop_words())
    given = {"LOWER": {"IN": first}, "IS_TITLE": True}
    surname = {"IS_TITLE": True, "LOWER": {"NOT_IN": stop}, "LENGTH": {">=": 2}, "IS_ALPHA": True}
    initial = {"TEXT": {"REGEX": r"^[A-Z]\.?$"}}
    patterns: list[dict] = [
        {"label": "PERSON", "pattern": [given, surname], "id": "name"},
        {"label": "PERSON", "pattern": [given, dict(given), surname], "id": "name"},
        {"label": "PERSON", "pattern": [given, initial, surname], "id": "name"},
        {"label": "PERSON", "pattern": [initial, surname], "id": "name"},
    ]
    for rank in RANKS:
        words = [{"LOWER": w} for w in rank.split()]
        dot = {"ORTH": ".", "OP": "?"}
        rank_pattern: list[dict] = []
        for w in words:
            rank_pattern += [w, dot]
        patterns.append({"label": "PERSON", "pattern": [*rank_pattern, surname], "id": "rank"})
        patterns.append({"label": "PERSON", "pattern": [*rank_pattern, given, surname], "id": "rank"})
    seen: set[str] = set()
    for org in organisations():
        for name in (org.name, *org.aliases):
            if not name or name in seen:
                continue
            seen.add(name)
            tokens = [t.text for t in nlp.make_doc(name)]
            if name.replace(".", "").isupper() and " " not in name:
                pattern = [{"ORTH": t} for t in tokens]
            else:
                pattern = [{"LOWER": t.lower()} for t in tokens]
            patterns.append({"label": "ORG", "pattern": pattern, "id": org.name})
    return patterns


@Language.factory(RULER_NAME, default_config={"overwrite_ents": False})
def make_gazetteer_ruler(nlp: Language, name: str, overwrite_ents: bool) -> EntityRuler:
    """An EntityRuler holding the gazetteer's PERSON and ORG patterns."""
    ruler = EntityRuler(nlp, name=name, overwrite_ents=overwrite_ents)
    ruler.add_patterns(_patterns(nlp))
    return ruler


def model_available(model: str) -> bool:
    """True when a trained spaCy pipeline of this name is installed (nothing is downloaded)."""
    import importlib.util

    return importlib.util.find_spec(model) is not None


@cache
def pipeline(model: str | None = None) -> Language:
    """The cached pipeline: blank English with the gazetteer ruler, or ``model`` with the ruler before its NER.

    Raises ``LookupError`` naming the model when it is not installed.
    """
    if model is None:
        nlp = spacy.blank("en")
        nlp.add_pipe(RULER_NAME)
        return nlp
    if not model_available(model):
        raise LookupError(
            f"spaCy model {model!r} is not installed; install it with your package manager "
            f"(e.g. `pip install {model}` from a wheel) or run without --spacy-model"
        )
    nlp = spacy.load(model, exclude=["lemmatizer", "textcat"])
    nlp.add_pipe(RULER_NAME, before="ner" if "ner" in nlp.pipe_names else None)
    return nlp
