"""The report form as data: every field of the input format (docs/input-format.md) with its
Vietnamese label and kind. The page's script builds the form from this; the keys are the
model's field names, so a problem's field path (`indicators[0].actual`) names its input.
"""

from __future__ import annotations

from report_drafter import model


def text(key, label, hint=""):
    return {"key": key, "label": label, "type": "text", "hint": hint}


def long(key, label, hint=""):
    return {"key": key, "label": label, "type": "long", "hint": hint}


def number(key, label, hint=""):
    return {"key": key, "label": label, "type": "number", "hint": hint}


def choice(key, label, options, hint=""):
    return {"key": key, "label": label, "type": "choice", "options": options, "hint": hint}


def yes_no(key, label):
    return choice(key, label, [["", "(không ghi)"], ["true", "có"], ["false", "không"]])


def group(key, label, fields, hint=""):
    return {"key": key, "label": label, "type": "group", "fields": fields, "hint": hint}


def items(key, label, of, add="Thêm", hint="", layout=""):
    return {"key": key, "label": label, "type": "list", "of": of, "add": add, "hint": hint, "layout": layout}


LINE = {"type": "long", "label": ""}
SHORT_LINE = {"type": "text", "label": ""}

SECTION = {
    "type": "group",
    "ref": "section",
    "fields": [
        text("heading", "Tên mục"),
        items("indicators", "Câu chỉ tiêu mở đầu mục (mã chỉ tiêu)", SHORT_LINE, "Thêm mã"),
        items("paragraphs", 'Các đoạn (đoạn bắt đầu bằng "- " là gạch đầu dòng)', LINE, "Thêm đoạn"),
        group(
            "table",
            "Bảng trong mục",
            [
                text("caption", "Tên bảng"),
                items("header", "Tiêu đề các cột", SHORT_LINE, "Thêm cột"),
                items(
                    "rows", "Các dòng", {"type": "list", "of": SHORT_LINE, "add": "Thêm ô", "label": ""}, "Thêm dòng"
                ),
            ],
        ),
        items("sections", "Mục con", {"type": "ref", "ref": "section"}, "Thêm mục con"),
    ],
}

TASK = {
    "type": "group",
    "ref": "task",
    "fields": [
        long("text", "Nhiệm vụ"),
        items("paragraphs", "Các đoạn dưới nhiệm vụ", LINE, "Thêm đoạn"),
        items("items", "Nhiệm vụ con", {"type": "ref", "ref": "task"}, "Thêm nhiệm vụ con"),
    ],
}

PERIOD_KINDS = [
    ["quarter", "quý"],
    ["half", "6 tháng"],
    ["nine_months", "9 tháng"],
    ["year", "năm"],
    ["month", "tháng"],
]
assert [k for k, _ in PERIOD_KINDS] == list(model.PERIOD_KINDS)

INDICATOR = {
    "type": "group",
    "fields": [
        text("name", "Tên chỉ tiêu"),
        text("unit", "Đơn vị tính"),
        number("actual", "Thực hiện"),
        yes_no("estimated", "Ước đạt"),
        number("previous", "Cùng kỳ"),
        items(
            "targets",
            "Kế hoạch, dự toán",
            {"type": "group", "fields": [text("label", "Tên kế hoạch"), number("value", "Số kế hoạch")]},
            "Thêm kế hoạch",
        ),
        number("growth", "Tăng (%)", "khi không có số cùng kỳ"),
        text("id", "Mã (để mục kết quả gọi tới)"),
        choice(
            "compare",
            "So sánh với cùng kỳ",
            [["", "(mặc định: tăng/giảm %)"], ["growth", "tăng/giảm %"], ["ratio", "bằng …% cùng kỳ"]],
        ),
        number("ratio", "Bằng (% cùng kỳ)"),
        text("compared_to", "Tên của kỳ so sánh", 'thay cho "cùng kỳ", ví dụ: năm 2023'),
        long("sentence", "Câu riêng của cơ quan", "có chỗ trống {actual}, {unit}…"),
        choice("aggregate", "Cộng khi tổng hợp", [["", "(mặc định: không)"], ["none", "không"], ["sum", "cộng"]]),
        choice(
            "direction",
            "Chiều tốt",
            [["", "(mặc định: tăng là tốt)"], ["up", "tăng là tốt"], ["down", "giảm là tốt (tai nạn, hộ nghèo…)"]],
        ),
        text("verb", "Động từ trước số liệu", 'thay cho "đạt", ví dụ: xảy ra'),
        choice(
            "in_body",
            "In câu trong thân bài",
            [["", "(mặc định: có)"], ["true", "có"], ["false", "không, chỉ trong bảng phụ lục"]],
        ),
    ],
}

PART = {
    "type": "group",
    "fields": [
        text("heading", "Tên phần", "ví dụ: Kiến nghị, đề xuất"),
        choice(
            "place",
            "Đứng ở",
            [
                ["", "(mặc định: sau Phần II)"],
                ["before_results", "trước Phần I"],
                ["before_tasks", "giữa Phần I và Phần II"],
                ["after_tasks", "sau Phần II"],
            ],
        ),
        *SECTION["fields"][1:],
    ],
}

FORM = {
    "type": "group",
    "fields": [
        group(
            "issuer",
            "Cơ quan ban hành",
            [
                text("name", "Tên cơ quan", "ví dụ: Đảng ủy phường Đồ Sơn"),
                text("abbreviation", "Chữ viết tắt", "ĐU, UBND…"),
                text("place", "Địa danh"),
                text("parent", "Cơ quan cấp trên"),
            ],
        ),
        choice("system", "Hệ thống văn bản", [["", "(không ghi)"], ["party", "Đảng"], ["state", "Nhà nước"]]),
        number("number", "Số văn bản", "để trống cho văn thư điền"),
        {"key": "date", "label": "Ngày ban hành", "type": "text", "hint": "2026-06-25 hoặc 25/6/2026"},
        group(
            "period",
            "Kỳ báo cáo",
            [
                choice("kind", "Loại kỳ", [["", "(không ghi)"]] + PERIOD_KINDS),
                number("index", "Thứ tự", "quý 1–4; 6 tháng 1–2; tháng 1–12"),
                number("year", "Năm"),
            ],
        ),
        group(
            "review",
            "Hoặc: sơ kết một văn bản (thay cho kỳ báo cáo)",
            [
                long("subject", "Văn bản được sơ kết"),
                text("short", "Gọi tắt", "ví dụ: Nghị quyết"),
                number("from", "Từ năm"),
                number("to", "Đến năm"),
            ],
        ),
        text("title", "Tiêu đề riêng", "để trống: chương trình tự đặt"),
        items("opening", "Mở đầu", LINE, "Thêm đoạn"),
        items("indicators", "Các chỉ tiêu", INDICATOR, "Thêm chỉ tiêu", layout="table"),
        choice(
            "indicator_table", "Phụ lục bảng chỉ tiêu", [["", "(mặc định: có)"], ["appendix", "có"], ["none", "không"]]
        ),
        items("results_intro", "Đoạn ngay dưới tên Phần I", LINE, "Thêm đoạn"),
        items("results", "Phần I: kết quả theo lĩnh vực", SECTION, "Thêm mục"),
        group(
            "assessment",
            "Đánh giá chung",
            [
                items("strengths", "Ưu điểm", LINE, "Thêm ý"),
                items("limitations", "Hạn chế", LINE, "Thêm ý"),
                items("causes", "Nguyên nhân", LINE, "Thêm ý"),
                items("lessons", "Bài học kinh nghiệm", LINE, "Thêm ý"),
            ],
        ),
        group(
            "tasks",
            "Phần II: phương hướng, nhiệm vụ",
            [long("intro", "Câu dẫn"), items("items", "Nhiệm vụ", TASK, "Thêm nhiệm vụ")],
        ),
        items("more_parts", "Các phần khác (đặc điểm tình hình, kiến nghị…)", PART, "Thêm phần"),
        items("closing", "Đoạn kết (trước phần ký)", LINE, "Thêm đoạn"),
        group("parts", "Tên riêng của các phần", [text("results", "Phần I"), text("tasks", "Phần II")]),
        group(
            "signature",
            "Người ký",
            [
                text("title", "Chức vụ"),
                text("name", "Họ và tên"),
                text("on_behalf_of", "Thay mặt (T/M, TM.)"),
                text("by_order_of", "Thừa lệnh (T/L, TL.)"),
                text("deputy_for", "Ký thay (K/T, KT.)"),
            ],
        ),
        items("recipients", "Nơi nhận", SHORT_LINE, "Thêm nơi nhận"),
        group(
            "meeting",
            "Hội nghị (cho tin bài)",
            [
                text("name", "Tên hội nghị"),
                {"key": "date", "label": "Ngày họp", "type": "text", "hint": ""},
                choice("time", "Buổi", [["", "(không ghi)"]] + [[t, t] for t in model.MEETING_TIMES]),
                text("place", "Địa điểm"),
                group("chair", "Người chủ trì", [text("name", "Họ và tên"), text("title", "Chức vụ")]),
                items("attendees", "Thành phần dự", SHORT_LINE, "Thêm"),
                items("conclusion", "Kết luận của chủ trì", LINE, "Thêm ý"),
            ],
        ),
        group("more", "Khác", []),
        text("template", "Mẫu văn bản", "party, state hoặc đường dẫn tệp .docx"),
        yes_no("draft", "Dấu DỰ THẢO"),
        text("output", "Tên tệp kết quả", "để trống: chương trình tự đặt"),
        text("regulation", "Bộ quy tắc thể thức"),
        choice(
            "number_format",
            "Cách viết số",
            [["", "(mặc định: kiểu Việt Nam)"], ["vietnamese", "kiểu Việt Nam"], ["plain", "kiểu máy (12.5)"]],
        ),
    ],
}
FORM["fields"] = [f for f in FORM["fields"] if f["key"] != "more"]
