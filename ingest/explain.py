"""Render provenance: each removed span with the rule and reason that removed it."""
from __future__ import annotations

from typing import Sequence, TextIO

from .records import CleanDocument, FailedDocument, Outcome, RemovedSpan


def _short(text: str, width: int = 100) -> str:
    one = " ⏎ ".join(p.strip() for p in text.strip().split("\n") if p.strip())
    return one if len(one) <= width else one[: width - 1] + "…"


def explain(outcome: Outcome, out: TextIO | None = None, *, color: bool | None = None,
            dropped: Sequence[RemovedSpan] = ()) -> None:
    """Print a table of removals (colours on a terminal), then the metadata and embeds kept. `dropped`:
    what the HTML extractor left out without a rule (extract/dropped.py), offsets into the DOM text."""
    from rich.console import Console

    console = Console(file=out, force_terminal=color, no_color=color is False, width=160 if out else None)
    if isinstance(outcome, FailedDocument):
        console.print(f"[bold red]failed[/] {outcome.source_uri} at {outcome.stage}: {outcome.message}")
        return
    assert isinstance(outcome, CleanDocument)
    console.print(f"[bold]{outcome.source_uri}[/]  kind={outcome.kind}  format={outcome.input_format}  "
                  f"articles={len(outcome.articles)}  removed={len(outcome.removed)}  "
                  f"ruleset={outcome.ruleset_version}")
    for flag in outcome.flags:
        console.print(f"[bold yellow]flag[/] {flag}")
    console.print(_span_table("removed text", [(str(s.start), s.rule, s.reason, s.text) for s in outcome.removed]))
    if dropped:
        console.print(f"[bold]dropped by the extractor[/] ({len(dropped)} block(s); offsets into the page's DOM text)")
        console.print(_span_table("dropped text", [(f"{s.start}-{s.end}", s.rule, s.reason, s.text) for s in dropped]))
    for n in outcome.notes:
        console.print(f"[blue]note[/] {n.step}: {n.code} — {n.detail}")
    for i, a in enumerate(outcome.articles):
        meta = {k: v for k, v in (("title", a.title), ("author", a.author), ("published", a.published),
                                  ("dateline", a.dateline), ("language", a.language)) if v}
        console.print(f"[green]article {i}[/] words={a.word_count} truncated={a.truncated} "
                      + " ".join(f"{k}={v!r}" for k, v in meta.items()))
        for src in a.sources:
            console.print(f"    [dim]{src.field} ← {src.source}[/]")
        for e in a.embeds:
            console.print(f"    [yellow]embed[/] {e.platform} @{e.handle} {e.date} {e.url} {_short(e.text, 60)!r}")


def _span_table(text_column: str, rows):
    """Removed or dropped spans as one table: offset, rule, reason, the text (shortened)."""
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    table.add_column("offset", justify="right", style="dim")
    table.add_column("rule", style="cyan", no_wrap=True)
    table.add_column("reason", style="magenta", no_wrap=True)
    table.add_column(text_column, style="red")
    for offset, rule, reason, text in rows:
        table.add_row(offset, rule, reason, _short(text))
    return table
