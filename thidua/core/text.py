"""Vietnamese text folding: one searchable form with or without diacritics."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold_vi(text: str | None) -> str:
    """Lower-case, strip diacritics, map đ→d and collapse spaces.

    "Nguyễn Văn Đạt" → "nguyen van dat", so a search typed without accents
    finds the accented name and vice versa.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def vdate(value, empty: str = "") -> str:
    """A date the Vietnamese way (dd/mm/yyyy); `empty` when there is none."""
    return value.strftime("%d/%m/%Y") if value else empty
