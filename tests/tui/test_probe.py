"""The benchmarks' in-app probe: inert unless NETUI_PROBE is set, and then it records what keys set off."""

from __future__ import annotations

import importlib
import json

import pytest

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.tui import probe

from .helpers import settle, type_text

SIZE = (100, 30)


@pytest.fixture
def reload_probe(monkeypatch):
    """Reload the probe for an environment; afterwards reload it as the rest of the suite sees it."""

    def load(path: str | None):
        if path is None:
            monkeypatch.delenv("NETUI_PROBE", raising=False)
        else:
            monkeypatch.setenv("NETUI_PROBE", path)
        return importlib.reload(probe)

    yield load
    monkeypatch.delenv("NETUI_PROBE", raising=False)
    importlib.reload(probe)


async def _session(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "ad")
        await settle(pilot)
        await pilot.press("escape", "down", "pagedown", "2", "down")
        await settle(pilot)


async def test_off_wraps_nothing_and_writes_nothing(make_app, now, tmp_path, reload_probe):
    reload_probe(None)
    contacts.create(ContactInput(name="Ada Lovelace"), now)
    data = tmp_path / "data"  # the database and its daily backup
    before = {p for p in tmp_path.rglob("*") if data not in p.parents}
    app = make_app()
    assert not {"on_event", "post_display_hook", "_after_tick"} & set(vars(app))
    await _session(app)
    assert {p for p in tmp_path.rglob("*") if data not in p.parents} == before


async def test_on_records_each_key_by_what_it_set_off(make_app, now, tmp_path, reload_probe):
    out = tmp_path / "probe.jsonl"
    reload_probe(str(out))
    for i in range(60):
        contacts.create(ContactInput(name=f"Ada Person{i:02}", organization="Analytical Engines"), now)
    contacts.create(ContactInput(name="Grace Hopper"), now)
    await _session(make_app())
    records = [json.loads(line) for line in out.read_text().splitlines()]
    by_key = [(r["key"], r["what"]) for r in records if "key" in r]
    assert ("a", "filter") in by_key and ("d", "filter") in by_key
    assert ("escape", "filter") in by_key  # clearing the filter shows every row again
    # A cursor key's first frame is the list's (its new cursor row), before the screen reads the pane.
    assert by_key.count(("down", "open")) == 2 and ("down", "open:detail") not in by_key
    assert ("pagedown", "scroll") in by_key
    assert ("2", "open:strength") in by_key
    # The pane is drawn after the list's frame: a cursor key's second record, after its first.
    later = [(r["key"], r["what"], r["after"]) for r in records if "after" in r]
    assert ("down", "pane:detail", "open") in later and ("down", "pane:strength", "open") in later
    assert all(r["ms"] >= 0 for r in records)
    assert any(r["what"] == "tick-ui" for r in records)  # the catch-up tick at start
