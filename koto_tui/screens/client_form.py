"""New client, or a client's details changed: every field checked, errors shown at the field."""

from __future__ import annotations

from typing import ClassVar

from babel import Locale
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select

from koto_tui.i18n import N_, _, format_short_date, language
from koto_tui.i18n.languages import language_choices
from koto_tui.model import ClientData, ClientSummary, IdentityKind
from koto_tui.printing.limits import LINE_MAX, NAME_MAX
from koto_tui.rules.clients import ClientInvalid, is_country, parse_client
from koto_tui.screens.base import hand_over, koto
from koto_tui.screens.form_dialog import FieldSpec, FormDialog
from koto_tui.store.errors import DuplicateCode
from koto_tui.widgets.checkbox import KotoCheckbox
from koto_tui.widgets.fields import Field
from koto_tui.widgets.footer import KotoFooter
from koto_tui.widgets.header import KotoHeader
from koto_tui.widgets.limited import LimitedInput
from koto_tui.widgets.safe import field_value, plain

_TEXT_FIELDS = ("family_name", "given_names", "birth_date", "identity_code", "phone", "street_address",
                "postal_code", "post_office")
_SELECT_FIELDS = ("id_kind", "id_country", "native_language", "communication_language",
                  "interpreter_language")
_CHECK_FIELDS = ("interpreter_needed", "address_nondisclosure")
_NAMES = frozenset({"family_name", "given_names"})  # NAME_MAX; the other text fields take LINE_MAX


def _id_kinds() -> list[tuple[str, str]]:
    return [(_("Personal identity code (henkilötunnus)"), IdentityKind.HETU.value),
            (_("Temporary identity code"), IdentityKind.TEMPORARY.value),
            (_("Foreign identity document"), IdentityKind.FOREIGN.value),
            (_("None yet"), IdentityKind.NONE.value)]


def _countries() -> list[tuple[str, str]]:
    names = Locale.parse(language()).territories
    return sorted(((str(n), c) for c, n in names.items() if is_country(c)),
                  key=lambda p: p[0].lower())


def _dom(name: str) -> str:
    return name.replace("_", "-")


class ClientFormScreen(Screen[int | None]):
    """Returns the client's id when saved, None when cancelled."""

    DEFAULT_CSS = """
    #client-form { padding: 1 2; }
    #client-form Input, #client-form Select { max-width: 60; }
    #duplicate-actions { height: auto; display: none; }
    #duplicate-actions.-shown { display: block; }
    #duplicate-actions Button { margin-right: 2; max-width: 36; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="save-client"),
        Binding("escape", "cancel", N_("Cancel"), id="cancel-client"),
    ]

    def __init__(self, client_id: int | None = None, data: ClientData | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.data = data
        self._initial: dict[str, object] = {}
        self._confirm_discard = False
        self._duplicate: ClientSummary | None = None

    def compose(self) -> ComposeResult:
        """The fields, grouped: name, identity, languages, contact."""
        langs = language_choices(language())
        yield KotoHeader()
        with VerticalScroll(id="client-form"):
            yield Label(_("Client details") if self.client_id else _("New client"), classes="form-title")
            yield self._input("family_name", _("Family name (as in the travel document)"))
            yield self._input("given_names", _("Given names (as in the travel document)"))
            yield self._input("birth_date", _("Date of birth"), placeholder=_("d.m.yyyy"))
            yield Field(_("Identification"), Select(_id_kinds(), id="id-kind", allow_blank=False,
                                                    value=IdentityKind.NONE.value), name="id_kind")
            yield self._input("identity_code", _("Identity code or document number"))
            yield from self._duplicate_actions()
            yield Field(_("Country that issued the document"),
                        Select(_countries(), id="id-country", prompt=_("Choose")), name="id_country")
            yield Field(_("Native language"), Select(langs, id="native-language", prompt=_("Choose")),
                        name="native_language")
            yield Field(_("Language of communication"),
                        Select(langs, id="communication-language", prompt=_("Choose")),
                        name="communication_language")
            yield Field(_("Interpreter"), KotoCheckbox(_("Needs an interpreter"), id="interpreter-needed"),
                        name="interpreter_needed")
            yield Field(_("Interpreting language"),
                        Select(langs, id="interpreter-language", prompt=_("Choose")),
                        name="interpreter_language")
            yield self._input("phone", _("Phone"))
            yield self._input("street_address", _("Street address"))
            yield self._input("postal_code", _("Postal code"))
            yield self._input("post_office", _("Post office"))
            yield Field(_("Non-disclosure"), KotoCheckbox(_("Address under non-disclosure (turvakielto): "
                                                            "never printed or exported"),
                                                          id="address-nondisclosure"),
                        name="address_nondisclosure")
            yield Button(_("Save"), id="save", variant="primary")
        yield KotoFooter()

    def _input(self, name: str, label: str, placeholder: str = "") -> Field:
        longest = NAME_MAX if name in _NAMES else LINE_MAX
        control = LimitedInput(id=_dom(name), placeholder=placeholder, max_length=longest)
        return Field(label, control, name=name)

    def on_mount(self) -> None:
        """Fill in the fields when editing."""
        if self.data is not None:
            self._load(self.data)
        self.query_one("#family-name", Input).focus()
        self.call_after_refresh(self.on_mount_snapshot)

    def _load(self, data: ClientData) -> None:
        for name in _TEXT_FIELDS:
            value = getattr(data, name)
            if name == "birth_date":
                value = format_short_date(value, "fi") if value else ""
            self.query_one(f"#{_dom(name)}", Input).value = field_value(value)
        for name in _SELECT_FIELDS:
            value = str(getattr(data, name))
            if value:
                self.query_one(f"#{_dom(name)}", Select).value = value
        for name in _CHECK_FIELDS:
            self.query_one(f"#{_dom(name)}", Checkbox).value = getattr(data, name)

    def to_raw(self) -> dict[str, object]:
        """What is in the fields, as typed."""
        raw: dict[str, object] = {n: self.query_one(f"#{_dom(n)}", Input).value for n in _TEXT_FIELDS}
        for name in _SELECT_FIELDS:
            value = self.query_one(f"#{_dom(name)}", Select).value
            raw[name] = "" if value is Select.NULL else str(value)
        for name in _CHECK_FIELDS:
            raw[name] = self.query_one(f"#{_dom(name)}", Checkbox).value
        return raw

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check every field; show each problem at its field, or store the client."""
        try:
            data = parse_client(self.to_raw())
        except ClientInvalid as exc:
            self._show_errors(exc.errors)
            return
        self._show_errors({})
        self._store(data)

    def _show_errors(self, errors: dict[str, str]) -> None:
        for field in self.query(Field):
            field.show_error(errors.get(field.field_name))
        if errors:
            first = self.query_one(f"#field-{_dom(next(iter(errors)))}", Field)
            control: Widget = first.control
            control.focus()
            self.notify(_("Check the marked fields."), severity="warning")

    @work(thread=True, exclusive=True)
    def _store(self, data: ClientData, duplicate_reason: str = "") -> None:
        store = koto(self).require_store()
        try:
            if self.client_id is None:
                client_id = store.clients.add(data, duplicate_reason)
            else:
                store.clients.update(self.client_id, data, duplicate_reason)
                client_id = self.client_id
        except DuplicateCode as duplicate:
            hand_over(self, self._show_duplicate, duplicate.existing)
            return
        except Exception as exc:
            self.app.call_from_thread(self.notify, _("Could not save: {reason}").format(reason=exc),
                                      severity="error", timeout=10)
            return
        hand_over(self, self.dismiss, client_id)

    def _duplicate_actions(self) -> ComposeResult:
        """Under the identity code: open the client who has it, or save this one too, with a reason."""
        with Horizontal(id="duplicate-actions"):
            yield Button(_("Open that client"), id="open-duplicate")
            yield Button(_("Save as another person…"), id="save-duplicate")

    def _show_duplicate(self, existing: ClientSummary) -> None:
        """Stop at the identity code: name the client who has it and offer to open them."""
        self._duplicate = existing
        born = format_short_date(existing.birth_date) if existing.birth_date else _("not known")
        self._show_errors({"identity_code": _(
            "{name} (born {born}) already has this identity code. Open that client, or, if these are two "
            "persons given one code by mistake, save this one with a reason.").format(
                name=existing.full_name, born=born)})
        self.query_one("#open-duplicate", Button).label = plain(
            _("Open {name}").format(name=existing.full_name))
        actions = self.query_one("#duplicate-actions")
        actions.add_class("-shown")
        self.call_after_refresh(actions.scroll_visible, animate=False)  # below the fold at 80×24

    @on(Input.Changed, "#identity-code")
    @on(Select.Changed, "#id-kind")
    def _forget_duplicate(self) -> None:
        """Another code (or kind) typed: the duplicate found for the old one no longer applies."""
        if self._duplicate is not None:
            self._duplicate = None
            self.query_one("#duplicate-actions").remove_class("-shown")

    @on(Button.Pressed, "#open-duplicate")
    def _open_duplicate(self) -> None:
        """Open the client who has the code; Esc there comes back to this form, nothing typed lost."""
        from koto_tui.screens.client import ClientScreen

        if self._duplicate is not None:
            self.app.push_screen(ClientScreen(self._duplicate.id))

    @on(Button.Pressed, "#save-duplicate")
    def _save_duplicate(self) -> None:
        """Ask why two persons share the code, then save with that reason (kept and audited)."""
        if self._duplicate is None:
            return
        try:
            data = parse_client(self.to_raw())  # what the fields hold now, changed since or not
        except ClientInvalid as exc:
            self._show_errors(exc.errors)
            return

        def saved(values: dict[str, object] | None) -> None:
            if values and self._duplicate is not None:
                self._store(data, str(values["reason"]))

        self.app.push_screen(FormDialog(_("Two persons with one identity code: why?"),
                                        [FieldSpec("reason", _("Reason"), required=True)]), saved)

    def on_mount_snapshot(self) -> None:
        """Remember what the fields held when the form opened."""
        self._initial = self.to_raw()

    def action_cancel(self) -> None:
        """Leave without saving; with unsaved changes, only after a second Esc."""
        if self.to_raw() != self._initial and not self._confirm_discard:
            self._confirm_discard = True
            self.notify(_("The changes are not saved. Press Esc again to discard them, Ctrl+S to save."),
                        severity="warning")
            return
        self.dismiss(None)
