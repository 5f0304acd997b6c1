"""The strength pane (2): the score and tier, the factors' points adding up to it, 24 months of history."""

from __future__ import annotations

import datetime as dt
import re

from netui.core import contacts, gives, interactions, strength
from netui.core.contacts import ContactInput
from netui.tui.widgets import charts
from netui.tui.widgets.panes import StrengthPane

from .helpers import screen_text, settle

DAY = dt.timedelta(days=1)


def pane_text(app) -> str:
    """The pane's whole text (what scrolling shows), as plain lines."""
    return str(app.screen.query_one(StrengthPane).content)


def make_friend(now: dt.datetime, name: str = "Ada Obi") -> int:
    cid = contacts.create(ContactInput(name=name, circle="inner"), now - 800 * DAY)
    for k in (1, 5, 9):
        interactions.log(cid, "in-person", now - k * DAY, now)
    interactions.log(cid, "call", now - 100 * DAY, now)
    interactions.log(cid, "email", now - 400 * DAY, now)
    interactions.log(cid, "message", now - 600 * DAY, now)
    gives.mark_done(gives.add(cid, "sent the paper on graph databases", now - 20 * DAY), now - 20 * DAY)
    gives.add(cid, "introduced me to her editor", now - 40 * DAY, direction="received")
    return cid


async def test_pane_shows_score_tier_factors_adding_up_and_history(make_app, now):
    cid = make_friend(now)
    s = strength.compute(cid, now)
    before = strength.compute(cid, now - 30 * DAY).score
    values = strength.history(cid, now)
    assert len(s.parts) >= 4 and s.score > before
    app = make_app()
    async with app.run_test(size=(130, 60)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        text = screen_text(app)
        assert "Ada Obi" in text and "inner circle" in text
        assert f"{s.score}/100  {s.tier} · rising ▲ {s.score - before} in 30 days" in text  # a level, a direction
        assert "▏weak" in text and "▏warm" in text and "▏strong" in text  # where each tier starts
        # every factor with its points, one under the other, and the points add up to the score
        for part in s.parts:
            assert re.search(rf"\+{part.points}  {re.escape(part.label)}", text)
        shown = [int(m) for m in re.findall(r"▕ +\+(\d+)  ", text)]
        assert len(shown) == len(s.parts) and sum(shown) == s.score
        assert f"{s.score:>5}  the score" in text
        assert s.factors[-1] in text and s.factors[-1].startswith("last contact")
        assert "you gave 1, received 1" in text
        # the last 24 months: a chart on a 0-100 scale with month names and years under it
        lines = text.splitlines()
        top = next(n for n, row in enumerate(lines) if "100┤" in row)
        assert "  0┤" in lines[top + 3]
        months = lines[top + 4].split("▕")[-1].split()
        assert months[:3] == ["Jan", "Mar", "May"] and len(months) == 12  # every other month when wide
        assert lines[top + 5].split("▕")[-1].split() == ["2025", "2026"]
        assert f"now {values[-1]} · a year ago {values[-13]} · highest {max(values)}" in text
        assert values[-1] == s.score
        assert "All time" in text and "in-person" in text


async def test_pane_fits_80x24_and_redraws_when_the_terminal_grows(make_app, now):
    make_friend(now, "Bartholomew Featherstonehaugh-Montgomery")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        pane = app.screen.query_one(StrengthPane)
        assert 40 <= pane.size.width <= 52
        rows = pane_text(app).splitlines()
        assert all(len(row) <= pane.size.width - 1 for row in rows)  # nothing wraps by accident
        assert any(re.match(r" +\+\d+  ", row) for row in rows)
        assert any(row.split() == ["Jan", "Jul", "Jan", "Jul"] for row in rows)  # one column a month
        assert pane.virtual_size.height == len(rows)  # every line scrolls into view
        top = screen_text(app).splitlines()
        assert any("/100" in row for row in top[:10])  # the score is in the first screenful
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        await settle(pilot)
        rows = pane_text(app).splitlines()
        assert any(row.split()[:3] == ["Jan", "Mar", "May"] for row in rows)  # two columns a month now


async def test_pane_for_someone_never_contacted_and_with_a_hostile_name(make_app, now):
    contacts.create(ContactInput(name="[b]Eve[/b] [@click=app.quit]x[/] \x1b[31mred"), now)
    app = make_app()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        text = screen_text(app)
        assert "[b]Eve[/b] [@click=app.quit]x[/] red" in text and "\x1b" not in text
        assert "0/100  cold · steady in 30 days" in text
        assert "no interactions logged yet" in text
        assert "the score" not in text and "+0" not in text  # nothing to add up
        assert "now 0 · a year ago 0 · highest 0" in text
        assert app.is_running


def test_chart_helpers():
    # eighth blocks: 57 of 122 on 18 cells is 8.41 cells
    assert charts.hbar(57, 122, 18) == "████████▍"
    assert charts.hbar(1, 1000, 10) == "▏"  # a non-zero value always shows
    assert charts.hbar(0, 10, 10) == ""
    # stacked: 4 strong and 0 others over 142 on 20 cells is one cell; a small tier keeps its cell
    bar = charts.stacked([(1, "$success"), (40, "$warning"), (75, "$error"), (26, "")], 142, 20)
    assert bar.plain == "█" * 20
    assert [s.end - s.start for s in bar.spans][:1] == [1]
    # columns: 60 on a 0-100 scale four rows high is 19 eighths: two full rows and three eighths
    rows = charts.columns([60, 0, 100], 100, 4, 1, ["", "", ""], gap=0)
    assert [r.plain for r in rows] == ["  █", "▃ █", "█ █", "█ █"]
    # labels: every month at 4 cells each, every other month at 2, every sixth at 1
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    assert charts.month_labels(months, 4, years=False)[0].plain.split() == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert charts.month_labels(months, 2)[0].plain.split() == ["Jan", "Mar", "May", "Jul", "Sep", "Nov"]
    labels = charts.month_labels(["2025-11", "2025-12", *months], 1)
    assert labels[0].plain == "  Jan   Jul"
    assert labels[1].plain == "  2026"  # no room for 2025 before January
    labels = charts.month_labels([f"2025-{m:02d}" for m in range(3, 13)] + months, 1)
    assert labels[1].plain == "2025      2026"
    assert charts.tier_style("warm") == "$text-warning"
    assert charts.tier_style("close", ["close", "known", "far"]) == "$text-success"
    assert charts.tier_style("far", ["close", "known", "far"]) == "$text-muted"
