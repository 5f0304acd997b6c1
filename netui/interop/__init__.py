"""Files in and out: vCard, vdir, LinkedIn and generic CSV, JSON backup, iCalendar.

Readers take bytes or paths and hand domain objects to ``netui.core``; nothing here imports Textual.
"""
