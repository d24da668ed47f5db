"""One exception type for unusable input, carrying where it was found."""
from __future__ import annotations


class InputError(Exception):
    """Unusable input; ``str()`` is the one-line message shown to the user (file:line: problem)."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem
