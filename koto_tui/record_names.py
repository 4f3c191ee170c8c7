"""Names of the interpreting modes and participant roles (marked for translation; headless)."""

from __future__ import annotations

from koto_tui.i18n import N_

MODES = {"on_site": N_("on site"), "video": N_("remote, video"), "phone": N_("remote, phone")}
ROLES = {
    "counsellor": N_("integration counsellor"),
    "employment_official": N_("employment authority official"),
    "wellbeing_counsellor": N_("wellbeing services county counsellor"),
    "wellbeing_nurse": N_("wellbeing services county nurse"),
    "other": N_("other"),
}
HOW = {"oral_via_interpreter": N_("orally, through the interpreter"), "signed": N_("signed")}
