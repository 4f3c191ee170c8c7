"""Citations of the law: one canonical form in data, the UI language's own form on screen."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from koto_tui.i18n import language, set_language
from koto_tui.rules.law import CITATIONS, GDPR_9, SECTION_14, SECTION_32A, cite, cite_short


@pytest.fixture
def ui_language() -> Iterator[None]:
    before = language()
    yield
    set_language(before)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_finnish_and_swedish_put_the_sign_after_the_number(lang: str, ui_language: None) -> None:
    """'14 §', never '§ 14' (which is how English writes it), for every citation the rules use."""
    set_language(lang)
    for section in CITATIONS:
        shown = cite(section)
        assert not re.search(r"§ \d", shown), (lang, shown)
        if "§" in section:
            assert re.search(r"\d+( a)? §", shown), (lang, shown)
    assert cite(SECTION_14) == {"fi": "KotoL 681/2023 14 §", "sv": "lag 681/2023, 14 §"}[lang]
    assert cite(SECTION_32A).endswith("32 a §")


def test_english_keeps_the_canonical_form_and_unknown_citations_pass_through(ui_language: None) -> None:
    set_language("en")
    assert cite(SECTION_14) == SECTION_14 == "KotoL 681/2023 § 14"
    set_language("fi")
    assert cite("Laki 999/2099 § 1") == "Laki 999/2099 § 1"


@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", {SECTION_14: "KotoL 14 §", SECTION_32A: "KotoL 32 a §", GDPR_9: "GDPR 9 art."}),
    ("sv", {SECTION_14: "681/2023 14 §", SECTION_32A: "681/2023 32 a §", GDPR_9: "GDPR art. 9"}),
    ("en", {SECTION_14: "KotoL § 14", SECTION_32A: "KotoL § 32 a", GDPR_9: "GDPR art. 9"}),
])
def test_every_citation_has_a_short_form_in_each_language(lang: str, expected: dict[str, str],
                                                          ui_language: None) -> None:
    """A narrow column's citation: translated as a whole, never cut out of the full one (Swedish's full
    form 'lag 681/2023, 14 §' lost its act and kept 'lag 14 §' when ' 681/2023' and ',' were cut out)."""
    set_language(lang)
    for section, short in expected.items():
        assert cite_short(section) == short
    for section in CITATIONS:
        short = cite_short(section)
        assert len(short) <= 15, (lang, short)
        if lang != "en" and "§" in section:
            assert re.search(r"\d+( a)? §$", short), (lang, short)
    assert cite_short("Laki 999/2099 § 1") == "Laki 999/2099 § 1"
