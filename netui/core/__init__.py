"""The domain: contacts, interactions, reminders, strength, gives, introductions, triage.

Nothing here imports Textual. Functions that depend on time take ``now`` explicitly; the clock
(``netui.core.clock.now``) is read only at the edges (CLI, TUI).
"""
