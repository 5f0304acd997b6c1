"""Every domain error is a NetuiError, and the old names still reach the same classes."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import netui.core
from netui.core import clock, contacts, dates, errors, gives, introductions, reminders, triage
from netui.core.errors import NetuiError


def _core_exceptions() -> dict[str, type]:
    found = {}
    for info in pkgutil.walk_packages(netui.core.__path__, "netui.core."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__.startswith("netui.core"):
                found[f"{obj.__module__}.{name}"] = obj
    return found


def test_every_error_of_the_core_is_defined_in_errors_under_one_base():
    classes = _core_exceptions()
    assert len(classes) >= 10
    assert {cls.__module__ for cls in classes.values()} == {"netui.core.errors"}
    assert all(issubclass(cls, NetuiError) for cls in classes.values())
    assert issubclass(NetuiError, ValueError)  # an `except ValueError` around a parse keeps catching them


@pytest.mark.parametrize(
    "old, new",
    [
        (contacts.ContactError, errors.ContactError),
        (contacts.NotFound, errors.NotFound),
        (contacts.Ambiguous, errors.Ambiguous),
        (dates.DateError, errors.DateError),
        (clock.ClockError, errors.ClockError),
        (reminders.ReminderError, errors.ReminderError),
        (gives.GiveError, errors.GiveError),
        (introductions.IntroError, errors.IntroError),
        (triage.TriageError, errors.TriageError),
    ],
)
def test_the_old_names_are_the_same_classes(old, new):
    assert old is new


def test_errors_that_were_contact_errors_still_are():
    for cls in (errors.NotFound, errors.Ambiguous, errors.ReminderError, errors.GiveError, errors.IntroError,
                errors.TriageError):
        assert issubclass(cls, errors.ContactError)
    assert not issubclass(errors.DateError, errors.ContactError)
