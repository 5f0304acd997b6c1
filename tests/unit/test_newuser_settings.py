"""Settings a new user gets wrong (found trying netui as a user)."""

from __future__ import annotations

import pytest

from netui.core import settings


@pytest.mark.parametrize("code", ["UK", "ZZ"])
def test_a_phone_region_that_is_no_country_is_one_clear_line(tmp_path, code):
    # "UK" was taken and then ignored: every phone typed without +44 was kept as typed, with a warning
    # saying no region was set.
    path = tmp_path / "config.toml"
    path.write_text(f'[phone]\nregion = "{code}"\n')
    with pytest.raises(settings.SettingsError) as caught:
        settings.load(path)
    message = str(caught.value)
    assert "phone.region" in message and code in message and "\n" not in message
    assert ("GB" in message) if code == "UK" else True


def test_a_real_phone_region_still_reads(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[phone]\nregion = "gb"\n')
    assert settings.load(path).phone_region == "GB"
