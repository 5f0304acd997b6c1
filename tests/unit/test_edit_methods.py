"""Emails and phones as the edit form shows them: one per line, ``label: value *``, read back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netui.core import validate
from netui.core.contacts import Method
from netui.core.text import sanitize
from netui.tui.forms import method_line, methods_text, parse_methods


def test_the_plain_forms():
    methods = [
        Method("email", "ada@example.org", "work", True),
        Method("email", "ada@home.example", "home", False),
        Method("email", "ada@bare.example", "", False),
    ]
    text = methods_text(methods)
    assert text == "work: ada@example.org *\nhome: ada@home.example\nada@bare.example"
    assert parse_methods("email", text) == methods


def test_what_people_type_is_read_leniently():
    assert parse_methods("phone", "  work fax :  +44 20 7946 0000*  \n\n mobile:+44 7700 900123\n") == [
        Method("phone", "+44 20 7946 0000", "work fax", True),
        Method("phone", "+44 7700 900123", "mobile", False),
    ]


@pytest.mark.parametrize("method, line", [
    (Method("phone", "tel:+44 20 7946 0000", "", False), '"tel:+44 20 7946 0000"'),
    (Method("phone", "tel:+44 20 7946 0000", "work", True), "work: tel:+44 20 7946 0000 *"),
    (Method("email", "a@b.example", 'Work: "main"', False), r'"Work: \"main\"": a@b.example'),
    (Method("phone", "*31#", "", False), "*31#"),
    (Method("phone", "1234*", "pin", False), 'pin: "1234*"'),
    (Method("phone", "1234*", "", True), '"1234*" *'),
])
def test_labels_and_values_that_look_like_syntax_are_quoted(method, line):
    assert method_line(method) == line
    assert parse_methods(method.kind, line) == [method]


@pytest.mark.parametrize("text, message", [
    ("work: ada", "'ada' does not look like an email address"),
    ("ada@example.org\nwork: *", "line 2: an email is missing"),
    ('"work: ada@example.org', "a quote is not closed"),
    ('"work" ada@example.org', "after a quoted value"),
])
def test_mistakes_are_named(text, message):
    with pytest.raises(ValueError, match=message):
        parse_methods("email", text)


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30).map(sanitize)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_text.filter(bool), _text, st.booleans()), max_size=4), st.sampled_from(["email", "phone"]))
def test_every_stored_method_reads_back_exactly(items, kind):
    methods = [Method(kind, value + ("@x.org" if kind == "email" and "@" not in value else ""), label, preferred)
               for value, label, preferred in items]
    methods = [m for m in methods if kind != "email" or validate.email_problem(m.value) is None]  # the form refuses the rest
    assert parse_methods(kind, methods_text(methods)) == methods
