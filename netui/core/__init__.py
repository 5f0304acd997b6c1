"""The domain: contacts, interactions, reminders, strength, gives, introductions, triage.

Nothing here imports Textual. Functions that depend on time take ``now`` explicitly; the clock
(``netui.core.clock.now``) is read only at the edges (CLI, TUI).

Who owns what, from the bottom up (a module imports only those above it in this list, at its top):

- ``errors`` every domain error, under ``NetuiError``; ``vocab`` circles, kinds and statuses;
  ``text`` making untrusted text inert; ``dates`` reading typed dates and coercing stored ones
  (``as_datetime``, ``as_date``, ``iso``); ``clock`` and ``settings``.
- ``search`` the full-text index and list queries; ``strength`` the score; ``lookup`` finding a contact.
- ``reminders`` (a package: rules, plan, queries, actions) the reminder engine.
- ``derived`` the cached columns of a contact and ``refresh()``, which every write calls.
- ``contacts``, ``interactions``, ``gives``, ``introductions`` the writes; then ``merge``, ``triage``,
  ``stats``, ``demo`` and ``undo`` on top.

``tests/unit/test_import_hygiene.py`` checks that there is no import cycle and no import hidden in a function.
"""
