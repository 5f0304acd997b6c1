"""What the Organisation screen looks like (`w` on a person): people there now and before, with their
strength and last contact, at 80x24 and 120x40 (settled as in test_snapshots.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.screenshots import NOW, ShotApp, play
from netui.core import contacts, interactions
from netui.core.contacts import ContactInput

SIZES = [(80, 24), (120, 40)]
IDS = [f"{w}x{h}" for w, h in SIZES]


def quartz() -> None:
    ada = contacts.create(ContactInput(name="Ada Lovelace", organization="Quartz Labs", title="Chief Technology Officer"), NOW)
    for day in (3, 20, 45):
        interactions.log(ada, "in-person", NOW - dt.timedelta(days=day), NOW)
    mei = contacts.create(ContactInput(name="Mei Chen", organization="Quartz Labs", title="Designer"), NOW)
    interactions.log(mei, "message", NOW - dt.timedelta(days=60), NOW)
    contacts.create(ContactInput(name="Oskar Lindqvist-Johansson", organization="Quartz Labs"), NOW)
    bob = contacts.create(ContactInput(name="Bob Okafor", organization="Quartz Labs", title="Engineer"), NOW)
    interactions.log(bob, "call", NOW - dt.timedelta(days=200), NOW)
    contacts.update(bob, ContactInput(organization="Acme", title="Lead"), NOW)  # left Quartz


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_organisation_screen(size, snap_compare, db_path):
    quartz()
    app = ShotApp(db_path=db_path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, ["w"])

    assert snap_compare(app, terminal_size=size, run_before=run_before)


FILTER_KEYS = ["slash", *"org", "colon", *"quartz"]


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pytest.mark.parametrize("keys", [FILTER_KEYS, [*FILTER_KEYS, "enter"]], ids=["hint", "opened"])
def test_organisation_from_the_filter(size, keys, snap_compare, db_path):
    """``org:quartz`` typed: the hint beside the box, then enter: the closest organisation, the others named."""
    quartz()
    contacts.create(ContactInput(name="Cal Moss", organization="Rose Quartz", title="Buyer"), NOW)
    app = ShotApp(db_path=db_path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, keys)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
