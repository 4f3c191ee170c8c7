"""The shipped fonts and their licences are in the package."""

from __future__ import annotations

from koto_tui.printing.fonts import BOLD_FILES, FONT_DIR, REGULAR_FILES, registry


def test_every_font_file_and_licence_ships() -> None:
    for stem in {*REGULAR_FILES, *BOLD_FILES}:
        assert (FONT_DIR / f"{stem}.ttf").is_file()
    for name in ("LICENSE-DejaVu.txt", "OFL-Noto.txt", "README.txt"):
        assert (FONT_DIR / name).is_file()


def test_registry_is_built_once() -> None:
    assert registry() is registry()
    assert registry().regular.names[0] == "koto-DejaVuSans"
    assert len(registry().bold.names) == len(BOLD_FILES)
