"""Language identification with py3langid (a trained identifier, offline, ~1 ms per article)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["detect_language"]


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float | None]:
    """``(ISO 639-1 code, probability)``, or ``(None, None)`` for too little text to tell."""
    sample = text[:3000]
    if len(sample.split()) < 3:
        return None, None
    lang, prob = _identifier().classify(sample)
    return str(lang), round(float(prob), 4)
