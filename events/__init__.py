"""Articles in, ACLED-style events out: reading articles, extraction, models and scoring."""

from .extract import analyse, extract
from .io import read_articles
from .models import Article, Event

__all__ = ["Article", "Event", "analyse", "extract", "read_articles"]
