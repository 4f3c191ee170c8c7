"""Settings: the counsellor's profile, export and sealing, retention, plan reviews and printing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from koto_tui import idle
from koto_tui.exchange import settings as keys
from koto_tui.i18n import N_, _, language
from koto_tui.model import Profile
from koto_tui.planning import REVIEW_SETTING
from koto_tui.preferences import LANGUAGE, THEME, read, repair, save
from koto_tui.printing.limits import PROFILE_MAX
from koto_tui.rules.due import DEFAULT_STALE_DAYS, STALE_SETTING
from koto_tui.rules.plan import DEFAULT_REVIEW_MONTHS
from koto_tui.rules.plan_lifecycle import ALLOW_SELF_APPROVAL
from koto_tui.screens.base import hand_over, koto
from koto_tui.screens.senders import (
    add_sender_dialog,
    confirm_receiver_key,
    remove_sender_dialog,
    sender_fields,
    sender_lines,
    show_senders,
)
from koto_tui.widgets.checkbox import KotoCheckbox
from koto_tui.widgets.fields import Field
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.language import LANGUAGE_NAMES
from koto_tui.widgets.limited import LimitedInput
from koto_tui.widgets.safe import field_value, notice, plain
from koto_tui.widgets.themes import DEFAULT_THEME, THEMES, apply_theme

_FIELDS = ("name", "title", "municipality", "unit", "place")


@dataclass(frozen=True)
class Values:
    """Every setting on the screen, as stored."""

    profile: Profile
    export_sensitive: bool
    receiver_key: str
    retention: str
    review_months: int
    printer: str
    print_retention_days: int
    own_public_key: str
    stale_days: int = DEFAULT_STALE_DAYS
    allow_self_approval: bool = False
    may_allow_self_approval: bool = False
    """Only a coordinator changes who may approve plans."""
    idle_lock_minutes: int = idle.DEFAULT_IDLE_LOCK_MINUTES
    export_retention_days: int = keys.DEFAULT_EXPORT_RETENTION_DAYS
    own_signing_key: str = ""
    senders: tuple[str, ...] = ()
    """The trusted senders, one line each (fingerprint, name, who added them)."""
    theme: str = ""
    """The user's own theme (saved as soon as it is chosen, not with Ctrl+S)."""
    own_key_problem: str = ""
    """Why the stored receiving key cannot be used (then it is shown instead of the key; none is made)."""
    signing_key_problem: str = ""
    """Why the stored signing key cannot be used (shown instead of the key)."""


class SettingsScreen(Screen[bool]):
    """Edit the profile and the settings; saved with Ctrl+S. Dismissed with whether the language changed
    (the screens under it are then built again in the new language)."""

    DEFAULT_CSS = """
    #settings { padding: 1 2; }
    #settings Input { max-width: 60; }
    #settings #setting-receiver-key { max-width: 80; }
    #settings Select { max-width: 40; }
    #settings .note { color: $text-muted; margin-left: 36; }
    SettingsScreen.-narrow #settings .note { margin-left: 24; }
    #settings .form-title { margin-top: 1; }
    """

    loaded_receiver_key = ""
    """The receiving key as stored: changing it asks a coordinator's passphrase."""
    language_changed = False
    """The user chose another UI language on this visit."""
    shown: Values | None = None
    """The values last read from the store (shown again when the screen is drawn in a new language)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="save-settings"),
        Binding("escape", "close", N_("Back"), id="close-settings"),
    ]

    def compose(self) -> ComposeResult:
        """The profile, then export, retention, plans and printing."""
        labels = {"name": _("Your name"), "title": _("Title"), "municipality": _("Municipality"),
                  "unit": _("Unit"), "place": _("Place (printed by the signatures)")}
        yield KotoHeader()
        with VerticalScroll(id="settings"):
            yield Label(_("Settings"), classes="form-title")
            for name in _FIELDS:
                yield Field(labels[name], LimitedInput(id=f"setting-{name}", max_length=PROFILE_MAX[name]),
                            name=name)
            yield Label(_("Appearance"), classes="form-title")
            yield Field(_("Theme (yours only)"), self._theme_select(), name="theme",
                        hint=_("Changed and saved at once, for you only; the others keep theirs."))
            yield Field(_("Language (yours only)"), Select(
                [(name, code) for code, name in LANGUAGE_NAMES.items()], value=language(), allow_blank=False,
                id="setting-language"), name="language",
                        hint=_("Changed and saved at once, for you only; koto --lang wins for one run."))
            yield from self._exchange_fields()
            yield Label(_("Plans and printing"), classes="form-title")
            yield Field(_("Plan review interval (months)"), Input(id="setting-review-months", type="integer"),
                        name="review_months", hint=_("KotoL 681/2023 § 16: the municipality's interval; "
                                                     "default 6."))
            yield Field(_("Allow approving one's own plan"),
                        KotoCheckbox(_("the coordinator may approve a plan they drafted"),
                                     id="setting-self-approval"),
                        name="self_approval",
                        hint=_("Only where one person both drafts and approves; the printout then says so. "
                               "A coordinator changes this."))
            yield Field(_("Worklist: unfinished interviews after (days)"),
                        Input(id="setting-stale-days", type="integer"), name="stale_days")
            yield Field(_("Printer (for lp)"), LimitedInput(id="setting-printer"), name="printer",
                        hint=_("Empty: printouts are only saved as PDF files."))
            yield Field(_("Keep printout files (days)"), Input(id="setting-print-days", type="integer"),
                        name="print_days", hint=_("0 keeps them."))
            yield Field(_("Lock after minutes without use"), Input(id="setting-idle-lock", type="integer"),
                        name="idle_lock", hint=_("No key press, click or mouse move for this long locks koto "
                                                 "(Ctrl+L at once); {low}–{high}, default {default}.").format(
                            low=idle.MIN_IDLE_LOCK_MINUTES, high=idle.MAX_IDLE_LOCK_MINUTES,
                            default=idle.DEFAULT_IDLE_LOCK_MINUTES))
            yield Static(plain(_("Data directory: {path}").format(path=koto(self).paths.root)), markup=False)
            yield Button(_("Back up the database…"), id="backup-database")
            yield Button(_("Save"), id="save-settings", variant="primary")
        yield KotoFooter()

    def _theme_select(self) -> Select[str]:
        """The themes, showing the one in use (so that mounting it changes nothing)."""
        current = self.app.theme if self.app.theme in THEMES else DEFAULT_THEME
        return Select([(_(label), name) for name, label in THEMES.items()], value=current, allow_blank=False,
                      id="setting-theme")

    def _exchange_fields(self) -> ComposeResult:
        yield Label(_("Export toward KOTO-AJ"), classes="form-title")
        yield Field(_("Sensitive answers in exports"),
                    KotoCheckbox(_("health and ability to function may be exported"), id="setting-sensitive"),
                    name="sensitive", hint=_("Special category of personal data (GDPR art. 9): default no."))
        hint = _("Exports are sealed with it, so that a lost USB stick reveals nothing; without it nothing "
                 "is exported. A coordinator changes it, typing their passphrase again.")
        yield Field(_("Receiving office's public key"),
                    LimitedInput(id="setting-receiver-key", placeholder="age1…"), name="receiver_key",
                    hint=hint)
        yield Field(_("Keep export files (days)"), Input(id="setting-export-days", type="integer"),
                    name="export_days", hint=_("Files in exports/; 0 keeps them."))
        yield Field(_("After entry into KOTO-AJ"), Select(
            [(_("purge the laptop copy"), "purge"), (_("keep the laptop copy"), "keep")], allow_blank=False,
            value=keys.DEFAULT_RETENTION, id="setting-retention"), name="retention")
        yield Static("", id="own-key", classes="note")
        yield Button(_("Create this laptop's receiving key"), id="create-key")
        yield from sender_fields()

    def on_mount(self) -> None:
        """Show the stored profile and settings (read in a worker)."""
        self._load()

    @work(thread=True, exclusive=True, group="settings-load")
    def _load(self, create_key: bool = False) -> None:
        from koto_tui.exchange.trust import receiving_shown, signing_shown
        from koto_tui.worklist import stale_days

        store = koto(self).require_store()
        own, signer = receiving_shown(store, create=create_key), signing_shown(store)
        review = store.setting(REVIEW_SETTING, DEFAULT_REVIEW_MONTHS)
        values = Values(
            profile=store.profile(), export_sensitive=keys.export_sensitive(store),
            receiver_key=keys.receiver_key(store), retention=keys.retention(store),
            review_months=review if isinstance(review, int) else DEFAULT_REVIEW_MONTHS,
            printer=keys.printer(store),
            print_retention_days=keys.print_retention_days(store),
            own_public_key=own.key, own_key_problem=own.problem, stale_days=stale_days(store),
            allow_self_approval=store.setting(ALLOW_SELF_APPROVAL, False) is True,
            may_allow_self_approval=store.users.may_manage(),
            idle_lock_minutes=idle.idle_lock_minutes(store),
            export_retention_days=keys.export_retention_days(store),
            own_signing_key=signer.key, signing_key_problem=signer.problem, senders=sender_lines(store),
            theme=read(store, THEME).value or DEFAULT_THEME)
        hand_over(self, self._show, values, create_key)

    def _show(self, values: Values, only_key: bool = False) -> None:
        self.shown = values
        self._show_own_key(values.own_public_key, values.own_key_problem)
        show_senders(self, values)
        if only_key:
            return
        self.loaded_receiver_key = values.receiver_key
        self.query_one("#setting-export-days", Input).value = str(values.export_retention_days)
        for name in _FIELDS:
            self.query_one(f"#setting-{name}", Input).value = field_value(getattr(values.profile, name))
        self.query_one("#setting-sensitive", Checkbox).value = values.export_sensitive
        self.query_one("#setting-receiver-key", Input).value = values.receiver_key
        self.query_one("#setting-retention", Select).value = values.retention
        self.query_one("#setting-review-months", Input).value = str(values.review_months)
        self.query_one("#setting-printer", Input).value = values.printer
        self.query_one("#setting-print-days", Input).value = str(values.print_retention_days)
        self.query_one("#setting-stale-days", Input).value = str(values.stale_days)
        self_approval = self.query_one("#setting-self-approval", Checkbox)
        self_approval.value = values.allow_self_approval
        self_approval.disabled = not values.may_allow_self_approval
        self.query_one("#setting-idle-lock", Input).value = str(values.idle_lock_minutes)
        theme: Select[str] = self.query_one("#setting-theme", Select)
        with self.prevent(Select.Changed):
            theme.value = values.theme

    def _show_own_key(self, public: str, problem: str = "") -> None:
        from koto_tui.exchange.seal import fingerprint

        if problem:  # a stored key that cannot be used: said, never replaced (no button makes a new one)
            self.query_one("#own-key", Static).update(plain(problem))
            self.query_one("#create-key", Button).display = False
            self.notify(notice(problem), severity="error", timeout=30, markup=False)
            return
        text = _("This laptop's receiving key (give it to the senders; imports open with it): {key} "
                 "(fingerprint {fp})").format(key=public, fp=fingerprint(public)) if public else _(
            "This laptop has no receiving key yet: create one to receive sealed exports.")
        self.query_one("#own-key", Static).update(plain(text))
        self.query_one("#create-key", Button).display = not public

    @on(Select.Changed, "#setting-theme")
    def _theme_chosen(self, event: Select.Changed) -> None:
        """Show the chosen theme at once and keep it for this user."""
        if isinstance(event.value, str) and event.value != self.app.theme:
            apply_theme(self.app, event.value)
            self._save_theme(event.value)

    @work(thread=True, group="settings-theme")
    def _save_theme(self, name: str) -> None:
        save(koto(self).require_store(), THEME, name)

    @on(Select.Changed, "#setting-language")
    async def _language_chosen(self, event: Select.Changed) -> None:
        """Speak the chosen language at once, keep it for this user, and draw this screen again in it."""
        if not isinstance(event.value, str) or event.value == language():
            return
        koto(self).use_language(event.value)
        self.language_changed = True
        self._save_language(event.value)
        await self._relabel()

    @work(thread=True, group="settings-language")
    def _save_language(self, lang: str) -> None:
        save(koto(self).require_store(), LANGUAGE, lang)

    async def _relabel(self) -> None:
        """Compose the screen again in the UI language, keeping what was typed and chosen on it."""
        from textual.widgets._toggle_button import ToggleButton

        typed = {w.id: w.value for w in self.query(Input) if w.id}
        ticked = {w.id: w.value for w in self.query(ToggleButton) if w.id}
        chosen = {w.id: w.value for w in self.query(Select) if w.id and w.id != "setting-language"}
        await self.recompose()
        if self.shown is not None:
            self._show(self.shown)
        with self.prevent(Select.Changed):
            for kind, values in ((Input, typed), (ToggleButton, ticked), (Select, chosen)):
                for dom_id, value in values.items():
                    self.query_one(f"#{dom_id}", kind).value = value  # type: ignore[attr-defined]
        self.query_one("#setting-language", Select).focus()

    @on(Button.Pressed, "#create-key")
    def _create_key(self) -> None:
        self._load(create_key=True)

    @on(Button.Pressed, "#backup-database")
    def _backup(self) -> None:
        koto(self).action_backup()

    @on(Button.Pressed, "#add-sender")
    def _add_sender(self) -> None:
        add_sender_dialog(self)

    @on(Button.Pressed, "#remove-sender")
    def _remove_sender(self) -> None:
        remove_sender_dialog(self)

    def _read(self) -> tuple[Values | None, dict[str, str]]:
        """The values typed, and an error message per field that is wrong."""
        from koto_tui.exchange.seal import SealError, parse_public_key

        values = {n: self.query_one(f"#setting-{n}", Input).value.strip() for n in _FIELDS}
        errors = {n: _("This is needed on printouts.") for n in ("name", "title", "municipality")
                  if not values[n]}
        key = "".join(self.query_one("#setting-receiver-key", Input).value.split())
        if key:
            try:
                parse_public_key(key)
            except SealError as exc:
                errors["receiver_key"] = str(exc)
        months, days, export_days = (
            self.query_one(f"#{i}", Input).value.strip()
            for i in ("setting-review-months", "setting-print-days", "setting-export-days"))
        if not months.isdigit() or int(months) < 1:
            errors["review_months"] = _("Write a whole number of months, at least 1.")
        if not days.isdigit():
            errors["print_days"] = _("Write a whole number of days (0 keeps the files).")
        if not export_days.isdigit():
            errors["export_days"] = _("Write a whole number of days (0 keeps the files).")
        stale = self.query_one("#setting-stale-days", Input).value.strip()
        if not stale.isdigit() or int(stale) < 1:
            errors["stale_days"] = _("Write a whole number of days, at least 1.")
        minutes = self.query_one("#setting-idle-lock", Input).value.strip()
        if not minutes.isdigit() or not idle.valid_minutes(int(minutes)):
            errors["idle_lock"] = _("Write a whole number of minutes from {low} to {high}.").format(
                low=idle.MIN_IDLE_LOCK_MINUTES, high=idle.MAX_IDLE_LOCK_MINUTES)
        if errors:
            return None, errors
        return Values(Profile(**values), self.query_one("#setting-sensitive", Checkbox).value, key,
                      str(self.query_one("#setting-retention", Select).value), int(months),
                      self.query_one("#setting-printer", Input).value.strip(), int(days), "", int(stale),
                      allow_self_approval=self.query_one("#setting-self-approval", Checkbox).value,
                      idle_lock_minutes=int(minutes), export_retention_days=int(export_days),
                      theme=self.app.theme), {}

    @on(Button.Pressed, "#save-settings")
    def action_save(self) -> None:
        """Check and store the profile and the settings."""
        values, errors = self._read()
        for field in self.query(Field):
            field.show_error(errors.get(field.field_name))
        if values is None:
            return
        if values.receiver_key != self.loaded_receiver_key:  # a coordinator's change, passphrase re-typed
            confirm_receiver_key(self, values.receiver_key, lambda: self._save(values))
            return
        self._save(values)

    @work(thread=True, exclusive=True)
    def _save(self, values: Values) -> None:
        store = koto(self).require_store()
        store.save_profile(values.profile)
        repair(store, {LANGUAGE: language(), THEME: values.theme})  # a saved value that could not be read
        wanted = {keys.EXPORT_SENSITIVE: values.export_sensitive,
                  keys.EXPORT_RETENTION_DAYS: values.export_retention_days, keys.RETENTION: values.retention,
                  REVIEW_SETTING: values.review_months,
                  keys.PRINTER: values.printer, keys.PRINT_RETENTION_DAYS: values.print_retention_days,
                  STALE_SETTING: values.stale_days, idle.IDLE_LOCK_SETTING: values.idle_lock_minutes}
        if store.users.may_manage():
            wanted[ALLOW_SELF_APPROVAL] = values.allow_self_approval
        for key, value in wanted.items():
            if store.setting(key, None) != value:
                store.set_setting(key, value)
        self.app.call_from_thread(koto(self).set_idle_lock, values.idle_lock_minutes)
        self.app.call_from_thread(self.notify, _("Settings saved."))
        hand_over(self, self.dismiss, self.language_changed)

    def action_close(self) -> None:
        """Back without saving (a language or theme chosen is kept: those are saved when chosen)."""
        self.dismiss(self.language_changed)
