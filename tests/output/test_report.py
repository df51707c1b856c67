"""The comparison report's figures and page, without a browser: numbers, links, escaping, offline, CLI."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from plansift.cli import app
from plansift.output import OutputSink
from plansift.output.report import build_report, read_tables
from plansift.output.report.figures import SourceLinks, indicator_figures


@pytest.fixture(scope="module")
def out_dir(gold_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    with OutputSink(out, ["csv", "parquet"]) as sink:
        for result in gold_results:
            sink.add(result)
    return out


def test_planned_reduction_is_baseline_to_last_target(out_dir):
    records, documents = read_tables(out_dir)
    figures = indicator_figures(records, SourceLinks(documents, out_dir, out_dir), {})
    checked = 0
    for ind in figures:
        for change in ind.changes:
            mine = [r for r in records if r["record_type"] == "target" and r["indicator_code"] == ind.code
                    and r["area"] == change.area and r["unit"] == change.unit]  # fmt: skip
            baselines = [r for r in mine if r["value_kind"] == "baseline"]
            targets = [r for r in mine if r["value_kind"] == "target"]
            assert change.baseline.value in {r["value"] for r in baselines}
            last = max(r["period"] for r in targets)
            assert change.target_period == last
            assert change.target.value in {r["value"] for r in targets if r["period"] == last}
            want = (change.baseline.value - change.target.value) / change.baseline.value * 100
            assert change.reduction_pct == pytest.approx(want)
            checked += 1
    assert checked


def test_the_page_is_self_contained_and_links_every_figure(out_dir, tmp_path):
    html = build_report(out_dir, tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//""", html)
    assert "vegaEmbed" in html  # the chart runtime is inlined
    hrefs = re.findall(r'<a class="fig" href="([^"]+)"', html)
    records, _ = read_tables(out_dir)
    assert len(hrefs) >= sum(1 for r in records if r["record_type"] in ("target", "funding"))
    # links are relative to the report's folder and land on the source page
    assert all(h.startswith("../") and "#page=" in h for h in hrefs)


def test_a_report_from_csv_restores_the_text(gold_results, tmp_path):
    import copy

    from plansift.pipeline import assign_record_ids

    result = copy.deepcopy(gold_results[0])
    action = next(r for r in result.records if r["record_type"] == "action")
    action["description"] = "=cmd() <b>not bold</b>"
    assign_record_ids(result.document["sha256"], result.records)
    with OutputSink(tmp_path / "out", ["csv"]) as sink:
        sink.add(result)
    records, _ = read_tables(tmp_path / "out")
    assert any(r["description"] == "=cmd() <b>not bold</b>" for r in records)
    html = build_report(tmp_path / "out").read_text(encoding="utf-8")
    assert "=cmd() &lt;b&gt;not bold&lt;/b&gt;" in html and "<b>not bold</b>" not in html


def test_cli_writes_the_report(out_dir, tmp_path):
    target = tmp_path / "page.html"
    done = CliRunner().invoke(app, ["report", str(out_dir), "--html", str(target)])
    assert done.exit_code == 0, done.output
    assert target.stat().st_size > 100_000 and str(target) in done.output


def test_cli_explains_a_folder_without_records(tmp_path):
    done = CliRunner().invoke(app, ["report", str(tmp_path)])
    assert done.exit_code == 2
    assert "neither records.parquet nor records.csv" in done.output
    done = CliRunner().invoke(app, ["report", str(tmp_path / "missing")])
    assert done.exit_code == 2 and "is not a folder" in done.output


def test_the_same_plan_in_two_formats_is_counted_once(gold_results, tmp_path):
    import copy

    from plansift.output.report.figures import action_figures, funding_figures
    from plansift.pipeline import assign_record_ids

    plan = next(r for r in gold_results if any(x["record_type"] == "funding" for x in r.records))
    twin = copy.deepcopy(plan)
    twin.document["document"] = twin.document["document"].replace(".txt", ".pdf")
    twin.document["sha256"] = "e" * 64
    for rec in twin.records:
        rec["document"] = twin.document["document"]
    assign_record_ids("e" * 64, twin.records)
    with OutputSink(tmp_path / "out", ["parquet"]) as sink:
        sink.add(plan)
        sink.add(twin)
    records, documents = read_tables(tmp_path / "out")
    links = SourceLinks(documents, tmp_path, tmp_path / "out")
    funding = funding_figures(records, links)
    once = [r for r in plan.records if r["record_type"] == "funding"]
    assert len(funding.lines) == len(once)
    assert sum(ln["figure"].value for ln in funding.lines) == pytest.approx(sum(r["amount_gbp"] for r in once))
    assert all(twin.document["document"] in ln["figure"].source.also[0] for ln in funding.lines)
    actions = action_figures(records, links)
    assert len(actions.lines) == sum(1 for r in plan.records if r["record_type"] == "action")


def test_links_can_point_where_the_corpus_is_published(out_dir, tmp_path):
    records, _ = read_tables(out_dir)
    names = {r["document"] for r in records if r["record_type"] in ("target", "funding")}
    result = CliRunner().invoke(
        app, ["report", str(out_dir), "--html", str(tmp_path / "r.html"), "--links-to", "https://intranet.example/laa"]
    )
    assert result.exit_code == 0, result.output
    hrefs = re.findall(r'<a class="fig" href="([^"]+)"', (tmp_path / "r.html").read_text(encoding="utf-8"))
    assert hrefs and all(re.fullmatch(r"https://intranet\.example/laa/[^#]+#page=\d+", h) for h in hrefs)
    assert {h.split("/laa/", 1)[1].split("#")[0] for h in hrefs} == {quote(n, safe="/") for n in names}
    # a folder becomes a file:// link, so the page opened from another place still finds the documents
    html = build_report(out_dir, tmp_path / "f.html", links_to=str(tmp_path / "corpus")).read_text(encoding="utf-8")
    folder = (tmp_path / "corpus").resolve().as_uri()
    assert all(h.startswith(folder + "/") for h in re.findall(r'<a class="fig" href="([^"]+)"', html))
