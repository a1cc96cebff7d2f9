"""Rules on the whole document: paper, margins, page numbers, fonts, colour, Unicode,
spelling habits and long tables. Values come from the rule book; page values the file
does not state (Word's defaults apply) or states wrongly (`w:top="x"`) are "cần xem lại",
never a number the file does not hold. An appendix section may be landscape and may
continue the page numbering.
"""

from __future__ import annotations

import re
import unicodedata

from report_drafter.audit.findings import LAST, Findings, Repair
from report_drafter.rules import book as layout

SYMBOL_FONTS = {"Wingdings", "Wingdings 2", "Wingdings 3", "Symbol", "Webdings", "MT Extra"}
LONG_DOCUMENT = 3500  # characters of body text: more than one page at 13–14 pt
BLACK = ("000000",)


def page(setups, f: Findings, page: layout.Page, appendix_from: int | None, source: str = "") -> None:
    """Paper and margins of every section; the first-page number of the first section."""
    source = source or page.source
    f.ran("paper-size", "margin")
    for s in setups:
        where = (0, f"trang (phần {s.index + 1})")
        appendix = appendix_from is not None and s.first_para > appendix_from
        for attr, raw in s.malformed:
            f.review(
                "page-setup",
                where,
                f"giá trị {attr} «{raw}» trong tệp không phải một con số",
                "mở Bố cục → Lề và Khổ giấy trong Word, đặt lại rồi lưu",
                f"{attr}={raw!r}",
                source,
            )
        if s.width_mm is None or s.height_mm is None:
            if not any(a.startswith("pgSz") for a, _ in s.malformed):
                f.review(
                    "page-setup",
                    where,
                    "tệp không ghi khổ giấy: Word dùng khổ mặc định của máy mở tệp",
                    f"đặt rõ khổ A4 {page.width_mm:.0f} × {page.height_mm:.0f} mm",
                    "không có w:pgSz",
                    source,
                )
        else:
            _paper(s, f, page, where, appendix, source)
        if appendix and s.width_mm and s.height_mm and s.width_mm > s.height_mm:
            continue  # a landscape appendix page: margins are laid out for the table
        _margins(s, f, page, where, source)
    _first_page_number(setups, f, source)


def _paper(s, f, page, where, appendix, source) -> None:
    portrait = abs(s.width_mm - page.width_mm) <= 1 and abs(s.height_mm - page.height_mm) <= 1
    landscape = abs(s.width_mm - page.height_mm) <= 1 and abs(s.height_mm - page.width_mm) <= 1
    if portrait or (appendix and landscape):
        return
    f.error(
        "paper-size",
        where,
        f"khổ giấy phải là A4 đứng {page.width_mm:.0f} × {page.height_mm:.0f} mm "
        f"(đang là {s.width_mm:.0f} × {s.height_mm:.0f} mm)",
        "Bố cục → Khổ giấy → A4; Hướng → Dọc",
        source,
        repair=Repair("page", s.index, {"width_mm": page.width_mm, "height_mm": page.height_mm}),
    )


def _margins(s, f, page, where, source) -> None:
    missing = []
    for name, key, rng in (
        ("trên", "top", page.top),
        ("dưới", "bottom", page.bottom),
        ("trái", "left", page.left),
        ("phải", "right", page.right),
    ):
        mm = s.margins_mm.get(key)
        if mm is None:
            missing.append(name)
            continue
        if not rng.accepts(mm, 0.5):
            f.error(
                "margin",
                where,
                f"lề {name} {mm:.0f} mm nằm ngoài khoảng {rng.low:.0f}–{rng.high:.0f} mm",
                f"đặt lề {name} {rng.default:.0f} mm",
                source,
                repair=Repair("page", s.index, {key: rng.default}),
            )
    if missing and not s.malformed:
        f.review(
            "page-setup",
            where,
            "tệp không ghi lề " + ", ".join(missing) + ": Word dùng lề mặc định",
            "đặt rõ lề trong Bố cục → Lề",
            "không có w:pgMar",
            source,
        )


def _first_page_number(setups, f, source) -> None:
    first = setups[0] if setups else None
    if first is None or first.page_field is None:
        return
    f.ran("page-number-first-page")
    shows_first = not first.title_page or first.first_page_field
    if shows_first:
        f.error(
            "page-number-first-page",
            (0, "trang (phần 1)"),
            "số trang không được hiện ở trang đầu",
            "bật “Trang đầu khác” (Different First Page) cho đầu trang",
            source,
            repair=Repair("page", 0, {"different_first_page": True}),
        )


def page_numbers(setups, f: Findings, element: layout.Element, pages: int | None, body_chars: int) -> None:
    """Page numbers from page 2, centred at the top (in the header): missing on a document
    of several pages, or placed in the footer or not centred."""
    first = setups[0] if setups else None
    if first is None:
        return
    where = (0, "trang (số trang)")
    if first.page_field is None:
        if pages is not None and pages > 1:
            f.error(
                "page-number-missing",
                where,
                f"văn bản {pages} trang không đánh số trang (từ trang 2, giữa, phía trên)",
                "Chèn → Số trang → Đầu trang, giữa; bật “Trang đầu khác”",
                element.source,
            )
        elif pages is None and body_chars > LONG_DOCUMENT:
            f.review(
                "page-number-missing",
                where,
                "văn bản dài hơn một trang mà không đánh số trang",
                "Chèn → Số trang → Đầu trang, giữa",
                f"{body_chars} ký tự, tệp không ghi số trang",
                element.source,
            )
        elif pages is not None:
            f.ran("page-number-missing")
        return
    f.ran("page-number-missing", "page-number-position")
    if first.page_field == "footer" or first.page_align not in ("center",):
        got = "chân trang" if first.page_field == "footer" else "đầu trang, không căn giữa"
        f.error(
            "page-number-position",
            where,
            f"số trang đặt giữa, phía trên đầu trang (đang ở {got})",
            "xóa số trang cũ; Chèn → Số trang → Đầu trang, giữa",
            element.source,
        )


def texts(paras, f: Findings) -> None:
    """Template tags, NFC, font (as Word shows it), colour, mixed spellings: every line."""
    words: dict[str, dict[str, int]] = {}
    seen: set = set()
    f.ran("template-tag", "not-nfc", "font-name", "colour", "mixed-spelling")
    for p in paras:
        text = p.text
        if not text.strip() or (id(p.element), p.line) in seen and p.split:
            continue
        seen.add((id(p.element), p.line))
        if any(tag in text for tag in ("{{", "{%", "{#")):
            f.error(
                "template-tag",
                p,
                "còn sót thẻ mẫu ({{, {% hoặc {#) trong văn bản",
                "xóa thẻ hoặc điền nội dung thay cho nó",
                "report-drafter",
            )
        if not unicodedata.is_normalized("NFC", text):
            f.error(
                "not-nfc",
                p,
                "chữ không ở dạng Unicode dựng sẵn (NFC): dấu được gõ rời",
                "gõ lại bằng bảng mã Unicode dựng sẵn, hoặc chạy check --fix",
                "TCVN 6909:2001",
                repair=Repair("nfc", p),
            )
        _font(p, f)
        _colour(p, f)
        _count_spellings(text, words)
    for modern, counts in words.items():
        if len(counts) > 1:
            forms = " và ".join(f"“{k}” ({v} lần)" for k, v in counts.items())
            f.warn(
                "mixed-spelling",
                (LAST, "toàn văn bản"),
                f"dùng lẫn hai cách bỏ dấu thanh: {forms}",
                f"thống nhất một cách viết trong cả văn bản, ví dụ “{modern}”",
                "thông lệ",
            )


def _font(p, f: Findings) -> None:
    for text, fmt in p.runs:
        if not any(c.isalpha() for c in text) or fmt.font in SYMBOL_FONTS:
            continue  # tick boxes and bullets in a symbol font
        if fmt.font and fmt.font != layout.FONT:
            got = f"{fmt.font}, phông của chủ đề (theme)" if fmt.theme else fmt.font
            f.error(
                "font-name",
                p,
                f"phông chữ phải là {layout.FONT} (đang là {got})",
                f"chọn phông {layout.FONT} cho đoạn này hoặc cho kiểu (style) của nó",
                "TCVN 6909:2001; " + (f.profile.page.source.split(",")[0] if f.profile else "NĐ 30/2020; HD 36"),
                repair=Repair("font", p, layout.FONT),
            )
            return


def _colour(p, f: Findings) -> None:
    """One finding per line: an error for coloured text, "cần xem lại" for a coloured link."""
    rule = f.profile.rule("colour") if f.profile else {}
    clause = rule.get("clause", "NĐ 30/2020; HD 36")
    coloured = [fmt for text, fmt in p.runs if text.strip() and fmt.color and fmt.color not in BLACK]
    link = next((fmt for fmt in coloured if fmt.link), None)
    text = next((fmt for fmt in coloured if not fmt.link), None)
    if link is not None:  # Word colours a link itself: the writer may not have chosen it
        f.review(
            "colour",
            p,
            f"chữ của liên kết (hyperlink) màu #{link.color}",
            "đặt màu chữ Tự động hoặc Đen",
            "liên kết",
            clause,
        )
    if text is not None:
        f.error(
            "colour",
            p,
            f"chữ phải màu đen (đang là màu #{text.color})",
            "đặt màu chữ Tự động hoặc Đen",
            clause,
            repair=Repair("colour", p),
        )


def _count_spellings(text: str, words: dict) -> None:
    lower = unicodedata.normalize("NFC", text).lower()
    for old, modern in layout.SPELLING_PAIRS:
        for form in (modern, old):
            n = len(re.findall(rf"(?<!\w){form}(?!\w)", lower))
            if n:
                words.setdefault(modern, {})[form] = words.get(modern, {}).get(form, 0) + n


def tables(doc, f: Findings, w: str) -> None:
    """A long data table whose first row is a header (bold, or marked) repeats it on every page."""
    f.ran("table-header-repeat")
    for t in doc.element.body.iter(f"{w}tbl"):
        rows = t.findall(f"{w}tr")
        if len(rows) < 15:
            continue
        first = rows[0].find(f"{w}trPr")
        if first is not None and first.find(f"{w}tblHeader") is not None:
            continue
        if not _has_header_row(rows, w):
            continue  # no header row to repeat
        text = "".join(x.text or "" for x in rows[0].iter(f"{w}t"))[:30]
        f.warn(
            "table-header-repeat",
            (LAST - 1, f"bảng «{text}»"),
            "bảng dài lặp lại hàng tiêu đề ở mỗi trang",
            "chọn hàng đầu → Bố cục bảng → Lặp lại hàng tiêu đề (Repeat Header Rows)",
            "thông lệ",
        )


def _has_header_row(rows, w: str) -> bool:
    """The first row is a header: bold, or a label (`TT`, `STT`) above numbered rows."""

    def cell_text(row, i=0):
        cells = row.findall(f"{w}tc")
        return "".join(x.text or "" for x in cells[i].iter(f"{w}t")).strip() if len(cells) > i else ""

    runs = [r for r in rows[0].iter(f"{w}r") if "".join(x.text or "" for x in r.iter(f"{w}t")).strip()]
    if runs and all(r.find(f"{w}rPr/{w}b") is not None for r in runs):
        return True
    label = cell_text(rows[0])
    return bool(label) and not any(c.isdigit() for c in label) and all(cell_text(r)[:1].isdigit() for r in rows[1:4])
