"""`import`: documents of ours come back exactly (with people's edits); reports written by
other offices come back with their header exact, their paragraphs word for word and no
invented figure; `--next-period` makes the skeleton of the next report."""

from __future__ import annotations

import copy
import random
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document
from hypothesis import given, settings, strategies as st

import import_corpus
from cli_helpers import cli
from report_drafter import model
from report_drafter.text import compute, context
from report_drafter.fromdocx import importer as importdocx, recognise
from report_drafter.input import schema as load
from report_drafter.document import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFFICE = shutil.which("soffice")


# ------------------------------------------------------------------ reading back


def texts_of(data_or_path) -> list[str]:
    """Every non-empty paragraph of the body (table cells included), in order, as read."""
    doc = Document(data_or_path)
    out = []
    for p in doc.element.body.iter(W + "p"):
        t = " ".join("".join(x.text or "" for x in p.iter(W + "t")).split())
        if t:
            out.append(t)
    return out


def render_yaml(text: str) -> list[str]:
    import io

    loaded = load.load_text(text, "<import>")
    assert loaded.ok, [p.format() for p in loaded.problems if p.is_error]
    template = render.prepare(render.builtin_template(loaded.report.system))
    return texts_of(io.BytesIO(template.render(context.build_context(loaded.report)).data))


def invented_figures(yaml_text: str, source_texts: list[str]) -> list[str]:
    """Lines of the YAML holding a number found nowhere in the source and not said to be computed."""
    known = set()
    for t in source_texts:
        known |= recognise.numbers_in(t)
    bad = []
    for line in yaml_text.splitlines():
        if line.lstrip().startswith("#") or re.match(r"\s*(index|kind):", line):
            continue
        value, _, comment = line.partition("  # ")
        if "suy ra" in comment or "tính" in comment or "bản ghi đầu vào" in comment:
            continue
        for n in recognise.numbers_in(value.split(":", 1)[-1] if ":" in value else value):
            if n not in known:
                bad.append(line)
    return bad


def _no_bullet(text: str) -> str:
    return re.sub(r"^- ", "", text)


# ------------------------------------------------------------------ reports of other offices


@pytest.mark.parametrize("spec", import_corpus.CORPUS, ids=[s["name"] for s in import_corpus.CORPUS])
def test_report_of_another_office(spec, tmp_path):
    path = tmp_path / f"{spec['name']}.docx"
    import_corpus.build(spec, path)
    result = importdocx.import_path(path)
    assert result.loaded.ok, [p.format() for p in result.loaded.problems if p.is_error]
    data = yaml.safe_load(result.yaml)
    want = spec["expected"]
    # the header, exact
    assert data["system"] == want["system"]
    for key, value in want["issuer"].items():
        assert data["issuer"].get(key) == value, key
    assert "parent" in data["issuer"] if "parent" in want["issuer"] else "parent" not in data["issuer"]
    assert data.get("number") == want["number"]
    assert str(data["date"]) == want["date"]
    if "period" in want:
        assert data["period"] == want["period"]
        assert "review" not in data
    else:
        assert data["review"] == want["review"]
    assert data["signature"] == want["signature"]
    assert len(data.get("recipients", [])) == want["recipients"]
    assert len(data.get("indicators", [])) == want["indicators"]
    if "tasks" in want:
        assert len(data["tasks"]["items"]) == want["tasks"]
    assert [p["heading"] for p in data.get("more_parts", [])] == want.get("more_parts", [])
    assert ("assessment" in data) == want.get("assessment", False)
    assert ("closing" in data) == want.get("closing", False)
    if "table" in want:
        assert any("table" in s for s in data["results"])
    if "table_only" in want:
        assert sum(1 for i in data["indicators"] if i.get("in_body") is False) == want["table_only"]
        assert "indicator_table" not in data
    if "plan_from_appendix" in want:
        assert f"value: {want['plan_from_appendix']}" in result.yaml  # read, not computed back
    # the body, word for word (a typed number is Word's list number once rendered)
    rendered = {_no_bullet(t) for t in render_yaml(result.yaml)}  # a Word bullet is a typed dash once rendered
    body = [
        " ".join(item[3 if item[0] == "h" else 1].split())
        for item in spec["body"]
        if item[0] in ("p", "h", "bullet", "caps")
    ]
    present = [t for t in body if _no_bullet(t) in rendered]
    assert len(present) >= 0.9 * len(body), sorted(set(body) - set(present))
    # no invented figure
    assert invented_figures(result.yaml, texts_of(str(path))) == []


def test_indicator_figures_computed_back_say_so(tmp_path):
    spec = import_corpus.CORPUS[0]
    path = tmp_path / "a.docx"
    import_corpus.build(spec, path)
    text = importdocx.import_path(path).yaml
    assert "value: 140,605  # số suy ra: tính ngược từ 49,1% và số thực hiện 69,037" in text
    assert "growth: 23,7\n" in text
    assert "previous: 55,81  # số suy ra" in text
    # the office's sentence printed back exactly
    assert (
        "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 69,037 tỷ đồng, đạt 49,1% dự toán thành phố; "
        "42,5% dự toán HĐND quận, tăng 23,7% so với cùng kỳ."
    ) in render_yaml(text)


@pytest.mark.parametrize("spec", import_corpus.NOT_REPORTS, ids=[s["name"] for s in import_corpus.NOT_REPORTS])
def test_not_a_report_is_imported_with_a_warning(spec, tmp_path):
    path = tmp_path / f"{spec['name']}.docx"
    import_corpus.build(spec, path)
    out = tmp_path / "out.yaml"
    r = cli("import", str(path), "-o", str(out))
    assert "CẢNH BÁO" in r.stdout and "không phải báo cáo" in r.stdout
    assert "Traceback" not in r.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Nhập từ") and "# - CẢNH BÁO" in text
    assert invented_figures(text, texts_of(str(path))) == []


# ------------------------------------------------------------------ documents of ours

_SECTIONS = [
    "Lãnh đạo phát triển kinh tế",
    "Văn hóa - xã hội",
    "Quốc phòng - an ninh",
    "Công tác xây dựng Đảng, chính quyền và vận động quần chúng",
    "Quản lý đô thị, tài nguyên, môi trường",
]
_SENTENCES = [
    "Công tác quản lý đô thị, trật tự hè đường, chỉnh trang đô thị đạt kết quả tích cực.",
    "- Tổ chức thành công Liên hoan du lịch “Đồ Sơn - Miền di sản”, Lễ hội đảo Dấu.",
    "Hoàn thành 100% chỉ tiêu giao quân và tổ chức ra quân huấn luyện năm 2019 đảm bảo chất lượng.",
    "- Tình hình an ninh chính trị, trật tự an toàn xã hội ổn định.",
    "Hội đồng nhân dân quận tổ chức kỳ họp thứ 8, kỳ họp thứ 9 (bất thường) kiện toàn nhân sự.",
    "Vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội được phát huy.",
    "Công tác quản lý đô thị đạt kết quả **tích cực**; *một số chỉ tiêu* vượt kế hoạch.",
]
_TASKS = [
    "Tập trung rà soát các chỉ tiêu nhiệm vụ, các chương trình công tác được giao.",
    "Tiếp tục lãnh đạo, chỉ đạo toàn diện các mặt công tác xây dựng Đảng.",
    "Tập trung nguồn lực tháo gỡ vướng mắc, giải quyết dứt điểm các tồn tại.",
    "Đẩy nhanh tiến độ giải phóng mặt bằng các dự án trọng điểm.",
]


def generated_input(rng: random.Random) -> str:
    """A random but valid input of either system, with the indicator forms of the format."""
    party = rng.random() < 0.5
    year = rng.choice([2019, 2021, 2025])
    kind = rng.choice(["half", "quarter", "year", "month"])
    index = {"half": 1, "quarter": rng.randint(1, 3), "year": 0, "month": rng.randint(1, 11)}[kind]
    lines = [f"system: {'party' if party else 'state'}", "issuer:"]
    if party:
        lines += ["  parent: Đảng bộ thành phố Hải Phòng", "  name: Quận ủy Đồ Sơn", "  abbreviation: QU"]
    else:
        lines += ["  name: Ủy ban nhân dân phường Đồ Sơn", "  abbreviation: UBND"]
    lines += [
        "  place: Đồ Sơn",
        f"number: {rng.randint(1, 300)}",
        f"date: {year + (kind == 'year')}-{'01' if kind == 'year' else '12'}-28",
        f"period: {{kind: {kind}, year: {year}" + (f", index: {index}}}" if index else "}"),
        "indicators:",
        "  - {id: thu-ngan-sach, name: Tổng thu ngân sách nhà nước trên địa bàn, unit: tỷ đồng, actual: "
        f'"{rng.choice(["69,037", "1.215,4", "46,2"])}", estimated: true, targets: [{{label: dự toán thành phố, value: "140,6"}}], '
        f'previous: "{rng.choice(["55,81", "41,3", "1.302,7"])}"}}',
        f'  - {{id: cong-nghiep, name: Giá trị sản xuất công nghiệp, growth: "{rng.choice(["9", "7,2", "-3,1"])}"}}',
        f"  - {{id: dang-vien, name: Số đảng viên mới được kết nạp, unit: đảng viên, actual: {rng.randint(5, 90)}}}",
        "results:",
    ]
    ids = ["thu-ngan-sach", "cong-nghiep", "dang-vien"]
    for i, heading in enumerate(rng.sample(_SECTIONS, rng.randint(2, 4))):
        lines.append(f"  - heading: {heading}")
        if i < len(ids):
            lines.append(f"    indicators: [{ids[i]}]")
        lines.append("    paragraphs:")
        for s in rng.sample(_SENTENCES, rng.randint(1, 3)):
            lines.append(f'      - "{s}"')
        if rng.random() < 0.4:
            lines += [
                "    sections:",
                "      - heading: Về tổ chức bộ máy",
                "        paragraphs:",
                f'          - "{rng.choice(_SENTENCES)}"',
            ]
    lines += [
        "assessment:",
        "  strengths:",
        "    - Tình hình kinh tế - xã hội tiếp tục ổn định.",
        "  limitations:",
        "    - Quy mô kinh tế còn nhỏ.",
    ]
    lines += ["tasks:", "  intro: Tập trung thực hiện một số nhiệm vụ trọng tâm sau", "  items:"]
    for t in rng.sample(_TASKS, rng.randint(2, 4)):
        lines.append(f"    - {t}")
    lines += [
        "    - text: Nâng cao chất lượng công tác xây dựng Đảng.",
        "      items:",
        "        - Kiện toàn tổ chức cơ sở đảng.",
        "        - Phát triển đảng viên mới.",
    ]
    if rng.random() < 0.5:
        lines += [
            "more_parts:",
            "  - heading: Đặc điểm tình hình",
            "    place: before_results",
            "    paragraphs:",
            "      - Năm nay thời tiết diễn biến phức tạp, ảnh hưởng đến sản xuất.",
        ]
    if rng.random() < 0.5:
        lines += (["more_parts:"] if "more_parts:" not in lines else []) + [
            "  - heading: Kiến nghị, đề xuất",
            "    sections:",
            "      - heading: Với thành phố",
            "        paragraphs:",
            "          - Đề nghị quan tâm bố trí vốn cho các dự án hạ tầng.",
        ]
    if rng.random() < 0.5:
        lines += ["closing:", "  - Trên đây là báo cáo kết quả thực hiện nhiệm vụ của đơn vị."]
    lines += [
        "signature:",
        "  on_behalf_of: Ban Thường vụ" if party else "  on_behalf_of: Ủy ban nhân dân",
        "  title: Bí thư" if party else "  title: Chủ tịch",
        "  name: Bùi Thị Hồng Vân",
        "recipients:",
        "  - Ban Thường vụ Thành ủy (để báo cáo)",
        "  - Lưu Văn phòng",
    ]
    return "\n".join(lines) + "\n"


def _render_to(text: str, path: Path) -> None:
    loaded = load.load_text(text, "<gen>")
    assert loaded.ok, [p.format() for p in loaded.problems]
    template = render.prepare(render.builtin_template(loaded.report.system))
    path.write_bytes(template.render(context.build_context(loaded.report)).data)


def _set_text(p, text: str) -> None:
    runs = p.runs
    runs[0].text = text
    for r in runs[1:]:
        r._r.getparent().remove(r._r)


def edit_like_people(path: Path, rng: random.Random) -> None:
    """Reword a paragraph, add and delete a section, add and delete a task, type a figure by hand."""
    doc = Document(str(path))
    paras = doc.paragraphs
    styles = [p.style.style_id for p in paras]
    h1 = [i for i, s in enumerate(styles) if s == "Heading1"] + [len(paras)]
    at = next(n for n, i in enumerate(h1) if paras[i].text.startswith("KẾT QUẢ"))
    part_i, part_ii, after = h1[at], h1[at + 1], h1[at + 2]  # Part I, Part II, what follows
    h1 = [part_i, part_ii]
    results = [i for i in range(part_i, part_ii) if styles[i] == "Heading2" and paras[i].text != "Đánh giá chung"]
    tasks = [i for i in range(part_ii, after) if styles[i] in ("Heading2", "Task2")]
    plain = [
        i
        for i in range(part_i, part_ii)
        if styles[i] == "Normal" and not paras[i]._p.findall(".//" + W + "bookmarkStart")
    ]
    # a reworded paragraph
    _set_text(paras[rng.choice(plain)], "Đoạn văn do thư ký viết lại: công tác cải cách hành chính có chuyển biến rõ.")
    # a figure typed by hand (the bare one, in the text and in the appendix)
    bare = next(p for p in paras if p.text.startswith("Số đảng viên mới được kết nạp:"))
    old = re.search(r"\d+", bare.text).group(0)
    new = str(int(old) + 7)
    for r in bare.runs:
        if r.text == old:
            r.text = new
    for table in doc.tables:
        for row in table.rows:
            if row.cells[1].text == "Số đảng viên mới được kết nạp" and row.cells[4].paragraphs[0].runs:
                for r in row.cells[4].paragraphs[0].runs:
                    if r.text == old:
                        r.text = new
    # an indicator sentence reworded around its figures (the appendix keeps the name)
    thu = next(p for p in paras if p.text.startswith("Tổng thu ngân sách nhà nước trên địa bàn"))
    thu.runs[0].text = "Thu ngân sách trên địa bàn quận (theo số liệu Chi cục Thuế) "
    # a task added and one deleted
    added = copy.deepcopy(paras[tasks[0]]._p)
    paras[tasks[-1]]._p.addnext(added)
    for t in added.iter(W + "t"):
        t.text = ""
    next(added.iter(W + "t")).text = "Nhiệm vụ do thư ký thêm: tổ chức tốt đại hội chi bộ."
    gone = paras[tasks[1]]._p
    gone.getparent().remove(gone)
    # a section added before the first, one without indicators deleted (with its paragraphs)
    first = paras[results[0]]._p
    heading, body = copy.deepcopy(first), copy.deepcopy(paras[plain[0]]._p)
    next(heading.iter(W + "t")).text = "Mục do thư ký thêm"
    for t in list(heading.iter(W + "t"))[1:]:
        t.text = ""
    for t in body.iter(W + "t"):
        t.text = ""
    next(body.iter(W + "t")).text = "Nội dung mục mới do thư ký thêm."
    first.addprevious(heading)
    first.addprevious(body)
    if len(results) > 3:
        start = results[3]
        end = next((i for i in range(start + 1, len(paras)) if styles[i] in ("Heading1", "Heading2")), h1[1])
        for i in range(start, end):
            paras[i]._p.getparent().remove(paras[i]._p)
    doc.save(str(path))


@pytest.mark.parametrize("seed", range(6))
def test_our_document_edited_by_people_comes_back_exactly(seed, tmp_path):
    rng = random.Random(seed)
    path = tmp_path / "doc.docx"
    _render_to(generated_input(rng), path)
    edit_like_people(path, rng)
    result = importdocx.import_path(path)
    assert result.loaded.ok, [p.format() for p in result.loaded.problems if p.is_error]
    assert render_yaml(result.yaml) == texts_of(str(path))
    assert "số gõ tay trong văn bản" in result.yaml
    assert "Nhiệm vụ do thư ký thêm" in result.yaml and "Mục do thư ký thêm" in result.yaml
    assert "sentence: Thu ngân sách trên địa bàn quận (theo số liệu Chi cục Thuế) " in result.yaml
    assert invented_figures(result.yaml, texts_of(str(path))) == []


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_our_document_saved_by_libreoffice_comes_back_exactly(tmp_path):
    rng = random.Random(42)
    src = tmp_path / "src" / "doc.docx"
    src.parent.mkdir()
    _render_to(generated_input(rng), src)
    edit_like_people(src, rng)
    out = tmp_path / "lo"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = out / "doc.docx"
    result = importdocx.import_path(saved)
    assert result.loaded.ok
    assert render_yaml(result.yaml) == texts_of(str(saved))


def test_bold_and_italic_words_come_back_as_marks(tmp_path):
    text = generated_input(random.Random(1)).replace(
        "results:\n",
        "results_intro:\n  - Công tác quản lý đô thị đạt kết quả **tích cực**; *một số chỉ tiêu* vượt.\nresults:\n",
    )
    path = tmp_path / "b.docx"
    _render_to(text, path)
    result = importdocx.import_path(path)
    assert "  - Công tác quản lý đô thị đạt kết quả **tích cực**; *một số chỉ tiêu* vượt.\n" in result.yaml


def test_every_bundled_input_comes_back_exactly(tmp_path):
    """Rendered, then imported: the same text and the same input (ids, previous figures, the
    office's sentences, meeting … come from the record the document carries)."""
    inputs = sorted(Path(__file__).parent.parent.glob("inputs/**/*.yaml"))
    inputs = [p for p in inputs if not p.name.startswith("_")]
    assert len(inputs) >= 8
    for p in inputs:
        defaults = p.parent / "_defaults.yaml"
        tree = load.load_defaults(defaults)[0] if defaults.exists() else None
        loaded = load.load_text(p.read_text(encoding="utf-8"), str(p), tree)
        template = render.prepare(render.builtin_template(loaded.report.system))
        doc = tmp_path / (p.stem + ".docx")
        doc.write_bytes(template.render(context.build_context(loaded.report)).data)
        result = importdocx.import_path(doc)
        assert render_yaml(result.yaml) == texts_of(str(doc)), p.name
        assert result.loaded.report == loaded.report, p.name  # the input itself, field for field


# ------------------------------------------------------------------ the next period


def test_next_period_is_the_skeleton_of_the_next_report(tmp_path):
    src = Path(__file__).parent.parent / "inputs" / "quan-uy-do-son-2019-6t.yaml"
    doc = tmp_path / "do-son.docx"
    _render_to(src.read_text(encoding="utf-8"), doc)
    r = cli("import", str(doc), "--next-period")
    assert r.returncode == 0, r.stderr
    written = sorted(tmp_path.glob("*.yaml"))
    assert [p.name for p in written] == ["quan-uy-do-son-2019-6t-cuoi.yaml"]  # named for the new period
    text = written[0].read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["period"] == {"kind": "half", "year": 2019, "index": 2}
    assert "number" not in data and "date" not in data and "title" not in data
    thu = next(i for i in data["indicators"] if i["id"] == "thu-ngan-sach")
    assert thu["previous"] == "69,037" and "actual" not in thu and "targets" not in thu
    assert "# actual: số thực hiện kỳ này, hãy điền" in text
    assert "# date: ngày ban hành của kỳ mới, hãy điền (kỳ mới kết thúc ngày 31/12/2019)" in text
    assert [s["heading"] for s in data["results"]][:1] == ["Lãnh đạo phát triển kinh tế"]
    assert data["tasks"]["items"]
    # validate tells the clerk what to fill, in Vietnamese, with the line
    v = cli("validate", str(written[0]))
    assert v.returncode != 0 and "thiếu date" in v.stderr and "actual" in v.stderr
    # once filled, it is an input like any other
    dated = text.replace("# date: ngày ban hành", "date: 2019-12-25  # ngày ban hành")
    assert load.load_text(dated, "<dated>", blank=True).ok  # figures still to collect: a blank workbook's input
    filled = dated
    filled = re.sub(r"( *)# actual: số thực hiện kỳ này, hãy điền", r"\1actual: 1", filled)
    assert load.load_text(filled, "<filled>").ok


# ------------------------------------------------------------------ the command


def test_output_is_not_overwritten_without_force(tmp_path):
    spec = import_corpus.CORPUS[1]
    path = tmp_path / "a.docx"
    import_corpus.build(spec, path)
    out = tmp_path / "a.yaml"
    out.write_text("giữ nguyên\n", encoding="utf-8")
    r = cli("import", str(path), "-o", str(out))
    assert r.returncode == 1 and "đã có" in r.stderr and "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "giữ nguyên\n"
    r = cli("import", str(path), "-o", str(out), "--force")
    assert r.returncode == 0, r.stderr
    assert load.load_text(out.read_text(encoding="utf-8"), str(out)).ok
    from report_drafter.files import writing as output

    backups = list((tmp_path / output.BACKUP_DIR).iterdir())
    assert [b.read_text(encoding="utf-8") for b in backups] == ["giữ nguyên\n"]  # the old file, kept
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "elsewhere.yaml")
    r = cli("import", str(path), "-o", str(link), "--force")
    assert r.returncode == 1 and "liên kết" in r.stderr and not (tmp_path / "elsewhere.yaml").exists()


def test_not_a_docx_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_text("không phải docx", encoding="utf-8")
    r = cli("import", str(bad))
    assert r.returncode == 1 and "không đọc được tệp .docx" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_numbers_of_the_source_are_read_as_written():
    assert recognise.numbering("12.500 tỷ đồng là") is None
    assert recognise.numbering("2.1- Căn cứ")[0] == "decimal2"
    assert recognise.indicator_in("Thu ngân sách đạt 64,3% dự toán.") is None
    found = recognise.indicator_in("Kim ngạch xuất khẩu đạt 1.250 triệu USD, bằng 112% so với cùng kỳ.")
    assert found.indicator.actual == Decimal("1250") and found.indicator.ratio == Decimal("112")


# ------------------------------------------------------------------ indicator sentences, any figures


@st.composite
def indicators(draw):
    places = draw(st.sampled_from([0, 1, 3]))
    figure = st.integers(min_value=1, max_value=9_999_999).map(lambda n: Decimal(n).scaleb(-places))
    actual = draw(figure)
    targets = tuple(
        model.Target(label, draw(figure))
        for label in draw(
            st.lists(
                st.sampled_from(["dự toán thành phố", "kế hoạch năm", "mục tiêu Nghị quyết"]), max_size=2, unique=True
            )
        )
    )
    previous = draw(st.one_of(st.none(), figure))
    return model.Indicator(
        name=draw(
            st.sampled_from(["Tổng thu ngân sách nhà nước trên địa bàn", "Giá trị sản xuất công nghiệp", "Số hộ nghèo"])
        ),
        unit=draw(st.sampled_from(["tỷ đồng", "hộ", "%", "nghìn lượt"])),
        actual=actual,
        estimated=draw(st.booleans()),
        targets=targets,
        previous=previous,
    )


@settings(max_examples=150, deadline=None)
@given(indicators())
def test_any_indicator_sentence_is_read_back_without_inventing(ind):
    """The sentence of any indicator is recognised as an indicator that prints the same sentence;
    its actual figure is the one written; plans and previous figures are computed back and say so."""
    sentence = compute.indicator_sentence(ind)
    found = recognise.indicator_in(sentence)
    assert found is not None, sentence
    back = found.indicator
    assert compute.indicator_sentence(back) == sentence
    assert back.actual == ind.actual
    written = recognise.numbers_in(sentence)
    for j, t in enumerate(back.targets):
        assert f"targets[{j}].value" in found.derived
    if back.previous is not None:
        assert "previous" in found.derived
    assert {back.actual} <= written


def test_import_docx_takes_bytes_for_the_web_app(tmp_path):
    src = Path(__file__).parent.parent / "inputs" / "ubnd-hai-an-2020-6t.yaml"
    doc = tmp_path / "a.docx"
    _render_to(src.read_text(encoding="utf-8"), doc)
    text, notes = importdocx.import_docx(doc.read_bytes(), next_period=True)
    assert "index: 2" in text and "previous: 1.215,4  # số thực hiện kỳ trước" in text
    assert any("kỳ mới: 6 tháng cuối năm 2020" in n for n in notes)
    with pytest.raises(importdocx.ImportFailure, match="không đọc được tệp .docx"):
        importdocx.import_docx(b"PK\x03\x04 not a zip")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_reports_saved_by_libreoffice_import_the_same(tmp_path):
    """A report of another office opened and saved in LibreOffice (typed numbering, Word lists, a
    header typed with tabs) gives the same input file as the original."""
    names = ["quan-uy-do-son-typed", "ubnd-hai-an-lists", "ubnd-xa-an-lao-tabs"]
    specs = {s["name"]: s for s in import_corpus.CORPUS}
    for name in names:
        import_corpus.build(specs[name], tmp_path / f"{name}.docx")
    out = tmp_path / "lo"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *(str(tmp_path / f"{n}.docx") for n in names),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )

    def body(path):
        return [line for line in importdocx.import_path(path).yaml.splitlines() if not line.startswith("#")]

    for name in names:
        assert body(out / f"{name}.docx") == body(tmp_path / f"{name}.docx"), name


def test_further_parts_are_checked_like_sections():
    base = (Path(__file__).parent.parent / "inputs" / "ubnd-hai-an-2020-6t.yaml").read_text(encoding="utf-8")
    bad = base + "more_parts:\n  - place: giua\n    paragraphs: [Một đoạn.]\n    extra: 1\n"
    problems = [p.format() for p in load.load_text(bad, "x.yaml").problems if p.is_error]
    assert len(problems) == 3, problems
    assert any("more_parts[0].place" in p for p in problems)
    assert any("more_parts[0].heading" in p and "Kiến nghị, đề xuất" in p for p in problems)
    assert any("more_parts[0].extra" in p or "extra" in p for p in problems)
    good = (
        base
        + "more_parts:\n  - heading: Kiến nghị\n    paragraphs: [Đề nghị hỗ trợ.]\nclosing: [Trên đây là báo cáo.]\n"
    )
    loaded = load.load_text(good, "x.yaml")
    assert loaded.ok and loaded.report.more_parts[0].place == "after_tasks"
    texts = render_yaml(good)
    assert texts[texts.index("KIẾN NGHỊ") + 1 : texts.index("KIẾN NGHỊ") + 3] == [
        "Đề nghị hỗ trợ.",
        "Trên đây là báo cáo.",
    ]
