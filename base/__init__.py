"""The bottom layer: small helpers every package may use (one error type for bad input, the CLI runner,
atomic file writing). It imports nothing of ours."""

__version__ = "0.9.0"
