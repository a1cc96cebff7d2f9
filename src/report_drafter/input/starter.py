"""The starter input printed by `report-drafter new`: every field with a Vietnamese comment."""

from __future__ import annotations

from report_drafter.rules import book as layout

PERIOD_CHOICES = (
    "quarter-1",
    "quarter-2",
    "quarter-3",
    "quarter-4",
    "half-1",
    "half-2",
    "nine-months",
    "year",
    *(f"month-{m}" for m in range(1, 13)),
)
UNIT_CHOICES = ("ward", "commune", "province", "district")  # district: before 1/7/2025

_PARTY_SIGNATURE = (
    "  on_behalf_of: Ban Thường vụ     # {on_behalf_of} BAN THƯỜNG VỤ (thay mặt tập thể); "
    "hoặc Đảng ủy → {on_behalf_of} ĐẢNG ỦY\n"
    "  title: Bí thư                  # chức vụ người ký: BÍ THƯ / PHÓ BÍ THƯ\n"
    "  name: Nguyễn Văn A             # họ và tên người ký\n"
)
_STATE_SIGNATURE = (
    "  on_behalf_of: Ủy ban nhân dân   # {on_behalf_of} ỦY BAN NHÂN DÂN (thay mặt tập thể)\n"
    "  deputy_for: Chủ tịch            # {deputy_for} CHỦ TỊCH (ký thay người đứng đầu); "
    "xóa dòng nếu Chủ tịch ký\n"
    "  title: Phó Chủ tịch             # chức vụ người ký\n"
    "  name: Nguyễn Văn B              # họ và tên người ký\n"
)
# (system, unit) → issuer (parent, name, abbreviation, place), recipients, opening, who reports
_UNITS = {
    ("party", "ward"): (
        ("Đảng bộ thành phố Hải Phòng", "Đảng ủy phường Đồ Sơn", "ĐU", "Đồ Sơn"),
        ["Ban Thường vụ Thành ủy (để báo cáo)", "Các đồng chí Đảng ủy viên", "Lưu Văn phòng Đảng ủy"],
        "Ban Thường vụ Đảng ủy phường",
    ),
    ("party", "commune"): (
        ("Đảng bộ thành phố Hải Phòng", "Đảng ủy xã Kiến Thụy", "ĐU", "Kiến Thụy"),
        ["Ban Thường vụ Thành ủy (để báo cáo)", "Các đồng chí Đảng ủy viên", "Lưu Văn phòng Đảng ủy"],
        "Ban Thường vụ Đảng ủy xã",
    ),
    ("party", "province"): (
        ("", "Thành ủy Hải Phòng", "TU", "Hải Phòng"),
        [
            "Ban Bí thư Trung ương Đảng (để báo cáo)",
            "Văn phòng Trung ương Đảng",
            "Các đồng chí Thành ủy viên",
            "Lưu Văn phòng Thành ủy",
        ],
        "Ban Thường vụ Thành ủy",
    ),
    ("party", "district"): (
        ("Đảng bộ thành phố Hải Phòng", "Quận ủy Kiến An", "QU", "Kiến An"),
        ["Ban Thường vụ Thành ủy (để báo cáo)", "Các đồng chí Quận ủy viên", "Lưu Văn phòng Quận ủy"],
        "Ban Thường vụ Quận ủy",
    ),
    ("state", "ward"): (
        ("", "Ủy ban nhân dân phường Đồ Sơn", "UBND", "Đồ Sơn"),
        ["UBND thành phố (để báo cáo)", "Thường trực Đảng ủy phường", "Thường trực HĐND phường", "Lưu: VT, VP"],
        "Ủy ban nhân dân phường",
    ),
    ("state", "commune"): (
        ("", "Ủy ban nhân dân xã Kiến Thụy", "UBND", "Kiến Thụy"),
        ["UBND thành phố (để báo cáo)", "Thường trực Đảng ủy xã", "Thường trực HĐND xã", "Lưu: VT, VP"],
        "Ủy ban nhân dân xã",
    ),
    ("state", "province"): (
        ("", "Ủy ban nhân dân thành phố Hải Phòng", "UBND", "Hải Phòng"),
        ["Văn phòng Chính phủ (để báo cáo)", "Thường trực Thành ủy", "Thường trực HĐND thành phố", "Lưu: VT, VP"],
        "Ủy ban nhân dân thành phố",
    ),
    ("state", "district"): (
        ("", "Ủy ban nhân dân quận Kiến An", "UBND", "Kiến An"),
        ["UBND thành phố (để báo cáo)", "Thường trực Quận ủy", "Lưu: VT, VP"],
        "Ủy ban nhân dân quận",
    ),
}
# system → (abbreviation comment, first results heading, task with sub-items)
_WORDING = {
    "party": (
        "ĐU: Đảng ủy, TU: Thành ủy",
        "Lãnh đạo phát triển kinh tế",
        "Tiếp tục nâng cao chất lượng công tác xây dựng Đảng.",
    ),
    "state": (
        "UBND: Ủy ban nhân dân",
        "Phát triển kinh tế",
        "Nâng cao hiệu lực, hiệu quả quản lý nhà nước, cải cách hành chính.",
    ),
}
_REVIEW = {
    "party": (
        "Nghị quyết số 06-NQ/TU ngày 15/3/2023 của Ban Thường vụ Thành ủy về phát triển kinh tế biển",
        "Nghị quyết",
    ),
    "state": ("Đề án số 12/ĐA-UBND ngày 20/4/2023 của Ủy ban nhân dân thành phố về chuyển đổi số", "Đề án"),
}


def period_fields(choice: str) -> tuple[str, int]:
    """`half-1` → ("half", 1); `month-10` → ("month", 10); `year` → ("year", 0)."""
    if choice == "nine-months":
        return "nine_months", 0
    if choice == "year":
        return "year", 0
    kind, index = choice.split("-")
    return kind, int(index)


REVIEW_YEARS = 3  # a thematic review's starter covers this many years up to `year`


def starter(
    system: str = "party", period: str = "half-1", year: int = 2026, unit: str = "ward", review: bool = False
) -> str:
    """A complete, valid input file for `system`, `unit` and `period` (or a thematic review)."""
    (parent, name, abbr, place), recipient_list, reporter = _UNITS[(system, unit)]
    signature = (_PARTY_SIGNATURE if system == "party" else _STATE_SIGNATURE).format(
        **layout.profile(system).signature_prefixes
    )
    abbr_note, heading, task = _WORDING[system]
    if parent:
        parent_line = f"  parent: {parent}   # cơ quan cấp trên (dòng đầu của tiêu đề)\n"
    else:
        parent_line = "  # parent: ...   # cơ quan cấp trên: không ghi với UBND, Thành ủy, Tỉnh ủy\n"
    recipients = "".join(f"  - {r}\n" for r in recipient_list)
    if review:
        subject, short = _REVIEW[system]
        date = f"{year}-11-25"
        span = f"""\
review:                         # sơ kết thực hiện một văn bản (thay cho period)
  subject: {subject}   # tên đầy đủ của văn bản
  short: {short}              # cách gọi tắt trong bài
  from: {year - REVIEW_YEARS}                    # năm bắt đầu thực hiện
  to: {year}                      # năm sơ kết (không ghi: năm của ngày ban hành)
"""
        opening = f"Thực hiện {subject}, {reporter} báo cáo kết quả {REVIEW_YEARS} năm thực hiện như sau."
        comparison = (
            f"    targets:                    # mục tiêu của văn bản để so sánh\n"
            f"      - label: mục tiêu {short} đến năm {year + 4}   # tên mục tiêu\n"
            f"        value: 300              # số mục tiêu\n"
            f"    previous: 45,2              # số liệu năm bắt đầu thực hiện\n"
            f"    compared_to: năm {year - REVIEW_YEARS}       # so sánh với: "
            f'"tăng …% so với năm {year - REVIEW_YEARS}"\n'
        )
    else:
        kind, index = period_fields(period)
        month = {"quarter": 3 * index, "half": 6 * index, "nine_months": 9, "year": 12, "month": index}[kind]
        date = f"{year}-{month:02d}-25"
        index_line = (
            f"  index: {index}                       # quý: 1–4; 6 tháng: 1 (đầu năm) hoặc 2 (cuối năm); tháng: 1–12\n"
            if kind in ("quarter", "half", "month")
            else ""
        )
        span = f"""\
period:                         # kỳ báo cáo
  kind: {kind}                   # quarter: quý · half: 6 tháng · nine_months: 9 tháng · year: năm · month: tháng
{index_line}  year: {year}                      # năm của kỳ báo cáo
"""
        opening = (
            f"Thực hiện chương trình công tác năm {year}, {reporter} báo cáo kết quả như sau."
            if system == "party"
            else f"Thực hiện kế hoạch phát triển kinh tế - xã hội năm {year}, {reporter} báo cáo kết quả như sau."
        )
        comparison = (
            "    targets:                    # kế hoạch, dự toán để so sánh (theo thứ tự)\n"
            "      - label: dự toán thành phố   # tên kế hoạch, dự toán\n"
            "        value: 140,6              # số kế hoạch, dự toán\n"
            "    previous: 55,81             # cùng kỳ năm trước; hoặc ghi growth: 23,7 (% tăng) "
            "nếu không có\n"
        )
    return f"""\
# Tệp dữ liệu báo cáo cho report-drafter. Dòng bắt đầu bằng # là chú thích.
# Số viết theo kiểu Việt Nam: dấu chấm tách hàng nghìn (1.250), dấu phẩy thập phân (69,037).
# Kiểm tra: report-drafter validate TỆP.yaml   ·   Tạo văn bản: report-drafter render TỆP.yaml
system: {system}                  # party: văn bản của Đảng · state: văn bản hành chính (UBND)
draft: true                     # true: in dấu "DỰ THẢO" ở đầu trang 1
issuer:                         # cơ quan ban hành
{parent_line}  name: {name}      # tên cơ quan ban hành
  abbreviation: {abbr}                # chữ viết tắt trong số ký hiệu ({abbr_note})
  place: {place}                  # địa danh ở dòng ngày tháng
number: 12                      # số văn bản; xóa dòng này để văn thư điền sau
date: {date}               # ngày ban hành (2026-06-25 hoặc 25/6/2026)
{span}opening:                        # các đoạn mở đầu (không bắt buộc)
  - {opening}
indicators:                     # các chỉ tiêu; tỷ lệ phần trăm do chương trình tự tính
  - id: thu-ngan-sach           # mã để mục kết quả gọi tới (không bắt buộc)
    name: Tổng thu ngân sách nhà nước trên địa bàn   # tên chỉ tiêu
    unit: tỷ đồng               # đơn vị tính
    actual: 69,037              # số thực hiện trong kỳ
    estimated: true             # true: "ước đạt"; false: "đạt"
{comparison}results:                        # Phần I: kết quả thực hiện nhiệm vụ, theo lĩnh vực
  - heading: {heading}   # tên mục (số thứ tự do Word tự đánh)
    indicators: [thu-ngan-sach]             # câu chỉ tiêu mở đầu mục
    paragraphs:                             # các đoạn; đoạn bắt đầu bằng "- " là gạch đầu dòng
      - Tình hình kinh tế - xã hội tiếp tục ổn định.
      - "- Công tác quản lý đô thị đạt kết quả **tích cực**."
assessment:                     # đánh giá chung (không bắt buộc)
  strengths:                    # ưu điểm
    - Các chỉ tiêu chủ yếu đạt và vượt kế hoạch.
  limitations:                  # hạn chế, tồn tại
    - Tiến độ một số dự án còn chậm.
tasks:                          # Phần II: phương hướng, nhiệm vụ kỳ tới
  intro: Tập trung thực hiện một số nhiệm vụ trọng tâm sau   # câu dẫn (không bắt buộc)
  items:                        # mỗi nhiệm vụ là một dòng, hoặc text + items cho nhiệm vụ con
    - Tăng cường công tác thu ngân sách.
    - text: {task}
      items:                    # các nhiệm vụ con (đánh số 2.1., 2.2.)
        - Chuẩn bị tốt các điều kiện tổ chức hội nghị.
signature:                      # phần ký
{signature}recipients:                     # nơi nhận, theo thứ tự; dòng "Lưu ..." ở cuối
{recipients}meeting:                        # hội nghị thảo luận báo cáo (không bắt buộc; cần cho report-drafter brief)
  date: {date}               # ngày họp
  time: chiều                   # buổi: sáng · chiều · tối
  place: Hội trường cơ quan     # địa điểm (không bắt buộc)
  name: Hội nghị {"sơ kết" if review else "báo cáo"} của {reporter}   # tên hội nghị
  chair:                        # người chủ trì
    name: Nguyễn Văn A          # họ và tên
    title: {"Bí thư" if system == "party" else "Chủ tịch"}               # chức vụ
  attendees:                    # thành phần dự (mỗi dòng một nhóm)
    - các đồng chí lãnh đạo các cơ quan, đơn vị
  conclusion:                   # ý kiến kết luận của người chủ trì, bắt đầu bằng động từ
    - Đề nghị các cơ quan, đơn vị tập trung hoàn thành các nhiệm vụ đã đề ra.
"""
