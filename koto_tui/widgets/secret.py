"""A masked field for passphrases: shown as dots, never copied to the clipboard, emptied after use."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.widgets import Input


class SecretInput(Input):
    """An Input that is always masked and whose text no key, menu or mouse selection can copy out."""

    ALLOW_SELECT: ClassVar[bool] = False  # the screen's mouse selection (and its Ctrl+C) skips this field

    def __init__(self, value: str | None = None, **kwargs: Any) -> None:
        kwargs["password"] = True
        super().__init__(value, **kwargs)

    def watch_password(self, password: bool) -> None:
        """A passphrase field stays masked whatever sets ``password``."""
        if not password:
            self.password = True

    @property
    def selected_text(self) -> str:
        """Nothing: the selection of a passphrase is for editing, never for copying."""
        return ""

    def action_copy(self) -> None:
        """Copying a passphrase does nothing (Ctrl+C in the field)."""

    def action_cut(self) -> None:
        """Cutting deletes the selected characters without putting them on the clipboard."""
        self.delete_selection()

    def forget(self) -> None:
        """Empty the field once the passphrase was handed on (or refused)."""
        self.value = ""
