"""The store's one error type."""


class StoreError(Exception):
    """The store cannot be opened or a request to it is invalid; ``str()`` is a one-line message."""
