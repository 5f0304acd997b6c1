"""The data model, designed for the whole product.

Times are naive local datetimes (what the user typed and sees); dates are dates. Derived values that
lists sort on (``last_contact_at``, ``next_due_at``, ``strength``) are denormalised onto ``Contact``
and kept correct by the core functions that write interactions, so a 100,000-row list sorts on an
index instead of recomputing.
"""

from __future__ import annotations

from peewee import (
    SQL,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from netui.db.database import db

# The words stored in the text columns below (circles, kinds, statuses) are the domain's, listed in
# netui.core.vocab: the database stores them and does not need them.


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Contact(BaseModel):
    uid = CharField(unique=True)
    name = TextField()
    sort_name = TextField()  # casefolded name, what the list orders by
    given_name = TextField(default="")
    family_name = TextField(default="")
    nickname = TextField(default="")
    organization = TextField(default="")
    title = TextField(default="")
    birthday_month = IntegerField(null=True)
    birthday_day = IntegerField(null=True)
    birthday_year = IntegerField(null=True)  # None: the year is unknown
    met_on = DateField(null=True)
    how_met = TextField(default="")
    reason = TextField(default="")
    circle = CharField(default="regular")
    cadence_days = IntegerField(null=True)  # None: the circle's default
    note = TextField(default="")
    archived = BooleanField(default=False)
    created_at = DateTimeField()
    updated_at = DateTimeField()
    last_contact_at = DateTimeField(null=True)
    last_in_person_at = DateTimeField(null=True)
    next_due_at = DateTimeField(null=True)  # keep-in-touch: last contact (or creation) + cadence
    strength = IntegerField(default=0)  # cached 0-100 score
    strength_tier = CharField(default="cold")
    strength_prev = IntegerField(default=0)  # the score 30 days before strength_at: the trend
    strength_at = DateTimeField(null=True)
    kind = CharField(default="person")  # person | org: an organisation is kept, but left out of cadence and queues

    class Meta:
        indexes = (
            (("archived", "sort_name"), False),
            (("archived", "next_due_at"), False),
            (("archived", "last_contact_at"), False),
            (("archived", "strength"), False),
            (("archived", "strength_prev", "strength"), False),  # the fading test reads the index alone
        )


class ContactMethod(BaseModel):
    """An email, phone or URL of a contact, with its label and preferred flag."""

    contact = ForeignKeyField(Contact, backref="methods", on_delete="CASCADE")
    kind = CharField()  # email | phone | url
    value = TextField()
    norm = TextField(index=True)  # lowercased email, digits of a phone: what merging matches on
    label = TextField(default="")
    preferred = BooleanField(default=False)
    position = IntegerField(default=0)


class Tag(BaseModel):
    name = TextField(unique=True)  # casefolded: what matching compares
    display = TextField(default="")  # as it was first written ("VIP"); empty in rows older than schema 4


class ContactTag(BaseModel):
    contact = ForeignKeyField(Contact, backref="tag_links", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="contact_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("contact", "tag"), True), (("tag", "contact"), False))


class OrgHistory(BaseModel):
    """An organisation/title a contact used to have, kept when it changes."""

    contact = ForeignKeyField(Contact, backref="org_history", on_delete="CASCADE")
    organization = TextField(default="")
    title = TextField(default="")
    until = DateTimeField()  # when netui learnt it had changed


class Address(BaseModel):
    """A postal address of a contact, in the parts vCard's ADR has."""

    contact = ForeignKeyField(Contact, backref="addresses", on_delete="CASCADE")
    label = TextField(default="")
    street = TextField(default="")
    locality = TextField(default="")
    region = TextField(default="")
    postal_code = TextField(default="")
    country = TextField(default="")
    preferred = BooleanField(default=False)
    position = IntegerField(default=0)


class ContactDate(BaseModel):
    """An anniversary or another yearly date of a contact: ``YYYY-MM-DD``, or ``--MM-DD`` without a year."""

    contact = ForeignKeyField(Contact, backref="dates", on_delete="CASCADE")
    label = TextField(default="")
    date = CharField()
    position = IntegerField(default=0)


class Related(BaseModel):
    """A person related to a contact (spouse, assistant...), linked to their contact when netui knows them."""

    contact = ForeignKeyField(Contact, backref="related", on_delete="CASCADE")
    label = TextField(default="")
    name = TextField(default="")
    related_contact = ForeignKeyField(Contact, null=True, backref="related_to", on_delete="SET NULL")
    position = IntegerField(default=0)


class Profile(BaseModel):
    """An instant-messaging handle or a social profile of a contact."""

    contact = ForeignKeyField(Contact, backref="profiles", on_delete="CASCADE")
    service = TextField(default="")
    value = TextField()
    position = IntegerField(default=0)


class Photo(BaseModel):
    """A contact's photo, kept exactly: its bytes and media type, or the URL a card pointed at."""

    contact = ForeignKeyField(Contact, backref="photos", on_delete="CASCADE", unique=True)
    media_type = TextField(default="")
    data = BlobField(null=True)
    url = TextField(default="")


class Interaction(BaseModel):
    contact = ForeignKeyField(Contact, backref="interactions", on_delete="CASCADE")
    occurred_at = DateTimeField()  # when it happened, as the user said, not when it was typed
    kind = CharField()
    summary = TextField(default="")
    note = TextField(default="")
    created_at = DateTimeField()
    # Schema 7: the rows of one interaction with several people share this key (None: with one person).
    share = TextField(null=True)

    class Meta:
        indexes = ((("contact", "occurred_at"), False), (("occurred_at",), False), (("share", "occurred_at"), False))


class Introduction(BaseModel):
    """A introduced to B (or a request to introduce ``a`` to ``b`` made by ``requested_by``)."""

    a = ForeignKeyField(Contact, backref="intros_a", on_delete="CASCADE")
    b = ForeignKeyField(Contact, backref="intros_b", on_delete="CASCADE")
    reason_a = TextField(default="")  # why A should meet B
    reason_b = TextField(default="")  # why B should meet A
    status = CharField(default="proposed")  # proposed, asked-a, asked-b, made, declined
    outcome = CharField(default="")  # helpful, neutral, wasted-time
    requested_by = ForeignKeyField(Contact, null=True, backref="intro_requests", on_delete="SET NULL")
    proposed_on = DateField()
    made_on = DateField(null=True)
    outcome_on = DateField(null=True)
    note = TextField(default="")  # the latest note; every note is kept, dated, in IntroNote
    # Schema 5: what kind of introduction, and each side's double opt-in on its own.
    kind = CharField(default="connect")  # connect: you introduce A to B | ask: you ask A to introduce you to B
    a_asked_on = DateField(null=True)
    a_answer = CharField(default="")  # "" (none yet) | accepted | declined | no-answer
    a_answered_on = DateField(null=True)
    b_asked_on = DateField(null=True)
    b_answer = CharField(default="")
    b_answered_on = DateField(null=True)


class IntroNote(BaseModel):
    """One dated note of an introduction's history: notes are added, never replaced."""

    introduction = ForeignKeyField(Introduction, backref="history", on_delete="CASCADE")
    noted_on = DateField()
    note = TextField()


class Give(BaseModel):
    """Something to give, given or received: the karma bank."""

    contact = ForeignKeyField(Contact, backref="gives", on_delete="CASCADE")
    direction = CharField()  # idea | given | received
    kind = CharField(default="other")
    text = TextField()
    status = CharField(default="open")  # open | done | dropped
    outcome = TextField(default="")
    created_on = DateField()
    done_on = DateField(null=True)
    lead = IntegerField(null=True, index=True)  # groups one job lead/referral passed to several people
    introduction = ForeignKeyField(Introduction, null=True, backref="gives", on_delete="SET NULL")

    class Meta:
        indexes = ((("contact", "status"), False),)


class Reminder(BaseModel):
    """Anything that comes due: follow-ups, calls, face-to-face checks, birthdays, custom rules."""

    contact = ForeignKeyField(Contact, null=True, backref="reminders", on_delete="CASCADE")
    kind = CharField()  # follow-up | call | face-to-face | birthday | custom | intro-follow-up
    note = TextField(default="")
    rrule = TextField(null=True)  # RFC 5545 RRULE text for recurring reminders
    due_at = DateTimeField()  # first occurrence (the rule's DTSTART)
    next_due_at = DateTimeField(null=True)  # None once closed; indexed, the tick's only question
    snoozed_until = DateTimeField(null=True)
    done_at = DateTimeField(null=True)
    notified_for = DateTimeField(null=True)  # the occurrence a notification was raised for
    introduction = ForeignKeyField(Introduction, null=True, backref="reminders", on_delete="CASCADE")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("next_due_at",), False), (("contact", "next_due_at"), False))


class Relation(BaseModel):
    """A typed link between two contacts, stored once: ``b`` is ``a``'s ``kind`` (Sam introduced-by Gary,
    Ada manager Bob: Bob manages Ada). ``netui.core.relations`` reads it from both sides."""

    a = ForeignKeyField(Contact, backref="relations_a", on_delete="CASCADE")
    b = ForeignKeyField(Contact, backref="relations_b", on_delete="CASCADE")
    kind = CharField()  # family | partner | colleague | manager | friend | introduced-by | met-through | custom
    label = TextField(default="")  # a custom relation's words, or a note on any ("sister")
    created_at = DateTimeField()


class Journal(BaseModel):
    """One dated entry of what was learnt about someone ("she moved to the London office")."""

    contact = ForeignKeyField(Contact, backref="journal", on_delete="CASCADE")
    noted_on = DateField()  # the day it is about, as the user said
    text = TextField()
    created_at = DateTimeField()

    class Meta:
        indexes = ((("contact", "noted_on"), False),)


class Meta(BaseModel):
    """Small key/value facts about this database (last backup, last decay pass, sync state)."""

    key = CharField(primary_key=True)
    value = TextField()


class Migration(BaseModel):
    """The migrations applied to this database, by number."""

    number = IntegerField(primary_key=True)
    name = TextField()
    applied_at = DateTimeField()


class ScanSeen(BaseModel):
    """A message or calendar occurrence a scan already offered for a contact, accepted or skipped.

    ``source`` is the Message-ID, or the event's UID with its occurrence; no foreign key: a contact
    deleted and its id reused at worst hides a proposal, and undo and merge need not know this table.
    """

    source = TextField()
    contact_id = IntegerField()
    outcome = CharField()  # accepted | skipped
    seen_at = DateTimeField()

    class Meta:
        indexes = ((("source", "contact_id"), True),)


ALL_MODELS = [
    Contact, ContactMethod, Tag, ContactTag, OrgHistory, Interaction, Introduction, IntroNote, Give, Reminder, Meta,
    ScanSeen, Address, ContactDate, Related, Profile, Photo, Relation, Journal,
]

# SQL for what peewee's models cannot express: the full-text index over everything the filter
# searches. It is kept by netui.core.search.reindex(), not triggers, because its text comes from
# several tables (emails, tags).
FTS_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS contact_fts USING fts5("
    "name, organization, emails, tags, note, tokenize = 'unicode61 remove_diacritics 2', "
    "prefix = '1 2 3')"
)

__all__ = [name for name in dir() if name[:1].isupper()] + ["SQL"]
