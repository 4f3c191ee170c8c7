"""Where a line may break inside a run of Thai, Lao, Khmer or Burmese: between dictionary words.

These scripts write no spaces between words, so a line break needs a dictionary. ICU's line breaker has
one for each (from the ``icu4py`` wheel, which bundles ICU and its data: nothing is fetched at run
time). It is imported on first use only, and its answers are cached per text.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: The scripts whose words are found with a dictionary (Unicode line breaking class SA, complex context).
_DICTIONARY_SCRIPTS = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\uaa60-\uaa7f]")


def needs_dictionary(text: str) -> bool:
    """Whether *text* holds letters of a script written without spaces between words."""
    return _DICTIONARY_SCRIPTS.search(text) is not None


@lru_cache(maxsize=2048)
def word_starts(text: str) -> frozenset[int]:
    """The character offsets in *text* where a line may break (dictionary word boundaries), and its end."""
    from icu4py.breakers import LineBreaker  # ICU and its data load here, on the first such text

    starts: set[int] = set()
    offset = 0
    for segment in LineBreaker(text, "und"):  # the dictionary is chosen by script, not by locale
        offset += len(segment)
        starts.add(offset)
    return frozenset(starts)
