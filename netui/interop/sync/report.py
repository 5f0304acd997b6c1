"""What a contacts sync did, for the command, the app and the Sync screen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Conflict:
    uid: str
    name: str
    what: str
    # Single values both sides changed: {"field", "words", "mine", "theirs"}; one key picks a side.
    choices: list[dict] = field(default_factory=list)

    def text(self) -> str:
        return f"{self.name}: {self.what}"

    def stored(self, at: dt.datetime) -> dict:
        return {"at": at.isoformat(sep=" "), "uid": self.uid, "name": self.name, "what": self.what, "kind": "contact",
                "choices": self.choices}


@dataclass
class ContactsReport:
    folder: Path
    first: bool = False  # no sync with this folder before
    written: list[str] = field(default_factory=list)  # names whose card was written to the folder
    new: list[str] = field(default_factory=list)  # contacts created from the folder
    updated: list[str] = field(default_factory=list)  # contacts changed from the folder
    deleted_here: list[str] = field(default_factory=list)  # contacts deleted because their file went
    deleted_there: list[str] = field(default_factory=list)  # files deleted because their contact went
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files not read, writes put off
    notes: list[str] = field(default_factory=list)  # what was read differently from a file

    def counts(self) -> dict[str, int]:
        return {
            "written": len(self.written), "read_in": len(self.new) + len(self.updated), "new": len(self.new),
            "updated": len(self.updated), "deleted_here": len(self.deleted_here),
            "deleted_there": len(self.deleted_there), "conflicts": len(self.conflicts), "problems": len(self.problems),
        }

    def text(self) -> str:
        c = self.counts()
        lines = [f"contacts: {self.folder}" + (" (first sync with this folder)" if self.first else "")]
        lines.append(
            f"  {c['written']} written, {c['read_in']} read in ({c['new']} new, {c['updated']} updated), "
            f"{c['deleted_here']} deleted here, {c['deleted_there']} deleted in the folder, "
            f"{c['conflicts']} conflict{'s' * (c['conflicts'] != 1)}"
        )
        lines += [f"  conflict: {x.text()}" for x in self.conflicts]
        lines += [f"  {p}" for p in self.problems]
        lines += [f"  {n}" for n in self.notes[:50]]
        if len(self.notes) > 50:
            lines.append(f"  … and {len(self.notes) - 50} more notes like these")
        return "\n".join(lines)
