"""Merging two versions of one person, and cards as sync writes and reads them: no database, no server."""

from __future__ import annotations

import copy
import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from netui.core.vocab import CIRCLES
from netui.interop import sync
from netui.interop.sync import Record

NOW = dt.datetime(2026, 11, 21, 10, 0)


def person(**changes) -> Record:
    values = {
        "name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace", "nickname": "", "organization": "Engines Ltd",
        "title": "CTO", "birthday": "--12-10", "met_on": "2026-11-01", "how_met": "PyCon", "reason": "compilers",
        "circle": "inner", "cadence_days": None, "note": "likes poetry", "archived": False,
        "emails": [["ada@example.com", "work", False]], "phones": [["+44 7700 900123", "cell", False]], "urls": [],
        "tags": ["math"], "interactions": [["2026-11-19T10:00:00", "call", "engines", ""]],
        "gives": [["article", "idea", "open", "2026-11-20", "", "the Babbage paper", ""]],
        "addresses": [], "dates": [], "related": [], "profiles": [], "photo": None,
    }
    own = changes.pop("own", True)
    values.update(changes)
    return Record("ada-1", copy.deepcopy(values), own=own)


def test_a_field_changed_on_one_side_takes_that_sides_value():
    base = person().hashes()
    local = person(title="Chief Engineer")
    remote = person(organization="Difference Co", phones=[])  # the phone was deleted on the other device
    merged = sync.merge_records(base, local, remote)
    v = merged.record.values
    assert (v["title"], v["organization"], v["phones"]) == ("Chief Engineer", "Difference Co", [])
    assert v["note"] == "likes poetry"
    assert merged.aside == [] and merged.both_changed == []


def test_both_changed_single_values_keep_ours_and_note_theirs():
    base = person().hashes()
    merged = sync.merge_records(base, person(title="Chief Engineer"), person(title="Head of Research"))
    v = merged.record.values
    assert v["title"] == "Chief Engineer"
    assert v["note"] == "likes poetry\n\nfrom sync conflict: title: Head of Research"
    assert merged.both_changed == ["title"]
    again = sync.merge_records(merged.record.hashes(), merged.record, person(title="Head of Research",
                                                                              note=v["note"]))
    assert again.record.values["note"].count("from sync conflict") == 1  # never noted twice


def test_both_changed_lists_are_united_and_nothing_is_dropped():
    base = person().hashes()
    local = person(phones=[["+44 7700 900123", "cell", False], ["+1 555 0100", "work", False]],
                   interactions=[["2026-11-19T10:00:00", "call", "engines", ""], ["2026-11-20T09:00:00", "email", "", ""]],
                   tags=["math", "poetry"])
    remote = person(phones=[["+44 7700 900123", "cell", False], ["+49 30 1234567", "home", False]],
                    interactions=[["2026-11-19T10:00:00", "call", "engines", ""], ["2026-11-21T08:00:00", "in-person", "coffee", ""]],
                    tags=["chess", "math"], emails=[])
    v = sync.merge_records(base, local, remote).record.values
    assert [p[0] for p in v["phones"]] == ["+44 7700 900123", "+1 555 0100", "+49 30 1234567"]
    assert [i[1] for i in v["interactions"]] == ["call", "email", "in-person"]
    assert v["tags"] == ["chess", "math", "poetry"]
    assert v["emails"] == []  # only the other device touched the emails: its deletion stands


def test_the_same_phone_written_differently_is_not_doubled():
    v = sync.merge_records(None, person(phones=[["+44 7700 900123", "cell", False]]),
                           person(phones=[["07700 900123", "mobile", True]])).record.values
    assert v["phones"] == [["+44 7700 900123", "cell", False]]


def test_notes_changed_on_both_sides_keep_both_texts():
    base = person().hashes()
    extended = sync.merge_records(base, person(note="likes poetry"), person(note="likes poetry and chess"))
    assert extended.record.values["note"] == "likes poetry and chess"
    both = sync.merge_records(base, person(note="met her sister"), person(note="moving to Berlin"))
    assert both.record.values["note"] == "met her sister\n\nfrom sync conflict: note: moving to Berlin"


def test_a_give_left_in_different_states_is_noted():
    base = person().hashes()
    local = person(gives=[["article", "idea", "dropped", "2026-11-20", "2026-11-21", "the Babbage paper", ""]])
    remote = person(gives=[["article", "given", "done", "2026-11-20", "2026-11-21", "the Babbage paper", "loved it"]])
    merged = sync.merge_records(base, local, remote)
    assert merged.record.values["gives"] == local.values["gives"]
    assert "from sync conflict: give “the Babbage paper”: given, done on 2026-11-21, outcome: loved it" in merged.record.values["note"]


def test_a_card_without_netuis_fields_changes_only_the_standard_ones():
    base = person().hashes()
    phone = person(own=False, title="Head of Research", how_met="", reason="", circle=None, interactions=[], gives=[])
    v = sync.merge_records(base, person(), phone).record.values
    assert v["title"] == "Head of Research"
    assert (v["how_met"], v["reason"], v["circle"]) == ("PyCon", "compilers", "inner")
    assert v["interactions"] and v["gives"]


def test_first_meeting_without_a_base_fills_gaps_and_notes_differences():
    merged = sync.merge_records(None, person(title="", nickname="Ada"), person(title="CTO", nickname="Countess"))
    v = merged.record.values
    assert (v["title"], v["nickname"]) == ("CTO", "Ada")
    assert merged.aside == ["nickname: Countess"]


def test_card_round_trip_keeps_history_with_separators():
    record = person(note="one; two, three\nfour \\ five",
                    interactions=[["2026-11-19T10:00:00", "call", "talked; a lot, really", "line one\nline two"]],
                    gives=[["job-lead", "given", "done", "2026-11-01", "2026-11-02", "intro to Bea; at ACME, Inc", "hired"]])
    data = sync.card_bytes(record, NOW)
    card = sync.read_card(data)
    assert card.record.uid == "ada-1" and card.record.own
    assert card.record.values == record.values
    assert card.warnings == []


def test_other_programs_fields_are_carried_over_and_groups_do_not_clash():
    phone = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ada-1\r\nFN:Ada Lovelace\r\nitem1.EMAIL:ada@example.com\r\n"
        b"item1.X-ABLabel:Home office\r\nitem2.X-FOO:;;bar;baz\r\nitem2.X-ABLabel:studio\r\n"
        b"X-PHONETIC-FIRST-NAME:Ay\r\n da\r\nitem3.ADR:;;1 Engine Row;London;;;UK\r\nitem3.X-ABLabel:studio\r\n"
        b"PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n BBBB\r\nANNIVERSARY:2001-01-01\r\nEND:VCARD\r\n"
    )
    card = sync.read_card(phone)
    # What netui models is read (and written back as the standard properties); the rest is carried.
    assert card.carried == ["item2.X-FOO:;;bar;baz", "X-PHONETIC-FIRST-NAME:Ayda", "item2.X-ABLabel:studio"]
    v = card.record.values
    assert v["addresses"] == [["studio", "1 Engine Row", "London", "", "", "UK", False]]
    assert v["dates"] == [["anniversary", "2001-01-01"]]
    assert card.record.photo.data == bytes.fromhex("000000041041") and v["photo"][0] == "image/jpeg"
    ours = person(emails=[["ada@example.com", "Home office", False], ["ada@work.example", "Lab desk", False]])
    written = sync.card_bytes(ours, NOW, card.carried)
    text = written.decode()
    assert "kept1.X-FOO:;;bar;baz\r\n" in text and "kept1.X-ABLabel:studio\r\n" in text
    assert "item2.X-ABLABEL:Lab desk" in text  # netui's own group 2 is not the carried one
    again = sync.read_card(written)
    assert again.record.values["emails"] == ours.values["emails"]
    assert sync.card_bytes(ours, NOW, again.carried) == written  # carrying is stable: no rewrite next time


def test_a_file_with_two_cards_or_garbage_is_not_a_record():
    two = b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n"
    assert sync.read_card(two).reason == "it holds 2 cards; a vdir file holds one"
    assert sync.read_card(bytes(range(256)) * 4).reason == "it contains binary data, not text"
    bad = sync.card_bytes(person(), NOW).replace(b'"at":"2026-11-19T10:00:00"', b'"at":"yesterday"')
    card = sync.read_card(bad)
    assert card.record.values["interactions"] == []
    assert card.warnings == ["X-NETUI-INTERACTION (line 20) could not be read (Invalid isoformat string: 'yesterday'); not kept"]


# --- properties of the three-way merge (netui.interop.sync.merge, pure) ----------------------------------

WORD = st.text(alphabet="abc ;,", max_size=6)
SOME_WORD = st.text(alphabet="abc;,", min_size=1, max_size=6)
METHOD = st.tuples(st.sampled_from(["a@x.org", "b@x.org", "c@y.org"]), st.sampled_from(["", "work"]), st.booleans()).map(list)
RECORDS = st.fixed_dictionaries({
    "name": SOME_WORD, "given_name": WORD, "family_name": WORD, "nickname": WORD, "organization": WORD, "title": WORD,
    "birthday": st.sampled_from([None, "--12-10", "1815-12-10"]), "met_on": st.sampled_from([None, "2026-11-01"]),
    "how_met": WORD, "reason": WORD, "circle": st.sampled_from([None, *CIRCLES]),
    "cadence_days": st.sampled_from([None, 7, 30]), "note": WORD, "archived": st.booleans(),
    "emails": st.lists(METHOD, max_size=2, unique_by=lambda m: m[0]),
    "phones": st.lists(st.tuples(st.sampled_from(["+44 7700 900123", "+1 555 0100"]), st.just(""), st.just(False))
                       .map(list), max_size=2, unique_by=lambda m: m[0]),
    "urls": st.just([]),
    "tags": st.lists(st.sampled_from(["math", "chess", "poetry"]), unique=True).map(sorted),
    "interactions": st.lists(st.tuples(st.sampled_from(["2026-11-19T10:00:00", "2026-11-20T09:00:00"]),
                                       st.sampled_from(["call", "email"]), WORD, st.just("")),
                             max_size=2, unique=True).map(lambda items: sorted(map(list, items))),
    "gives": st.lists(st.tuples(st.just("article"), st.sampled_from(["idea", "given"]), st.just("open"),
                                st.just("2026-11-20"), st.just(""), SOME_WORD, st.just("")).map(list),
                      max_size=2, unique_by=lambda g: g[5]).map(sorted),
    "addresses": st.lists(st.tuples(st.sampled_from(["home", "work"]), SOME_WORD, WORD, st.just(""), st.just(""),
                                    st.just("UK"), st.booleans()).map(list), max_size=2, unique_by=str).map(sorted),
    "dates": st.lists(st.sampled_from([["anniversary", "2001-06-20"], ["", "--03-01"]]), max_size=2, unique_by=str).map(sorted),
    "related": st.lists(st.sampled_from([["spouse", "Ann"], ["friend", "Bo"]]), max_size=2, unique_by=str).map(sorted),
    "profiles": st.lists(st.sampled_from([["skype", "ada"], ["twitter", "@ada"]]), max_size=2, unique_by=str).map(sorted),
    "photo": st.sampled_from([None, ["image/jpeg", "abc", ""], ["", "", "https://example.com/a.jpg"]]),
}).map(lambda values: Record("ada-1", values))


@settings(max_examples=150, deadline=None)
@given(RECORDS, RECORDS)
def test_merging_with_no_change_on_one_side_gives_the_other_side(base, changed):
    hashes = base.hashes()
    for local, remote in ((base, changed), (changed, base)):
        merged = sync.merge_records(hashes, copy.deepcopy(local), copy.deepcopy(remote))
        assert merged.record.values == changed.values
        assert merged.aside == [] and merged.both_changed == []


@settings(max_examples=150, deadline=None)
@given(RECORDS, RECORDS, RECORDS)
def test_merging_is_symmetric_up_to_conflicts(base, local, remote):
    hashes = base.hashes()
    one = sync.merge_records(hashes, local, remote).record.values
    other = sync.merge_records(hashes, remote, local).record.values
    for f in sync.FIELDS:
        both_changed = local.values[f] != remote.values[f] and base.values[f] not in (local.values[f], remote.values[f])
        if f == "note" or both_changed:
            continue  # a conflict: each side keeps its own value first (the note gathers the other's)
        assert one[f] == other[f], f


@settings(max_examples=150, deadline=None)
@given(RECORDS, st.sampled_from(["given_name", "nickname", "organization", "title", "how_met", "reason"]), SOME_WORD, SOME_WORD)
def test_a_field_changed_on_both_sides_to_different_values_is_a_conflict_that_keeps_both(base, f, mine, theirs):
    assume(len({mine, theirs, base.values[f]}) == 3)
    local = Record("ada-1", {**base.values, f: mine})
    remote = Record("ada-1", {**base.values, f: theirs})
    merged = sync.merge_records(base.hashes(), local, remote)
    v = merged.record.values
    assert v[f] == mine
    assert merged.both_changed == [sync.WORDS[f]]
    assert f"from sync conflict: {sync.WORDS[f]}: {theirs}" in v["note"]


@settings(max_examples=100, deadline=None)
@given(RECORDS, RECORDS, RECORDS)
def test_lists_changed_on_both_sides_keep_every_item_of_both(base, local, remote):
    v = sync.merge_records(base.hashes(), local, remote).record.values
    for f in ("tags", "interactions"):
        assert set(map(str, local.values[f])) | set(map(str, remote.values[f])) >= set(map(str, v[f]))
        if base.values[f] not in (local.values[f], remote.values[f]):  # changed on both: united
            assert set(map(str, v[f])) == set(map(str, local.values[f])) | set(map(str, remote.values[f]))
