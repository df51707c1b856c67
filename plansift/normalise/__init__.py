"""Normalisers and recognisers: from a Document to canonical records.

The contract (each module owns one domain; none imports an extractor module
other than the document model):

``indicators``     ``find_indicator_codes(text) -> list[IndicatorMention]`` (codes written in the text:
                   'NI 15', 'NI15', 'NI-015', 'N.I. 16', 'National Indicator 16', 'NI 15 & NI 16', 'NI 15, 16 and 21');
                   ``match_indicator_title(text) -> IndicatorMention | None`` (title-only mentions, rapidfuzz,
                   refusing close calls); ``indicator_title(code) -> str | None``.
``periods``        ``parse_period(text, plan_start_year=None) -> str | None`` ('2008/9', '08/09', '2007/2008',
                   'Year 1' relative to the plan, 'Q1' -> 'YYYY/YY Q1'); ``find_periods(text)``.
``numbers``        ``parse_number(text) -> float | None``; ``find_numbers(text)``.
``money``          ``parse_money(text) -> float | None`` ('£1.2m', '£583,664', '£ 35k'); ``find_money(text)``.
``dates``          ``parse_due_date(text) -> datetime.date | None`` ('Mar 09' -> 2009-03-31, 'by March 2010',
                   'July – September 2008' -> its end, 'Ongoing' -> None).
``areas``          ``match_area(text) -> Area | None``; ``detect_area(doc) -> Area | None``.
``organisations``  ``match_organisation(raw, area=None) -> OrgMatch`` (never guesses: ``matched=False`` keeps the
                   raw text); ``find_organisations(text, area=None) -> list[OrgMatch]``;
                   ``match_funding_stream(raw) -> OrgMatch | None``.
``officers``       ``parse_officer_cell(text, area=None) -> list[Officer]`` (name, role, organisation, partners).
``entities``       ``collect_entities(doc, area, records, spacy_model=None) -> list[dict]`` (the entities table).
``recognisers``    ``recognise(doc, area) -> list[dict]``: target, action and funding rows (SCHEMA.md columns).
"""
