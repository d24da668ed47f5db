"""Checks every command shares: inputs that exist, and a value from a known list with a suggestion for a typo."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path


class UsageError(Exception):
    """A command line that cannot run as given; ``str()`` is the one line shown after "error: "."""


def check_inputs(inputs: Iterable[str]) -> None:
    """Fail early, before any output, with "no such file: PATH" for a missing input (``-`` is stdin)."""
    for p in inputs:
        if p == "-":
            continue
        path = Path(p)
        if not path.exists():
            raise UsageError(f"no such file: {p}")
        if path.is_dir() and not any(f.is_file() and f.suffix.lower() in (".jsonl", ".txt") for f in path.rglob("*")):
            raise UsageError(f"no .jsonl or .txt files in folder: {p}")


def check_choices(option: str, given: Iterable[str], known: Iterable[str], what: str) -> None:
    """Every value of ``option`` must be one of ``known``; a typo gets the closest known value as a suggestion."""
    known = sorted(set(known))
    folded = {k.casefold(): k for k in known}
    for value in given:
        if value in known:
            continue
        exact = folded.get(value.casefold())
        close = (
            [exact]
            if exact
            else [folded[m] for m in difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)]
        )
        hint = (
            f"; did you mean {close[0]!r}?"
            if close
            else f" (known: {', '.join(known[:12])}" + (", …)" if len(known) > 12 else ")")
        )
        raise UsageError(f"{option} {value!r} is not a known {what}{hint}")
