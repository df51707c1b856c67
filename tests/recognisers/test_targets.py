"""Target rules, each on a small Document built in code."""

from __future__ import annotations

from plansift.normalise.recognisers import recognise


def _targets(doc, rows_of):
    return rows_of(recognise(doc), "target")


def _facts(rows):
    return {(r["indicator_code"], r["period"], r["value_kind"], r["unit"], r["value"]) for r in rows}


def test_years_as_columns_with_count_and_rate_in_one_cell(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["LAA Targets", "2008/09", "2009/10"],
                [
                    "NI 15 Serious Violent Crime rate",
                    "1.33 per 1000 population (382 incidents)",
                    "1.28 per 1000 population",
                ],
            ]
        )
    )
    rows = _targets(doc, rows_of)
    assert _facts(rows) == {
        ("NI 15", "2008/09", "target", "rate_per_1000", 1.33),
        ("NI 15", "2008/09", "target", "count", 382.0),
        ("NI 15", "2009/10", "target", "rate_per_1000", 1.28),
    }
    for r in rows:
        assert r["value_text"] in r["source_text"]
        assert r["page"] == 1 and r["line_start"] == 2
        assert r["indicator_title"]


def test_years_as_rows_is_read_transposed(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Year", "NI 16 Serious acquisitive crime", "NI 15 Serious violent crime"],
                ["Baseline 2007/08", "7,995", "261"],
                ["Target 2008/09", "7,595", "248"],
            ]
        )
    )
    facts = _facts(_targets(doc, rows_of))
    assert ("NI 16", "2007/08", "baseline", "count", 7995.0) in facts
    assert ("NI 15", "2008/09", "target", "count", 248.0) in facts
    assert len(facts) == 4


def test_year_n_columns_take_the_year_after_the_baseline(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["LAA Indicator NI 16 Serious Acquisitive crime", "Block: prose about the next 3 years", "", ""],
                ["Baseline performance", "Target Year 1", "Target Year 2", "Target Year 3"],
                ["2007/8 7,995 recorded offences", "7,595 recorded offences", "7,195 recorded offences", "6,795"],
            ]
        )
    )
    facts = _facts(_targets(doc, rows_of))
    assert facts == {
        ("NI 16", "2007/08", "baseline", "count", 7995.0),
        ("NI 16", "2008/09", "target", "count", 7595.0),
        ("NI 16", "2009/10", "target", "count", 7195.0),
        ("NI 16", "2010/11", "target", "count", 6795.0),
    }


def test_shifted_line_of_rates_is_put_back_where_count_and_rate_agree(build, rows_of):
    doc = build.document(
        build.para("NI 15 – Serious Violent Crime Rate"),
        build.table(
            [
                ["Indicator Definition", "Baseline & Year", "Target 2008/09", "Target 2009/10", "Target 2010/11"],
                ["Serious Violent Crime Rate per 1,000 population", "383  1.24  2007/8", "368", "353", "339"],
                ["", "1.20", "1.15", "1.11", ""],
            ],
            line=3,
        ),
    )
    rows = _targets(doc, rows_of)
    rates = {r["period"]: r for r in rows if r["unit"] == "rate_per_1000"}
    assert {p: r["value"] for p, r in rates.items()} == {
        "2007/08": 1.24,
        "2008/09": 1.2,
        "2009/10": 1.15,
        "2010/11": 1.11,
    }
    assert "shifted_column" in rates["2008/09"]["issues"]
    assert rates["2007/08"]["issues"] is None
    assert rates["2008/09"]["source_text"] == "1.20"


def test_quarters_baseline_without_year_and_conflicts(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Ref", "Definition", "Baseline 2007/08", "Target 2008/09", "Target 2009/10", "Target 2010/11"],
                ["NI 20", "Assault rate per 1,000 population", "4206 13.7", "4122 13.44", "4039 13.17", "3958 12.91"],
            ]
        ),
        build.table(
            [
                ["Ref", "Definition", "Baseline", "Target 08/09", "Q1", "Q2"],
                ["NI 20", "Assault rate per 1,000 population", "4206 17.7", "4122 13.44", "724 2.36", ""],
                ["NI 19", "Re-offending", "N/A", "N/A", "N/A", "N/A"],
            ],
            line=5,
        ),
    )
    rows = _targets(doc, rows_of)
    facts = _facts(rows)
    assert ("NI 20", "2008/09 Q1", "actual", "count", 724.0) in facts
    assert ("NI 20", "2008/09 Q1", "actual", "rate_per_1000", 2.36) in facts
    # the second table's baseline takes the year of the first; the repeated facts are kept once
    assert ("NI 20", "2007/08", "baseline", "rate_per_1000", 17.7) in facts
    assert sum(1 for r in rows if r["value"] == 4122.0) == 1
    bad = next(r for r in rows if r["value"] == 17.7)
    assert "conflicting_values" in bad["issues"] and "rate_count_mismatch" in bad["issues"]
    assert not any(r["indicator_code"] == "NI 19" for r in rows)


def test_values_not_set_give_no_row(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["LAA Targets", "2008/09", "2009/10", "2010/11"],
                [
                    "NI 19 Rate of proven re-offending",
                    "2008/09\nBaselines and targets will not be set until January 09",
                    "",
                    "",
                ],
                ["NI 32 Repeat incidents", "to be set", "TBC", "N/A"],
                [
                    "NI 30 Re-offending rate of PPOs",
                    "18% (Provisional target – baselines to be identified in Autumn 08)",
                    "",
                    "",
                ],
            ]
        )
    )
    rows = _targets(doc, rows_of)
    assert [(r["indicator_code"], r["value"], r["unit"]) for r in rows] == [("NI 30", 18.0, "percent")]
    assert rows[0]["issues"] == "provisional"


def test_trajectory_outlier_is_flagged(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Indicator", "Baseline 2007/08", "2008/09", "2009/10", "2010/11"],
                ["NI 15", "261 offences", "248 offences", "235 offences", "22 offences"],
            ]
        )
    )
    rows = _targets(doc, rows_of)
    flagged = [r["value"] for r in rows if r["issues"] and "trajectory_outlier" in r["issues"]]
    assert flagged == [22.0]


def test_prose_targets_beside_an_indicator_code(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Key Areas for Improvement", "Activity", "By whom?", "Target Date"],
                [
                    "NI 47 To reduce KSI casualties by 1% each year – 393 by Mar 09 389 by Mar 10 385 by Mar 11",
                    "1. Road safety strategy",
                    "Road Safety Team",
                    "Mar 09",
                ],
                ["NI 30 To reduce convictions by 20% from baseline of 17%", "1. Review PPOs", "LCJB", "Mar 09"],
            ]
        ),
        build.para("The 11% reduction target mirrors the policing plan; 250 businesses targeted."),
    )
    rows = _targets(doc, rows_of)
    assert _facts(rows) == {
        ("NI 47", "2008/09", "target", "count", 393.0),
        ("NI 47", "2009/10", "target", "count", 389.0),
        ("NI 47", "2010/11", "target", "count", 385.0),
        ("NI 30", None, "baseline", "percent", 17.0),
    }
    assert all("prose_match" in r["issues"] for r in rows)
    table_row = rows_of(
        recognise(build.document(build.table([["LAA Targets", "2008/09", "2009/10"], ["NI 15", "382", "367"]]))),
        "target",
    )
    assert max(r["confidence"] for r in rows) < min(r["confidence"] for r in table_row)


def test_bare_numbers_under_a_percentage_indicator_are_percent(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Indicator", "2008/09", "2009/10"],
                ["NI 117 Percentage of 16-18 year olds not in education", "7.2", "6.9"],
            ]
        )
    )
    assert {(r["value"], r["unit"]) for r in _targets(doc, rows_of)} == {(7.2, "percent"), (6.9, "percent")}


def test_second_header_row_sets_target_and_actual_under_spanning_years(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Indicator", "2008/09", "2008/09", "2009/10"],
                ["", "Target", "Actual", "Target"],
                ["NI 15 Serious violent crime", "368", "371", "353"],
            ],
            header_rows=2,
        )
    )
    assert _facts(_targets(doc, rows_of)) == {
        ("NI 15", "2008/09", "target", "count", 368.0),
        ("NI 15", "2008/09", "actual", "count", 371.0),
        ("NI 15", "2009/10", "target", "count", 353.0),
    }


def test_a_change_of_level_takes_the_year_its_baseline_note_gives(build, rows_of):
    doc = build.document(
        build.para("Targets: NI 17 to fall from 19% (2008 Place Survey) to 17% by 2010/11."),
        build.para("NI 32 to fall from 412 (2007/08 outturn) to 380 by 2010/11."),
        build.para("NI 21 to rise from 26.5% to 30%. NI 195 to fall from 11% (2007 and 2008 surveys) to 9%."),
    )
    assert _facts(_targets(doc, rows_of)) >= {
        ("NI 17", "2008/09", "baseline", "percent", 19.0),  # the survey of autumn 2008
        ("NI 17", "2010/11", "target", "percent", 17.0),
        ("NI 32", "2007/08", "baseline", "count", 412.0),
        ("NI 21", None, "baseline", "percent", 26.5),  # no year given
        ("NI 195", None, "baseline", "percent", 11.0),  # two years: neither
    }


def test_rows_of_kinds_under_a_caption_that_names_the_indicator(build, rows_of):
    """The indicator in the line above the table, the years across, one row per kind of value."""
    doc = build.document(
        build.para("NI 32 Repeat incidents of domestic violence (% of MARAC cases that are repeats)", line=2),
        build.para("Source: MARAC database.", line=3),
        build.table(
            [
                ["", "2008/09", "2009/10", "2010/11"],
                ["Baseline", "31%", "", ""],
                ["LAA target", "", "28%", "27%"],
                ["Stretch", "", "", "26%"],
                ["Actual", "", "30%", ""],
            ],
            line=4,
        ),
    )
    assert _facts(_targets(doc, rows_of)) == {
        ("NI 32", "2008/09", "baseline", "percent", 31.0),
        ("NI 32", "2009/10", "target", "percent", 28.0),
        ("NI 32", "2010/11", "target", "percent", 27.0),
        ("NI 32", "2010/11", "target", "percent", 26.0),
        ("NI 32", "2009/10", "actual", "percent", 30.0),
    }


def test_a_kind_column_beside_the_indicator(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Indicator", "", "2008/09", "2009/10"],
                ["NI 16 Serious acquisitive crime rate", "Target", "4,834", "4,689"],
                ["", "Actual", "4,702", ""],
            ]
        )
    )
    assert _facts(_targets(doc, rows_of)) == {
        ("NI 16", "2008/09", "target", "count", 4834.0),
        ("NI 16", "2009/10", "target", "count", 4689.0),
        ("NI 16", "2008/09", "actual", "count", 4702.0),
    }


def test_a_table_with_no_indicator_above_it_gives_no_target(build, rows_of):
    doc = build.document(
        build.para("Visits made by the team", line=2),
        build.table([["", "2008/09", "2009/10"], ["Target", "120", "140"]], line=3),
    )
    assert _targets(doc, rows_of) == []


def test_one_row_per_indicator_and_year(build, rows_of):
    """'Indicator | Year | Baseline | Target | Actual': a blank indicator cell carries the one above down;
    '-' and 'TBC' give no row; a note above the table says NI 120 is a rate per 100,000 (unit 'other')."""
    doc = build.document(
        build.para("NI 120 is a directly age-standardised rate per 100,000 population.", line=2),
        build.table(
            [
                ["Indicator", "Year", "Baseline", "Target", "Actual"],
                ["NI 120", "2006/07", "658", "-", "-"],
                ["", "2008/09", "-", "631", "627"],
                ["NI 123", "2007/08", "4,120", "-", "-"],
                ["NI 123", "2008/09", "-", "4,450", "TBC"],
            ],
            line=3,
        ),
    )
    assert _facts(_targets(doc, rows_of)) == {
        ("NI 120", "2006/07", "baseline", "other", 658.0),
        ("NI 120", "2008/09", "target", "other", 631.0),
        ("NI 120", "2008/09", "actual", "other", 627.0),
        ("NI 123", "2007/08", "baseline", "count", 4120.0),
        ("NI 123", "2008/09", "target", "count", 4450.0),
    }


def test_a_rate_per_100000_under_years_is_other(build, rows_of):
    doc = build.document(
        build.para("NI 39 is hospital admissions for alcohol related harm per 100,000 population.", line=2),
        build.table([["Indicator", "2008/09", "2009/10"], ["NI 39", "1,420", "1,455"]], line=3),
    )
    assert _facts(_targets(doc, rows_of)) == {
        ("NI 39", "2008/09", "target", "other", 1420.0),
        ("NI 39", "2009/10", "target", "other", 1455.0),
    }


def test_one_row_per_indicator_and_year_with_a_type_column(build, rows_of):
    """'Indicator | Year | Type | Value': each row says its kind; its £ values are earnings, not funding."""
    doc = build.document(
        build.table(
            [
                ["Indicator", "Year", "Type", "Value", "Source/notes"],
                ["NI 151 Overall employment rate", "2007/08", "Baseline", "71.2%", "APS"],
                ["NI 151", "2010/11", "Target", "72.4%", ""],
                ["NI 166 Median earnings of employees in the area", "2007/08", "Baseline", "£398 per week", "ASHE"],
            ]
        )
    )
    records = recognise(doc)
    assert _facts(rows_of(records, "target")) == {
        ("NI 151", "2007/08", "baseline", "percent", 71.2),
        ("NI 151", "2010/11", "target", "percent", 72.4),
        ("NI 166", "2007/08", "baseline", "gbp", 398.0),
    }
    assert rows_of(records, "funding") == []


def test_a_baseline_cell_naming_its_own_year_keeps_it(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["NI", "Indicator", "Baseline 07/08", "08/09 Target", "08/09 Actual", "10/11 Target"],
                ["NI 175", "Access to services (% of households)", "86.0% (08/09)", "-", "-", "88.0%"],
                ["NI 198", "Children travelling to school by car", "36.2%", "35.0%", "35.1%", "33.0%"],
            ]
        )
    )
    facts = _facts(_targets(doc, rows_of))
    assert ("NI 175", "2008/09", "baseline", "percent", 86.0) in facts
    assert ("NI 198", "2008/09", "actual", "percent", 35.1) in facts
    assert ("NI 198", "2007/08", "baseline", "percent", 36.2) in facts  # no year of its own: the column's


def test_bare_codes_a_baseline_year_column_and_a_caption_saying_percentages(build, rows_of):
    doc = build.document(
        build.para("Table 2.1 Worklessness indicators: baselines and targets (all figures are percentages)", line=1),
        build.table(
            [
                ["NI", "Indicator", "Baseline year", "Baseline value", "2008/09 target", "2009/10 target"],
                ["152", "Working age people on out of work benefits", "2007/08", "17.4", "17.1", "18.6"],
                ["163", "Proportion of population aged 19-64 qualified to Level 2", "2006/07", "62.8", "64.0", "65.5"],
                ["999", "Local measure", "2007/08", "12", "13", "14"],
            ],
            line=3,
        ),
    )
    facts = _facts(_targets(doc, rows_of))
    assert {f for f in facts if f[0] == "NI 163"} == {
        ("NI 163", "2006/07", "baseline", "percent", 62.8),
        ("NI 163", "2008/09", "target", "percent", 64.0),
        ("NI 163", "2009/10", "target", "percent", 65.5),
    }
    assert ("NI 152", "2007/08", "baseline", "percent", 17.4) in facts
    assert not any(f[0] == "NI 999" or f[4] in (12, 13, 14) and f[0] == "NI 163" for f in facts)


def test_units_of_measure_the_schema_lacks_are_other(build, rows_of):
    """kg, tonnes and minutes, in a unit column or beside the figure, make 'other'; a percentage stays one, and
    an indicator title's words ('Level 2') name no unit."""
    doc = build.document(
        build.table(
            [
                ["NI", "Indicator", "Unit", "Baseline 2007/08", "2008/09 target"],
                ["NI 191", "Residual household waste per household", "kg", "612", "598"],
                ["NI 186", "Per capita reduction in CO2 emissions", "% reduction", "6.4 tonnes per capita", "4.5%"],
                ["NI 79", "Achievement of a Level 2 qualification by the age of 19", "%", "71", "73"],
            ]
        )
    )
    facts = _facts(_targets(doc, rows_of))
    assert {("NI 191", "2007/08", "baseline", "other", 612.0), ("NI 191", "2008/09", "target", "other", 598.0)} <= facts
    assert {("NI 186", "2007/08", "baseline", "other", 6.4), ("NI 186", "2008/09", "target", "percent", 4.5)} <= facts
    assert ("NI 79", "2007/08", "baseline", "percent", 71.0) in facts


def test_footnote_marks_in_brackets_are_no_values(build, rows_of):
    """'n/a (1)' and '17.5% (2)' mark notes under the table: no value 1 or 2 (a count in brackets with its words,
    '(382 incidents)', stays a value)."""
    doc = build.document(
        build.table(
            [
                ["Ref", "Indicator", "Baseline 2008/09", "2009/10 milestone", "2010/11 target"],
                ["NI 1", "% of people who get on well together", "79.4%", "n/a (1)", "82.0%"],
                ["NI 7", "Thriving third sector", "16.8%", "17.5% (2)", "19.0%"],
                ["NI 15", "Serious violent crime", "1.40 per 1000 (402 incidents)", "-", "1.28 per 1000"],
            ]
        )
    )
    facts = _facts(_targets(doc, rows_of))
    assert ("NI 1", "2008/09", "baseline", "percent", 79.4) in facts
    assert ("NI 7", "2009/10", "target", "percent", 17.5) in facts
    assert ("NI 15", "2008/09", "baseline", "count", 402.0) in facts
    assert not {f for f in facts if f[4] in (1.0, 2.0)}
    assert not {f for f in facts if f[0] == "NI 1" and f[1] == "2009/10"}


def test_one_row_per_indicator_and_year_with_a_status_column(build, rows_of):
    """'Indicator | Year | Status | Number killed or seriously injured': the status names each row's kind
    ('Actual (provisional)' an actual), the column naming a count holds the values, and a change on the baseline
    is no value of its own; the indicator cell merged down the rows names each of them."""
    doc = build.document(
        build.table(
            [
                ["Indicator", "Year", "Status", "Number killed or seriously injured", "Change on baseline"],
                ["NI 47 People killed or seriously injured", "2007/08", "Baseline", "512", "–"],
                ["", "2008/09", "Target", "497", "-2.9%"],
                ["", "2008/09", "Actual (provisional)", "489", "-4.5%"],
                ["NI 48 Children killed or seriously injured", "2007/08", "Baseline", "46", "–"],
                ["", "2010/11", "Target", "40", "-13.0%"],
            ]
        )
    )
    assert _facts(_targets(doc, rows_of)) == {
        ("NI 47", "2007/08", "baseline", "count", 512.0),
        ("NI 47", "2008/09", "target", "count", 497.0),
        ("NI 47", "2008/09", "actual", "count", 489.0),
        ("NI 48", "2007/08", "baseline", "count", 46.0),
        ("NI 48", "2010/11", "target", "count", 40.0),
    }


def test_parts_of_an_indicator_under_its_row_and_a_unit_column(build, rows_of):
    """Rows '(i)' and '(ii)' under 'NI 187' are parts of it, not codes of their own; a 'Unit' column after the
    values says what they measure ('%', '£ per week', 'per 10,000 adults')."""
    doc = build.document(
        build.table(
            [
                ["Ref", "Indicator", "Baseline (2007/08)", "2009/10 target", "2010/11 target", "Unit"],
                ["NI 187", "Tackling fuel poverty", "", "", "", ""],
                ["(i)", "low rating: SAP below 35", "11.8", "10.6", "9.9", "%"],
                ["(ii)", "high rating: SAP of 65 or above", "24.1", "26.5", "28.0", "%"],
                ["NI 166", "Median earnings of employees", "431.20", "440.00", "455.00", "£ per week"],
                ["NI 171", "New business registration rate", "41.3", "42.5", "44.0", "per 10,000 adults"],
            ]
        )
    )
    facts = _facts(_targets(doc, rows_of))
    assert {f for f in facts if f[0] == "NI 187"} == {
        ("NI 187", "2007/08", "baseline", "percent", 11.8),
        ("NI 187", "2009/10", "target", "percent", 10.6),
        ("NI 187", "2010/11", "target", "percent", 9.9),
        ("NI 187", "2007/08", "baseline", "percent", 24.1),
        ("NI 187", "2009/10", "target", "percent", 26.5),
        ("NI 187", "2010/11", "target", "percent", 28.0),
    }
    assert {f[3] for f in facts if f[0] == "NI 166"} == {"gbp"}
    assert {f[3] for f in facts if f[0] == "NI 171"} == {"other"}


def test_bare_decimals_take_the_unit_the_indicator_has_elsewhere(build, rows_of):
    """A quarterly table of bare decimals: each takes the one unit its indicator's figures take in the table
    above ('%' in its unit column); an indicator with none stays 'other'."""
    doc = build.document(
        build.table(
            [
                ["NI", "Title", "Baseline 2007/08", "Target 2010/11", "Unit"],
                ["NI 117", "16 to 18 year olds who are NEET", "8.9", "7.0", "%"],
            ],
            line=1,
        ),
        build.para("Quarterly monitoring", line=5),
        build.table([["NI", "Q1 2009/10", "Q2 2009/10"], ["NI 117", "8.6", "8.1"], ["NI 35", "2.25", "2.75"]], line=7),
    )
    facts = _facts(_targets(doc, rows_of))
    assert ("NI 117", "2009/10 Q1", "actual", "percent", 8.6) in facts
    assert ("NI 117", "2009/10 Q2", "actual", "percent", 8.1) in facts
    assert {f[3] for f in facts if f[0] == "NI 35"} == {"other"}


def test_one_row_per_value_with_measure_period_and_unit_columns(build, rows_of):
    """'Indicator | Title | Measure | Period | Value | Unit': the measure column names each row's kind and the
    unit column its unit."""
    doc = build.document(
        build.table(
            [
                ["Indicator", "Title", "Measure", "Period", "Value", "Unit"],
                ["NI 56", "Obesity among children in Year 6", "Baseline", "2007/08", "17.1", "%"],
                ["NI 56", "Obesity among children in Year 6", "Actual", "2008/09", "17.4", "%"],
                ["NI 166", "Median earnings of employees", "Target", "2010/11", "455.00", "£ per week"],
            ]
        )
    )
    assert _facts(_targets(doc, rows_of)) == {
        ("NI 56", "2007/08", "baseline", "percent", 17.1),
        ("NI 56", "2008/09", "actual", "percent", 17.4),
        ("NI 166", "2010/11", "target", "gbp", 455.0),
    }


def test_local_indicators_baseline_marks_and_counts_beside_rates_per_100000(build, rows_of):
    """A row led by a code of the document's own ('CSP 12') is a local indicator, not part of the NI above it;
    '27.5% (baseline)' under '2008/09' is a baseline; in '1,250 quitters (1,059 per 100,000)' the rate is
    'other', the whole number beside it a count, and 100,000 no value."""
    doc = build.document(
        build.table(
            [
                ["Indicator", "Baseline 2007/08", "2008/09", "2010/11"],
                ["NI 4 % of people who feel they can influence decisions", "n/a", "28.9% (baseline)", "31.9%"],
                ["CSP 12 Number of volunteers placed (local)", "1,860", "2,000", "2,300"],
                ["NI 123 Stopping smoking", "1,250 quitters\n(1,059 per 100,000)", "1,340 quitters", "1,500"],
            ]
        )
    )
    facts = _facts(_targets(doc, rows_of))
    assert {f for f in facts if f[0] == "NI 4"} == {
        ("NI 4", "2008/09", "baseline", "percent", 28.9),
        ("NI 4", "2010/11", "target", "percent", 31.9),
    }
    assert ("NI 123", "2007/08", "baseline", "count", 1250.0) in facts
    assert ("NI 123", "2007/08", "baseline", "other", 1059.0) in facts
    assert not {f for f in facts if f[4] in (1860.0, 2000.0, 100000.0)}
