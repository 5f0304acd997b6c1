"""netui -> vCard -> netui keeps every field a contact card holds (hypothesis), and the file is standard."""

from __future__ import annotations

import datetime as dt
import io

import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netui.core import contacts
from netui.core.contacts import ContactInput, Method, normalize_method
from netui.core.dates import Birthday
from netui.core.text import sanitize
from netui.core.vocab import CIRCLES
from netui.db import db
from netui.db.models import Contact
from netui.interop import importer, vcard

# Everything a person might type, including what vCard must escape (, ; \ : newlines) and non-ASCII.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
TRICKY = st.sampled_from(["", "a, b; c", "back\\slash", "colon: here", "Zoë Ünal", "日本語", "tab\there", "  spaced  "])
LINE = st.one_of(TEXT, TRICKY)
NOTE = st.one_of(TEXT, st.lists(st.one_of(TEXT, TRICKY), max_size=4).map("\n".join))
LABELS = st.one_of(
    st.sampled_from(["", "work", "home", "cell", "work fax", "voice", "voice work", "Work", "pref", "internet",
                     "my label, with; punctuation", "desk\\phone", "mobile"]),
    TEXT,
)
NAME = LINE.filter(lambda s: sanitize(s))


def _unique(kind: str):
    return lambda m: normalize_method(kind, sanitize(m.value)) or sanitize(m.value).casefold()


EMAILS = st.lists(st.builds(lambda e, lab, p: Method("email", e, lab, p), st.emails(), LABELS, st.booleans()),
                  max_size=3, unique_by=_unique("email"))
PHONES = st.lists(
    st.builds(lambda v, lab, p: Method("phone", v, lab, p), st.from_regex(r"\+?[0-9][0-9 ()./-]{2,18}", fullmatch=True), LABELS, st.booleans()),
    max_size=3, unique_by=_unique("phone"),
).filter(lambda ms: all(sanitize(m.value) for m in ms))
URLS = st.lists(
    st.builds(lambda v, lab, p: Method("url", v, lab, p), st.from_regex(r"https?://[a-z0-9.-]{1,15}(/[A-Za-z0-9,;:_~%-]{0,12})?", fullmatch=True), LABELS, st.booleans()),
    max_size=2, unique_by=_unique("url"),
)


@st.composite
def birthdays(draw):
    if draw(st.booleans()):
        return None
    month = draw(st.integers(1, 12))
    year = draw(st.one_of(st.none(), st.integers(1800, 2200)))
    last = 29 if month == 2 and year is None else [31, 29 if year and (year % 4 == 0 and (year % 100 or year % 400 == 0)) else 28,
                                                   31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return Birthday(month, draw(st.integers(1, last)), year)


PEOPLE = st.builds(
    ContactInput,
    name=NAME, given_name=LINE, family_name=LINE, nickname=LINE, organization=LINE, title=LINE,
    birthday=birthdays(), met_on=st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31))),
    how_met=LINE, reason=LINE, circle=st.sampled_from(CIRCLES),
    cadence_days=st.one_of(st.none(), st.integers(1, 3650)), note=NOTE, archived=st.booleans(),
    emails=EMAILS, phones=PHONES, urls=URLS, tags=st.lists(st.one_of(LINE, st.sampled_from(["a,b", "chess", "#le-guin"])), max_size=3),
)


def _clear() -> None:
    with db.atomic():
        Contact.delete().execute()
        db.execute_sql("DELETE FROM contact_fts")


def _comparable(contact_id: int) -> dict:
    d = contacts.contact_dict(contact_id, full=False)
    d.pop("id")
    return d


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(person=PEOPLE)
def test_netui_to_vcard_to_netui_keeps_every_field(db_path, now, person):
    _clear()
    cid = contacts.create(person, now, log_meeting=False)  # the fields a card carries; history is not one
    before = _comparable(cid)
    out = io.StringIO()
    assert vcard.write(out, now) == 1
    _clear()
    path = db_path.parent / "round-trip.vcf"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    report = importer.import_paths([path], now)
    assert (report.new, report.skipped, report.files[0].warnings) == (1, 0, [])
    [(new_id,)] = Contact.select(Contact.id).tuples()
    assert _comparable(new_id) == before


def test_the_export_is_standard_vcard_30_that_vobject_reads(db_path, now):
    cid = contacts.create(ContactInput(
        name="Ada Lovelace", given_name="Ada", family_name="Lovelace", organization="Analytical, Engines; Ltd",
        title="Countess", birthday=Birthday(12, 10, None), note="first line\nsecond, line", how_met="at Babbage's",
        reason="the engine", circle="inner", cadence_days=21, met_on=dt.date(2026, 1, 5), tags=["maths", "poetry"],
        emails=[Method("email", "ada@example.com", "work", True), Method("email", "ada@home.example", "Home office")],
        phones=[Method("phone", "+44 20 7946 0000", "cell")],
    ), now)
    out = io.StringIO()
    vcard.write(out, now)
    text = out.getvalue()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and text.endswith("END:VCARD\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    parsed = vobject.readOne(text)
    assert parsed.fn.value == "Ada Lovelace"
    assert parsed.uid.value == Contact.get_by_id(cid).uid
    assert (parsed.n.value.family, parsed.n.value.given) == ("Lovelace", "Ada")
    assert parsed.bday.value == "1604-12-10" and parsed.bday.params["X-APPLE-OMIT-YEAR"] == ["1604"]  # a 3.0 date
    assert sorted(parsed.categories.value) == ["maths", "poetry"]
    assert parsed.x_netui_how_met.value == "at Babbage's"
    assert parsed.x_netui_circle.value == "inner" and parsed.x_netui_cadence.value == "21"
    assert parsed.x_netui_met_on.value == "2026-01-05"
    assert [t.value for t in parsed.contents["x-netui-tag"]] == ["maths", "poetry"]
    emails = {e.value: e for e in parsed.contents["email"]}
    assert emails["ada@example.com"].params["TYPE"] == ["internet", "work", "pref"]
    labelled = emails["ada@home.example"]
    [label] = [x for x in parsed.contents["x-ablabel"] if x.group == labelled.group]
    assert label.value == "Home office"
    assert "ORG:Analytical\\, Engines\\; Ltd\r\n" in text
    assert "NOTE:first line\\nsecond\\, line\r\n" in text
