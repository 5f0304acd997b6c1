"""The search language on a small network: each field finds exactly the people it says, and any text
at all is a search (never an error)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netui.core import cards, contacts, gives, interactions, search, searchlang
from netui.core.contacts import ContactInput, Method
from tests.conftest import NOW


@pytest.fixture
def people(db_path, now):
    """Five people; their ids by first name (Ada Gupta is "gupta")."""
    ids = {}
    ids["ada"] = contacts.create(ContactInput(
        name="Ada Lovelace", organization="Analytical Engines", title="Countess", circle="inner",
        tags=["math", "poetry"], emails=[Method("email", "ada@x.org")], met_on=dt.date(2026, 2, 10),
        note="loves the opera house"), now)
    ids["grace"] = contacts.create(ContactInput(
        name="Grace Hopper", organization="Navy", title="Rear Admiral", circle="ace", tags=["navy"],
        phones=[Method("phone", "+1 202 555 0100")], met_on=dt.date(2025, 6, 1)), now)
    ids["alan"] = contacts.create(ContactInput(
        name="Alan Turing", organization="Acme", title="Researcher", circle="inner", tags=["math"]), now)
    ids["gupta"] = contacts.create(ContactInput(
        name="Ada Gupta", organization="Quartz", title="Acme liaison", circle="regular"), now)
    ids["linus"] = contacts.create(ContactInput(name="Linus Archived", circle="outer", archived=True), now)
    interactions.log(ids["ada"], "call", now - dt.timedelta(days=60), now)  # inner, 30 d: overdue
    interactions.log(ids["grace"], "call", dt.datetime(2026, 11, 7, 9, 0), now)  # ace, 14 d: due today
    interactions.log(ids["alan"], "call", now - dt.timedelta(days=5), now)  # on track
    gives.add(ids["alan"], "an intro", now, direction="given")
    gives.add(ids["alan"], "a book", now, direction="given")
    gives.add(ids["grace"], "a reference", now, direction="received")
    return ids


def found(people, text: str, *, archived: bool = False) -> set[str]:
    names = {cid: name for name, cid in people.items()}
    query = search.Query(text, archived=archived, now=NOW)
    rows = search.page(query, "name", 0, 100)
    assert search.count(query) == len(rows)
    return {names[r.id] for r in rows}


@pytest.mark.parametrize(("text", "expected"), [
    ("", {"ada", "grace", "alan", "gupta"}),
    ("ada", {"ada", "gupta"}),
    ("ad lov", {"ada"}),
    ("ada -gupta", {"ada"}),  # the minus was dropped: this found exactly Gupta
    ("-ada", {"grace", "alan"}),
    ('"opera house"', {"ada"}),
    ('"house opera"', set()),
    ('"opera house', {"ada"}),  # an unclosed quote runs to the end
    ('-"rear admiral"', {"ada", "alan", "gupta"}),
    ("tag:math", {"ada", "alan"}),
    ("tag:ma -tag:poetry", {"alan"}),
    ("circle:inner", {"ada", "alan"}),
    ("circle:in", {"ada", "alan"}),
    ("-circle:inner", {"grace", "gupta"}),
    ("org:acme", {"alan"}),  # not Gupta, whose title says Acme
    ("title:acme", {"gupta"}),
    ('org:"analytical engines"', {"ada"}),
    ("org:navy title:admiral", {"grace"}),
    ("tier:cold", {"gupta"}),
    ("tier:weak", {"ada", "grace", "alan"}),  # one call five days ago: favours add little
    ("-tier:weak", {"gupta"}),
    ("tier:w", {"ada", "grace", "alan"}),  # warm or weak
    ("trend:fading", {"ada"}),  # a call 60 days ago counted for more 30 days ago
    ("trend:ris", {"grace", "alan"}),  # nothing 30 days ago, a call since
    ("trend:steady", {"gupta"}),
    ("tier:fading", {"ada"}),  # fading was a tier once: it means the trend now
    ("-trend:fading", {"grace", "alan", "gupta"}),
    ("tier:strong", set()),
    ("met:2026", {"ada"}),
    ("met:2025-06", {"grace"}),
    ("met:2025-06-01", {"grace"}),
    ("met:2025..2026-01", {"grace"}),
    ("met:..2026-12", {"ada", "grace"}),
    ("-met:2026", {"grace", "alan", "gupta"}),  # never met counts as not met in 2026
    ("last:>30d", {"ada", "gupta"}),  # never contacted counts as long ago
    ("last:<2w", {"alan"}),
    ("last:<3w", {"alan", "grace"}),
    ("last:never", {"gupta"}),
    ("last:2026-09", {"ada"}),
    ("is:overdue", {"ada"}),
    ("is:due", {"ada", "grace"}),
    ("-is:due", {"alan", "gupta"}),
    ("is:archived", {"linus"}),
    ("-is:archived", {"ada", "grace", "alan", "gupta"}),
    ("has:email", {"ada"}),
    ("has:phone", {"grace"}),
    ("-has:phone", {"ada", "alan", "gupta"}),
    ("owes:me", {"alan"}),
    ("owes:2", {"alan"}),
    ("owes:3", set()),
    ("owed:me", {"grace"}),
    ("circle:inner is:overdue -org:acme", {"ada"}),
    ("circle:inner -is:overdue", {"alan"}),
])
def test_each_field_finds_exactly_its_people(people, text, expected):
    assert found(people, text) == expected


def test_the_archived_list_is_searched_the_same_way(people):
    assert found(people, "circle:outer", archived=True) == {"linus"}
    assert found(people, "linus") == set()


def test_an_unknown_field_or_unreadable_value_is_searched_as_words(people, now):
    everyone = people | {"zed": contacts.create(ContactInput(name="Zed", note="planet:mars circle:nowhere met:someday"), now)}
    assert found(everyone, "planet:mars") == {"zed"}
    assert found(everyone, "circle:nowhere") == {"zed"}
    assert found(everyone, "met:someday") == {"zed"}
    assert found(everyone, "tag:") == {"ada", "grace", "alan", "gupta", "zed"}  # typing: nothing asked yet


def test_city_finds_the_town_of_an_address(people, now):
    home = cards.CardData(addresses=[cards.Address(label="home", street="1 Strand", locality="London", country="UK")])
    lena = contacts.create(ContactInput(name="Lena", card=home), now)
    zed = contacts.create(ContactInput(name="Zed", note="lives in city: london"), now)  # a note is not an address
    everyone = people | {"lena": lena, "zed": zed}
    assert found(everyone, "city:london") == {"lena"}
    assert found(everyone, "city:LON") == {"lena"}  # a prefix, any case
    assert found(everyone, 'city:"lon"') == set()  # quoted: the whole town
    assert found(everyone, "city:paris") == set()
    assert found(everyone, "city:lon%") == set()  # LIKE's wildcards are text
    assert found(everyone, "has:address") == {"lena"}
    assert "lena" not in found(everyone, "-city:london")


def test_the_terms_as_typed():
    T = searchlang.Term
    assert searchlang.tokenize('ada -"big co" org:"quartz labs" -tag:x "open') == [
        T("word", "ada"), T("phrase", "big co", True), T("field", "quartz labs", False, "org", True),
        T("field", "x", True, "tag"), T("phrase", "open"),
    ]
    assert searchlang.date_range("2026-01..2026-03") == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert searchlang.date_range("2026-02-30") is None


ALPHABET = st.sampled_from(list('ab -":*()^.\\%_\'') + ["tag:", "org:", "is:", "met:", "last:", "owes:", "has:",
                                                        "circle:", "title:", "tier:", "city:", "..", ">", "<",
                                                        "2026", "9d", "NEAR", "AND", "OR", "NOT", "é", "\x00"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=40), st.lists(ALPHABET, max_size=12).map("".join)))
def test_any_text_is_a_search(people, text):
    for archived in (False, True):
        query = search.Query(text, archived=archived, now=NOW)
        rows = search.page(query, "overdue", 0, 10)
        assert search.count(query) >= len(rows)
        for row in rows:
            assert search.position(query, "overdue", row.id) is not None


@pytest.mark.parametrize("text", ["a", "ada", "circle:inner", "", "ada tag:math"])
def test_a_count_within_a_bound_is_exact_below_it_and_none_at_it(people, now, text):
    """The filter's count on the key's path: exact when well under the bound, else left (None) to a
    worker; the archived match of "a" (Linus Archived) is never counted."""
    query = search.Query(text, now=now)
    exact = search.count(query)
    assert search.count_within(query, 10) == exact
    assert search.count_within(query, max(exact, 1)) == (None if exact else 0)
