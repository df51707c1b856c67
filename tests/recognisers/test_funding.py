"""Funding rules, each on a small Document built in code."""

from __future__ import annotations

from plansift.normalise.recognisers import recognise


def _funding(doc, rows_of):
    return rows_of(recognise(doc), "funding")


def test_stream_by_year_table_with_total_column(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Funding & Planned Spend", "2008/09", "2009/10", "Total", "Comment/Rationale"],
                [
                    "Offender Management Programme",
                    "65,500",
                    "To be determined",
                    "65,500",
                    "This funding is part of the area based grant.",
                ],
                [
                    "Hate Crime Caseworker",
                    "35,000",
                    "0",
                    "35,000",
                    "Funded through the Performance Reward Grant which is one-off.",
                ],
                ["Operation Bolvin", "21,000", "5,000", "21,000", ""],
            ]
        )
    )
    rows = _funding(doc, rows_of)
    assert [(r["amount_gbp"], r["period"]) for r in rows] == [
        (65500.0, "2008/09"),
        (35000.0, "2008/09"),
        (21000.0, "2008/09"),
        (5000.0, "2009/10"),
    ]
    assert rows[0]["funding_source"] == "Area Based Grant"
    assert rows[1]["funding_source"]  # the stream the comment names, canonical where the gazetteer knows it
    assert rows[2]["funding_source"] is None  # 'Operation Bolvin' names no funder
    assert [r["issues"] for r in rows] == [None, None, "total_mismatch", "total_mismatch"]
    for r in rows:
        assert f"{r['amount_gbp']:,.0f}" in r["source_text"]


def test_capital_revenue_source_recipient_assured(build, rows_of):
    doc = build.document(
        build.table(
            [
                [
                    "Financial years:",
                    "What is being funded",
                    "Capital: £",
                    "Revenue: £",
                    "Total: £",
                    "Source of funding",
                    "Funding assured? Y/N",
                ],
                [
                    "2008/09",
                    "Staff",
                    "",
                    "£583,664",
                    "£583,664",
                    "Source - Road Safety Grant. Received by - Safer Block.",
                    "Yes - assured",
                ],
                ["2009/10", "Capital acquisitions", "£173,000", "", "£173,000", "Source – Road Safety Grant.", "No"],
            ]
        )
    )
    rows = _funding(doc, rows_of)
    assert [(r["amount_gbp"], r["period"], r["funding_kind"], r["assured"]) for r in rows] == [
        (583664.0, "2008/09", "revenue", True),
        (173000.0, "2009/10", "capital", False),
    ]
    assert rows[0]["funding_source"] == "Road Safety Grant"
    assert rows[0]["recipient"] == "Safer Block"
    assert rows[0]["purpose"] == "Staff"


def test_flattened_lists_keep_every_amount_unlabelled_and_drop_the_total(build, rows_of):
    cell = "\n".join(
        [
            "Ind",
            "2007/08 £",
            "2008/09 £",
            "Main programmes",
            "JCP core funds",
            "PCT core funds",
            "1,000",
            "Etc.",
            "20,000",
            "300,000",
            "321,000",
            "None identified",
        ]
    )
    doc = build.document(build.table([["Budgets supporting delivery of outcomes", cell]], header_rows=0))
    rows = _funding(doc, rows_of)
    assert [r["amount_gbp"] for r in rows] == [1000.0, 20000.0, 300000.0]
    assert all(r["funding_source"] is None and r["period"] is None for r in rows)
    assert all(r["issues"] == "source_unlabelled" for r in rows)


def test_flattened_total_that_does_not_add_up_is_flagged(build, rows_of):
    cell = "\n".join(["Budget £", "1,000", "20,000", "300,000", "Total", "400,000"])
    rows = _funding(build.document(build.table([["Budget", cell]], header_rows=0)), rows_of)
    assert [r["amount_gbp"] for r in rows] == [1000.0, 20000.0, 300000.0]
    assert all("total_mismatch" in r["issues"] for r in rows)


def test_money_in_prose(build, rows_of):
    doc = build.document(
        build.para("The project receives £25,000 from the Police in 2008/09 and £40,000 a year from the council.")
    )
    rows = _funding(doc, rows_of)
    assert [(r["amount_gbp"], r["period"]) for r in rows] == [(25000.0, "2008/09"), (40000.0, "2008/09")]
    assert rows[0]["funding_source"] is not None
    assert all("prose_match" in r["issues"] for r in rows)


def test_target_table_is_not_funding(build, rows_of):
    doc = build.document(
        build.table([["LAA Targets", "2008/09", "2009/10"], ["NI 15 Serious violent crime", "382", "367"]])
    )
    assert _funding(doc, rows_of) == []


def test_a_document_that_is_not_a_plan_gives_nothing(build, rows_of):
    doc = build.document(
        build.table([["Revenue", "2020", "2021"], ["Product sales", "$5,795,636", "$3,986,387"]]),
        build.para("Net sales were £25,000 from the distributor."),
        plan=False,
    )
    assert recognise(doc) == []


def test_source_column_and_single_amount_column(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Funding stream", "Year", "Amount (£)", "Purpose"],
                ["Area Based Grant", "2008/09", "45,000", "Youth diversion"],
                ["Neighbourhood Fund", "2009/10", "12,500", "Street wardens"],
            ]
        )
    )
    rows = _funding(doc, rows_of)
    assert [(r["amount_gbp"], r["period"], r["purpose"]) for r in rows] == [
        (45000.0, "2008/09", "Youth diversion"),
        (12500.0, "2009/10", "Street wardens"),
    ]
    assert rows[0]["funding_source"] == "Area Based Grant"
    assert rows[1]["funding_source"] == "Neighbourhood Fund"


def test_amounts_under_a_thousands_header_are_scaled(build, rows_of):
    doc = build.document(
        build.table([["Budget line", "2008/09 £000", "2009/10 £000"], ["Area Based Grant", "250", "1,200"]])
    )
    assert [r["amount_gbp"] for r in _funding(doc, rows_of)] == [250000.0, 1200000.0]


def test_total_row_is_checked_not_counted(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Budget line", "2008/09 £", "2009/10 £"],
                ["Home Office grant", "10,000", "5,000"],
                ["Area Based Grant", "20,000", "5,000"],
                ["Total", "30,000", "12,000"],
            ]
        )
    )
    rows = _funding(doc, rows_of)
    assert [r["amount_gbp"] for r in rows] == [10000.0, 5000.0, 20000.0, 5000.0]
    by_period = {(r["period"], r["issues"]) for r in rows}
    assert by_period == {("2008/09", None), ("2009/10", "total_mismatch")}


def test_a_stream_named_before_its_purpose_or_in_brackets_is_the_source(build, rows_of):
    """A row label naming a stream or body first ('WNF - ...', 'ABG (...)', 'ERDF ...') or in brackets after the
    purpose names the source; a label naming none names no source."""
    doc = build.document(
        build.table(
            [
                ["Funding", "2008/09 £", "2009/10 £"],
                ["WNF - Knowsley Works programme", "2,150,000", "2,310,000"],
                ["ABG (youth crime prevention)", "1,450,000", ""],
                ["ERDF Merseyside 2007-13", "750,000", ""],
                ["Healthy Schools (Bradford and Airedale tPCT)", "450,000", ""],
                ["ABG - Connexions", "6,850,000", ""],
                ["Summer holiday activities", "20,000", ""],
            ]
        )
    )
    rows = _funding(doc, rows_of)
    assert [(r["amount_gbp"], r["funding_source"]) for r in rows] == [
        (2150000.0, "Working Neighbourhoods Fund"),
        (2310000.0, "Working Neighbourhoods Fund"),
        (1450000.0, "Area Based Grant"),
        (750000.0, "European Regional Development Fund"),
        (450000.0, "NHS Bradford and Airedale – Bradford and Airedale Teaching PCT"),
        (6850000.0, "Area Based Grant"),
        (20000.0, None),
    ]


def test_a_caption_or_pound_signs_make_a_table_of_years_a_funding_table(build, rows_of):
    """No money word in the header row: the caption says '£k', or the cells hold £ amounts."""
    doc = build.document(
        build.heading("3. Funding (£k)", line=2),
        build.table(
            [
                ["Programme", "08/09", "09/10", "Total"],
                ["Area Based Grant – worklessness", "310", "325", "635"],
                ["Total", "310", "325", "635"],
            ],
            line=3,
        ),
        build.heading("Resources", line=8),
        build.para("The items below are funded for two years.", line=9),
        build.table(
            [
                ["Item", "Source", "2009/10", "2010/11"],
                ["Home fire safety checks", "CLG Fire Prevention Grant", "£148,000", "£148,000"],
            ],
            line=10,
        ),
    )
    rows = _funding(doc, rows_of)
    assert [(r["amount_gbp"], r["period"]) for r in rows] == [
        (310000.0, "2008/09"),
        (325000.0, "2009/10"),
        (148000.0, "2009/10"),
        (148000.0, "2010/11"),
    ]
    assert rows[0]["funding_source"] == "Area Based Grant"


def test_a_table_of_indicators_with_pound_values_is_no_funding(build, rows_of):
    doc = build.document(
        build.heading("Resources and targets", line=2),
        build.table([["Indicator", "2008/09", "2009/10"], ["NI 166 Median earnings", "£402", "£410"]], line=3),
    )
    assert _funding(doc, rows_of) == []


def test_a_title_row_inside_the_table_gives_its_unit(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["3 Funding (£k)", "", "", ""],
                ["Stream", "2008/09", "2009/10", "Total"],
                ["Area Based Grant – Connexions", "2,140", "2,140", "4,280"],
            ]
        )
    )
    assert [(r["amount_gbp"], r["period"]) for r in _funding(doc, rows_of)] == [
        (2140000.0, "2008/09"),
        (2140000.0, "2009/10"),
    ]


def test_a_flattened_list_in_paragraphs_is_its_cluster_of_amounts_not_every_figure_of_the_document(build, rows_of):
    """A plan written without headings is one run of paragraphs: figures far from the list are no amounts."""
    paras = ["Healthy Lives Improvement Plan", "NI 39 admissions per 100,000", "2,086", "2,210", "2,298"]
    paras += ["The 2008/09 NCMP measured 2,948 Year 6 children.", "Partners met monthly.", "Actions follow."]
    paras += ["Resources (budget, £)", "NHS Oldham", "Area Based Grant", "12,000", "180,000", "75,000", "Total"]
    paras += ["267,000", "Progress is reported to the Board quarterly."]
    doc = build.document(*(build.para(t, line=k + 1) for k, t in enumerate(paras)))
    rows = _funding(doc, rows_of)
    assert [r["amount_gbp"] for r in rows] == [12000.0, 180000.0, 75000.0]


def test_a_list_item_of_amounts_by_year_under_its_label(build, rows_of):
    """'Stream (funder): £X in 2008/09; £Y in 2009/10': each amount takes the year of its own clause, and the
    label before the colon names the source."""
    doc = build.document(
        build.heading("Part 2 - Resources", line=1),
        build.item(
            "Social Care Reform Grant (Department of Health, ring-fenced): £3,412,000 in 2008/09; £4,987,000 in "
            "2009/10; £5,166,000 in 2010/11.",
            line=2,
        ),
        build.item("NHS Hampshire contribution to intermediate care: £2.4m in 2008/09, rising to £2.9m in 2009/10.", 3),
    )
    rows = _funding(doc, rows_of)
    assert [(r["amount_gbp"], r["period"]) for r in rows] == [
        (3412000.0, "2008/09"),
        (4987000.0, "2009/10"),
        (5166000.0, "2010/11"),
        (2400000.0, "2008/09"),
        (2900000.0, "2009/10"),
    ]
    assert [r["funding_source"] for r in rows[:3]] == ["Department of Health"] * 3
    assert all(r["funding_source"].startswith("NHS Hampshire") for r in rows[3:])  # the gazetteer's name for it


def test_a_table_in_gbp_thousands_with_funders_by_their_initials(build, rows_of):
    """'(GBP 000s)' in the caption scales the amounts; 'NAHP grant to RSLs (HCA)' is funded by the body the
    initials name, while a grant named as such keeps its name ('Homelessness Grant (CLG)')."""
    doc = build.document(
        build.para("Table 3  Resources committed to this plan (GBP 000s)", line=1),
        build.table(
            [
                ["Funding stream / source", "2008/09", "2009/10"],
                ["NAHP grant to RSLs (HCA)", "6,840", "7,215"],
                ["Homelessness Grant (CLG)", "410", "425"],
            ],
            line=3,
        ),
    )
    rows = _funding(doc, rows_of)
    assert [(r["amount_gbp"], r["period"]) for r in rows] == [
        (6840000.0, "2008/09"),
        (7215000.0, "2009/10"),
        (410000.0, "2008/09"),
        (425000.0, "2009/10"),
    ]
    assert [r["funding_source"] for r in rows] == ["Homes and Communities Agency"] * 2 + ["Homelessness Grant"] * 2


def test_a_funder_column_beside_a_stream_column_is_the_source(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Funding stream", "Funder", "2009/10", "2010/11", "Purpose"],
                ["Healthy Towns", "Department of Health", "£450,000", "£550,000", "Thetford Healthy Town programme"],
                ["Match funding", "Breckland Council", "£125,000", "£125,000", "Thetford Healthy Town programme"],
            ]
        )
    )
    rows = _funding(doc, rows_of)
    assert [(r["amount_gbp"], r["funding_source"]) for r in rows] == [
        (450000.0, "Department of Health"),
        (550000.0, "Department of Health"),
        (125000.0, "Breckland Council"),
        (125000.0, "Breckland Council"),
    ]
    assert {r["purpose"] for r in rows} == {"Thetford Healthy Town programme"}


def test_a_caption_under_the_table_gives_its_unit(build, rows_of):
    """Word puts captions under tables: 'Table 4: Resources (figures in £000s)' scales the table above it."""
    doc = build.document(
        build.table([["Funding stream", "2008/09", "2009/10"], ["NHS Knowsley – core budget", "620", "655"]], line=1),
        build.para("Table 4: Resources for NI 123 delivery (figures in £000s)", line=3),
    )
    assert [r["amount_gbp"] for r in _funding(doc, rows_of)] == [620000.0, 655000.0]
