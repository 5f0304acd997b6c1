"""What a person types as an email or a phone, checked before it is kept.

An email must have a plausible form (``name@domain.tld``, no spaces): ``@x.com``, ``foo@`` and
``foo bar@x.com`` are refused with a message saying why. A phone number is read with the
``phonenumbers`` library (Google's libphonenumber data) and kept in its international form
(``+44 20 7946 0000``); a number written without ``+country`` is read as the configured region's
(``[phone] region``). A number that cannot be read is kept exactly as typed, with a warning: a phone
field is sometimes "ask Sam" or an extension, and losing that would be worse than not normalising it.

These checks are for what a person types (the CLI and the forms). Importers do not call them: a file's
data is taken as it is, so real-world address books are never refused.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from netui.core.contacts import Method
from netui.core.errors import ContactError
from netui.core.text import INVISIBLE, sanitize

# local@domain.tld: no spaces or second @, a dot in the domain with no empty label, no dot at the ends.
_EMAIL = re.compile(r"^[^\s@]+@(?!\.)(?!.*\.\.)[^\s@]+\.[^\s@.]+$")


def email_problem(value: str) -> str | None:
    """Why ``value`` is not a plausible email address, or None."""
    text = sanitize(value)
    if not text:
        return "an email is missing"
    if any(c in text for c in INVISIBLE):  # pasted from a web page: looks right, is another address
        return f"{text!r} does not look like an email address (it has an invisible character)"
    if _EMAIL.match(text) is None or text.startswith(".") or ".@" in text:
        if " " in text:
            why = "it has a space"
        elif "@" not in text:
            why = "it has no @"
        elif text.startswith("@"):
            why = "nothing before the @"
        elif text.endswith("@") or text.count("@") > 1:
            why = "it needs one @ with a domain after it"
        else:
            why = "the domain needs a dot, like example.org"
        return f"{text!r} does not look like an email address ({why})"
    return None


def check_email(value: str) -> str:
    """``value`` as kept, or ``ContactError`` saying what is wrong with it."""
    problem = email_problem(value)
    if problem:
        raise ContactError(problem)
    return sanitize(value)


class Phone(NamedTuple):
    """A phone as it will be kept, and a warning when it is kept as typed (None: it was read)."""

    value: str
    warning: str | None = None


def normalise_phone(value: str, region: str = "") -> Phone:
    """``value`` in international form, or as typed with a warning saying why it was not read."""
    import phonenumbers  # start-up: 100 ms of metadata, loaded when a phone is typed, not by every command

    text = sanitize(value)
    asked, region = region.upper(), region.upper() if region.upper() in phonenumbers.SUPPORTED_REGIONS else ""
    if region:
        where = f" for region {region}"
    elif asked:  # not a country's code (the config reader refuses one; a caller may still pass it)
        where = f" ([phone] region {asked!r} is not a country code netui knows: write it with +country)"
    else:
        where = " (no [phone] region is set: write it with +country)"
    if text.lstrip().startswith(("+", "00")):  # it has its country: no region is asked, none would help
        where = ""
    try:
        number = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        return Phone(text, f"kept {text!r} as typed: it is not a phone number netui can read{where}")
    if not phonenumbers.is_valid_number(number):
        return Phone(text, f"kept {text!r} as typed: it is not a valid phone number{where}")
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if number.extension and "ext" not in international:
        international += f" ext. {number.extension}"
    return Phone(international)


def normalise_phones(methods: list[Method] | None, region: str = "") -> tuple[list[Method] | None, list[str]]:
    """Each phone of a form or command in international form where it can be read; the warnings for
    those kept as typed."""
    if methods is None:
        return None, []
    out, warnings = [], []
    for m in methods:
        phone = normalise_phone(m.value, region) if m.kind == "phone" else Phone(m.value)
        out.append(m._replace(value=phone.value))
        if phone.warning:
            warnings.append(phone.warning)
    return out, warnings
