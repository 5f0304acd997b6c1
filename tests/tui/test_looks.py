"""How the screens read at 80x24 and in every theme: the footer, the list's columns, hanging lines,
charts that fit, the agenda's paging, and the theme remembered between runs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

from rich.cells import cell_len
from textual.color import Color
from textual.content import Content
from textual.theme import BUILTIN_THEMES

from netui.core import contacts, interactions, preferences, settings
from netui.core.contacts import ContactInput
from netui.core.reminders.queries import AgendaGroup
from netui.core.stats import CircleCount, TierCount
from netui.tui.layout import ellipsize, hang, hang_at
from netui.tui.screens.agenda import AgendaScreen
from netui.tui.screens.overview import OverviewScreen
from netui.tui.widgets.contact_list import ContactList
from tests.tui.helpers import screen_text, settle, type_text, wait_for

TUI = Path(__file__).resolve().parents[2] / "netui" / "tui"


def _people(now, n: int = 3, *, days_ago: int = 0) -> list[int]:
    """``n`` people with a long organisation and a long reason; with ``days_ago``, last called then (400: all due)."""
    ids = []
    for i in range(n):
        when = now - dt.timedelta(days=days_ago + i)
        cid = contacts.create(ContactInput(name=f"Person {i:02d}", organization="Quartz Legal Services International",
                                           how_met="a conference", reason="wants an intro to a design agency in London"),
                              when)
        if days_ago:
            interactions.log(cid, "call", when, when)
        ids.append(cid)
    return ids


def _footer(app) -> str:
    return screen_text(app).splitlines()[-1]


# --- the pieces -------------------------------------------------------------------------------------


def test_ellipsize_counts_cells_and_ends_every_cut_with_an_ellipsis():
    assert ellipsize("Quartz Legal", 8) == "Quartz …" or ellipsize("Quartz Legal", 8) == "Quartz…"
    assert ellipsize("Quartz", 8) == "Quartz"
    cut = ellipsize("山田太郎株式会社", 7)  # two cells a character: never half of one
    assert cut.endswith("…") and cell_len(cut) <= 7
    assert ellipsize("🎉🎉🎉🎉", 5).endswith("…") and cell_len(ellipsize("🎉🎉🎉🎉", 5)) <= 5
    assert ellipsize("anything", 0) == ""


def test_hang_puts_continuation_lines_under_the_text_not_at_column_0():
    rows = hang(Content("touch     "), Content("on track: next touch due in 82 days  (last: 02 Jun 2026)"), 40)
    assert len(rows) > 1
    assert all(r.plain.startswith(" " * 10) and not r.plain.startswith(" " * 11) for r in rows[1:])
    assert all(r.cell_length <= 40 for r in rows)
    assert hang_at(Content("email     a@b.example"), 10, 40) == [Content("email     a@b.example")]
    # too narrow for a column beside the label: wrapped at the full width, nothing lost
    narrow = hang(Content("a long label:  "), Content("one two three four"), 20)
    assert " ".join(" ".join(r.plain.split()) for r in narrow) == "a long label: one two three four"


def test_overview_columns_stay_apart_at_100k():
    o = SimpleNamespace(
        contacts=100_000, deep=51_930, archived=0,
        tiers=[TierCount("strong", 11_930), TierCount("warm", 40_000), TierCount("fading", 30_000), TierCount("cold", 18_070)],
        circles=[CircleCount("inner", 1_930, 1_930, 97, {"strong": 1_930}),
                 CircleCount("outer", 98_070, 50_000, 23, {"warm": 50_000, "cold": 48_070})],
    )
    text = OverviewScreen._shape(o, ["strong", "warm", "fading", "cold"], 76).plain
    inner = next(row for row in text.splitlines() if row.startswith("inner"))
    assert re.search(r" 1,930  +1,930  +97$", inner), inner
    outer = next(row for row in text.splitlines() if row.startswith("outer"))
    assert re.search(r" 98,070  +50,000  +23$", outer), outer
    assert all(len(row) <= 76 for row in text.splitlines())


def test_no_colour_is_written_by_hand_in_the_styles():
    """Every colour comes from the theme's variables, so every theme draws every screen."""
    for sheet in TUI.glob("*.tcss"):
        for n, row in enumerate(sheet.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*(color|background|border(-[a-z]+)*|scrollbar-[a-z-]*color|background-tint)\s*:", row):
                value = row.split(":", 1)[1]
                assert "$" in value or re.fullmatch(r"\s*(none|transparent|hidden|[a-z]+ *);?\s*", value), (sheet.name, n, row)
                assert not re.search(r"#[0-9a-fA-F]{3,8}\b|\brgb\(", value), (sheet.name, n, row)
    for source in (*TUI.glob("widgets/*.py"), *TUI.glob("screens/*.py")):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"Style\(color=\"|\"(green|yellow|red|blue|dark_orange|grey\d+)\"", text), source.name


# --- the main screen at 80x24 ------------------------------------------------------------------------


async def test_footer_at_80x24_keeps_the_main_keys_and_quit(make_app, now):
    _people(now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = _footer(app)
        for key in ("a Add", "l Log", "/ Filter", "T Today", "? Help", "q Quit", "^p palette"):
            assert key in footer, footer


async def test_a_key_remapped_in_the_config_keeps_its_place_in_the_footer(make_app, now):
    _people(now)
    settings.use(settings.Settings(keys={"main.log": "L"}))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = _footer(app)
        assert "L Log" in footer and footer.index("a Add") < footer.index("L Log") < footer.index("/ Filter"), footer
        assert "q Quit" in footer


async def test_triage_header_keeps_leave_at_80x24_with_its_remapped_key(make_app, now):
    _people(now, days_ago=400)
    settings.use(settings.Settings(keys={"triage.end_triage": "Q,escape"}))
    app = make_app(start="triage-all")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = screen_text(app).splitlines()[0]
        assert bar.rstrip().endswith("Q leave"), bar
        assert "j skip" in bar and "u undo" in bar
        footer = _footer(app)
        assert "c Call" in footer and "o Open" in footer and "j Skip" not in footer


async def test_contact_list_is_wide_enough_cuts_with_an_ellipsis_and_has_no_horizontal_bar(make_app, now):
    _people(now, 40)
    contacts.create(ContactInput(name="山田太郎 🎉 Yamada", organization="株式会社サンプル商事ホールディングス"), now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ContactList)
        assert lst.size.width >= 34
        assert lst.scrollbars_enabled == (True, False)  # a vertical bar only: the last row stays a row
        rows = [row[: lst.size.width] for row in screen_text(app).splitlines()[1:-1]]
        person = next(row for row in rows if "Person 00" in row)
        assert "Quartz Legal" in person and "…" in person
        await type_text(pilot, "/yamada")
        await pilot.press("enter")
        await settle(pilot)
        rows = [row for row in screen_text(app).splitlines()[1:-1]]
        row = next(r for r in rows if "山田太郎" in r)
        assert "…" in row
        strip = lst.render_line(0)
        assert strip.cell_length == lst.scrollable_content_region.width


def _luminance(c: Color) -> float:
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def _contrast(a: Color, b: Color) -> float:
    """WCAG's contrast ratio: 1 (none) to 21 (black on white)."""
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


async def test_organisation_is_dimmer_than_the_name_and_readable_in_every_theme(make_app, now):
    _people(now)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ContactList)
        for name in BUILTIN_THEMES:
            if name.startswith("ansi-"):
                continue  # the terminal's own colours: not known here
            app.theme = name
            await settle(pilot)
            lst.cursor = 1  # row 0 is not the cursor row
            await settle(pilot)
            segments = [s for s in lst.render_line(0) if s.text.strip()]
            name_seg = next(s for s in segments if "Person 00" in s.text)
            org_seg = next(s for s in segments if "Quartz" in s.text)
            background = Color.from_rich_color(lst.rich_style.bgcolor)
            name_c, org_c = (Color.from_rich_color(s.style.color) for s in (name_seg, org_seg))
            assert _contrast(org_c, background) < _contrast(name_c, background), name
            assert _contrast(org_c, background) >= 2.5, (name, org_c, background)


async def test_detail_lines_hang_under_their_text_at_80x24(make_app, now):
    _people(now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#detail-pane")
        left = pane.region.x
        rows = [row[left:] for row in screen_text(app).splitlines()]
        why = next(n for n, row in enumerate(rows) if row.startswith("why"))
        assert rows[why + 1].startswith(" " * 10) and rows[why + 1][10] != " ", rows[why: why + 2]


async def test_the_detail_pane_dates_a_former_job_as_every_date_reads(make_app, now):
    """One date format (core.formats.day): a job left is "until 21 Nov 2026", not the stored ISO text."""
    cid = contacts.create(ContactInput(name="Ada Byron", organization="Analytical", title="Engineer"), now)
    contacts.update(cid, ContactInput(organization="Royal Society"), now)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: "Previously" in screen_text(app))
        text = screen_text(app)
        assert "until 21 Nov 2026" in text and "until 2026-" not in text


async def test_a_title_line_too_long_for_the_terminal_ends_in_an_ellipsis(make_app, now):
    _people(now, days_ago=400)
    app = make_app()
    async with app.run_test(size=(50, 20)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        assert await wait_for(pilot, lambda: " done" in screen_text(app).splitlines()[0])
        await settle(pilot)
        assert screen_text(app).splitlines()[0].rstrip().endswith("…")


async def test_the_agenda_counts_with_thousands_separators(make_app, now):
    """One number format: "151,247 items" as "100,000 contacts", not "151247 items"."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        assert await wait_for(pilot, lambda: isinstance(app.screen, AgendaScreen) and "item" in screen_text(app))
        await settle(pilot)
        app.screen._show([AgendaGroup("overdue", [], 151247)], now)
        await pilot.pause()
        text = screen_text(app)
        assert "151,247 items" in text and "OVERDUE  151,247" in text


async def test_header_keeps_the_due_count_under_a_long_filter(make_app, now):
    _people(now, days_ago=400)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.due_count > 0)
        await type_text(pilot, "/person quartz legal services international and more words")
        await settle(pilot)
        header = screen_text(app).splitlines()[0]
        assert f"{app.due_count} due" in header and "…" in header, header


# --- the agenda ---------------------------------------------------------------------------------------


async def test_agenda_pagedown_moves_a_page_and_keeps_the_highlight_in_view(make_app, now):
    _people(now, 60, days_ago=400)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        options = app.screen.query_one("#agenda-list")
        assert await wait_for(pilot, lambda: options.option_count > 10)
        await settle(pilot)
        start = options.highlighted
        for _ in range(2):
            await pilot.press("pagedown")
            await settle(pilot)
        assert options.highlighted - start >= 2 * (options.size.height - 3)
        top = round(options.scroll_y)
        assert top <= options.highlighted < top + options.scrollable_content_region.height
        detail = str(app.screen.query_one("#agenda-detail").render())
        assert app.screen.current.name in detail


# --- themes ---------------------------------------------------------------------------------------------


async def test_the_chosen_theme_is_remembered(make_app, now):
    _people(now, 1)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        app.theme = "textual-light"
        await settle(pilot)
    assert preferences.theme() == "textual-light"
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"
    preferences.save_theme("no-such-theme")
    third = make_app()
    async with third.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert third.theme == "textual-dark"
