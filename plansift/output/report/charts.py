"""Vega-Lite charts of the comparison report, built with altair.

Every mark carries its source: hovering shows the document, page and verbatim
text, and clicking opens the document at that page. Every chart listens to one
variable, ``area_filter`` (empty: every area), which the page's area filter sets.
"""

from __future__ import annotations

from typing import Any

from plansift.output.report.figures import (
    UNIT_LABELS,
    UNIT_ORDER,
    ActionFigures,
    FundingFigures,
    IndicatorFigures,
    Source,
    period_key,
)

AREA_FILTER = "area_filter"
WIDTH = 460
_FILTER_EXPR = f"{AREA_FILTER} == '' || datum.area == {AREA_FILTER}"
KIND_SHAPES = {"baseline": "square", "target": "circle", "actual": "triangle-up"}
_SOURCE_TOOLTIP = [("source", "source"), ("source_text", "text")]


def _source_fields(src: Source) -> dict[str, Any]:
    label = src.label + (f" (also in {len(src.also)} other documents)" if src.also else "")
    return {"source": label, "source_text": (src.text or "")[:300], "href": src.href}


def _tooltip(alt, *fields: tuple[str, str]):
    return [alt.Tooltip(f"{name}:N", title=title) for name, title in (*fields, *_SOURCE_TOOLTIP)]


def _finish(chart) -> dict[str, Any]:
    import altair as alt

    spec = chart.add_params(alt.param(name=AREA_FILTER, value="")).to_dict()
    spec.setdefault("config", {}).update({"font": "sans-serif", "view": {"stroke": None}})
    return spec


def trajectory_chart(ind: IndicatorFigures) -> dict[str, Any] | None:
    """Each area's baseline, targets and actuals by period: one panel per unit, values written on the points.

    A line joins an area's baseline and targets; actuals are points only. Shapes tell the kinds apart.
    """
    import altair as alt

    rows = [
        {
            "area": row.area,
            "kind": row.kind,
            "period": period,
            "unit": unit,
            "value": fig.value,
            "label": fig.text,
            **_source_fields(fig.source),
        }
        for row in ind.rows
        for (period, unit), figs in row.cells.items()
        for fig in figs
    ]
    if not rows:
        return None
    periods = sorted({r["period"] for r in rows}, key=period_key)
    panels = []
    for unit in [u for u in UNIT_ORDER if u in ind.units]:
        base = alt.Chart(alt.Data(values=[r for r in rows if r["unit"] == unit])).transform_filter(_FILTER_EXPR)
        x = alt.X("period:O", sort=periods, title="period", axis=alt.Axis(labelAngle=0))
        y = alt.Y("value:Q", title=UNIT_LABELS[unit], scale=alt.Scale(zero=False))
        tooltip = _tooltip(alt, ("area", "area"), ("kind", "kind"), ("period", "period"), ("label", "value"))
        color = alt.Color("area:N", title="area")
        shape = alt.Shape(
            "kind:N", title="value", scale=alt.Scale(domain=list(KIND_SHAPES), range=list(KIND_SHAPES.values()))
        )
        line = base.transform_filter("datum.kind != 'actual'").mark_line().encode(x=x, y=y, color=color)
        points = base.mark_point(size=70, filled=True, opacity=1).encode(
            x=x, y=y, color=color, shape=shape, href="href:N", tooltip=tooltip
        )
        labels = base.mark_text(dy=-10, fontSize=11).encode(x=x, y=y, text="label:N", color=color)
        panels.append(
            alt.layer(line, points, labels).properties(
                width=WIDTH, height=240, title=f"{ind.code}: {UNIT_LABELS[unit]}"
            )
        )
    return _finish(alt.hconcat(*panels) if len(panels) > 1 else panels[0])


def reduction_chart(ind: IndicatorFigures) -> dict[str, Any] | None:
    """The planned reduction from baseline to last target per area (comparable unit first), labelled."""
    import altair as alt

    best: dict[str, Any] = {}
    for change in ind.changes:
        if change.reduction_pct is None:
            continue
        current = best.get(change.area)
        if current is None or UNIT_ORDER.index(change.unit) < UNIT_ORDER.index(current.unit):
            best[change.area] = change
    if not best:
        return None
    rows = [
        {
            "area": c.area,
            "reduction": round(c.reduction_pct, 1),
            "label": f"{c.reduction_pct:.1f}%",
            "unit": UNIT_LABELS[c.unit],
            "from": f"{c.baseline.text} ({c.baseline_period})",
            "to": f"{c.target.text} ({c.target_period})",
            **_source_fields(c.target.source),
        }
        for c in best.values()
    ]
    base = alt.Chart(alt.Data(values=rows)).transform_filter(_FILTER_EXPR)
    y = alt.Y("area:N", title=None, sort="-x")
    x = alt.X("reduction:Q", title="planned reduction, baseline to last target (%)")
    tooltip = _tooltip(
        alt, ("area", "area"), ("unit", "unit"), ("from", "baseline"), ("to", "last target"), ("label", "reduction")
    )
    bars = base.mark_bar(color="#4c78a8").encode(x=x, y=y, href="href:N", tooltip=tooltip)
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(x=x, y=y, text="label:N")
    chart = alt.layer(bars, text).properties(
        width=WIDTH, height=max(40, 26 * len(rows)), title=f"{ind.code}: planned reduction"
    )
    return _finish(chart)


def funding_chart(funding: FundingFigures) -> dict[str, Any] | None:
    """Funding per area, one stacked segment per funding line, coloured by stream."""
    import altair as alt

    rows = [
        {
            "area": ln["area"],
            "stream": ln["stream"],
            "period": ln["period"],
            "amount": ln["figure"].value,
            "label": ln["figure"].text,
            **_source_fields(ln["figure"].source),
        }
        for ln in funding.lines
    ]
    if not rows:
        return None
    n_areas = len({r["area"] for r in rows})
    chart = (
        alt.Chart(alt.Data(values=rows))
        .transform_filter(_FILTER_EXPR)
        .mark_bar()
        .encode(
            y=alt.Y("area:N", title=None),
            x=alt.X("sum(amount):Q", title="funding (£)", axis=alt.Axis(format=",.0f")),
            color=alt.Color("stream:N", title="funding stream"),
            href="href:N",
            tooltip=_tooltip(alt, ("stream", "stream"), ("area", "area"), ("period", "year"), ("label", "amount")),
        )
        .properties(width=WIDTH + 120, height=max(60, 34 * n_areas), title="Funding by area and stream")
    )
    return _finish(chart)


def actions_chart(actions: ActionFigures) -> dict[str, Any] | None:
    """Dated actions by lead organisation and due date: one circle per lead, date and area, sized by count.

    A circle links to the source of its first action; its tooltip names the actions.
    """
    import altair as alt

    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for a in actions.lines:
        if a["due"] is not None:
            groups.setdefault((a["organisation"], a["due"].isoformat(), a["area"]), []).append(a)
    if not groups:
        return None
    rows = [
        {
            "organisation": org,
            "due": due,
            "area": area,
            "n": len(items),
            "count": str(len(items)) if len(items) > 1 else "",
            "actions": "; ".join(a["description"][:70] for a in items[:4]) + (" ..." if len(items) > 4 else ""),
            **_source_fields(items[0]["source"]),
        }
        for (org, due, area), items in groups.items()
    ]
    n_orgs = len({r["organisation"] for r in rows})
    base = alt.Chart(alt.Data(values=rows)).transform_filter(_FILTER_EXPR)
    x = alt.X("due:T", title="due date", axis=alt.Axis(format="%b %Y"))
    y = alt.Y("organisation:N", title=None)
    tooltip = _tooltip(alt, ("organisation", "lead"), ("due", "due"), ("n", "actions"), ("actions", "which"))
    circles = base.mark_circle(opacity=0.75).encode(
        x=x,
        y=y,
        size=alt.Size("n:Q", title="actions", scale=alt.Scale(domainMin=1, range=[60, 900])),
        color=alt.Color("area:N", title="area"),
        href="href:N",
        tooltip=tooltip,
    )
    counts = base.mark_text(fontSize=10, fontWeight="bold", color="#1d2433").encode(x=x, y=y, text="count:N")
    chart = alt.layer(circles, counts).properties(
        width=WIDTH + 120, height=max(60, 30 * n_orgs), title="Actions by lead organisation and due date"
    )
    return _finish(chart)
