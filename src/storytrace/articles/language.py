"""Language identification with py3langid (a trained identifier, offline, ~1 ms per article)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["detect_language"]


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


#: Below this probability the identifier is guessing (a list of names, a table, markup:
#: it labels such text ``sn`` or ``zxx`` at 0.03–0.06); the language is then unknown.
MIN_PROBABILITY = 0.5


def detect_language(text: str) -> tuple[str | None, float | None]:
    """``(ISO 639-1 code, probability)``; ``(None, None)`` for too little text to tell, and
    ``(None, probability)`` when the identifier is not sure (a wrong language would make
    a copy look like a translation)."""
    sample = text[:3000]
    if len(sample.split()) < 3:
        return None, None
    lang, prob = _identifier().classify(sample)
    if prob < MIN_PROBABILITY:
        return None, round(float(prob), 4)
    return str(lang), round(float(prob), 4)
