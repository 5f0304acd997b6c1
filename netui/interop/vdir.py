"""A vdir: a folder with one ``.vcf`` file per contact, as vdirsyncer syncs and khard reads.

Export writes each contact to ``<uid>.vcf`` (the UID made safe for any file system), atomically
(a temporary file, fsync, rename), and only when the bytes differ from what is there, so vdirsyncer
uploads only real changes.

Deletion: a contact deleted in netui must disappear from the folder, or a sync would bring it back.
But the folder may also hold cards netui never wrote (another client synced them down), and deleting
those would delete them on the server. So export remembers, in ``.netui-vdir.json`` (vdirsyncer and
khard only look at ``.vcf`` files), which files it wrote and their checksums, and deletes a file only
when netui wrote it, its contact is gone, and nobody has changed it since. Everything else is left.

Reading the folder back (``netui import DIR``) goes through the importer, which merges by UID: a
contact edited in another program and synced back updates the same person. Import before you export
when another program may have changed the folder: export writes netui's version of each contact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from netui.interop import files, vcard

MANIFEST = ".netui-vdir.json"
EXTENSIONS = (".vcf", ".vcard")


def filename_for(uid: str) -> str:
    """A file name for a UID, safe on every file system; different UIDs never share one."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,150}", uid) and not uid.lower().endswith(EXTENSIONS):
        return uid + ".vcf"
    digest = hashlib.sha1(uid.encode("utf-8")).hexdigest()[:16]
    stem = re.sub(r"[^A-Za-z0-9._@+-]+", "_", uid)[:80].strip("._") or "contact"
    return f"{stem}-{digest}.vcf"


def members(folder: Path) -> list[Path]:
    """The vCard files of a vdir, in name order (hidden and temporary files left out)."""
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in EXTENSIONS
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def export(folder: Path, now: dt.datetime, version: str = "3.0") -> int:
    """Write every contact into ``folder`` as its own .vcf (vCard 3.0, or 4.0); returns how many contacts it holds."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file; a vdir export needs a folder")
    files.private_folder(folder)
    before = _load_manifest(folder)
    written: dict[str, str] = {}
    for record, text in vcard.cards(version=version):
        name = filename_for(record.uid)
        data = text.encode("utf-8")
        path = folder / name
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        if same:
            files.make_private(path)  # the same card, but a file anyone could read: personal data, 0600
        else:
            files.atomic_write(path, data)
        written[name] = _digest(data)
    for name, digest in before.items():
        if name in written or "/" in name or name.startswith("."):
            continue
        path = folder / name
        try:
            if _digest(path.read_bytes()) == digest:
                path.unlink()
        except OSError:
            pass  # already gone, or not ours to delete
    manifest = {"format": "netui-vdir", "exported_at": now.isoformat(sep=" "), "files": written}
    files.atomic_write(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
    files.fsync_folder(folder)  # make the renames durable too
    return len(written)
