"""Helpers shared by the command modules: the clock, WHO, checked arguments and output.

Everything the command line prints goes through ``say`` (or ``print_json``, or ``Terminal`` for an
export written to standard output): stored text may have come from any file, and none of it may act
on the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import IO, Any

from netui.core import clock
from netui.core.text import sanitize

MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id names nothing
EARLIEST, LATEST = 1900, 2200  # the years a date typed on the command line may fall in
_NO_LIMIT = 10**8  # output lines are cleaned, never shortened


class UsageError(Exception):
    """A mistake in what the user asked; printed as one line, exit status 2."""


def now():
    return clock.now()


# --- output ---------------------------------------------------------------------------------------


# What ``sanitize`` would act on, besides tabs and newlines: without any, a line is printed as it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean(text: object) -> str:
    """``text`` made inert for a terminal, line by line, keeping its layout (padding, tabs, newlines)."""
    text = str(text)
    if not _UNSAFE.search(text):
        return text
    return "\n".join(
        "\t".join(sanitize(part, strip=False, limit=_NO_LIMIT) for part in line.split("\t"))
        for line in text.split("\n")
    )


def say(text: object = "", *, err: bool = False) -> None:
    """The one way the command line prints: one or more lines, to stdout (or stderr with ``err``)."""
    print(clean(text), file=sys.stderr if err else sys.stdout)


# Characters JSON leaves as they are but a terminal acts on (C1 controls, DEL, bidi overrides) or cannot
# encode (lone surrogates): written as \\uXXXX escapes, so the JSON means the same and is inert.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(value: Any, **kwargs) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str, **kwargs)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(value: Any) -> None:
    sys.stdout.write(json_text(value, indent=2))
    sys.stdout.write("\n")


class Terminal:
    """A text stream that cleans what is written to it before it reaches the real one.

    Lines keep their endings (CRLF too) and tabs; escape sequences and control characters are dropped.
    ``cleaned_output`` puts one in front of stdout and stderr while a command runs, so even a line
    printed without ``say`` is inert. An export to standard output keeps its data: JSON is escaped
    instead (``json_escape``), and a file written with ``-o`` is written exactly.
    """

    def __init__(self, out: IO[str], *, json_escape: bool = False):
        self.out = out
        self.json_escape = json_escape
        self._partial = ""

    def write(self, text: str) -> int:
        if self.json_escape:
            self.out.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
            return len(text)
        if not (_UNSAFE.search(text) or _UNSAFE.search(self._partial)):  # nothing to clean: as it is, the last line kept back
            cut = text.rfind("\n") + 1
            if cut:
                self.out.write(self._partial + text[:cut])
                self._partial = ""
            self._partial += text[cut:]
            return len(text)
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        for line in lines:
            ending = "\r\n" if line.endswith("\r") else "\n"
            self.out.write(clean(line.removesuffix("\r")) + ending)
        return len(text)

    def flush(self) -> None:
        if self._partial:
            self.out.write(clean(self._partial))
            self._partial = ""
        self.out.flush()

    def __getattr__(self, name: str):  # isatty, fileno, encoding...: the real stream's
        return getattr(self.out, name)


@contextlib.contextmanager
def cleaned_output():
    """While a command runs, whatever reaches stdout and stderr is made inert (see ``Terminal``)."""
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Terminal(real_out), Terminal(real_err)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        sys.stdout, sys.stderr = real_out, real_err


# --- arguments ------------------------------------------------------------------------------------


def number(low: int, high: int, what: str = "a number"):
    """An argparse ``type``: a whole number from ``low`` to ``high``, else a one-line refusal."""

    def parse(text: str) -> int:
        value = text.strip()
        if not re.fullmatch(r"[+-]?\d{1,30}", value):
            raise argparse.ArgumentTypeError(f"{sanitize(text)!r} is not {what} (a whole number from {low} to {high})")
        n = int(value)
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{n} is out of range: {what} goes from {low} to {high}")
        return n

    parse.__name__ = what  # argparse names the type in its messages
    return parse


id_number = number(1, MAX_ID, "an id")


def filled(wanted: str):
    """An argparse ``type``: text with something in it once cleaned (a name, a search, a file), else a
    one-line refusal: ``netui org ''`` or ``import ''`` must not quietly mean "nobody", "everyone" or "."."""

    def parse(text: str) -> str:
        if not sanitize(text).strip():
            raise argparse.ArgumentTypeError(f"empty: give {wanted}")
        return text

    parse.__name__ = wanted
    return parse


@contextlib.contextmanager
def writing(path: object):
    """Around writing the file or folder ``path`` the user named: a failure (a full disk, a read-only
    folder, a file where a folder should be) is one line naming it, exit 2, never an errno alone."""
    try:
        yield
    except BrokenPipeError:
        raise  # standard output closed early (netui export | head): not a failure to write a file
    except OSError as exc:
        named = sanitize(str(path))
        if exc.strerror:
            reason = exc.strerror[:1].lower() + exc.strerror[1:]
            raise UsageError(f"cannot write {named}: {reason}") from exc
        said = sanitize(str(exc))
        raise UsageError(said if named in said else f"cannot write {named}: {said}") from exc


def fresh(path: Path) -> str:
    """What to say when ``path`` is about to become a new database: a typo in ``--db`` or ``$NETUI_DB``
    must not quietly start an empty network, nor make folders unasked. Said once (the next command finds
    the file), on stderr: to a person at a terminal always, to a script only when folders are made (a
    script making its own database in a folder it made need not be told at every first run). Empty when
    the file is there."""
    if path.exists() or path.is_symlink():
        return ""
    missing = [p for p in path.parents if not p.exists()]
    if not missing and not on_terminal(sys.stderr):
        return ""
    made = f" (in a new private folder, {missing[-1]})" if missing else ""
    return f"new database at {path}{made}"


def on_terminal(stream: IO[str]) -> bool:
    """Whether a person reads ``stream``."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


def who(args_who: str) -> int:
    """The contact WHO names; an id too large for the database names nobody."""
    from netui.core import contacts  # start-up: `netui --help` need not load the domain (0.1 s)

    text = sanitize(args_who)
    match = re.fullmatch(r"#?(\d+)", text)
    if match and int(match.group(1)) > MAX_ID:
        raise UsageError(f"there is no contact #{match.group(1)}")
    return contacts.resolve(args_who)


def moment(text: str, what: str = "date") -> dt.datetime:
    """A date and time typed on the command line, between the years 1900 and 2200."""
    from netui.core.dates import DateError, parse_datetime  # start-up: dateutil only when a date is typed

    try:
        value = parse_datetime(text, now())
    except DateError:
        raise
    except (ValueError, OverflowError) as exc:  # arithmetic beyond year 9999
        raise UsageError(f"{what} {sanitize(text)!r} is out of range") from exc
    if not EARLIEST <= value.year <= LATEST:
        raise UsageError(f"{what} {sanitize(text)!r} is out of range: the year must be from {EARLIEST} to {LATEST}")
    return value


def day(text: str, what: str = "date") -> dt.date:
    return moment(text, what).date()


def when(text: str | None, what: str = "date"):
    return moment(text, what) if text else now()
