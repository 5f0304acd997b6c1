"""vCard files in (2.1, 3.0, 4.0, as real programs write them) and out (3.0).

``lines`` cuts a file into cards and properties and undoes value escapes, ``params`` reads and writes
the TYPE parameters of emails, phones and links, ``reading`` turns a card into a person, and
``writing`` a contact into a card. This package keeps the names the rest of netui uses.
"""

from __future__ import annotations

from netui.interop.vcard.lines import (
    BINARY,
    CARD_LIMIT,
    FILE_LIMIT,
    Prop,
    UnreadableFile,
    decode_line,
    detect_encoding,
    quote,
    split_cards,
    split_escaped,
    text_bytes,
    unescape,
)
from netui.interop.vcard.params import LABEL_TYPES, label_from_types
from netui.interop.vcard.reading import (
    HOUSEKEEPING,
    NOT_KEPT,
    Entry,
    own_value,
    parse_bday,
    read_bytes,
    read_card,
    to_incoming,
    warn_if_long,
)
from netui.interop.vcard.writing import (
    OMIT_YEAR,
    PRODID,
    CardRecord,
    card_text,
    cards,
    contact_rows,
    escape,
    fold,
    record_of,
    write,
)

__all__ = [
    "BINARY", "CARD_LIMIT", "FILE_LIMIT", "HOUSEKEEPING", "LABEL_TYPES", "NOT_KEPT", "OMIT_YEAR", "PRODID",
    "CardRecord", "Entry", "Prop", "UnreadableFile", "card_text", "cards", "contact_rows", "decode_line",
    "detect_encoding", "escape", "fold", "label_from_types", "own_value", "parse_bday", "quote", "read_bytes", "read_card", "record_of",
    "split_cards", "split_escaped", "text_bytes", "to_incoming", "unescape", "warn_if_long", "write",
]
