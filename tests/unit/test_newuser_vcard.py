"""Cards from the real world a new user imports (found trying netui as a user)."""

from __future__ import annotations

import base64

from netui.interop.vcard.reading import read_bytes

PHOTO = bytes(range(256)) * 15_000  # 3.8 MB: an iPhone photo kept in a contact


def _folded(line: str, width: int = 74) -> str:
    return "\r\n ".join(line[i:i + width] for i in range(0, len(line), width))


def test_a_card_with_a_large_photo_keeps_its_bytes_and_its_other_fields():
    # 5 MB of base64 in about 70,000 folded lines: each was added to one growing string, which took
    # 15 s for this one card (and half an hour for an address book of such cards); now it is joined once.
    photo = _folded("PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(PHOTO).decode())
    small = base64.b64encode(PHOTO[:600_000]).decode()  # 2.1: a block of unindented lines to a blank one
    note = "NOTE;ENCODING=QUOTED-PRINTABLE:" + "=\r\n".join(["caf=C3=A9 " * 7] * 2_000)
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nN:Photo;Big;;;\r\n" + photo + "\r\n"
            "EMAIL:big@example.org\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Nokia;Unindented\r\n" + note + "\r\n"
            "PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n" + "\r\n".join(
                small[i:i + 76] for i in range(0, len(small), 76)) + "\r\n\r\n"
            "TEL;CELL:+358401234568\r\nEND:VCARD\r\n")
    big, nokia = (entry.incoming for entry in read_bytes(card.encode("utf-8")))
    assert big is not None and nokia is not None
    assert big.card.photo is not None and big.card.photo.data == PHOTO
    assert [m.value for m in big.emails] == ["big@example.org"]
    assert nokia.card.photo is not None and nokia.card.photo.data == PHOTO[:600_000]
    assert nokia.note.strip() == ("café " * 14_000).strip()  # 2,000 soft line breaks, one text
    assert [m.value for m in nokia.phones] == ["+358401234568"]
