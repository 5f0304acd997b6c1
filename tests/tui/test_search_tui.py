"""The search language, saved searches, validation and the duplicate warning, driven by keys."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, interactions, settings
from netui.core.contacts import ContactInput, Method
from netui.db.models import Contact, ContactMethod
from netui.tui.widgets.contact_list import ContactList

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (110, 34)


def _add(name: str, now: dt.datetime, **kw) -> int:
    return contacts.create(ContactInput(name=name, **kw), now)


def _names(app) -> list[str]:
    lst = app.screen.query_one(ContactList)
    return [lst.row(i).name for i in range(lst.total)]


async def test_the_filter_box_speaks_the_search_language(make_app, now):
    ada = _add("Ada Lovelace", now, organization="Analytical Engines", circle="inner")
    alan = _add("Alan Turing", now, organization="Acme", circle="inner")
    _add("Grace Hopper", now, organization="Navy", circle="ace")
    for cid in (ada, alan):
        interactions.log(cid, "call", now - dt.timedelta(days=60), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "circle:inner is:overdue -org:acme")
        await settle(pilot)
        assert _names(app) == ["Ada Lovelace"]
        assert "filter circle:inner is:overdue -org:acme (1)" in screen_text(app)
        await pilot.press(*["backspace"] * len(" -org:acme"))
        await settle(pilot)
        assert _names(app) == ["Ada Lovelace", "Alan Turing"]
        await pilot.press(*["backspace"] * 40)
        await type_text(pilot, 'ada -"analytical" org:')  # an excluded phrase, a field still being typed
        await settle(pilot)
        assert _names(app) == []
        await pilot.press("escape")
        await settle(pilot)
        assert len(_names(app)) == 3


async def test_a_saved_search_runs_from_the_palette(make_app, now):
    _add("Ada Lovelace", now, circle="inner")
    _add("Grace Hopper", now, circle="ace")
    settings.use(settings.Settings(searches={"inner people": "circle:inner"}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "saved inner")
        assert await wait_for(pilot, lambda: "Saved: inner people" in screen_text(app) and not list(app.workers))
        await pilot.press("enter")
        await settle(pilot)
        assert _names(app) == ["Ada Lovelace"]
        assert "filter circle:inner (1)" in screen_text(app)


async def _fill_add_form(pilot, name: str, org: str = "", email: str = "", phones: tuple[str, ...] = ()) -> None:
    await pilot.press("a")
    await type_text(pilot, name)
    await pilot.press("enter")
    await type_text(pilot, org)
    await pilot.press("enter", "enter")  # past Title to Emails
    await type_text(pilot, email)
    await pilot.press(*(["enter", "enter"] if email else ["enter"]))  # an empty line ends the list: to Phones
    for number, phone in enumerate(phones):
        await pilot.press(*(["enter"] if number else []))
        await type_text(pilot, phone)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_adding_someone_who_is_there_warns_and_a_second_save_adds(make_app, now):
    _add("Grace Hopper", now, organization="Navy", emails=[Method("email", "grace@navy.example")])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _fill_add_form(pilot, "Grace Hopper", email="GRACE@navy.example")
        assert "Not saved: looks like #1 Grace Hopper (same email): save again to add" in screen_text(app)
        assert Contact.select().count() == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Contact.select().count() == 2
        assert "New contact" not in screen_text(app)


async def test_the_form_refuses_an_implausible_email_beside_the_field(make_app, now):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _fill_add_form(pilot, "Foo Bar", email="foo bar@x.com")
        text = screen_text(app)
        assert "'foo bar@x.com' does not look like an email address (it" in text and "has a space)" in text
        assert "New contact" in text
        assert Contact.select().count() == 0


async def test_the_form_normalises_a_phone_and_keeps_an_unreadable_one_with_a_warning(make_app, now):
    settings.use(settings.Settings(phone_region="GB"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _fill_add_form(pilot, "Pat Phone", phones=("020 7946 0000", "ask at reception"))
        assert Contact.select().count() == 1
        assert [m.value for m in ContactMethod.select().order_by(ContactMethod.position)] == [
            "+44 20 7946 0000", "ask at reception"]
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert warnings == ["Kept 'ask at reception' as typed: it is not a phone number netui can read for region GB"]


async def test_a_filter_matching_many_is_counted_on_a_worker(make_app, now, monkeypatch):
    """Past the list's bound the key's frame does not wait for the count: it is read on a worker
    thread, and the top bar and the list take the exact figure when it is back."""
    import threading

    from netui.core import search

    for name in ("Ada Lovelace", "Alan Turing", "Anita Borg", "Grace Hopper"):
        _add(name, now)
    monkeypatch.setattr(ContactList, "COUNT_BOUND", 2)
    threads: list[str] = []
    real = search.count

    def counting(query):
        threads.append(threading.current_thread().name)
        return real(query)

    monkeypatch.setattr(search, "count", counting)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        threads.clear()
        await pilot.press("slash", "a")
        assert await wait_for(pilot, lambda: "filter a (3)" in screen_text(app))
        lst = app.screen.query_one(ContactList)
        assert lst.total == 3 and not lst.counting
        assert threads and threading.main_thread().name not in threads
        assert _names(app) == ["Ada Lovelace", "Alan Turing", "Anita Borg"]
