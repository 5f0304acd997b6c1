"""Storage: one SQLite database, opened late, with numbered migrations."""

from netui.db.database import db, open_database, close_database

__all__ = ["db", "open_database", "close_database"]
