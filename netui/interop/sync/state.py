"""What sync remembers in the ``Meta`` table: what was agreed for each contact at the last sync (its
file, the hash of the file's bytes, and the hash of each field: the *base*), the folders, the
conflicts found, and the last run; and the folders it works in."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from netui.core.errors import ContactError
from netui.db import db
from netui.db.models import Meta
from netui.interop import files

STATE_PREFIX = "sync.contact:"
CONTACTS_FOLDER_KEY = "sync.contacts.folder"
REMINDERS_FOLDER_KEY = "sync.reminders.folder"
REMINDER_FILES_KEY = "sync.reminders.files"
CONFLICTS_KEY = "sync.conflicts"
LAST_KEY = "sync.last"
MAX_CONFLICTS_KEPT = 500


class SyncError(ContactError):
    """A sync that cannot start as asked (no folder, a folder that is a file); shown as it is."""


@dataclass
class ItemState:
    file: str
    hash: str  # of the file's bytes
    base: dict[str, str]  # field hashes agreed at the last sync
    local: str = ""  # the contact's fingerprint then (``database.fingerprints``): equal now, it has not changed
    stat: str = ""  # the file's size, mtime and inode then: equal now, it is not read again

    @property
    def overall(self) -> str:
        return self.base.get("*", "")


def load_state() -> dict[str, ItemState]:
    out = {}
    # Plain SQL, no query objects: 10,000 rows through the ORM's row wrapping cost a tenth of a second.
    rows = db.execute_sql(
        "SELECT key, value FROM meta WHERE key >= ? AND key < ?",
        (STATE_PREFIX, STATE_PREFIX[:-1] + chr(ord(STATE_PREFIX[-1]) + 1)),
    ).fetchall()
    try:  # one parse for the whole book (a no-change sync of 10,000 contacts reads every row)
        parsed = json.loads("[" + ",".join(value for _, value in rows) + "]") if rows else []
    except ValueError:
        parsed = [_parse(value) for _, value in rows]
    for (key, _), data in zip(rows, parsed, strict=True):
        try:
            out[key[len(STATE_PREFIX):]] = ItemState(str(data["file"]), str(data["hash"]), dict(data["base"]),
                                                     str(data.get("local", "")), str(data.get("stat", "")))
        except (KeyError, TypeError, AttributeError, ValueError):
            continue  # a damaged row: that contact is treated as never synced
    return out


def _parse(value: str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return None


def save_state(uid: str, item: ItemState | None) -> None:
    if item is None:
        Meta.delete().where(Meta.key == STATE_PREFIX + uid).execute()
    else:
        value = json.dumps({"file": item.file, "hash": item.hash, "base": item.base, "local": item.local,
                            "stat": item.stat}, separators=(",", ":"))
        Meta.replace(key=STATE_PREFIX + uid, value=value).execute()


def forget_state() -> None:
    Meta.delete().where(
        (Meta.key >= STATE_PREFIX) & (Meta.key < STATE_PREFIX[:-1] + chr(ord(STATE_PREFIX[-1]) + 1))
    ).execute()


def get_meta(key: str, default=None):
    row = Meta.get_or_none(Meta.key == key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return default


def set_meta(key: str, value) -> None:
    Meta.replace(key=key, value=json.dumps(value, ensure_ascii=False)).execute()


def folders() -> dict[str, str | None]:
    """The folders ``netui sync`` remembers for this database."""
    return {"contacts": get_meta(CONTACTS_FOLDER_KEY), "reminders": get_meta(REMINDERS_FOLDER_KEY)}


def conflicts() -> list[dict]:
    """Conflicts found by past syncs, oldest first: ``{"at", "uid", "name", "what"}``."""
    value = get_meta(CONFLICTS_KEY, [])
    return value if isinstance(value, list) else []


def clear_conflicts() -> int:
    """Forget the listed conflicts (the user has looked at them); returns how many there were."""
    n = len(conflicts())
    with db.atomic():
        Meta.delete().where(Meta.key == CONFLICTS_KEY).execute()
    return n


def last_sync() -> dict | None:
    """When the last sync ran and what it did (``{"at", "contacts", "reminders"}``), for the app."""
    return get_meta(LAST_KEY)


def prepare(folder: Path | str) -> Path:
    """The folder to sync with, made (0700) when it is not there yet."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise SyncError(f"{folder} is a file; sync needs a folder")
    try:
        files.private_folder(folder)
    except OSError as exc:
        raise SyncError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    return folder.resolve()
