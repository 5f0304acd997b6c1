"""Reading the user's own mail and calendar files, headers only, one item at a time.

A PATH may be an mbox file, a Maildir folder, a folder of ``.eml`` files (or one ``.eml``), or an
iCalendar file. Mail is read with the standard library: for each message only the header block is
read (up to the first empty line) and parsed with the ``email`` package, encoded words decoded; bodies and attachments
are never read, let alone kept. Calendars are read by a small line parser (RFC 5545 unfolding,
properties and parameters) and repeating events expanded with dateutil's rrule up to ``now``.

Everything is a generator of ``netui.core.scan`` records, so memory does not grow with the size of
the mailbox; a damaged message or event becomes a ``Damaged`` record saying where it was, and the
scan goes on. A file that is neither mail nor calendar raises ``ScanError`` before anything is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mailbox
import re
from collections.abc import Callable, Iterable, Iterator
from email import policy
from email.errors import HeaderParseError
from email.header import Header, decode_header, make_header
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from dateutil import rrule, tz

from netui.core.errors import NetuiError
from netui.core.scan import Address, Damaged, Event, Item, Message

# compat32 hands back the header text as written; policy.default would build a structured object for
# every header, five times slower on a large mailbox. Encoded words are decoded below (``_text``).
_PARSER = BytesHeaderParser(policy=policy.compat32)
_VIDEO = re.compile(r"https?://[^\s\"'<>]*(?:meet\.google\.com|zoom\.us|zoom\.com|teams\.microsoft\.com|teams\.live\.com)[^\s\"'<>]*",
                    re.IGNORECASE)
MAX_HEADER_LINES = 5_000  # kept of one message's header block (a damaged one may never end)
EVERY = 500  # messages (or calendar lines) between two progress reports
MAX_OCCURRENCES = 50_000  # looked at per repeating event: a rule repeating every minute for years is refused
# A meeting is logged once a day at most: an event repeating every hour, minute or second (a reminder
# someone put in a calendar, a broken export) is proposed once, at its first occurrence in the scan's
# window, and one line says how many more were left out; one repeating daily or slower is proposed at
# each occurrence, the first of each day.
_MORE_THAN_DAILY = {"HOURLY": "hour", "MINUTELY": "minute", "SECONDLY": "second"}


class ScanError(NetuiError):
    """A path that cannot be scanned: missing, or neither mail nor calendar."""


def kind_of(path: Path) -> str:
    """``mbox``, ``maildir``, ``eml-folder``, ``eml``, ``ics`` or ``empty``; raises ``ScanError`` for anything else."""
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new")):
            return "maildir"
        if any(p.suffix.lower() == ".eml" for p in path.iterdir()):
            return "eml-folder"
        raise ScanError(f"{path}: a folder that is neither a Maildir (cur, new, tmp) nor holds .eml files")
    if not path.is_file():
        raise ScanError(f"{path}: no such file or folder")
    with path.open("rb") as fp:
        head = fp.read(4096)
    if not head:
        return "empty"  # an empty folder's mbox (Thunderbird keeps one for every folder)
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text[:15].upper() == b"BEGIN:VCALENDAR":
        return "ics"
    if head.startswith(b"From "):
        return "mbox"
    if path.suffix.lower() == ".eml" or re.match(rb"^[A-Za-z0-9-]+:[^\r\n]*\r?\n", head):
        first = head.split(b"\n\n", 1)[0]
        if re.search(rb"(?im)^(from|date|message-id):", first):
            return "eml"
    raise ScanError(f"{path}: neither a mailbox (mbox, Maildir, .eml) nor a calendar (.ics)")


Progress = Callable[[int, int], None]  # (done, total): messages of a mailbox, or bytes of a calendar


def read(path: Path | str, now: dt.datetime, progress: Progress | None = None, *,
         since: dt.date | None = None) -> Iterator[Item]:
    """Every message or event occurrence of ``path``, in file order; ``progress`` is told how far it got.
    ``since`` is the first day of the scan's window: where an event repeating more than daily is proposed."""
    path = Path(path)
    kind = kind_of(path)
    tell = progress or _quiet
    if kind == "empty":
        tell(1, 1)
        return
    if kind == "ics":
        yield from read_calendar(path, now, tell, since=since)
    elif kind == "mbox":
        yield from _read_mbox(path, tell)
    elif kind == "maildir":
        yield from _read_mailbox(mailbox.Maildir(path, factory=None, create=False), path, tell)
    else:
        files = [path] if kind == "eml" else sorted(p for p in path.iterdir() if p.suffix.lower() == ".eml")
        for index, file in enumerate(files, 1):
            with file.open("rb") as fp:
                yield _message(fp, f"{file}" if kind == "eml" else f"{path}: {file.name} (message {index})")
            if index % EVERY == 0 or index == len(files):
                tell(index, len(files))


def _quiet(done: int, total: int) -> None:
    """No one is watching the progress."""


# --- mail ----------------------------------------------------------------------------------------


def _read_mbox(path: Path, tell: Progress) -> Iterator[Item]:
    """An mbox file in one pass, split as ``mailbox.mbox`` splits it (every line starting "From " begins
    a message), keeping only the header lines of the message at hand: no table of every message's
    offsets, so memory stays the same however large the file."""
    size = max(path.stat().st_size, 1)
    done = index = 0
    headers: list[bytes] | None = None  # the header lines of the message being read (None: in a body)
    with path.open("rb") as fp:
        for line in fp:
            done += len(line)
            if line.startswith(b"From "):
                if headers is not None:  # the previous message ended inside its headers
                    yield _message(headers, f"{path}: message {index}")
                index += 1
                headers = []
                if index % EVERY == 0:
                    tell(done, size)
            elif headers is not None:
                if line in (b"\n", b"\r\n"):
                    yield _message(headers, f"{path}: message {index}")
                    headers = None
                elif len(headers) < MAX_HEADER_LINES:
                    headers.append(line)
    if headers is not None:
        yield _message(headers, f"{path}: message {index}")
    tell(size, size)


def _read_mailbox(box: mailbox.Mailbox, path: Path, tell: Progress) -> Iterator[Item]:
    keys = sorted(box.iterkeys()) if isinstance(box, mailbox.Maildir) else list(box.iterkeys())
    for index, key in enumerate(keys, 1):
        if index % EVERY == 0 or index == len(keys):
            tell(index, len(keys))
        where = f"{path}: message {index}"
        try:
            fp = box.get_file(key)
        except (OSError, KeyError) as exc:
            yield Damaged(where, f"cannot be read ({exc})")
            continue
        with fp:
            yield _message(fp, where)


def _header_block(fp: Iterable[bytes]) -> bytes:
    """The bytes up to the first empty line: the headers, and nothing of the body."""
    lines = []
    for line in fp:
        if line in (b"\n", b"\r\n"):
            break
        lines.append(line)
        if len(lines) > 5000:  # a "header" that never ends is not mail
            break
    return b"".join(lines)


def _raw(value: object) -> str:
    """A header as written; raw 8-bit text (which compat32 wraps as unknown-8bit) read as UTF-8, else Latin-1."""
    if value is None:
        return ""
    if not isinstance(value, Header):
        return str(value)
    data = b"".join(part if isinstance(part, bytes) else part.encode("utf-8", "replace")
                    for part, _ in decode_header(value))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _text(value: object) -> str:
    """A header's text with its encoded words (=?utf-8?q?...?=) decoded; an undecodable one kept as written."""
    raw = _raw(value)
    if "=?" not in raw:
        return raw
    try:
        return str(make_header(decode_header(raw)))
    except (ValueError, LookupError, UnicodeError, HeaderParseError):
        return raw


def _addresses(values: list) -> tuple[Address, ...]:
    pairs = getaddresses([_raw(v) for v in values])
    return tuple((_text(name), address) for name, address in pairs if "@" in address)


def _message(fp: Iterable[bytes], where: str) -> Message | Damaged:
    try:
        raw = _header_block(fp)
        if raw.startswith(b"From "):  # mbox's own separator line, where get_file leaves it
            raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
        headers = _PARSER.parsebytes(raw)
        senders = _addresses(headers.get_all("from", []))
        date_text = _text(headers.get("date")).strip()
        if not senders and not date_text:
            return Damaged(where, "no From or Date header")
        try:
            sent = parsedate_to_datetime(date_text) if date_text else None
        except (TypeError, ValueError, IndexError):
            return Damaged(where, f"a Date that is not a date ({date_text[:40]!r})")
        subject = _text(headers.get("subject"))
        key = _text(headers.get("message-id")).strip()
        if not key:  # no Message-ID: the same headers give the same stand-in on every scan
            digest = hashlib.sha1(f"{date_text}\0{senders}\0{subject}".encode("utf-8", "replace")).hexdigest()
            key = f"<no-id-{digest}>"
        precedence = _text(headers.get("precedence")).strip().lower()
        auto = _text(headers.get("auto-submitted")).strip().lower()
        bulk = bool(headers.get("list-id") or headers.get("list-unsubscribe")) or precedence in ("bulk", "list", "junk") \
            or (auto not in ("", "no"))
        return Message(
            key=key, sent=sent, subject=subject, sender=senders[0] if senders else None,
            to=_addresses(headers.get_all("to", [])),
            cc=_addresses(headers.get_all("cc", [])),
            bulk=bulk, where=where,
        )
    except Exception as exc:  # any defect of one message is reported, and the scan goes on
        return Damaged(where, f"cannot be read ({type(exc).__name__}: {exc})")


# --- calendar ------------------------------------------------------------------------------------


def _unfolded(fp) -> Iterator[str]:
    """Content lines with RFC 5545 folding undone."""
    current: str | None = None
    for raw in fp:
        line = raw.rstrip("\r\n")
        if line[:1] in (" ", "\t") and current is not None:
            current += line[1:]
            continue
        if current is not None:
            yield current
        current = line
    if current is not None:
        yield current


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """NAME;PARAM=VALUE;...:value, with quoted parameter values."""
    colon = None
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            colon = i
            break
    if colon is None:
        raise ValueError(f"a line without a value ({line[:40]!r})")
    head, value = line[:colon], line[colon + 1:]
    parts = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    params = {}
    for part in parts[1:]:
        name, _, val = part.partition("=")
        params[name.upper()] = val.strip('"')
    return parts[0].upper(), params, value


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _when(value: str, params: dict[str, str]) -> dt.datetime:
    """A DATE or DATE-TIME as an aware time (UTC, TZID) or a floating one (naive, local)."""
    value = value.strip()
    if params.get("VALUE", "").upper() == "DATE" or re.fullmatch(r"\d{8}", value):
        return dt.datetime.strptime(value[:8], "%Y%m%d")
    stamp = dt.datetime.strptime(value.rstrip("Zz"), "%Y%m%dT%H%M%S")
    if value[-1:] in "Zz":
        return stamp.replace(tzinfo=dt.UTC)
    zone = tz.gettz(params["TZID"]) if params.get("TZID") else None
    return stamp.replace(tzinfo=zone) if zone is not None else stamp


def _mailto(value: str) -> str:
    value = value.strip()
    return value[7:] if value.lower().startswith("mailto:") else value


def _decoded(fp, total: int, tell: Progress) -> Iterator[str]:
    """The lines of a binary file as text, telling how many bytes were read now and then."""
    done = 0
    for count, raw in enumerate(fp, 1):
        done += len(raw)
        if count % EVERY == 0:
            tell(done, total)
        yield raw.decode("utf-8", errors="replace")
    tell(total, total)


def read_calendar(path: Path, now: dt.datetime, tell: Progress = _quiet, *, since: dt.date | None = None) -> Iterator[Item]:
    with path.open("rb") as raw:
        fp = _decoded(raw, max(path.stat().st_size, 1), tell)
        index = 0
        props: list[str] | None = None  # the event's own lines, split lazily: one bad line is one bad event
        depth = 0  # inside a VEVENT: nested components (VALARM) are skipped
        for line in _unfolded(fp):
            upper = line.upper()
            if upper == "BEGIN:VEVENT":
                index += 1
                props, depth = [], 0
                continue
            if props is None:
                continue
            if upper.startswith("BEGIN:"):
                depth += 1
            elif upper == "END:VEVENT" and depth == 0:
                yield from _event(props, f"{path}: event {index}", now, since)
                props = None
            elif upper.startswith("END:"):
                depth -= 1
            elif depth == 0 and line.strip():
                props.append(line)
        if props is not None:
            yield Damaged(f"{path}: event {index}", "the file ends inside the event")


def _event(lines: list[str], where: str, now: dt.datetime, since: dt.date | None = None) -> Iterator[Item]:
    try:
        props = [_split(line) for line in lines]
        first: dict[str, tuple[dict[str, str], str]] = {}
        for name, params, value in props:
            first.setdefault(name, (params, value))
        if "DTSTART" not in first:
            yield Damaged(where, "no DTSTART")
            return
        if first.get("STATUS", ({}, ""))[1].strip().upper() == "CANCELLED":
            return
        start = _when(first["DTSTART"][1], first["DTSTART"][0])
        uid = first.get("UID", ({}, ""))[1].strip() or f"no-uid-{start.isoformat()}"
        summary = _unescape(first.get("SUMMARY", ({}, ""))[1])
        location = _unescape(first.get("LOCATION", ({}, ""))[1])
        texts = [value for name, _, value in props if name in ("LOCATION", "DESCRIPTION", "URL", "CONFERENCE")
                 or name.startswith("X-")]
        video = any(_VIDEO.search(_unescape(t)) for t in texts)
        if video and _VIDEO.search(location) and not _VIDEO.sub("", location).strip(" ,;-"):
            location = ""  # a link in the location field is a video call, not a place
        addresses: tuple[Address, ...] = tuple(
            (params.get("CN", ""), _mailto(value)) for name, params, value in props
            if name in ("ORGANIZER", "ATTENDEE") and "@" in value and params.get("PARTSTAT", "").upper() != "DECLINED"
        )
        recurrence = first.get("RECURRENCE-ID")
        rules = [value for name, _, value in props if name == "RRULE"]
        if recurrence is not None:
            at = _when(recurrence[1], recurrence[0])
            key = f"{uid}#{_stamp(at)}"
            yield Event(key, start, summary, addresses, location, video, where)
            return
        if not rules:
            yield Event(uid, start, summary, addresses, location, video, where)
            return
        occurrences = _occurrences(start, props, rules, now)
        yield from _proposed(occurrences, _often(rules), since, where,
                             lambda at: Event(f"{uid}#{_stamp(at)}", at, summary, addresses, location, video, where))
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
        yield Damaged(where, f"cannot be read ({exc})")


def _stamp(when: dt.datetime) -> str:
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
        return when.strftime("%Y%m%dT%H%M%SZ")
    return when.strftime("%Y%m%dT%H%M%S")


def _often(rules: list[str]) -> str:
    """``"every 5 minutes"`` for a rule repeating more often than daily; empty for one that does not."""
    for text in rules:
        freq = re.search(r"(?i)\bFREQ=(\w+)", text)
        unit = _MORE_THAN_DAILY.get(freq.group(1).upper()) if freq else None
        if unit:
            interval = re.search(r"(?i)\bINTERVAL=(\d+)", text)
            n = int(interval.group(1)) if interval else 1
            return f"every {unit}" if n <= 1 else f"every {n} {unit}s"
    return ""


def _proposed(occurrences: Iterator[dt.datetime | None], often: str, since: dt.date | None, where: str,
              event: Callable[[dt.datetime], Event]) -> Iterator[Item]:
    """The occurrences worth proposing (see ``_MORE_THAN_DAILY``), then a line saying how many were not.
    ``None`` among ``occurrences`` means more than ``MAX_OCCURRENCES`` were looked at."""
    first: dt.datetime | None = None
    days: set[dt.date] = set()
    left, cut = 0, False
    for at in occurrences:
        if at is None:
            cut = True
            break
        day = _local_day(at)
        if since is not None and day < since:
            continue
        if often:
            if first is None:
                first = at
                yield event(at)
            else:
                left += 1
        elif day in days:
            left += 1
        else:
            days.add(day)
            yield event(at)
    if not (left or cut):
        return
    more = f"more than {left:,}" if cut else f"{left:,}"
    if often and first is None:  # cut before the window: every one looked at was before it
        yield Damaged(where, f"it repeats {often}: none of its first {MAX_OCCURRENCES:,} occurrences is in the scan, "
                             "the rest left out")
    elif often:
        yield Damaged(where, f"{more} more occurrence{'s' * (left != 1 or cut)} left out: it repeats {often}, "
                             "so only its first in the scan is proposed")
    elif left:
        yield Damaged(where, f"{more} more occurrence{'s' * (left != 1 or cut)} left out: it repeats more than once "
                             "a day, so only the first of each day is proposed")
    else:
        yield Damaged(where, f"repeats more than {MAX_OCCURRENCES:,} times before today; the rest left out")


def _local_day(at: dt.datetime) -> dt.date:
    """The day of an occurrence as the scan's window counts it (local time, as ``scan.local_time``)."""
    return (at.astimezone().replace(tzinfo=None) if at.tzinfo is not None else at).date()


def _occurrences(start, props, rules, now) -> Iterator[dt.datetime | None]:
    """Each occurrence of a repeating event up to ``now``, then ``None`` if more than ``MAX_OCCURRENCES``
    were looked at (a rule repeating every second since 1970 is not followed to today)."""
    rset = rrule.rruleset()
    for text in rules:
        if start.tzinfo is None:  # a floating event whose UNTIL is in UTC (some apps write it so)
            text = re.sub(r"(?i)(UNTIL=\d{8}T\d{6})Z", r"\1", text)
        else:  # an aware event whose UNTIL is a date or a floating time: the end of that moment, in UTC
            text = re.sub(r"(?i)(UNTIL=\d{8})(?=;|$)", r"\1T235959Z", text)
            text = re.sub(r"(?i)(UNTIL=\d{8}T\d{6})(?=;|$)", r"\1Z", text)
        rule = rrule.rrulestr(text, dtstart=start)
        if not isinstance(rule, rrule.rrule):
            raise ValueError(f"an RRULE that is not one rule ({text[:40]!r})")
        rset.rrule(rule)
    for name, params, value in props:
        if name in ("EXDATE", "RDATE"):
            for part in value.split(","):
                at = _when(part, params)
                if start.tzinfo is not None and at.tzinfo is None:
                    at = at.replace(tzinfo=start.tzinfo)
                elif start.tzinfo is None and at.tzinfo is not None:
                    at = at.astimezone().replace(tzinfo=None)
                (rset.exdate if name == "EXDATE" else rset.rdate)(at)
    until = now if start.tzinfo is None else now.astimezone()
    for count, at in enumerate(rset, 1):
        if at > until:
            break
        if count > MAX_OCCURRENCES:
            yield None
            break
        yield at
