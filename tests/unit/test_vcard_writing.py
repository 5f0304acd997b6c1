"""vCard writing takes a plain record (no database, no model object) and reads back as it was."""

from __future__ import annotations

import datetime as dt

from netui.core.contacts import Method
from netui.interop import vcard

UPDATED = dt.datetime(2026, 11, 21, 10, 0)


def record(**changes) -> vcard.CardRecord:
    values: dict[str, object] = {
        "name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace", "nickname": "", "organization": "Engines; Ltd",
        "title": "", "emails": [Method("email", "ada@example.com", "Home office", True)], "phones": [], "urls": [],
        "birthday": "--12-10", "met_on": "2026-11-01", "how_met": "PyCon", "reason": "", "circle": None,
        "cadence_days": 21, "tags": ["math"], "note": "one\ntwo", "archived": True,
    }
    values.update(changes)
    return vcard.CardRecord("ada-1", values, UPDATED)


def test_a_plain_record_is_written_without_a_database():
    text = vcard.card_text(record())
    lines = text.split("\r\n")
    assert lines[:5] == ["BEGIN:VCARD", "VERSION:3.0", f"PRODID:{vcard.PRODID}", "UID:ada-1", "FN:Ada Lovelace"]
    assert "ORG:Engines\\; Ltd" in lines and "TITLE:" not in text and "NICKNAME" not in text
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10" in lines  # 3.0 has no yearless date: Apple's form, read back as no year
    assert "X-NETUI-CIRCLE:regular" in lines  # no circle said: the default, as a new contact gets
    assert lines[-4:] == ["X-NETUI-ARCHIVED:TRUE", "REV:20261121T100000", "END:VCARD", ""]
    assert text.index("X-NETUI-HOW-MET") < text.index("X-NETUI-CIRCLE") < text.index("X-NETUI-CADENCE:21") < text.index(
        "X-NETUI-MET-ON:2026-11-01") < text.index("X-NETUI-ARCHIVED:TRUE") < text.index("REV:20261121T100000")


def test_what_is_written_reads_back():
    [entry] = vcard.read_bytes(vcard.card_text(record(circle="inner")).encode("utf-8"))
    inc = entry.incoming
    assert inc is not None and entry.warnings == [] and entry.not_kept == []
    assert (inc.name, inc.organization, str(inc.birthday), inc.met_on, inc.circle, inc.cadence_days, inc.archived) == (
        "Ada Lovelace", "Engines; Ltd", "--12-10", dt.date(2026, 11, 1), "inner", 21, True,
    )
    assert inc.emails == [Method("email", "ada@example.com", "Home office", True)] and inc.note == "one\ntwo"


def test_a_bad_own_value_is_warned_of_by_the_fields_kind():
    card = vcard.card_text(record()).replace("X-NETUI-CADENCE:21", "X-NETUI-CADENCE:9999").replace(
        "X-NETUI-CIRCLE:regular", "X-NETUI-CIRCLE:Best").replace("X-NETUI-MET-ON:2026-11-01", "X-NETUI-MET-ON:soon")
    [entry] = vcard.read_bytes(card.encode("utf-8"))
    assert [w for w in entry.warnings if "not kept" in w] == [
        "unknown circle 'best' (line 15); not kept",
        "the cadence '9999' (line 16) is not 1 to 3650 days; not kept",
        "the meeting date 'soon' (line 17) is not a date; not kept",
    ]
