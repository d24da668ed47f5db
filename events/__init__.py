"""Articles in, ACLED-style events out: reading, extraction, scoring, the store and the CLI."""
from .errors import InputError
from .extract import analyse, extract
from .io import read_articles
from .models import Article, Event

__all__ = ["Article", "Event", "InputError", "analyse", "extract", "read_articles"]
