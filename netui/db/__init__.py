"""Storage: one SQLite database, opened late, with numbered migrations."""

from netui.db.database import close_database, db, open_database

__all__ = ["db", "open_database", "close_database"]
