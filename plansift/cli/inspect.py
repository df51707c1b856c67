"""``plansift inspect FILE``: what the extractor read, as a tree of blocks with provenance (or JSON).

Works for every format the extractor registry knows; it shows the Document model
before any recogniser runs, which is what to look at when a record is missing.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import typer

from plansift.cli import app

PLACEHOLDER = "↖"
"""Shown in a grid position covered by a spanning cell."""


def document_as_dict(doc: Any) -> dict[str, Any]:
    """The Document as plain JSON-ready data (every field of the model, nothing added)."""
    return dataclasses.asdict(doc)


def _short(text: str, max_chars: int) -> str:
    text = text.replace("\n", " ⏎ ")
    if max_chars and len(text) > max_chars:
        return text[: max_chars - 1] + "…"
    return text


def describe_prov(prov: Any) -> str:
    """Provenance in words: page and lines, plus the box (PDF) and the part (header, sheet) when known."""
    out = prov.describe()
    if prov.bbox:
        out += ", box " + " ".join(f"{v:.0f}" for v in prov.bbox)
    if prov.part:
        out += f", {prov.part}"
    return out


def _block_label(block: Any, max_chars: int) -> str:
    from rich.markup import escape

    where = f"[dim]({escape(describe_prov(block.prov))})[/dim]"
    text = escape(_short(block.text, max_chars))
    if block.kind == "heading":
        return f"[bold cyan]H{block.level}[/] [bold]{text}[/] {where}"
    if block.kind == "list_item":
        marker = escape(block.marker or "•")
        return f"[green]{'  ' * block.depth}{marker}[/] {text} [dim]depth {block.depth}[/] {where}"
    return f"[magenta]¶[/] {text} {where}"


def _table_grid(table: Any, max_chars: int) -> Any:
    from rich import box
    from rich.table import Table as Grid
    from rich.text import Text

    grid = Grid(box=box.SQUARE, show_header=False, show_lines=True, pad_edge=False)
    grid.add_column("#", style="dim", no_wrap=True)
    for _ in range(table.n_cols):
        grid.add_column(overflow="fold")
    for r, row in enumerate(table.rows):
        cells = []
        for cell in row:
            if cell.is_placeholder:
                cells.append(f"[dim]{PLACEHOLDER}[/dim]")
                continue
            span = f" [dim]({cell.row_span}x{cell.col_span})[/dim]" if cell.row_span > 1 or cell.col_span > 1 else ""
            style = "bold" if cell.is_header else ""
            lines = [("• " if b.kind == "list_item" else "") + _short(b.text, max_chars) for b in cell.blocks if b.text]
            content = Text("\n".join(lines), style=style)
            if span:
                content.append_text(Text.from_markup(span))
            cells.append(content)
        cells += [""] * (table.n_cols - len(row))
        grid.add_row(f"{r}\n{describe_prov(table.row_prov(r))}", *cells)
    return grid


def render_tree(doc: Any, max_chars: int = 160) -> Any:
    """A rich Tree of the document: pages, their blocks with provenance, tables as grids."""
    from rich.markup import escape
    from rich.tree import Tree

    head = f"[bold]{escape(doc.path)}[/]  format={doc.format}  pages={doc.n_pages}"
    if doc.title:
        head += f"  title={escape(_short(doc.title, 80))!r}"
    tree = Tree(head)
    for warning in doc.warnings:
        tree.add(f"[yellow]warning:[/] {escape(warning)}")
    for page in doc.pages:
        label = f"[bold]page {page.number}[/] ({len(page.blocks)} blocks)"
        if not page.has_text:
            label += " [yellow]no text[/]"
        node = tree.add(label)
        for kind, blocks in (("furniture", page.furniture), ("body", page.blocks)):
            parent = node.add(f"[dim]{kind}[/]") if kind == "furniture" and blocks else node
            for block in blocks:
                if block.kind == "table":
                    where = escape(describe_prov(block.prov))
                    sub = parent.add(
                        f"[bold yellow]table[/] {block.n_rows}x{block.n_cols}, "
                        f"header rows {block.header_rows} [dim]({where})[/dim]"
                    )
                    sub.add(_table_grid(block, max_chars))
                else:
                    parent.add(_block_label(block, max_chars))
    return tree


@app.command("inspect")
def inspect_command(
    file: Path = typer.Argument(..., help="One document (any format plansift reads)."),
    as_json: bool = typer.Option(False, "--json", help="Print the Document model as JSON instead of a tree."),
    max_chars: int = typer.Option(
        160, "--max-chars", "-n", min=0, help="Shorten each text to this many characters in the tree (0: no limit)."
    ),
    no_ocr: bool = typer.Option(False, "--no-ocr", help="Do not OCR PDF pages without a text layer."),
) -> None:
    """Show the blocks, tables and provenance the extractor reads from one document."""
    from plansift.extractors.base import ExtractOptions, read_document
    from plansift.extractors.model import ExtractionError

    try:
        doc = read_document(file, ExtractOptions(ocr=not no_ocr))
    except ExtractionError as exc:
        typer.secho(f"plansift inspect: {file}: {exc} ({exc.status})", err=True, fg="red")
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(document_as_dict(doc), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    Console().print(render_tree(doc, max_chars))
