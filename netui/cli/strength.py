"""CLI commands for strength (see the issue that adds them)."""

from __future__ import annotations


def register(sub, common) -> None:
    """Add this module's sub-commands."""
