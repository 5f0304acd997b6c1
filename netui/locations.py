"""Where netui keeps its files.

The database is personal data: its directory is created 0700 and the file 0600.
Resolution order for the database: ``--db PATH`` > ``$NETUI_DB`` > ``$XDG_DATA_HOME/netui/netui.db``
> ``~/.local/share/netui/netui.db``. Nothing here touches the disk until asked to.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The directory for netui's data (the default database and its backups)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "netui"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "netui"


def config_path() -> Path:
    """The optional TOML settings file (cadences, strength weights, key map)."""
    return config_dir() / "config.toml"


def database_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The database file to open, following the documented resolution order."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("NETUI_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "netui.db"


def backup_dir(db_path: Path) -> Path:
    """Backups live beside the database they protect."""
    return db_path.parent / "backups"


def export_dir(db_path: Path) -> Path:
    """Where the app offers to write an export of the people marked: beside the database, as the backups."""
    return db_path.parent / "exports"


def lock_path(db_path: Path) -> Path:
    """The lock file beside a database: held shared by every netui that has it open."""
    return db_path.with_name(f"{db_path.name}.lock")


def damage_note_path(db_path: Path) -> Path:
    """Where ``netui check`` records that a database was found damaged (beside it, 0600)."""
    return db_path.with_name(f"{db_path.name}.damaged")


class NotNetuiDatabase(Exception):
    """The path given for the database is something else (a folder, a device, another program's
    file); nothing was changed. The CLI exits 2 on it: a mistake in what was asked, not a fault."""


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) with owner-only permissions if it does not exist."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        os.chmod(path, 0o700)
