"""The .docx boundary's vocabulary: the Word namespace, part names and lengths as typed units.

Stated once here so no module spells a namespace, a part name or a unit conversion by
hand. A `Length` is an int of EMU, like python-docx's `docx.shared.Length`, so the two
mix freely (python-docx accepts it wherever it takes a length). Standard library only.
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"  # Clark notation prefix for ElementTree/lxml: f"{W}p"

DOCUMENT_PART = "word/document.xml"
COMMENTS_PART = "word/comments.xml"
FOOTNOTES_PART = "word/footnotes.xml"
ENDNOTES_PART = "word/endnotes.xml"
CORE_PART = "docProps/core.xml"
CUSTOM_PART = "docProps/custom.xml"
TEXT_PARTS = (DOCUMENT_PART, COMMENTS_PART, FOOTNOTES_PART, ENDNOTES_PART)

_EMU_PER_INCH = 914400
_EMU_PER_CM = 360000
_EMU_PER_MM = 36000
_EMU_PER_PT = 12700
_EMU_PER_TWIP = 635


class Length(int):
    """A length in EMU (English Metric Units), read back in any unit."""

    @property
    def mm(self) -> float:
        return self / _EMU_PER_MM

    @property
    def cm(self) -> float:
        return self / _EMU_PER_CM

    @property
    def pt(self) -> float:
        return self / _EMU_PER_PT

    @property
    def twips(self) -> int:
        return round(self / _EMU_PER_TWIP)

    @property
    def half_points(self) -> int:
        """Word's font sizes (`w:sz`, `w:szCs`) count half-points."""
        return round(self / (_EMU_PER_PT / 2))

    @property
    def inches(self) -> float:
        return self / _EMU_PER_INCH


class Mm(Length):
    def __new__(cls, mm: float) -> Length:
        return Length(round(mm * _EMU_PER_MM))


class Cm(Length):
    def __new__(cls, cm: float) -> Length:
        return Length(round(cm * _EMU_PER_CM))


class Pt(Length):
    def __new__(cls, pt: float) -> Length:
        return Length(round(pt * _EMU_PER_PT))


class Twips(Length):
    def __new__(cls, twips: float) -> Length:
        return Length(round(twips * _EMU_PER_TWIP))
