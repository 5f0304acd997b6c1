"""The TYPE parameters of emails, phones and links, and the labels netui shows for them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from netui.interop.vcard.lines import Prop

LABEL_TYPES = {
    "home", "work", "cell", "mobile", "fax", "pager", "text", "video", "msg", "main", "voice", "other",
    "iphone", "school", "personal", "car", "isdn", "modem", "bbs", "textphone", "internet", "pref", "x400",
}
NOT_LABELS = {"pref", "internet", "x400"}


def label_from_types(tokens: Iterable[str], *, explicit: Iterable[str] = ()) -> str:
    """The label netui shows for a set of TYPE values: ``work fax``, ``cell``; noise left out."""
    chosen: list[str] = []
    explicit = set(explicit)
    for token in tokens:
        if token in NOT_LABELS or (token not in LABEL_TYPES and token not in explicit):
            continue
        if token not in chosen:
            chosen.append(token)
    if len(chosen) > 1 and "voice" in chosen:
        chosen.remove("voice")
    return " ".join(chosen)


def ablabel(value: str) -> str:
    """Apple's ``_$!<HomePage>!$_`` is a built-in label; anything else is the user's own words."""
    match = re.fullmatch(r"_\$!<(.*)>!\$_", value.strip())
    return match.group(1).lower() if match else value.strip()


def label_of(prop: Prop, group_labels: dict[str, str]) -> tuple[str, bool]:
    """The label and preferred flag of an email, phone or link."""
    named = prop.named_types()
    tokens = named + prop.bare
    preferred = "pref" in tokens or prop.param("PREF").strip() == "1"
    label = group_labels.get(prop.group) if prop.group else None
    if label is None:
        # TYPE=customtype is the writer's own word; a bare 2.1 token counts only when it is a known type.
        label = label_from_types(tokens, explicit=named)
    return label, preferred
