"""Storage: one SQLite database, opened late, with numbered migrations."""

from netui.db.database import db
from netui.db.opening import close_database, open_database

__all__ = ["db", "open_database", "close_database"]
