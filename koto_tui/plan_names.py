"""Names of the plan's areas, goal terms, measure statuses and user roles (marked for translation)."""

from __future__ import annotations

from koto_tui.i18n import N_

#: KotoL 681/2023 § 16: the areas of the plan's goals and services.
AREAS = {
    "language": N_("Finnish or Swedish language"),
    "work_entrepreneurship": N_("Work or entrepreneurship"),
    "education": N_("Education"),
    "everyday_civic": N_("Everyday life and civic skills"),
    "health_wellbeing": N_("Health and wellbeing"),
    "family": N_("Family"),
}
TERMS = {"long_term": N_("long-term goal"), "period": N_("goal for the plan period")}
MEASURE_STATUSES = {
    "planned": N_("planned"), "enrolled": N_("enrolled"), "ongoing": N_("ongoing"),
    "completed": N_("completed"), "interrupted": N_("interrupted"),
}
USER_ROLES = {"counsellor": N_("integration counsellor"), "coordinator": N_("integration coordinator")}
