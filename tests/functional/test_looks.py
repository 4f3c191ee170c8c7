"""Looks and access: a theme chosen per user (dark, light, high contrast), focus always visible, and colour
never the only sign of what a row or a message means."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets import Button, Checkbox, DataTable, Input, Select

from koto_tui.app import KotoApp
from koto_tui.preferences import THEME
from koto_tui.screens.settings import SettingsScreen
from koto_tui.store import Store
from koto_tui.widgets.themes import DEFAULT_THEME, HIGH_CONTRAST, THEMES
from tests.functional.helpers import PASSPHRASE, open_settings, seeded, unlock, until, workers_settled

OTHER = "toisen ohjaajan lause"




async def test_each_user_keeps_their_own_theme_from_f8(tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data", role="coordinator")
    store = Store.unlock(paths, PASSPHRASE)
    store.users.add("Olli Ohjaaja", "", "counsellor", OTHER, confirm_passphrase=PASSPHRASE)
    store.close()
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, PASSPHRASE)
        assert app.theme == DEFAULT_THEME
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "settings")
        await workers_settled(pilot)
        app.screen.query_one("#setting-theme", Select).value = HIGH_CONTRAST.name
        await until(pilot, lambda: app.theme == HIGH_CONTRAST.name, "the high contrast shown at once")
        await workers_settled(pilot, "the theme saved")
        assert app.require_store().setting(THEME.key(app.require_store().user.id)) == HIGH_CONTRAST.name
        await pilot.press("ctrl+l")
        await unlock(pilot, OTHER)
        assert app.theme == DEFAULT_THEME  # the other counsellor never chose one
        await pilot.press("ctrl+l")
        await unlock(pilot, PASSPHRASE)
        assert app.theme == HIGH_CONTRAST.name
        await workers_settled(pilot)


async def test_a_light_and_a_high_contrast_theme_are_offered_and_named_in_finnish(tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, PASSPHRASE)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "settings")
        select = app.screen.query_one("#setting-theme", Select)
        names = [str(prompt) for prompt, _value in select._options]
        assert {"Vaalea (aurinkoiseen ikkunaan)", "Suuri kontrasti", "Tumma (oletus)"} <= set(names)
        assert all(name in app.available_themes for name in THEMES)
        await workers_settled(pilot)


def _look(widget: Widget) -> list[tuple[object, ...]]:
    """What a widget and its parts look like, as far as focus changes it (border, colours, text style)."""
    return [(w.styles.border, w.styles.outline, w.styles.background, w.styles.color, w.styles.text_style,
             w.styles.tint, w.styles.background_tint) for w in (widget, *widget.query("*"))]


async def test_focus_is_visible_on_every_kind_of_control_in_every_theme(tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(pilot, PASSPHRASE)
        screen = app.screen
        controls = [screen.query_one(Input), screen.query_one(Checkbox), screen.query_one("#setting-theme"),
                    screen.query_one(Button)]
        for theme in THEMES:
            app.theme = theme
            for control in controls:
                control.focus()
                await until(pilot, lambda c=control: app.focused is not None  # type: ignore[misc]
                            and c in app.focused.ancestors_with_self, "focus moved")
                target: Widget = app.focused  # type: ignore[assignment]  # a Select hands its focus to the line showing its value
                await pilot.pause()
                focused = _look(target)
                (controls[1] if control is controls[0] else controls[0]).focus()
                await until(pilot, lambda t=target: not t.has_focus, "focus left")  # type: ignore[misc]
                await pilot.pause()
                assert _look(target) != focused, f"{type(control).__name__} shows no focus in {theme}"


async def test_the_client_register_shows_its_cursor_in_every_theme(tmp_path: Path) -> None:
    paths, _ = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, PASSPHRASE)
        table = app.screen.query_one(DataTable)
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            cursor = table.get_component_rich_style("datatable--cursor")
            plain = table.rich_style
            assert cursor.bgcolor != plain.bgcolor or cursor.reverse, theme


def test_an_overdue_row_says_so_without_colour() -> None:
    from datetime import date

    from koto_tui.rules.due import Due, Kind, Target
    from koto_tui.screens.worklist import late_text, when_text
    from koto_tui.store.worklist import ClientLine
    from koto_tui.worklist import Group, Row

    item = Due(Kind.REVIEW_DUE, 1, date(2026, 11, 20), "Arvioi suunnitelma", "suunnitelman arviointi",
               "KotoL 681/2023 § 16", Target.PLAN, 2, "maija")
    overdue, today = Row(item, ClientLine(1, "Virtanen Aino", "fi"), Group.OVERDUE), Row(
        item, ClientLine(1, "Virtanen Aino", "fi"), Group.TODAY)
    assert when_text(overdue).plain.startswith("⚠ ") and not when_text(today).plain.startswith("⚠")
    assert late_text(overdue) == "7 päivää myöhässä"


async def test_an_open_list_names_its_escape_key_in_finnish_in_the_footer(tmp_path: Path) -> None:
    # The footer said "Dismiss menu" (Textual's own text) while a list was open.
    from textual.widgets._footer import FooterKey

    paths, _ = seeded(tmp_path / "data")
    app = KotoApp(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(pilot, PASSPHRASE)
        app.screen.query_one("#setting-theme", Select).focus()
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query_one("#setting-theme", Select).expanded, "the list open")

        def keys() -> list[str]:
            return [key.description for key in app.screen.query(FooterKey)]

        await until(pilot, lambda: "Sulje luettelo" in keys(), "the footer's key in Finnish")
        assert "Dismiss menu" not in keys()
        await pilot.press("escape")
        await workers_settled(pilot)
