"""Names of the interpreting modes and participant roles (marked for translation), and the interpreter row
of a printout (headless)."""

from __future__ import annotations

from collections.abc import Sequence

from koto_tui.i18n import P_, translation
from koto_tui.i18n.languages import language_name
from koto_tui.model import ClientData, InterpreterSession

MODES = {"on_site": P_("on site"), "video": P_("remote, video"), "phone": P_("remote, phone")}
ROLES = {
    "counsellor": P_("integration counsellor"),
    "employment_official": P_("employment authority official"),
    "wellbeing_counsellor": P_("wellbeing services county counsellor"),
    "wellbeing_nurse": P_("wellbeing services county nurse"),
    "other": P_("other"),
}
HOW = {"oral_via_interpreter": P_("orally, through the interpreter"), "signed": P_("signed")}


def interpreter_text(sessions: Sequence[InterpreterSession], client: ClientData, lang: str) -> str | None:
    """The interpreter row of an assessment or a plan in *lang*, read after its label ("Tolk: …"): who
    interpreted, in which language and how ("T-1024, somaliska (på plats)") from the last session, else
    the language the client needs an interpreter in ("somaliska"); None when neither is recorded."""
    paper = translation(lang)
    if sessions:
        last = sessions[-1]
        language = ", ".join(x for x in (language_name(last.language, lang), last.variant) if x)
        mode = paper.gettext(MODES[last.mode]) if last.mode in MODES else last.mode
        who = ", ".join(x for x in (last.interpreter, language) if x)
        return f"{who} ({mode})" if mode else who
    if client.interpreter_needed:
        return language_name(client.interpreter_language, lang) or "–"
    return None
