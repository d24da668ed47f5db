"""One exception type for unusable input, carrying where it was found."""

from __future__ import annotations

import argparse
from collections.abc import Sequence


class InputError(Exception):
    """Unusable input; ``str()`` is the one-line message shown to the user (file:line: problem)."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


def run_cli(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None = None, *, errors: tuple[type[Exception], ...] = ()
) -> int:
    """Parse ``argv`` and run the chosen handler; unusable input is one line on stderr and exit 2, never a traceback."""
    import sys

    args = parser.parse_args(argv)
    shown: tuple[type[Exception], ...] = (InputError, *errors)
    try:
        return int(args.func(args) or 0)
    except shown as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
