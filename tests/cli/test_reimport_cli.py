"""`netui edit --note` then `netui import` of the same card: the user's note stays (the card said nothing new)."""

from __future__ import annotations

import json


def test_a_note_replaced_by_edit_survives_importing_the_same_card_again(run, tmp_path):
    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Obi\r\nEMAIL:ada@acme.example\r\nNOTE:from the card\r\n"
                    "END:VCARD\r\n")
    run("import", str(card))
    run("edit", "Ada", "--note", "my own words")
    assert run("import", str(card)).stdout.splitlines()[-1] == "Total: 0 new, 0 updated, 1 unchanged, 0 skipped."
    assert json.loads(run("show", "Ada", "--json").stdout)["note"] == "my own words"
