"""Rendering the comparison report: figures and charts into the HTML template, everything inlined."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

from plansift import __version__
from plansift.output.report import charts
from plansift.output.report.figures import (
    UNIT_LABELS,
    Figure,
    Source,
    SourceLinks,
    action_figures,
    area_label,
    format_value,
    funding_figures,
    indicator_figures,
)

TITLE = "Local Area Agreement plans compared"


def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script, from vl-convert-python (no network), safe inside <script>."""
    try:
        import vl_convert
        from altair.utils._importers import vl_version_for_vl_convert
    except ImportError as exc:
        raise RuntimeError(
            "the HTML report needs altair and vl-convert-python (pip install 'plansift[report]')"
        ) from exc
    return vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert()).replace("</script", "<\\/script")


def _json_for_script(spec: dict[str, Any]) -> str:
    return json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c")


def _templates():
    return resources.files("plansift.output").joinpath("templates")


def render_page(
    records: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    *,
    out_dir: Path,
    report_dir: Path,
    today: dt.date,
    links_to: str | None = None,
) -> str:
    """The whole report page as one HTML string (``links_to``: see :class:`SourceLinks`' ``base``)."""
    import jinja2
    from markupsafe import Markup

    links = SourceLinks(documents, report_dir, out_dir, links_to)
    titles = {
        r["indicator_code"]: r["indicator_title"]
        for r in records
        if r.get("indicator_title") and r.get("indicator_code")
    }
    indicators = indicator_figures(records, links, titles)
    funding = funding_figures(records, links)
    actions = action_figures(records, links)

    specs: dict[str, dict] = {}
    for i, ind in enumerate(indicators, start=1):
        for name, build in (("trajectory", charts.trajectory_chart), ("reduction", charts.reduction_chart)):
            spec = build(ind)
            if spec:
                specs[f"{name}-{i}"] = spec
    for name, spec in (("funding", charts.funding_chart(funding)), ("actions", charts.actions_chart(actions))):
        if spec:
            specs[name] = spec

    def source(src: Source) -> Markup:
        label = ("p. " + str(src.page) if src.page else "source") + (f" (+{len(src.also)})" if src.also else "")
        if src.href:
            return Markup('<a class="src" href="{}" title="{}">{}</a>').format(src.href, src.tooltip, label)
        return Markup('<span class="src" title="{}">{}</span>').format(src.tooltip, label)

    def figure(fig: Figure) -> Markup:
        tip = fig.source.tooltip
        if fig.source.href:
            return Markup('<a class="fig" href="{}" title="{}">{}</a>').format(fig.source.href, tip, fig.text)
        return Markup('<span class="fig" title="{}">{}</span>').format(tip, fig.text)

    docs = []
    for d in documents:
        docs.append({**d, "href": links.href(d.get("document"), None), "area_label": area_label(d)})
    areas = sorted({area_label(r) for r in records} | {area_label(d) for d in documents if d.get("status") == "ok"})
    counts = {kind: sum(1 for r in records if r["record_type"] == kind) for kind in ("target", "action", "funding")}
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(_templates().joinpath("report.html.j2").read_text(encoding="utf-8"))
    return template.render(
        title=TITLE,
        version=__version__,
        today=today.isoformat(),
        out_dir=str(out_dir),
        n_documents=len(documents),
        n_ok=sum(1 for d in documents if d.get("status") == "ok"),
        counts=counts,
        indicators=indicators,
        areas=areas,
        funding=funding,
        actions=actions,
        documents=docs,
        unit_labels=UNIT_LABELS,
        charts={name: Markup(_json_for_script(spec)) for name, spec in specs.items()},
        figure=figure,
        source=source,
        money=lambda v: format_value(v, "gbp"),
        css=Markup(_templates().joinpath("report.css").read_text(encoding="utf-8")),
        js=Markup(_templates().joinpath("report.js").read_text(encoding="utf-8")),
        vega_js=Markup(vega_bundle()),
    )
