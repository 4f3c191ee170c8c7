"""Names of the interpreting modes and participant roles (marked for translation; headless)."""

from __future__ import annotations

from koto_tui.i18n import P_

MODES = {"on_site": P_("on site"), "video": P_("remote, video"), "phone": P_("remote, phone")}
ROLES = {
    "counsellor": P_("integration counsellor"),
    "employment_official": P_("employment authority official"),
    "wellbeing_counsellor": P_("wellbeing services county counsellor"),
    "wellbeing_nurse": P_("wellbeing services county nurse"),
    "other": P_("other"),
}
HOW = {"oral_via_interpreter": P_("orally, through the interpreter"), "signed": P_("signed")}
