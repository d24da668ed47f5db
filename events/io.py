"""Reading articles (CONTRACT §1): the only input edge of the events package."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from base.errors import InputError

from .models import Article

#: Largest single article (characters) and input line (bytes) accepted; beyond this is not news text.
MAX_ARTICLE_CHARS = 2_000_000
MAX_LINE_BYTES = 8_000_000
#: Longest article id accepted: the store's key column holds 256 characters on every backend.
MAX_ID_CHARS = 256
#: Deepest JSON nesting accepted in a record; an article is flat, and Python's parser overflows near 1,000.
MAX_JSON_DEPTH = 64
#: Publication dates later than this many days after today are not real dates (a typo, a broken clock).
MAX_FUTURE_DAYS = 366
#: Earliest publication year accepted (older dates are typos; relative dates before year 1 cannot resolve).
MIN_YEAR = 1900
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
_STR_FIELDS = ("id", "doc_id", "title", "source", "url", "date")


def parse_date(value: object, where: str) -> str | None:
    """A ``YYYY-MM-DD`` string checked to be a real calendar day, or None for empty."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise InputError(where, f"date {value!r} is not YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(where, f"date {value!r} is not a real day") from None
    if day.year < MIN_YEAR:
        raise InputError(where, f"date {value!r} is before {MIN_YEAR}")
    if day > dt.date.today() + dt.timedelta(days=MAX_FUTURE_DAYS):
        raise InputError(where, f"date {value!r} is in the future")
    return day.isoformat()


def check_field(name: str, value: str, where: str) -> str:
    """A text field every store can hold: no NUL character, no lone surrogate (which UTF-8 cannot encode)."""
    if "\x00" in value:
        raise InputError(where, f"NUL character in field {name!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(where, f"invalid character {value[exc.start]!r} (lone surrogate) in field {name!r}") from None
    return value


def _json_depth_ok(line: str) -> bool:
    """Whether brackets outside strings nest at most ``MAX_JSON_DEPTH`` deep (checked before parsing, which
    would overflow Python's recursion limit on a deep record)."""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return True
    depth, in_str, esc = 0, False, False
    for ch in line:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _check_text(text: str, where: str) -> str:
    if "\x00" in text:
        raise InputError(where, "binary content (NUL byte) in article text")
    check_field("text", text, where)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            where, f"article text is {len(text):,} characters, more than the {MAX_ARTICLE_CHARS:,} accepted"
        )
    if not text.strip():
        raise InputError(where, "article text is empty")
    return text


def article_from_record(rec: object, where: str, *, date: str | None = None, source: str | None = None) -> Article:
    """Validate one JSON record into an Article (``doc_id`` is accepted for ``id``)."""
    if not isinstance(rec, dict):
        raise InputError(where, f"expected a JSON object, got {type(rec).__name__}")
    if "text" not in rec:
        raise InputError(where, "missing field 'text'")
    if not isinstance(rec["text"], str):
        raise InputError(where, "field 'text' is not a string")
    for f in _STR_FIELDS:
        if rec.get(f) is not None:
            if not isinstance(rec[f], str):
                raise InputError(where, f"field {f!r} is not a string")
            check_field(f, rec[f], where)
    text = _check_text(rec["text"], where)
    doc_id = (rec.get("id") or rec.get("doc_id") or "").strip()
    if len(doc_id) > MAX_ID_CHARS:
        raise InputError(where, f"id is {len(doc_id):,} characters, more than the {MAX_ID_CHARS} accepted")
    return Article(
        text=text,
        id=doc_id,
        title=(rec.get("title") or "").strip(),
        date=parse_date(rec.get("date"), where) or date,
        source=rec.get("source") or source or "",
        url=rec.get("url") or "",
        origin=where,
    )


def _decode(raw: bytes, where: str) -> str:
    if b"\x00" in raw:
        raise InputError(where, "binary content (NUL byte), not UTF-8 text")
    try:
        return raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})") from None


def article_from_line(raw: bytes, where: str, *, date: str | None = None, source: str | None = None) -> Article | None:
    """One JSON Lines record (bytes of one line) as an Article; None for a blank line; InputError otherwise."""
    if len(raw) > MAX_LINE_BYTES:
        raise InputError(where, f"line is {len(raw):,} bytes, more than the {MAX_LINE_BYTES:,} accepted")
    line = _decode(raw, where)
    if not line.strip():
        return None
    if not _json_depth_ok(line):
        raise InputError(where, f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        rec = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        raise InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:  # a safety net: the depth check above stops deep records first
        raise InputError(where, "JSON nested too deep") from None
    return article_from_record(rec, where, date=date, source=source)


def _read_jsonl(
    stream: Iterable[bytes],
    name: str,
    *,
    date: str | None,
    source: str | None,
    skip_bad: bool,
    warn: Callable[[str], None],
) -> Iterator[Article]:
    any_line = False
    for lineno, raw in enumerate(stream, 1):
        where = f"{name}:{lineno}"
        try:
            art = article_from_line(raw, where, date=date, source=source)
            if art is None:
                continue
            any_line = True
            yield art
        except InputError as exc:
            if not skip_bad:
                raise
            warn(str(exc))
    if not any_line:
        empty = InputError(f"{name}:1", "no articles (empty file)")
        if not skip_bad:
            raise empty
        warn(str(empty))


def _read_txt(path: Path, *, date: str | None, source: str | None) -> Article:
    where = f"{path}:1"
    size = path.stat().st_size
    if size > MAX_ARTICLE_CHARS * 4:
        raise InputError(where, f"file is {size:,} bytes, too large for one article")
    text = _check_text(_decode(path.read_bytes(), where), where)
    m = _DATE_IN_NAME.search(path.name)
    file_date = date or (parse_date(m.group(1), where) if m else None)
    return Article(text=text, id=path.stem, date=file_date, source=source or "", origin=where)


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[str | Path]:
    """Files named or found (.jsonl/.txt) below folders, in order; ``-`` passes through; a missing one raises."""
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in (".jsonl", ".txt"))
            if not files:
                raise InputError(f"{path}:0", "folder holds no .jsonl or .txt files")
            yield from files
        elif not path.exists():
            raise InputError(f"{path}:0", "no such file")
        else:
            yield path


def read_articles(
    paths: Iterable[str | Path],
    *,
    date: str | None = None,
    source: str | None = None,
    skip_bad: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Iterator[Article]:
    """Stream articles from .jsonl / .txt files, folders and ``-`` (stdin JSON Lines), in input order.

    Unusable input raises ``InputError`` ("file:line: problem"); with ``skip_bad`` it is passed to
    ``warn`` (default: stderr) and reading goes on.
    """
    warn = warn or (lambda msg: print(f"warning: {msg}", file=sys.stderr))
    date = parse_date(date, "--date") if date else None
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in expand_inputs(paths):
        if isinstance(path, str):  # "-", the one name expand_inputs passes through
            yield from _read_jsonl(sys.stdin.buffer, "<stdin>", date=date, source=source, skip_bad=skip_bad, warn=warn)
            continue
        try:
            if path.suffix.lower() == ".txt":
                try:
                    yield _read_txt(path, date=date, source=source)
                except InputError as exc:
                    if not skip_bad:
                        raise
                    warn(str(exc))
            else:
                with open(path, "rb") as fh:
                    yield from _read_jsonl(fh, str(path), date=date, source=source, skip_bad=skip_bad, warn=warn)
        except OSError as exc:
            raise InputError(f"{path}:0", f"cannot read ({exc.strerror})") from None
