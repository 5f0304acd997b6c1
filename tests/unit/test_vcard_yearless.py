"""A birthday without a year, written as vCard 3.0 readers accept it and read back without a year.

vCard 3.0's BDAY is a whole date: ``--03-01`` is refused by 3.0 readers. netui writes what Apple and
CardBook write, ``BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-01``; 4.0 has its own form, ``--0301``.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import vobject

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.core.dates import Birthday
from netui.db.models import Contact
from netui.interop import importer, vcard


@pytest.mark.parametrize(("version", "line"), [
    ("3.0", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-01"),
    ("4.0", "BDAY:--0301"),
])
def test_a_yearless_birthday_goes_out_in_the_versions_form_and_comes_back_yearless(db_path, now, version, line):
    contacts.create(ContactInput(name="Ada Obi", birthday=Birthday(3, 1, None)), now)
    out = io.StringIO()
    vcard.write(out, now, version)
    text = out.getvalue()
    assert line in text.split("\r\n") and "BDAY:--03-01" not in text
    if version == "3.0":  # a whole date, as a 3.0 reader parses it
        bday = vobject.readOne(text).bday
        assert dt.date.fromisoformat(bday.value) == dt.date(1604, 3, 1)
    Contact.delete().execute()
    path = db_path.parent / "yearless.vcf"
    path.write_text(text, encoding="utf-8", newline="")
    report = importer.import_paths([path], now)
    assert (report.new, report.files[0].warnings) == (1, [])
    [back] = Contact.select()
    assert (back.birthday_month, back.birthday_day, back.birthday_year) == (3, 1, None)


def test_a_birthday_with_a_year_is_the_plain_date(db_path, now):
    contacts.create(ContactInput(name="Ada Obi", birthday=Birthday(3, 1, 1990)), now)
    out = io.StringIO()
    vcard.write(out, now)
    assert "BDAY:1990-03-01" in out.getvalue().split("\r\n")
