"""Fuzzing: the importers and the search box take anything and answer with their own words.

The vCard and CSV readers either return entries (each a person or a reason) or raise their own
``UnreadableFile``; the whole import returns a report; the search box answers any text. Inputs are
random bytes, and real cards from ../shared/corpus (read in place) with random damage done to them.
Example counts are modest: this runs with the rest of the suite.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netui.core import contacts, search
from netui.core.contacts import ContactInput
from netui.db import check
from netui.interop import csvfiles, importer, vcard
from netui.interop.vcard import Entry, UnreadableFile
from tests.conftest import CORPUS, needs_corpus

CARDS = sorted(CORPUS.glob("*/*.vcf")) if CORPUS.is_dir() else []
REAL = [p.read_bytes() for p in CARDS]

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def hang_guard(seconds: int = 60):
    """Fail instead of hanging the suite (a bound, not a measurement)."""
    def stop(signum, frame):
        raise AssertionError(f"still running after {seconds} s: the reader hangs")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def assert_entries(entries: list[Entry]) -> None:
    for entry in entries:
        assert entry.position >= 1
        assert (entry.incoming is None) == bool(entry.reason) or entry.incoming is not None
        if entry.incoming is None:
            assert entry.reason.strip(), "a skipped card says why"
        assert all(isinstance(w, str) and w for w in entry.warnings)


def read_vcard(data: bytes) -> None:
    try:
        entries = vcard.read_bytes(data)
    except UnreadableFile as exc:
        assert str(exc)
        return
    assert_entries(entries)


def read_csv(data: bytes) -> None:
    try:
        kind, entries = csvfiles.read_bytes(data)
    except UnreadableFile as exc:
        assert str(exc)
        return
    assert kind
    assert_entries(entries)


# Pieces that have broken vCard readers: folding, encodings, charsets, escapes, structure.
NASTY = [b"\r\n ", b"\r\n\t", b"=\r\n", b"\r", b"\n", b":", b";", b",", b"\\", b"\\n", b"=", b"\"", b"\x00",
         b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3", b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"VERSION:4.0\r\n",
         b";ENCODING=QUOTED-PRINTABLE", b";ENCODING=b", b";CHARSET=nonsense", b";CHARSET=UTF-16",
         b"BDAY:0000-02-30\r\n", b"item1.", b"X-ABLabel:", b"\x1b]0;PWNED\x07", b"[@click=app.quit]",
         b"N:;;;;;;;;;;;;\r\n", b"TEL;TYPE=\"a,b\":", b"EMAIL;PREF=999999999999999999999:", b"=" * 50]


@st.composite
def damaged_card(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(REAL)))
    for _ in range(draw(st.integers(1, 8))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "flip", "duplicate"]))
        if action == "insert":
            data[where:where] = draw(st.sampled_from(NASTY) | st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[where: where + draw(st.integers(1, 40))]
        elif action == "flip" and data:
            data[min(where, len(data) - 1)] = draw(st.integers(0, 255))
        else:
            data[where:where] = data[max(0, where - 60): where]
    return bytes(data)


@FAST
@given(st.binary(max_size=3000))
def test_vcard_reader_random_bytes(data):
    with hang_guard():
        read_vcard(data)
        read_vcard(b"BEGIN:VCARD\r\nVERSION:3.0\r\n" + data + b"\r\nEND:VCARD\r\n")


@needs_corpus
@FAST
@given(damaged_card())
def test_vcard_reader_damaged_real_cards(data):
    with hang_guard():
        read_vcard(data)


CSV_HEADERS = [b"First Name,Last Name,Email Address,Company,Position,Connected On\r\n",  # LinkedIn
               b"Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,Birthday,Notes\r\n",  # Google
               b"Notes:\r\n\"When exporting...\"\r\n\r\nFirst Name,Last Name,URL,Email Address\r\n"]


@FAST
@given(st.sampled_from(CSV_HEADERS), st.lists(st.lists(st.text(max_size=20) | st.sampled_from(
    ["\"", "\"\"", "\r\n", "\x00", ",,,", "0/0/00", "Feb 30", "=cmd|' /C calc'!A0", "\x1b[31m"]), max_size=8),
    max_size=12))
def test_csv_reader_rows_of_anything(header, rows):
    body = "\r\n".join(",".join(cells) for cells in rows).encode("utf-8", "surrogatepass")
    with hang_guard():
        read_csv(header + body)


@FAST
@given(st.binary(max_size=3000))
def test_csv_reader_random_bytes(data):
    with hang_guard():
        read_csv(data)
        read_csv(CSV_HEADERS[1] + data)


@needs_corpus
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(damaged_card())
def test_a_whole_import_of_damaged_cards_reports_and_never_raises(db_path, tmp_path, now, data):
    path = tmp_path / "damaged.vcf"
    path.write_bytes(data)
    with hang_guard():
        report = importer.import_paths([path], now)
    report.text()
    counts = report.counts()
    assert counts["new"] + counts["updated"] + counts["unchanged"] + counts["skipped"] == counts["read"]


def test_pathological_files_are_read_or_refused_without_hanging(db_path, tmp_path, now):
    """A per-card size cap and readers that never backtrack: each of these ends, with a report."""
    one_line = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + b"x" * 3_000_000 + b"\r\nEND:VCARD\r\n"
    many_props = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many\r\n" + (b"NOTE:" + b"n" * 50 + b"\r\n") * 20_000 + b"END:VCARD\r\n"
    folded = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fold\r\nNOTE:a" + b"\r\n b" * 100_000 + b"\r\nEND:VCARD\r\n"
    unclosed = b"BEGIN:VCARD\r\nFN:Open\r\n" * 2_000
    quotes = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Q\r\nTEL;TYPE=" + b"\"" * 100_001 + b":1\r\nEND:VCARD\r\n"
    params = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P\r\nEMAIL" + b";TYPE=x" * 100_000 + b":a@b.c\r\nEND:VCARD\r\n"
    qp = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:" + b"=\r\n" * 200_000 + b"a\r\nEND:VCARD\r\n"
    files = {"one_line": one_line, "many_props": many_props, "folded": folded, "unclosed": unclosed,
             "quotes": quotes, "params": params, "qp": qp}
    for name, data in files.items():
        path = tmp_path / f"{name}.vcf"
        path.write_bytes(data)
        with hang_guard(120):
            report = importer.import_paths([path], now)
        text = report.text()
        assert text, name
    for name in ("one_line", "many_props"):  # over the per-card cap: skipped with the reason, not read on
        big = importer.import_paths([tmp_path / f"{name}.vcf"], now)
        assert "larger than the 1,000,000 characters" in big.files[0].skipped[0].reason
    assert check.integrity_check(db_path).ok


FTS_NOISE = st.sampled_from(['"', "*", "-", "AND", "OR", "NOT", "NEAR(", ")", "(", "tag:", "tag:\"", ":", "^",
                             "'", "\\", "col:x", "\x00", "\x1b[31m", "%", "_", "🎉", "e\u0301", "שלום", "{", "}",
                             "contact_fts", "rank", "MATCH", ";", "--", "/*", "\u202e", " "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(FTS_NOISE | st.text(max_size=6), max_size=8).map("".join), st.booleans(),
       st.sampled_from(search.SORTS))
def test_the_search_box_answers_any_text(db, now, text, archived, sort):
    if not contacts.count():
        for name in ("Ada Lovelace", "Zoë Ünal", "[b]Bold[/b]", "שלום עליכם", "O'Brien \"Quote\""):
            contacts.create(ContactInput(name=name, note="tag:notes NEAR(x) 🎉", add_tags=["chess"]), now)
    query = search.Query(text, archived=archived)
    total = search.count(query)
    rows = search.page(query, sort, 0, 20)
    assert len(rows) == min(total, 20)
    for row in rows:
        assert search.position(query, sort, row.id) is not None
