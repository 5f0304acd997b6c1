"""Keeping netui in step with other devices through vdir folders that vdirsyncer syncs.

netui does not speak CardDAV or CalDAV itself: vdirsyncer already syncs a folder with any server
(Nextcloud, Radicale, Fastmail, iCloud). ``netui sync`` keeps such folders in step with the database,
so the round on each machine is ``vdirsyncer sync; netui sync; vdirsyncer sync`` (bring the server's
changes down, merge them in and write ours, send ours up).

Contacts: two-way, one ``.vcf`` per contact
    Every card carries netui's own fields as ``X-NETUI-*`` properties (how/why met, circle, cadence,
    tags, archived, written by ``vcard.card_text`` from the rows of ``netui.core.fields``), and so do
    interactions and give notes, one
    property each:

        X-NETUI-INTERACTION:{"at":"2026-11-20T10:00:00"\\,"kind":"call"\\,"summary":"…"\\,"note":""}
        X-NETUI-GIVE:{"kind":"article"\\,"direction":"idea"\\,"status":"open"\\,"created":"2026-11-20"\\,
                      "done":""\\,"text":"…"\\,"outcome":""}

    Each value is one JSON object written as vCard text (commas and semicolons escaped), because
    servers rewrite cards: Radicale, for one, reads every unknown ``X-`` property as text and escapes
    its semicolons, which would break a structured value. They live inside the card rather than in a
    companion file because vdirsyncer sends only the ``.vcf`` items to a CardDAV server: a second file
    per contact would never reach the other machine. A give's job-lead number and introduction link
    are local ids and do not travel.

    What was agreed at the last sync is kept in the ``Meta`` table, one row per contact
    (``sync.contact:<uid>``): the file it lives in, a hash of that file's bytes, and a short hash of
    each field of the contact as both sides had it (the *base*). So a side has changed when its hashes
    differ from the base: the folder's side by the file's bytes (only changed files are parsed), netui's
    by the record it would write (``Contact.updated_at`` alone would miss logged interactions).
    Files are matched to contacts by UID, not by name: vdirsyncer names the files it downloads itself.

    - Changed in netui only: the card is written, atomically, into the file that already holds that
      UID (so names stay stable), or a new ``vdir.filename_for(uid)``; never when the bytes are the same.
    - Changed in the folder only: the card's fields replace netui's, deletions included (an email
      removed on the phone goes here too). A card without ``X-NETUI-CIRCLE`` was rewritten by a program
      that dropped netui's fields; it changes the standard fields only, netui's own fields and history
      stay, and the next write puts them back on the server.
    - Changed on both sides (a conflict): merged field by field against the base. A field only one side
      changed takes that side's value. A field both changed: emails, phones, links, tags, interactions
      and gives are united (a deletion made on one side comes back: nothing is dropped when in doubt);
      for a single value netui's is kept and the other is appended to the note as
      ``from sync conflict: <field>: <value>`` (a note changed on both keeps both texts). The conflict
      is printed and kept in ``Meta`` (``sync.conflicts``) for the app to show.
    - A file that appeared: a new contact with its UID. If the UID is unknown but the card matches a
      contact that was never synced (email, phone, or name and organisation, as importing does), that
      contact takes the file's UID and both are merged, so a person typed on two machines before their
      first sync does not become two.
    - A file that went away (deleted on another device): the contact is deleted, unless it changed in
      netui since the last sync; then it is archived instead, its card written back, and a conflict listed.
    - A contact deleted in netui: its file is deleted, unless the file changed since the last sync; then
      the contact comes back, archived, and a conflict is listed. Changes win over deletions.
    - Addresses, dates, related people, profiles and the photo are fields like the others, written as
      the standard properties (ADR, ANNIVERSARY/X-ABDATE, RELATED, IMPP/X-SOCIALPROFILE, PHOTO). A base
      written before they travelled has no hash for them: they are merged once without a base (lists
      united, a photo only one side has taken), so the upgrade changes nothing that did not change.
    - Properties of other programs that netui has no place for (X-FOO, X-ABShowAs...) are carried over
      from the file into every card netui writes over it, untouched. vCard 2.1 quoted-printable values
      are not carried (CardDAV servers only hold 3.0 and 4.0). A card cut short is not read.
    - A no-change round is cheap: a contact whose rows hash as at the last sync (``fingerprints``) is not
      rebuilt, and a file whose size, mtime and inode are the same is not read.

Reminders: two ways, one ``.ics`` per item (see ``reminders``)
    Each open reminder is a VTODO; completing it elsewhere closes it here, moving its DUE moves it,
    deleting it on the server lists a conflict; done and snoozed here are written for the other devices.
    Birthdays are yearly events, one way. Files are matched to items by UID; files netui never wrote
    and matches no item of are never touched.

Conflicts (``resolve``): each one kept is a choice with both values; the Sync screen and
``netui sync --status`` list them, one key picks each side.

Safety: both sides are read first, without the write lock (the app can keep writing; what it changes
meanwhile is merged against the base like any other change, and a contact is checked again just before
it is deleted). Then the work is done in batches of contacts, each one transaction, and each batch's
files are written inside it before the commit: a crash in between leaves files that the next sync reads
back as changes of the folder, which merge to the same contacts. A file vdirsyncer changes while netui
runs is not overwritten: it is left for the next sync. ``dry_run`` does everything in one transaction
that is rolled back, and touches no file.

The package, by section: ``records`` (a contact as sync compares it), ``cards`` (files read and
written), ``merge`` (the pure three-way merge), ``database`` (records read from and written through
the core), ``state`` (what is remembered in ``Meta``), ``contacts`` (the two-way sync), ``reminders``
(the two-way calendar), ``resolve`` (conflicts as choices, and picking a side), ``schedule`` (the app's
automatic round) and ``status`` (how the last sync went, for ``netui sync --status`` and the app's header).
"""

from __future__ import annotations

from netui.interop.sync.cards import (
    GIVE_KEYS,
    GIVE_STATUSES,
    INTERACTION_KEYS,
    Card,
    card_bytes,
    history_value,
    known_properties,
    read_card,
)
from netui.interop.sync.contacts import BATCH, Conflict, ContactsReport, merge_files, s_name, sync_contacts
from netui.interop.sync.database import local_record, local_records, store
from netui.interop.sync.merge import Merged, merge_records
from netui.interop.sync.records import FIELDS, MULTI, OWN, SINGLE, WORDS, Record
from netui.interop.sync.reminders import RemindersReport, reminder_items, sync_reminders
from netui.interop.sync.resolve import SIDES, Choice, choices, resolve
from netui.interop.sync.schedule import record_last, sync_if_due
from netui.interop.sync.state import (
    CONFLICTS_KEY,
    CONTACTS_FOLDER_KEY,
    LAST_KEY,
    MAX_CONFLICTS_KEPT,
    REMINDER_FILES_KEY,
    REMINDERS_FOLDER_KEY,
    STATE_PREFIX,
    ItemState,
    SyncError,
    clear_conflicts,
    conflicts,
    folders,
    get_meta,
    last_sync,
)
from netui.interop.sync.status import header_words, record_failure, status, status_lines

__all__ = [
    "BATCH", "GIVE_KEYS", "INTERACTION_KEYS", "s_name", "CONFLICTS_KEY", "CONTACTS_FOLDER_KEY", "FIELDS", "GIVE_STATUSES", "LAST_KEY", "MAX_CONFLICTS_KEPT",
    "MULTI", "OWN", "REMINDERS_FOLDER_KEY", "REMINDER_FILES_KEY", "SINGLE", "STATE_PREFIX", "WORDS", "Card",
    "Conflict", "ContactsReport", "ItemState", "Merged", "Record", "RemindersReport", "SyncError", "card_bytes",
    "clear_conflicts", "conflicts", "folders", "get_meta", "history_value", "known_properties", "last_sync",
    "local_record", "local_records", "merge_files", "merge_records", "read_card", "record_last", "reminder_items",
    "store", "sync_contacts", "SIDES", "Choice", "choices", "resolve", "sync_if_due", "sync_reminders", "header_words", "record_failure", "status", "status_lines",
]
