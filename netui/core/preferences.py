"""What the app remembers between runs that is neither data nor configuration: the theme chosen.

Kept in the database's ``Meta`` table, beside the other facts about this database: config.toml is the
user's own file, and netui never rewrites it. A read-only database remembers nothing new.
"""

from __future__ import annotations

from netui.db import db
from netui.db.database import state
from netui.db.models import Meta

THEME_KEY = "ui.theme"


def theme() -> str | None:
    """The theme chosen last (None: never chosen, or the file cannot be read)."""
    row = Meta.get_or_none(Meta.key == THEME_KEY)
    return row.value if row is not None and row.value else None


def save_theme(name: str) -> bool:
    """Remember ``name`` as the theme; False when the database is only read."""
    if state.read_only:
        return False
    with db.atomic():
        Meta.replace(key=THEME_KEY, value=name).execute()
    return True
