"""A stored form's title without building the form: what `koto clients` names each interview's form by.

Apart from the loader, so that the listing imports neither it nor the models (`koto_tui.engine` loads its
names on first use).
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from koto_tui.engine.shape import Issues, Loc, get_text
from koto_tui.engine.texts import LocalText
from koto_tui.safe_yaml import load_key


@lru_cache(maxsize=32)
def form_title(form_id: str, version: str, text: str) -> LocalText:
    """The title of the form of *text* as `parsed_form` gives it, read from its top-level ``title`` alone
    (a listing needs no more: 20 ms for the 85 KB assessment form, building it 60 ms); the form is built
    when that title is not there as the engine reads it (the build then says what is wrong)."""
    issues = Issues(f"{form_id} v{version}")
    raw: dict[object, object]
    try:
        raw = {"title": load_key(text, "title")}
    except (KeyError, yaml.YAMLError):
        raw = {}
    title = get_text(raw, "title", "title", Loc("title"), issues)
    if title is None or issues.found:
        from koto_tui.engine.loader import parsed_form

        return parsed_form(form_id, version, text).title
    return title
