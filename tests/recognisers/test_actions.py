"""Action rules, each on a small Document built in code."""

from __future__ import annotations

import datetime as dt

from plansift.normalise.recognisers import recognise


def _actions(doc, rows_of):
    return rows_of(recognise(doc), "action")


def test_action_table_in_any_order_and_wording(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Target Date", "Lead Officer", "Ref", "Planned Action(s)", "Progress"],
                ["Sept 08 Mar 09", "Richard Howe, Partnership Analyst", "A1", "Analyse repeat victims", ""],
                ["Monthly", "", "A2", "Deliver the Hate Crime Action Plan", ""],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    assert [(r["action_ref"], r["description"], r["due_date"]) for r in rows] == [
        ("A1", "Analyse repeat victims", dt.date(2009, 3, 31)),
        ("A2", "Deliver the Hate Crime Action Plan", None),
    ]
    assert rows[0]["lead_officer"] == "Richard Howe"
    assert rows[0]["lead_role"] == "Partnership Analyst"


def test_row_cut_by_a_page_break_is_joined(build, rows_of):
    header = ["Ref Nr", "Planned Action(s)", "Target/ Milestone", "Lead Officer"]
    doc = build.document(
        build.table([header, ["", "Work in partnership to maximise", "Half day event with", "Sara Roach"]]),
        build.table(
            [header, ["", "the powers available to agencies.", "stakeholders – October 2008", "Manager"]], line=4
        ),
    )
    rows = _actions(doc, rows_of)
    assert len(rows) == 1
    assert rows[0]["description"] == "Work in partnership to maximise the powers available to agencies."
    assert rows[0]["due_date"] == dt.date(2008, 10, 31)


def test_bullets_under_one_reference_with_a_default_deadline(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Ref", "Direct and Supporting Actions", "Responsible Officer", "Duration"],
                [
                    "HVC 1",
                    "• Provide support to victims\n• Target patrols on hospital data (by March 2010)\n• Capture Car",
                    "Chief Supts K1 and K2",
                    "All end March 09 except where indicated",
                ],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    assert [r["description"] for r in rows] == [
        "Provide support to victims",
        "Target patrols on hospital data (by March 2010)",
        "Capture Car",
    ]
    assert {r["action_ref"] for r in rows} == {"HVC 1"}
    assert [r["due_date"] for r in rows] == [dt.date(2009, 3, 31), dt.date(2010, 3, 31), dt.date(2009, 3, 31)]
    assert rows[0]["issues"] == "default_deadline" and rows[1]["issues"] is None
    assert rows[0]["confidence"] < rows[1]["confidence"]


def test_key_area_cell_gives_indicator_and_reference_to_the_rows_under_it(build, rows_of):
    doc = build.document(
        build.table(
            [
                [
                    "Key Areas for Improvement",
                    "Activity",
                    "By whom? Name/organisation",
                    "Milestones",
                    "Target Date for milestone",
                ],
                [
                    "NI 16 To reduce crime by 5% a) reduce vehicle crime",
                    "1. Review hotspots",
                    "Police",
                    "Programme",
                    "Mar 09",
                ],
                ["", "2. Target offenders", "Police", "Treatment", "Jul 08 Mar 09"],
                ["3. Offenders profiled", "Analysts/Police", "Profiles produced", "Mar 09", ""],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    assert [(r["action_ref"], r["indicator_code"]) for r in rows] == [
        ("NI 16 a) 1", "NI 16"),
        ("NI 16 a) 2", "NI 16"),
        ("NI 16 a) 3", "NI 16"),
    ]
    assert rows[2]["description"] == "Offenders profiled"
    assert rows[2]["due_date"] == dt.date(2009, 3, 31)
    assert rows[2]["issues"] == "shifted_column"


def test_risk_table_is_not_an_action_table(build, rows_of):
    doc = build.document(
        build.table(
            [["Ref No.", "Risk", "Mitigating action"], ["", "Funding ends", "Quarterly reporting to the board"]]
        )
    )
    assert _actions(doc, rows_of) == []


def test_bullet_list_of_activities_without_an_action_table(build, rows_of):
    doc = build.document(
        build.heading("2. Key objectives"),
        build.item("2.1 The priorities for the coming year are:", line=2),
        build.item("To reduce re-offending", line=3, depth=1),
        build.item("To reduce the harm caused by drugs", line=4, depth=1),
        build.item("To support young people", line=5, depth=1),
        build.heading("3. Strategic overlaps", line=6),
        build.item("3.1 These areas will be subject to joint working:", line=7, depth=1, marker="3.1"),
        build.item("Targeted community engagement", line=8),
        build.item("Project and performance management", line=9),
        build.item("Co-ordinating communications (Police)", line=10),
    )
    rows = _actions(doc, rows_of)
    assert [r["description"] for r in rows] == [
        "Targeted community engagement",
        "Project and performance management",
        "Co-ordinating communications",
    ]
    assert {r["action_ref"] for r in rows} == {"3.1"}
    assert rows[2]["lead_organisation"] is not None


def test_proposed_activity_forms_with_the_lead_in_brackets(build, rows_of):
    doc = build.document(
        build.heading("NI 16 Serious acquisitive crime"),
        build.table(
            [
                ["Proposed activity", "Extend the burglary reduction scheme (West Midlands Police)"],
                ["Timescale", "By March 2010"],
            ],
            line=2,
            header_rows=0,
        ),
        build.para("Proposed activity: Run a vehicle crime campaign", line=5),
        build.para("Lead: Jane Smith, Community Safety Manager", line=6),
    )
    rows = _actions(doc, rows_of)
    assert [(r["description"], r["due_date"]) for r in rows] == [
        ("Extend the burglary reduction scheme", dt.date(2010, 3, 31)),
        ("Run a vehicle crime campaign", None),
    ]
    assert rows[0]["lead_organisation"] == "West Midlands Police"
    assert rows[1]["lead_officer"] == "Jane Smith"
    assert {r["indicator_code"] for r in rows} == {"NI 16"}


def test_labels_that_follow_one_another_in_a_paragraph(build, rows_of):
    """'Lead: X. Deadline: Y.' gives a lead and a due date; a sentence whose label is no field stays in the value."""
    doc = build.document(
        build.para("Action 1: Target the top 50 burglary offenders.", line=2),
        build.para("Lead: Nottinghamshire Police. Deadline: 30 June 2009.", line=3),
        build.para(
            "Action 2: Fit alley gates to 400 houses. Lead: Nottingham City Council. Deadline: March 2010.", line=5
        ),
        build.para(
            "Action 3: Provide accommodation support. Timescale: ongoing to March 2011. Note: subject to funding.",
            line=7,
        ),
    )
    rows = _actions(doc, rows_of)
    assert [(r["description"], r["due_date"]) for r in rows] == [
        ("Target the top 50 burglary offenders.", dt.date(2009, 6, 30)),
        ("Fit alley gates to 400 houses.", dt.date(2010, 3, 31)),
        ("Provide accommodation support.", dt.date(2011, 3, 31)),
    ]
    assert [r["lead_organisation"] for r in rows[:2]] == ["Nottinghamshire Police", "Nottingham City Council"]
    assert [r["milestone"] for r in rows] == [
        "30 June 2009",
        "March 2010",
        "ongoing to March 2011. Note: subject to funding",
    ]


def test_a_due_column(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Ref", "Activity", "Lead organisation", "Due"],
                ["CS1", "Extend the PPO scheme to burglary offenders", "Norfolk Constabulary", "Mar 09"],
                ["CS2", "Deliver a cycle theft marking programme", "Norfolk County Council", "Sep 09"],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    assert [(r["action_ref"], r["due_date"]) for r in rows] == [
        ("CS1", dt.date(2009, 3, 31)),
        ("CS2", dt.date(2009, 9, 30)),
    ]


def test_a_start_in_the_timescale_column_is_no_due_date(build, rows_of):
    """'From Oct 2008': the action runs from then, due nothing; a bare month, 'by' and a range keep their end."""
    doc = build.document(
        build.table(
            [
                ["What we will do", "Who", "Timescale", "How we will know"],
                ["Run joint patrols every weekend", "South Yorkshire Police", "From Oct 2008", "Patrol returns"],
                ["Issue Acceptable Behaviour Contracts", "Sheffield City Council", "first by Dec 2008", "ABCs"],
                ["Hold a PACT meeting every quarter", "South Yorkshire Police", "Mar 2009", "Attendance"],
                ["Map hotspots monthly", "South Yorkshire Police", "Oct 2008 - Mar 2009", "Maps"],
                ["Fund youth diversion", "Sheffield City Council", "from 1 April 2008 onwards", ""],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    assert [(r["description"], r["due_date"]) for r in rows] == [
        ("Run joint patrols every weekend", None),
        ("Issue Acceptable Behaviour Contracts", dt.date(2008, 12, 31)),
        ("Hold a PACT meeting every quarter", dt.date(2009, 3, 31)),
        ("Map hotspots monthly", dt.date(2009, 3, 31)),
        ("Fund youth diversion", None),
    ]
    assert rows[4]["milestone"] == "from 1 April 2008 onwards", "the start is kept as written"
    assert not any("default_deadline" in (r["issues"] or "") for r in rows)


def test_a_start_with_a_document_deadline_takes_the_deadline(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Ref", "Direct and Supporting Actions", "Responsible Officer", "Duration"],
                [
                    "HVC 1",
                    "• Provide support to victims\n• Run patrols",
                    "Chief Supt",
                    "All end March 09 except where indicated",
                ],
                ["HVC 2", "Run a victim support service", "Chief Supt", "From Oct 2008"],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    run = [r for r in rows if r["action_ref"] == "HVC 2"]
    assert [r["due_date"] for r in run] == [dt.date(2009, 3, 31)]
    assert "default_deadline" in (run[0]["issues"] or "")


def test_an_action_that_is_a_start_is_due_when_it_starts(build, rows_of):
    """'Introduce a scheme, starting in October 2008': what begins then is done then; 'deliver ... starting' is not."""
    doc = build.document(
        build.heading("Actions"),
        build.item(
            "Introduce a triage scheme in police custody, led by Avon and Somerset Constabulary, starting in October 2008.",
            line=2,
        ),
        build.item("Deliver a prevention programme for 200 young people each year, starting April 2008.", line=3),
        build.item("Launch a hate crime reporting centre in the city library from Jan 2009.", line=4),
        build.item("Provide 60 apprenticeships for young people leaving care by March 2011.", line=5),
    )
    rows = {r["description"][:12]: r for r in _actions(doc, rows_of)}
    assert rows["Introduce a "]["due_date"] == dt.date(2008, 10, 31)
    assert rows["Deliver a pr"]["due_date"] is None
    assert rows["Deliver a pr"]["milestone"] == "starting April 2008"
    assert rows["Launch a hat"]["due_date"] == dt.date(2009, 1, 31)
    assert rows["Provide 60 a"]["due_date"] == dt.date(2011, 3, 31)


def test_what_who_by_when(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["What", "Who", "By when", "Progress"],
                [
                    "Extend kerbside garden waste collection",
                    "Andrew Beech, Waste Strategy Manager",
                    "Sept 2009",
                    "On track",
                ],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    assert [(r["description"], r["lead_officer"], r["due_date"]) for r in rows] == [
        ("Extend kerbside garden waste collection", "Andrew Beech", dt.date(2009, 9, 30))
    ]


def test_a_table_of_milestones_with_owners_and_dates_lists_the_actions(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["No.", "Milestone", "Owner", "Completion date", "RAG"],
                ["1", "Deliver 9,000 Home Fire Safety Checks", "Steve Treloar", "31/03/2010", "G"],
                ["2", "Set up a joint arson task force", "Paula Rowe", "June 2009", "G"],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    assert [(r["action_ref"], r["description"], r["due_date"]) for r in rows] == [
        ("1", "Deliver 9,000 Home Fire Safety Checks", dt.date(2010, 3, 31)),
        ("2", "Set up a joint arson task force", dt.date(2009, 6, 30)),
    ]


def test_a_milestones_column_beside_actions_stays_the_milestones(build, rows_of):
    doc = build.document(
        build.table(
            [
                ["Action", "Milestone", "Lead", "Date"],
                ["Run a campaign", "Launch event held", "Police", "Mar 09"],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    assert [(r["description"], r["milestone"]) for r in rows] == [("Run a campaign", "Launch event held")]


def test_numbered_actions_each_followed_by_its_lead_and_date(build, rows_of):
    doc = build.document(
        build.heading("4. What we will do", line=2),
        build.item("Establish an Alcohol Arrest Referral scheme in the custody suite.", line=3, marker="1."),
        build.para("Lead officer: Karen Doyle, Substance Misuse Commissioning Manager.", line=4),
        build.para("Target date: October 2009.", line=5),
        build.item("4.2 Run a licensing campaign.", line=7, marker="4.2"),
        build.para("Owner: Neil Cartwright", line=8),
        build.para("Completion date: 31 March 2010", line=9),
        build.item("Publish a newsletter.", line=11, marker="3."),
    )
    rows = _actions(doc, rows_of)
    assert [(r["action_ref"], r["description"], r["lead_officer"], r["due_date"]) for r in rows] == [
        (
            None,
            "Establish an Alcohol Arrest Referral scheme in the custody suite.",
            "Karen Doyle",
            dt.date(2009, 10, 31),
        ),
        ("4.2", "Run a licensing campaign.", "Neil Cartwright", dt.date(2010, 3, 31)),
    ]


def test_bullets_under_sub_headings_of_an_actions_section(build, rows_of):
    """'4. Key actions', then a line per theme and its bullets (one bullet may stand alone)."""
    doc = build.document(
        build.heading("4. Key actions", line=2),
        build.para("Healthy weight (NI 55, NI 56)", line=3),
        build.item(
            "Expand the Healthy Schools Plus programme to 40 schools (Lead: Helen Cartwright, by March 2010)", line=4
        ),
        build.item("Deliver MEND programmes in 12 children's centres (Lead: NHS Bradford, by December 2009)", line=5),
        build.para("Teenage pregnancy (NI 112)", line=6),
        build.item("Open two further sexual health clinics (Lead: Dr Imran Qureshi, by September 2009)", line=7),
        build.heading("5. Glossary", line=9),
        build.item("ABG Area Based Grant", line=10),
    )
    rows = _actions(doc, rows_of)
    assert [(r["description"], r["due_date"]) for r in rows] == [
        ("Expand the Healthy Schools Plus programme to 40 schools", dt.date(2010, 3, 31)),
        ("Deliver MEND programmes in 12 children's centres", dt.date(2009, 12, 31)),
        ("Open two further sexual health clinics", dt.date(2009, 9, 30)),
    ]
    assert rows[0]["lead_officer"] == "Helen Cartwright"


def test_a_column_naming_the_lead_body_beside_the_officer(build, rows_of):
    """'Owner | Organisation': the body comes from its own column."""
    doc = build.document(
        build.table(
            [
                ["No.", "Action", "Owner", "Organisation", "Target date"],
                [
                    "RS1",
                    "Introduce 20mph zones",
                    "Ian Pratley, Road Safety Team Leader",
                    "Warwickshire Police",
                    "Mar 2010",
                ],
                ["RS2", "Run cycle training", "Ann Lee, Sergeant, Warwickshire Police", "TBC", "Oct 2009"],
                ["RS3", "Audit crossings", "", "Warwickshire Police (Traffic Unit)", "Sept 2009"],
            ]
        )
    )
    rows = _actions(doc, rows_of)
    assert [(r["lead_officer"], r["lead_organisation"]) for r in rows] == [
        ("Ian Pratley", "Warwickshire Police"),
        ("Ann Lee", "Warwickshire Police"),  # 'TBC' names no body: the lead cell's stands
        (None, "Warwickshire Police"),
    ]


def test_a_form_with_a_lead_agency_field(build, rows_of):
    doc = build.document(
        build.para("Action: Commission a single point of entry for adult drug treatment.", line=2),
        build.para("Lead officer: Rachel Denton, Joint Commissioning Manager (Adults)", line=3),
        build.para("Lead agency: Warwickshire Police", line=4),
        build.para("Completion: 30/09/2009", line=5),
        build.para("Action: Re-tender the open access service.", line=7),
        build.para("Lead organisation: Warwickshire Police", line=8),
        build.para("Completion: Q4 2009/10", line=9),
    )
    rows = _actions(doc, rows_of)
    assert [(r["lead_officer"], r["lead_organisation"], r["due_date"]) for r in rows] == [
        ("Rachel Denton", "Warwickshire Police", dt.date(2009, 9, 30)),
        (None, "Warwickshire Police", dt.date(2010, 3, 31)),
    ]


def test_bullets_followed_by_lead_and_by_lines(build, rows_of):
    """'Lead:' and 'By:' lines under a bullet give its lead and due date."""
    doc = build.document(
        build.heading("4. Delivery actions", line=1),
        build.item("Deliver 12 community cohesion events across the eight Area Committee areas", line=2),
        build.para("Lead: Shazia Akhtar, Community Cohesion Officer, Stockport Homes", line=3),
        build.para("By:   March 2010", line=4),
        build.item("Roll out the myth-busting toolkit to frontline staff", line=5),
        build.para("Lead: Tom Whitworth, Communications Manager, Greater Manchester Police", line=6),
        build.para("By:   Q2 2009/10", line=7),
    )
    rows = _actions(doc, rows_of)
    assert [(r["lead_officer"], r["lead_organisation"], r["due_date"]) for r in rows] == [
        ("Shazia Akhtar", "Stockport Homes", dt.date(2010, 3, 31)),
        ("Tom Whitworth", "Greater Manchester Police", dt.date(2009, 9, 30)),
    ]


def test_fields_written_after_the_action_in_a_list_item(build, rows_of):
    """'Provide training. Lead: X. By: March 2011.' and 'Campaign – Lead: X': the action is the text before
    the fields, which give its lead and date."""
    doc = build.document(
        build.heading("What we will do", line=1),
        build.item("Provide volunteer management training to 150 groups. Lead: Cumbria CVS. By: March 2011.", line=2),
        build.item("Christmas drink-drive enforcement campaign – Lead: Derbyshire Constabulary", line=3),
        build.item("Set up a shared CRB checking service. Lead: Cumbria County Council. By: April 2010.", line=4),
    )
    rows = _actions(doc, rows_of)
    assert [r["description"] for r in rows] == [
        "Provide volunteer management training to 150 groups.",
        "Christmas drink-drive enforcement campaign",
        "Set up a shared CRB checking service.",
    ]
    assert [r["lead_organisation"] for r in rows[1:]] == ["Derbyshire Constabulary", "Cumbria County Council"]
    assert [r["due_date"] for r in rows] == [dt.date(2011, 3, 31), None, dt.date(2010, 4, 30)]


def test_activities_listed_under_their_heading_beside_action_forms(build, rows_of):
    """A plan with action forms may list more activities under a heading that says so; a list elsewhere in it,
    or one of dates and codes, is not read as actions."""
    doc = build.document(
        build.table(
            [["Action", "Reduce motorcycle casualties on Peak District routes"], ["Deadline", "March 2010"]],
            line=1,
            header_rows=0,
        ),
        build.heading("4. Supporting activities", line=4),
        build.para("The following activities support the key actions.", line=5),
        build.item("Older driver refresher scheme with Age Concern – Lead: Derbyshire County Council", line=6),
        build.item("Share collision data with Derby City Council to co-ordinate schemes", line=7),
        build.heading("5. Background", line=8),
        build.item("Casualties fell by a quarter between 2004 and 2008 across the county", line=9),
        build.item("Motorcyclists are a fifth of those killed or seriously injured", line=10),
    )
    rows = _actions(doc, rows_of)
    assert [r["description"][:30] for r in rows] == [
        "Reduce motorcycle casualties o",
        "Older driver refresher scheme ",
        "Share collision data with Derb",
    ]


def test_item_with_its_lead_and_date_aligned_as_a_table_under_it(build, rows_of):
    """A text dump aligns 'Lead:' and 'By:' lines into a table of two columns: under an item stating an action
    they are its details; under a section title ('1. SUMMARY') they are not."""
    doc = build.document(
        build.item("1. SUMMARY", line=1, marker="1."),
        build.table([["Lead partnership:", "Safer Dudley Partnership"], ["By:", "March 2011"]], line=2, header_rows=0),
        build.item("A2 Release council-owned land for affordable housing on four sites", line=5, marker="A2"),
        build.table(
            [["Lead:", "Head of Corporate Property, Kirklees Council"], ["By:", "December 2009"]], line=6, header_rows=0
        ),
    )
    rows = _actions(doc, rows_of)
    assert [(r["description"][:20], r["lead_organisation"], r["due_date"]) for r in rows] == [
        ("A2 Release council-o", "Kirklees Council", dt.date(2009, 12, 31))
    ]
