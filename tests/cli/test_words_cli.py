"""The command line says a date as the app does: ``01 Jan 2020``, not ``2020-01-01``."""

from __future__ import annotations


def test_a_past_reminder_date_reads_as_the_app_writes_dates(run):
    run("add", "Sam")
    assert run("remind", "Sam", "--on", "2020-01-01", code=2).stderr == (
        "netui: 01 Jan 2020 is in the past: a reminder needs a date from today on\n")
