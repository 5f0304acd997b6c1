"""A [phone] region that is two letters but no country's: the number is kept as typed, and the warning
says the region is unknown instead of saying none is set."""

from __future__ import annotations

from netui.core import validate


def test_an_unknown_region_is_named_in_the_warning():
    kept = validate.normalise_phone("020 7946 0000", "ZZ")
    assert kept.value == "020 7946 0000"
    assert "[phone] region 'ZZ' is not a country code netui knows" in kept.warning
    assert "no [phone] region is set" in validate.normalise_phone("020 7946 0000", "").warning
    assert validate.normalise_phone("020 7946 0000", "gb") == validate.Phone("+44 20 7946 0000")
