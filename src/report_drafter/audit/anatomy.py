"""The anatomy of an official document, found the way a reader finds it.

`find(paras, profile)` names each element — the national line(s), the issuer and its
parent, the `*`, the number line, `V/v`, the date line, the kind and summary, the body,
the sign-off (`Nơi nhận:`, each recipient, the signer's lines and name) and what comes
after it (appendices, annexed forms) — line by line (docxread reads lines joined by
breaks as lines). Each element carries a confidence (`SURE`, `LIKELY`, `UNSURE`) and the
reasons for it; the rules (judge.py) claim an error only on a sure element. Nothing
here judges; every fixed text and form comes from the rule book.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from report_drafter.rules import book as layout
from report_drafter.vn.writing import upper_vi

SURE, LIKELY, UNSURE = "sure", "likely", "unsure"
SEPARATOR = re.compile(r"^[\s\-_*=—–.·•~]+$")
PLACEHOLDER = re.compile(r"^[\[(].*|.*\((đã ký|chữ ký|ký|ký, ghi rõ họ tên|ký tên, đóng dấu)[^)]*\)\s*$", re.I)
DASH_TEXT = re.compile(r"[\s\-–—]+")
SIMILAR = 0.88  # a fixed line typed with a letter or two wrong is still that line
KIND_SCAN = 60


@dataclass
class Part:
    """One element found: its line (a docxread.Para), how sure, and why."""

    para: object
    confidence: str = SURE
    reasons: tuple = ()

    @property
    def sure(self) -> bool:
        return self.confidence == SURE


@dataclass
class National:
    """One line of the national heading: the text the rule book prints, the line found."""

    want: str
    element: layout.Element
    part: Part | None = None
    misspelt: bool = False  # recognised, but not written as the rule book prints it
    typed_rule: object = None  # a typed dash line right below it (instead of an underline)


@dataclass
class Anatomy:
    system: str | None = None
    system_reasons: tuple = ()
    header_found: bool = False
    left: list = field(default_factory=list)  # header's left column, separators left out
    right: list = field(default_factory=list)
    national: list = field(default_factory=list)
    date: Part | None = None
    number: Part | None = None
    subject_line: object = None  # V/v … of a công văn
    parents: list = field(default_factory=list)
    issuers: list = field(default_factory=list)
    issuer_confidence: str = SURE
    star: object = None
    kind: str | None = None
    kind_part: Part | None = None
    summary: object = None
    body: list = field(default_factory=list)  # body lines after the title
    signoff_found: bool = False
    label: object = None  # the `Nơi nhận:` line
    recipients: list = field(default_factory=list)  # [[line, continued lines…]]
    signer: list = field(default_factory=list)  # authority and title lines
    name: Part | None = None
    appendix: list = field(default_factory=list)
    appendix_only: bool = False  # the file is an appendix (no header of its own)


def is_separator(p) -> bool:
    return bool(SEPARATOR.match(p.text)) and p.text.strip() != ""


def squash(text: str) -> str:
    """Upper case, one spelling of HOÀ/HÒA, single spaces, dashes ignored: for comparing fixed lines."""
    folded = upper_vi(unicodedata.normalize("NFC", text)).replace("HOÀ", "HÒA")
    return " ".join(DASH_TEXT.sub(" ", folded).split())


def similar(text: str, want: str) -> float:
    a, b = squash(text), squash(want)
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b).ratio()


def detect_system(paras) -> tuple[str | None, tuple]:
    """The system whose national line heads the document (the header, else its first lines):
    exactly, or written with a letter or two wrong (reported by the rules as a misspelling)."""
    head = [p for p in paras if p.where.startswith("header")] or paras[:12]
    joined = squash(" ".join(p.text for p in head))
    for name in layout.regulation_names():
        rules = layout.regulation(name)
        if squash(rules.national[0]) in joined:
            return rules.system, (f"có dòng “{rules.national[0]}”",)
    best = (0.0, None, "")
    for name in layout.regulation_names():
        rules = layout.regulation(name)
        for p in head:
            score = similar(p.text, rules.national[0])
            if score > best[0]:
                best = (score, rules.system, p.text.strip())
    score, system, seen = best
    if score == 1.0:
        return system, (f"dòng “{seen}”",)
    if score >= SIMILAR:
        return system, (f"dòng “{seen}” gần giống “{_national_of(system)}”",)
    return None, ()


def _national_of(system: str) -> str:
    return layout.profile(system).national[0]


def find(paras, profile: layout.Profile) -> Anatomy:
    """Every element of the document under `profile`'s rule book."""
    a = Anatomy(profile.system)
    a.appendix = [p for p in paras if p.where == "appendix"]
    a.left = _column(paras, "header-left")
    a.right = _column(paras, "header-right")
    a.header_found = bool(a.left or a.right)
    _national(paras, a, profile)
    _date(a, profile)
    _left_column(a, profile)
    a.star = next((p for p in paras if p.where == "header-left" and p.text.strip() == "*"), None)
    _kind_and_summary(paras, a, profile)
    _signoff(paras, a)
    return a


def _column(paras, where: str) -> list:
    return [p for p in paras if p.where == where and p.text.strip() and not is_separator(p)]


def _national(paras, a: Anatomy, prof) -> None:
    lines = [p for p in paras if p.where == "header-right" and p.text.strip()]
    for want, element in zip(prof.national, prof.national_elements):
        scored = sorted(((similar(p.text, want), i) for i, p in enumerate(lines)), reverse=True)
        nat = National(want, element)
        if scored and scored[0][0] >= SIMILAR:
            score, i = scored[0]
            p = lines[i]
            nat.misspelt = score < 1.0
            reasons = ("viết đúng",) if score == 1.0 else (f"gần giống “{want}” ({score:.0%})",)
            nat.part = Part(p, SURE, reasons)
            if i + 1 < len(lines) and is_separator(lines[i + 1]) and "-" in lines[i + 1].text:
                nat.typed_rule = lines[i + 1]
        a.national.append(nat)


def date_pattern(prof) -> re.Pattern:
    """The rule book's `date_format` as a pattern (spaces loose, day and month of one or two digits)."""
    out = re.escape(prof.date_format)
    for key, group in (
        ("place", r"(?P<place>.+?)"),
        ("day", r"(?P<d>\d{1,2})"),
        ("month", r"(?P<m>\d{1,2})"),
        ("year", r"(?P<y>\d{4})"),
    ):
        out = out.replace(re.escape("{" + key + "}"), group)
    out = re.sub(r"(\\ |\s)+", r"\\s+", out).replace(r",\s+", r",\s*")
    return re.compile("^" + out + r"\s*$")


def date_words(prof) -> tuple:
    """The fixed words of the date line (`ngày`, `tháng`, `năm`) from the rule book."""
    return tuple(w for w in re.sub(r"\{\w+\}|,", " ", prof.date_format).split())


def _date(a: Anatomy, prof) -> None:
    words = date_words(prof)
    for p in a.right:
        low = p.text.lower()
        if all(w in low for w in words[:2]):
            reasons = ("có chữ " + ", ".join(f"“{w}”" for w in words),)
            a.date = Part(p, SURE, reasons)
            return


def number_stem(prof) -> str:
    """`Số` — the word the number line starts with (rule book: `number_prefix`)."""
    return prof.number_prefix.strip(" :")


def _left_column(a: Anatomy, prof) -> None:
    stem = number_stem(prof)
    number = next((p for p in a.left if re.match(rf"^{stem}\b", p.text.strip())), None)
    if number is not None:
        a.number = Part(number, SURE, (f"bắt đầu bằng “{stem}”",))
    a.subject_line = next((p for p in a.left if re.match(r"^\s*V/v\b", p.text)), None)
    above = [
        p
        for p in a.left
        if (number is None or _before(p, number)) and p.text.strip() != "*" and p is not a.subject_line
    ]
    if not above:
        return
    bolds = [p for p in above if p.formats() and all(x.bold for x in p.formats())]
    a.issuers = bolds or above[-1:]
    a.issuer_confidence = SURE if bolds else LIKELY
    a.parents = [p for p in above if p not in a.issuers and _before(p, a.issuers[0])]


def _before(p, q) -> bool:
    return (p.index, p.line) < (q.index, q.line)


def _kind_and_summary(paras, a: Anatomy, prof) -> None:
    body = [p for p in paras if p.where == "body" and p.text.strip()]
    kind_para = None
    for p in body[:KIND_SCAN]:
        name = " ".join(upper_vi(p.text).split())
        if name in prof.kinds:
            kind_para, a.kind = p, name
            a.kind_part = Part(p, SURE, ("tên loại có trong bộ quy tắc",))
            break
    if kind_para is None and a.subject_line is not None:
        a.kind = "CÔNG VĂN"
    if kind_para is None and a.kind is None:
        kind_para = _unknown_title(body)
        if kind_para is not None:
            a.kind = " ".join(kind_para.text.split())
            a.kind_part = Part(kind_para, UNSURE, (f"dòng in hoa “{a.kind}” không phải tên loại nào trong bộ quy tắc",))
    start = 0
    if kind_para is not None:
        start = body.index(kind_para) + 1
        while start < len(body) and is_separator(body[start]):
            start += 1
        if start < len(body):
            a.summary = body[start]
            start += 1
    a.body = [p for p in body[start:] if not is_separator(p)]


def _unknown_title(body) -> object:
    """A title the rule book does not list (GIẤY PHÉP of another rule set, a Party form's
    `TỔNG HỢP Ý KIẾN NHẬN XÉT`): the first bold capital line of two words or more."""
    for p in body[:8]:
        text = p.text.strip()
        if (
            len(text.split()) >= 2
            and upper_vi(text) == text
            and any(c.isalpha() for c in text)
            and p.formats()
            and all(x.bold for x in p.formats())
            and not re.match(r"^[IVX]+[.\-]", text)
        ):
            return p
    return None


def _signoff(paras, a: Anatomy) -> None:
    left = _column(paras, "signoff-left")
    right = _column(paras, "signoff-right")
    label_word = layout.RECIPIENTS_LABEL.rstrip(":")
    if not (left or right):
        left, right = _signoff_paragraphs(a, label_word)
    a.signoff_found = bool(left or right)
    a.label = next((p for p in left if p.text.strip().startswith(label_word)), None)
    items: list[list] = []
    for p in left:
        text = p.text.strip()
        if text.startswith(("-", "–", "+")):
            items.append([p])
        elif items and not text.startswith(label_word):
            items[-1].append(p)
    a.recipients = items
    signer = [p for p in right if not PLACEHOLDER.match(p.text.strip())]
    if not signer:
        return
    name = signer[-1]
    a.signer = signer[:-1]
    words = name.text.split()
    looks_like_name = 2 <= len(words) <= 6 and upper_vi(name.text) != name.text and all(w[:1].isupper() for w in words)
    a.name = Part(
        name,
        SURE if looks_like_name else UNSURE,
        ("họ tên viết hoa chữ đầu mỗi tiếng",)
        if looks_like_name
        else (f"dòng cuối “{name.text.strip()[:30]}” không giống một họ tên",),
    )


def _signoff_paragraphs(a: Anatomy, label_word: str) -> tuple[list, list]:
    """A sign-off typed as paragraphs (no table): from the `Nơi nhận:` line, its recipients
    (lines starting with a dash) on the left, the lines after them on the right. They leave
    the body."""
    at = next((i for i, p in enumerate(a.body) if p.text.strip().startswith(label_word)), None)
    if at is None:
        return [], []
    rest = a.body[at:]
    left = [rest[0]]
    for p in rest[1:]:
        if p.index == rest[0].index or p.text.strip().startswith(("-", "–", "+")):
            left.append(p)
        else:
            break
    right = [p for p in rest[len(left) :] if p.fmt.alignment in ("right", "center", "end")]
    a.body = a.body[:at] + [p for p in rest[len(left) :] if p not in right]
    return left, right
