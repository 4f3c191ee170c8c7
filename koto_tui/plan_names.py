"""Names of the plan's areas, goal terms, measure statuses and user roles (marked for translation)."""

from __future__ import annotations

from koto_tui.i18n import N_, P_

#: KotoL 681/2023 § 16: the areas of the plan's goals and services.
AREAS = {
    "language": P_("Finnish or Swedish language"),
    "work_entrepreneurship": P_("Work or entrepreneurship"),
    "education": P_("Education"),
    "everyday_civic": P_("Everyday life and civic skills"),
    "health_wellbeing": P_("Health and wellbeing"),
    "family": P_("Family"),
}
TERMS = {"long_term": P_("long-term goal"), "period": P_("goal for the plan period")}
MEASURE_STATUSES = {
    "planned": N_("planned"), "enrolled": N_("enrolled"), "ongoing": N_("ongoing"),
    "completed": N_("completed"), "interrupted": N_("interrupted"),
}
USER_ROLES = {"counsellor": N_("integration counsellor"), "coordinator": N_("integration coordinator")}
