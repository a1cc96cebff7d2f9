"""The starter input printed by `report-drafter new`: every field with a Vietnamese comment."""

from __future__ import annotations

PERIOD_CHOICES = ("quarter-1", "quarter-2", "quarter-3", "quarter-4", "half-1", "half-2",
                  "nine-months", "year")

_PARTY = {
    "issuer": ("Đảng bộ thành phố Hải Phòng", "Quận ủy Kiến An", "QU", "Kiến An"),
    "signature": "  on_behalf_of: Ban Thường vụ     # T/M BAN THƯỜNG VỤ (thay mặt tập thể)\n"
                 "  title: Bí thư                  # chức vụ người ký: BÍ THƯ / PHÓ BÍ THƯ\n"
                 "  name: Nguyễn Văn A             # họ và tên người ký\n",
    "recipients": ["Ban Thường vụ Thành ủy (để báo cáo)", "Các đồng chí Quận ủy viên",
                   "Lưu Văn phòng Quận ủy"],
    "opening": "Thực hiện chương trình công tác năm {year}, Ban Thường vụ Quận ủy báo cáo kết quả như sau.",
}
_STATE = {
    "issuer": ("", "Ủy ban nhân dân quận Kiến An", "UBND", "Kiến An"),
    "signature": "  on_behalf_of: Ủy ban nhân dân   # TM. ỦY BAN NHÂN DÂN (thay mặt tập thể)\n"
                 "  deputy_for: Chủ tịch            # KT. CHỦ TỊCH (ký thay người đứng đầu); xóa dòng nếu Chủ tịch ký\n"
                 "  title: Phó Chủ tịch             # chức vụ người ký\n"
                 "  name: Nguyễn Văn B              # họ và tên người ký\n",
    "recipients": ["UBND thành phố (để báo cáo)", "Thường trực Quận ủy", "Lưu: VT, VP"],
    "opening": "Thực hiện kế hoạch phát triển kinh tế - xã hội năm {year}, Ủy ban nhân dân quận báo cáo kết quả như sau.",
}


def period_fields(choice: str) -> tuple[str, int]:
    """`half-1` → ("half", 1); `year` → ("year", 0)."""
    if choice == "nine-months":
        return "nine_months", 0
    if choice == "year":
        return "year", 0
    kind, index = choice.split("-")
    return kind, int(index)


def starter(system: str = "party", period: str = "half-1", year: int = 2026) -> str:
    """A complete, valid input file for `system` and `period`, commented in Vietnamese."""
    s = _PARTY if system == "party" else _STATE
    parent, name, abbr, place = s["issuer"]
    kind, index = period_fields(period)
    month = {"quarter": 3 * index, "half": 6 * index, "nine_months": 9, "year": 12}[kind]
    index_line = (f"  index: {index}                       # quý: 1–4; 6 tháng: 1 (đầu năm) hoặc 2 (cuối năm)\n"
                  if kind in ("quarter", "half") else "")
    parent_line = (f"  parent: {parent}   # cơ quan cấp trên (dòng đầu của tiêu đề)\n" if parent
                   else "  # parent: Thành phố Hải Phòng   # cơ quan cấp trên: không bắt buộc với UBND\n")
    recipients = "".join(f"  - {r}\n" for r in s["recipients"])
    return f"""\
# Tệp dữ liệu báo cáo cho report-drafter. Dòng bắt đầu bằng # là chú thích.
# Số viết theo kiểu Việt Nam: dấu chấm tách hàng nghìn (1.250), dấu phẩy thập phân (69,037).
# Kiểm tra: report-drafter validate TỆP.yaml   ·   Tạo văn bản: report-drafter render TỆP.yaml
system: {system}                  # party: văn bản của Đảng · state: văn bản hành chính (UBND)
draft: true                     # true: in dấu "DỰ THẢO" ở đầu trang 1
issuer:                         # cơ quan ban hành
{parent_line}  name: {name}      # tên cơ quan ban hành
  abbreviation: {abbr}                # chữ viết tắt trong số ký hiệu
  place: {place}                  # địa danh ở dòng ngày tháng
number: 12                      # số văn bản; xóa dòng này để văn thư điền sau
date: {year}-{month:02d}-25               # ngày ban hành (2026-06-25 hoặc 25/6/2026)
period:                         # kỳ báo cáo
  kind: {kind}                   # quarter: quý · half: 6 tháng · nine_months: 9 tháng · year: năm
{index_line}  year: {year}                      # năm của kỳ báo cáo
opening:                        # các đoạn mở đầu (không bắt buộc)
  - {s["opening"].format(year=year)}
indicators:                     # các chỉ tiêu; tỷ lệ phần trăm do chương trình tự tính
  - id: thu-ngan-sach           # mã để mục kết quả gọi tới (không bắt buộc)
    name: Tổng thu ngân sách nhà nước trên địa bàn   # tên chỉ tiêu
    unit: tỷ đồng               # đơn vị tính
    actual: 69,037              # số thực hiện trong kỳ
    estimated: true             # true: "ước đạt"; false: "đạt"
    targets:                    # kế hoạch, dự toán để so sánh (theo thứ tự)
      - label: dự toán thành phố   # tên kế hoạch, dự toán
        value: 140,6              # số kế hoạch, dự toán
    previous: 55,81             # cùng kỳ năm trước; hoặc ghi growth: 23,7 (% tăng) nếu không có
results:                        # Phần I: kết quả thực hiện nhiệm vụ, theo lĩnh vực
  - heading: Lãnh đạo phát triển kinh tế   # tên mục (số thứ tự do Word tự đánh)
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
    - text: Tiếp tục nâng cao chất lượng công tác xây dựng Đảng.
      items:                    # các nhiệm vụ con (đánh số 2.1., 2.2.)
        - Chuẩn bị tốt các điều kiện tổ chức hội nghị.
signature:                      # phần ký
{s["signature"]}recipients:                     # nơi nhận, theo thứ tự; dòng "Lưu ..." ở cuối
{recipients}"""
