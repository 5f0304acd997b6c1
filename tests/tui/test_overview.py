"""The overview (o): the figures on screen are core.stats' figures, every person listed opens, names stay text."""

from __future__ import annotations

import datetime as dt
import re
import threading

from netui.core import contacts, demo, gives, interactions, introductions, stats
from netui.core.contacts import ContactInput
from netui.tui.screens.overview import OverviewScreen, PeopleList, _ago
from netui.tui.widgets.contact_list import ContactList

from .helpers import screen_text, settle, wait_for

DAY = dt.timedelta(days=1)


async def open_overview(app, pilot) -> OverviewScreen:
    await settle(pilot)
    await pilot.press("O")
    assert await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.screen.figures is not None)
    await settle(pilot)
    return app.screen


def rows_with(text: str, first: str) -> list[list[str]]:
    """The words of each line of the screen whose first word (inside a section's border) is ``first``."""
    out = []
    for row in text.splitlines():
        for cell in re.split(r"[│╭╮╰╯]", row):
            words = cell.split()
            if words[:1] == [first]:
                out.append(words)
    return out


async def test_overview_shows_the_figures_of_core_stats(make_app, now):
    demo.generate(120, now=now)
    app = make_app()
    async with app.run_test(size=(100, 70)) as pilot:
        screen = await open_overview(app, pilot)
        o = stats.overview(now, limit=10, fading_limit=stats.FADING_SHOWN)  # after the screen's decay pass
        assert screen.figures == o
        text = screen_text(app)
        share = round(100 * o.deep / o.contacts)
        assert f"Network overview  {o.contacts:,} people · {o.deep:,} deep ({share}%) · {o.fading_count:,} fading · " \
               f"{o.overdue_count:,} overdue   Sat 21 Nov 2026" in text
        for t in o.tiers:  # "strong  ████  57   19%"
            (words,) = rows_with(text, t.tier)
            assert words[-2:] == [f"{t.count:,}", f"{round(100 * t.count / o.contacts)}%"]
        for c in o.circles:  # "regular ████  129  109  45": people, deep, average score
            (words,) = rows_with(text, c.circle)
            assert words[-3:] == [f"{c.count:,}", f"{c.deep:,}", f"{c.average}"]
        total = sum(m.count for m in o.months)
        best = max(o.months, key=lambda m: m.count)
        assert f"{total:,} in 12 months, Dec 2025 – Nov 2026" in text
        assert re.search(rf"busiest \w+ {best.month[:4]} \({best.count:,}\) · Nov so far {o.months[-1].count:,}", text)
        assert f"{max(m.count for m in o.months):,}┤" in text  # the chart's scale
        assert ["you", "gave", f"{o.balance.given:,}"] == rows_with(text, "you")[0][:3]
        assert ["received", f"{o.balance.received:,}"] == rows_with(text, "received")[0][:2]
        assert f"{o.balance.open_ideas:,} open ideas of what to give" in text
        made = o.intros.by_status["made"]
        assert f"Introductions {o.intros.total:,}: {made:,} made" in text
        assert f"Fading · {o.fading_count:,}" in text and f"Most overdue · {o.overdue_count:,}" in text
        assert f"Ace connections · {len(o.aces)}" in text
        assert len(o.fading) == o.fading_count > 12  # all of them, in a list that scrolls
        for p in o.fading[:10]:  # name, then "70 → 61  ▼9  strong"
            assert re.search(rf"{re.escape(p.name)} +{p.prev} → {p.score} +▼{p.prev - p.score} +{p.tier}", text)
        for p in o.aces:
            state = f"overdue {p.overdue_days:,}d" if p.overdue_days else "on track"
            assert re.search(rf"{re.escape(p.name)} +{p.score} {p.tier} .*{state}", text)
        for p in o.overdue[:5]:
            assert re.search(rf"{re.escape(p.name)} +{p.overdue_days:,}d late {p.circle}", text)
        for r in o.intros.recent[:3]:
            assert r.a_name in text and f"↔ {r.b_name}" in text


async def test_enter_on_a_fading_person_opens_them_on_the_main_screen(make_app, now):
    demo.generate(120, now=now)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_overview(app, pilot)
        fading = screen.figures.fading
        assert len(fading) >= 3
        assert app.focused is screen.query_one("#ov-fading")  # the first list with people
        await pilot.press("down", "down")
        await settle(pilot)
        assert screen_text(app).splitlines()[-2].startswith(f" {fading[2].name} · ")  # the status line
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
        assert app.screen.query_one(ContactList).current_id == fading[2].id
        assert app.focused is app.screen.query_one(ContactList)


async def test_arrows_walk_every_list_and_open_either_side_of_an_introduction(make_app, now):
    demo.generate(120, now=now)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_overview(app, pilot)
        o = screen.figures
        assert o.intros.recent, "the demo network makes introductions"
        order = [lst for lst in screen.query(PeopleList) if lst.selectable]
        seen = []
        for _ in range(sum(len(lst.selectable) for lst in order)):
            lst = app.focused
            seen.append(lst.contact_at(lst.highlighted))
            await pilot.press("down")
        assert app.focused is order[-1]  # the last list keeps the focus at its end
        everyone = [p.id for p in o.fading] + [p.id for p in o.aces] + \
                   [i for r in o.intros.recent for i in (r.a_id, r.b_id)] + \
                   [w.contact_id for w in o.owed for _ in (1, 2)] + [p.id for p in o.overdue]
        assert seen == everyone  # left column (fading, aces), then right (introductions, whom you owe, overdue)
        await pilot.press("up")
        assert app.focused.contact_at(app.focused.highlighted) == everyone[-2]
        # back up to the first introduction: its second line opens B
        intros = screen.query_one("#ov-intros", PeopleList)
        intros.focus()
        intros.highlighted = 1
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.query_one(ContactList).current_id == o.intros.recent[0].b_id


async def test_overview_at_80x24_stacks_the_sections_and_scrolls_to_the_highlighted_person(make_app, now):
    demo.generate(120, now=now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_overview(app, pilot)
        assert screen.query_one("#overview-columns").has_class("-narrow")
        text = screen_text(app)
        lines = text.splitlines()
        assert "Wide and deep" in lines[1]  # the page starts at the top
        assert all(len(row) <= 80 for row in lines)
        assert "Sat 21 Nov 2026" not in lines[0]  # the date gives way when the title is long
        assert_rows_fit(screen)
        aces = screen.figures.aces
        for _ in range(len(screen.figures.fading)):
            await pilot.press("down")
        await settle(pilot)
        text = screen_text(app)
        assert "Ace connections" in text and aces[0].name in text  # scrolled down to it
        assert "Wide and deep" not in text
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"


async def test_snapshot_of_the_demo_network_at_100x30(make_app, now):
    demo.generate(120, now=now)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_overview(app, pilot)
        o = screen.figures
        lines = screen_text(app).splitlines()
        assert len(lines) == 30 and all(len(row) == 100 for row in lines)
        assert lines[0].startswith(" Network overview  120 people")
        # two columns: the left one tells how wide and deep, the right one the year and the karma bank
        assert lines[1].startswith("╭─ Wide and deep ─") and "╭─ Interactions per month ─" in lines[1]
        left = [row[:48] for row in lines[2:28]]
        right = [row[48:] for row in lines[2:28]]
        assert left[0].startswith(f"│ {o.contacts} people, {o.deep} deep ")
        assert [row.split()[1] for row in left[2:6]] == [t.tier for t in o.tiers]
        assert any("circle  by tier" in row for row in left)
        assert any(f"╭─ Fading · {o.fading_count}" in row for row in left)
        assert any(o.fading[0].name in row for row in left)
        months = next(row for row in right if "Jan" in row)
        assert months.strip("│ ").split() == ["Jan", "Mar", "May", "Jul", "Sep", "Nov"]  # every other month at 100 columns
        assert any("╭─ Give and take ─" in row for row in right)
        assert any(f"you gave  {o.balance.given:>5,}" in row for row in right)
        assert lines[28].startswith(f" {o.fading[0].name} · ")  # the highlighted person, in words
        assert "o Open" in lines[29] and "r Recount" in lines[29] and "esc Back" in lines[29]


async def test_hostile_names_in_every_list_are_shown_literally(make_app, now):
    names = ["[b]Ace[/b] $accent", "[@click=app.quit]Fade[/]", "Over \x1b[31mdue\x1b[0m [red]x[/red]", "Intro [link=x]B[/link]"]
    ace = contacts.create(ContactInput(name=names[0], circle="ace"), now - 400 * DAY)
    fade = contacts.create(ContactInput(name=names[1], circle="inner"), now - 400 * DAY)
    for k in (31, 33):  # warm a month ago, lower now: fading; inner's 30-day cadence has passed: overdue too
        interactions.log(fade, "in-person", now - k * DAY, now)
    over = contacts.create(ContactInput(name=names[2], circle="regular"), now - 400 * DAY)
    interactions.log(over, "call", now - 200 * DAY, now)
    other = contacts.create(ContactInput(name=names[3]), now - 400 * DAY)
    intro = introductions.propose(ace, other, "she hires data engineers", "he builds data pipelines", now - 60 * DAY)
    introductions.advance(intro, "made", now - 60 * DAY)
    introductions.set_outcome(intro, "helpful", now - 50 * DAY)
    gives.add(fade, "[b]send[/b] the paper", now)
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await open_overview(app, pilot)
        text = screen_text(app)
        assert "[b]Ace[/b] $accent" in text
        assert "[@click=app.quit]Fade[/]" in text
        assert "Over due [red]x[/red]" in text  # escape codes removed, markup kept as text
        assert "↔ Intro [link=x]B[/link]" in text
        assert "\x1b" not in text
        assert [p.id for p in screen.figures.fading] == [fade]
        await pilot.press("enter")  # the fading one: clicking words in it did nothing
        await settle(pilot)
        assert app.is_running and app.screen.query_one(ContactList).current_id == fade


async def test_loading_state_until_the_worker_is_done(make_app, now, monkeypatch):
    demo.generate(30, now=now)
    release = threading.Event()
    real = stats.overview

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(stats, "overview", slow)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen) and screen.figures is None
        assert "working out the figures…" in screen_text(app).splitlines()[0]
        assert screen.query_one("#overview-body").loading
        assert app.is_running  # the UI thread answers while the worker counts
        await pilot.press("question_mark")
        await settle(pilot)
        assert "Open the highlighted person on the main screen" in screen_text(app)
        await pilot.press("escape")
        release.set()
        assert await wait_for(pilot, lambda: screen.figures is not None)
        await settle(pilot)
        assert not screen.query_one("#overview-body").loading
        assert "30 people" in screen_text(app).splitlines()[0]


async def test_recount_after_a_change_and_an_empty_network(make_app, now):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_overview(app, pilot)
        text = screen_text(app)
        assert "0 people" in text.splitlines()[0]
        assert "Nobody is fading." in text
        assert app.focused is None or not isinstance(app.focused, PeopleList)
        cid = contacts.create(ContactInput(name="Ada Obi", circle="ace"), now)
        interactions.log(cid, "in-person", now, now)
        interactions.log(cid, "in-person", now - DAY, now)  # two coffees: warm
        await pilot.press("ctrl+r")
        assert await wait_for(pilot, lambda: screen.figures is not None and screen.figures.contacts == 1)
        await settle(pilot)
        text = screen_text(app)
        assert "1 person · 1 deep (100%)" in text.splitlines()[0]
        assert "2 in 12 months" in str(screen.query_one("#ov-months").content)  # below the fold at 80x24
        assert app.focused is screen.query_one("#ov-aces")  # the only list with people now
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"


def assert_rows_fit(screen) -> None:
    for lst in screen.query(PeopleList):
        for option in lst.options:
            assert option.prompt.cell_length <= lst.size.width  # one line per row: no wrapping


async def test_wide_terminals_keep_two_columns_and_rows_on_one_line(make_app, now):
    demo.generate(60, now=now)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_overview(app, pilot)
        assert not screen.query_one("#overview-columns").has_class("-narrow")
        assert_rows_fit(screen)
        assert "Sat 21 Nov 2026" in screen_text(app).splitlines()[0]


async def test_the_page_ends_with_its_last_section_at_both_sizes(make_app, now):
    """Scrolled to the end, the page's last line is the bottom border of its longest column: the page is
    exactly as tall as its sections (it was two rows taller in most runs at 120x40: blank rows at the end,
    and a scrollbar that differed from run to run)."""
    demo.generate(300, seed=1, now=now)
    for size in ((120, 40), (80, 24)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            screen = await open_overview(app, pilot)
            body = screen.query_one("#overview-body")
            body.scroll_end(animate=False)  # as the mouse wheel would
            await settle(pilot)
            lines = screen_text(app).splitlines()
            last = lines[-3]  # above the status line and the footer
            assert last[:-1].rstrip().endswith("╯"), (size, lines[-5:])  # the last column: a scrollbar
            columns = [sum(box.outer_size.height for box in column.query(".ov-section"))
                       for column in screen.query(".ov-column")]
            stacked = screen.query_one("#overview-columns").has_class("-narrow")
            assert body.virtual_size.height == (sum(columns) if stacked else max(columns)), size


async def test_t_walks_exactly_the_fading_list_in_its_order(make_app, now):
    """The first names are the ones worth calling: the inner circle's biggest loss before the outer circle's."""
    demo.generate(120, now=now)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_overview(app, pilot)
        fading = [p.id for p in screen.figures.fading]
        rank = {c: i for i, c in enumerate(("ace", "inner", "regular", "outer"))}
        keys = [(rank[p.circle], -(p.prev - p.score)) for p in screen.figures.fading]
        assert keys == sorted(keys)  # closest circle first, then the most points lost
        await pilot.press("t")
        await settle(pilot)
        walk = app.screen
        assert type(walk).__name__ == "TriageScreen"
        assert walk.session.total == len(fading) and walk.session.label == "fading"
        assert [walk.session.contact_at(i) for i in range(walk.session.total)] == fading
        assert "Triage · fading" in screen_text(app)
        assert contacts.get(fading[0]).name in screen_text(app)


async def test_whom_you_owe_is_listed_with_ideas_and_opens(make_app, now):
    gary = contacts.create(ContactInput(name="Gary Smith", tags=["rowing"]), now - 100 * DAY)
    gives.add(gary, "introduced me to Mary", now - 2 * DAY, direction="received")
    gives.add(gary, "send him the regatta photos", now)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_overview(app, pilot)
        assert screen.figures.owed_count == 1
        text = screen_text(app)
        assert "You owe · 1" in text and "introduced me to Mary" in text
        assert "→ send him the regatta photos · send something about" in text  # cut to the width
        owed = screen.query_one("#ov-owed", PeopleList)
        owed.focus()
        owed.highlighted = 1  # the ideas line opens them too
        await settle(pilot)
        assert "· give back? send him the regatta photos" in screen_text(app).splitlines()[-2]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ContactList).current_id == gary


async def test_t_says_so_when_nobody_is_fading(make_app, now):
    contacts.create(ContactInput(name="Ada Obi"), now)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_overview(app, pilot)
        assert "t Triage fading" not in screen_text(app)  # nothing to walk: the key is not offered
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)


async def test_netui_triage_fading_starts_on_the_fading_list(make_app, now):
    """`netui triage --fading`: the same walk as t on the overview, straight from the command line."""
    from netui.cli import build_parser

    assert build_parser().parse_args(["triage", "--fading"]).start == "triage-fading"
    demo.generate(120, now=now)
    app = make_app(start="triage-fading")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        walk = app.screen
        assert type(walk).__name__ == "TriageScreen" and walk.session.label == "fading"
        assert [walk.session.contact_at(i) for i in range(walk.session.total)] == stats.fading_ids()
        assert walk.session.total > 0


async def test_the_fading_walk_with_nobody_fading_says_so(make_app, now):
    contacts.create(ContactInput(name="Ada Obi"), now)
    app = make_app(start="triage-fading")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Nobody is fading." in screen_text(app)


def test_last_contact_reads_as_the_contact_list_says_it(now):
    """One format for "how long ago" (core.formats.ago): today, 3d, 5w, 6mo; never when nobody was logged."""
    today = now.date()
    assert _ago(f"{today.isoformat()} 09:00:00", today) == "today"
    assert _ago((today - 3 * DAY).isoformat(), today) == "3d"
    assert _ago((today - 200 * DAY).isoformat(), today) == "6mo"
    assert _ago(None, today) == "never"
