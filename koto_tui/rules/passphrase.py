"""What makes an acceptable passphrase for the encrypted database."""

from __future__ import annotations

from koto_tui.i18n import _

MIN_PASSPHRASE = 8


def passphrase_problem(first: str, second: str) -> tuple[str, str] | None:
    """(field, message) for a passphrase that is too short or typed differently twice; None when fine."""
    if len(first) < MIN_PASSPHRASE:
        return "passphrase", _("The passphrase is too short: use at least {n} characters.").format(
            n=MIN_PASSPHRASE)
    if first != second:
        return "passphrase2", _("The passphrases differ: type the same passphrase twice.")
    return None
