"""Is a reason specific? The method asks for one wherever a connection is made.

An introduction needs a reason for each side that says what *that* person gains ("she is hiring a
data engineer and he is one"), never "you should meet"; a new contact's "why" should say why you want
to know them ("she runs the robotics meetup I want to speak at"), never "networking". One word list
serves both: a reason made only of these words (and the people's names) says nothing.
"""

from __future__ import annotations

import re

from netui.core.text import sanitize

GENERIC = frozenset(
    """
    a about all also an and are as at be both but by can chat coffee connect connected connecting connection
    connections contact could definitely do each else fellow for friend friends from fun get go good great
    guy guys have he her him his hit i if in interesting intro introduce introduced introduction into is it
    just know like love lovely maybe me meet meeting met might mutual my network networking nice of off on
    one other others people person really she should similar so someone something sometime stuff swap sync
    synergy synergies talk that the their them they think this those to together two up us useful very want
    wants we well which who will with would you your help helpful benefit benefits beneficial value valuable
    opportunity opportunities potential collaborate collaboration learn lot lots thing things much many
    common interest interests share business professional
    """.split()
)
# A contact's "why" is also generic when it only says where or how you know them.
WHY_GENERIC = GENERIC | frozenset(
    """
    work works working job jobs career contacts event events conference party linkedin colleague colleagues
    acquaintance misc general stay touch keep
    """.split()
)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def specific_words(text: str, names: str = "", generic: frozenset[str] = GENERIC) -> list[str]:
    """The words of ``text`` that say something: not generic, not one of ``names``, longer than a letter."""
    skip = {w.casefold() for w in _WORDS.findall(names)}
    return [w for w in _WORDS.findall(text.casefold()) if w not in generic and w not in skip and len(w) > 1]


def is_specific(text: str, names: str = "") -> bool:
    return bool(specific_words(sanitize(text), names))


def why_nudge(why: str, name: str = "") -> str:
    """A gentle word when a contact's "why" is empty or generic ("networking", "met", "work"), else "".

    It never blocks saving: the reason can be written later, but a specific one is what makes a
    follow-up worth sending.
    """
    text = sanitize(why)
    if not text:
        return "no reason to connect yet: what do you want to talk to them about? (a specific reason, not 'networking')"
    if not specific_words(text, name, WHY_GENERIC):
        return (f"the reason {text!r} is generic: say what you want from knowing them or can do for them, "
                "e.g. 'she runs the robotics meetup I want to speak at'")
    return ""
