"""The longest free text each kind of field takes: stated once, printed in full, enforced at the field.

The printouts are tested with every free-text field at these lengths in Latin, Thai and Arabic script
(``tests/unit/printing/test_lengths.py``); the form engine and the plan's checks import these numbers to
refuse longer input at the field. Characters, after cleaning (control characters dropped).
"""

from __future__ import annotations

#: A person's or an organisation's name: client, counsellor, interpreter, coordinator, place, municipality.
NAME_MAX = 200
#: One line of text: a measure's name, its provider, the responsible party, a version's reason, a title.
LINE_MAX = 1_000
#: Free text: an answer, a goal, a measure's notes, how follow-up is agreed, other content.
TEXT_MAX = 5_000

#: The counsellor's profile (first run and settings): the names take NAME_MAX, the title and unit LINE_MAX.
PROFILE_MAX = {"name": NAME_MAX, "title": LINE_MAX, "municipality": NAME_MAX, "unit": LINE_MAX,
               "place": NAME_MAX}
