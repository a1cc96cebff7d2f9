"""Issue 13, templates and packages: a hostile custom template or .docx gets a message.

Custom templates may not load other templates, nor loop, build or print beyond any
report, nor carry a DTD; zip bombs are refused by their sizes, never inflated (memory
is checked with an address-space limit in a subprocess, not by timing).
"""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from report_drafter.document import render, sandbox
from report_drafter.docx import package
from report_drafter.errors import UserError

ROOT = Path(__file__).parents[1]
BASE = (ROOT / "tests" / "data" / "base-valid.yaml").read_text(encoding="utf-8")
CLEAN = ROOT / "tests" / "data" / "documents" / "clean-party.docx"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
CONTEXT = {"header": {"date_line": "Đồ Sơn, ngày 09 tháng 7 năm 2019"}}


def _limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB of address space


def cli(*args, limit=True):
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", *map(str, args)],
        capture_output=True,
        text=True,
        env=ENV,
        preexec_fn=_limit_memory if limit else None,
        timeout=300,
    )


def template(tmp_path, *paragraphs, name="mau.docx") -> Path:
    doc = Document()
    for text in ("Ngày: {{ header.date_line }}", *paragraphs):
        doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(path)
    return path


def refusal(path) -> str:
    with pytest.raises(UserError) as err:
        render.prepare(path).render(CONTEXT)
    return err.value.message


# ----------------------------------------------------------- 13. loading, loops, sizes


@pytest.mark.parametrize(
    "tag, kind",
    [
        ("{% include 'khac.docx' %}", "include"),
        ("{% import 'khac.docx' as k %}", "import"),
        ("{% from 'khac.docx' import x %}", "import"),
        ("{% extends 'khac.docx' %}", "extends"),
    ],
)
def test_a_template_may_not_load_another(tmp_path, tag, kind):
    path = template(tmp_path, "Mở đầu", tag)
    assert refusal(path) == (
        f"mẫu mau.docx (thân văn bản): thẻ {{% {kind} %}} ở đoạn số 3 “{tag}”: mẫu "
        f"không được nạp mẫu hay tệp khác; hãy xóa thẻ này khỏi mẫu"
    )


@pytest.mark.parametrize(
    "code, message",
    [
        (
            "{% for i in range(10**9) %}x{% endfor %}",
            "một số 1000000000 được dùng làm độ dài hay số lần: quá lớn cho một báo cáo",
        ),
        (
            "{% for i in range(10**6) %}x{% endfor %}",
            "mẫu tính toán sai (OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE "
            "(100000).); hãy sửa biểu thức trong mẫu",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "các vòng lặp {% for %} chạy quá 2.000.000 lượt; mẫu báo cáo không cần nhiều như vậy",
        ),
        (
            "{% for a in 'x' * 60000 %}{% for b in 'x' * 60000 %}{% endfor %}{% endfor %}",
            "các vòng lặp {% for %} chạy quá 2.000.000 lượt; mẫu báo cáo không cần nhiều như vậy",
        ),
        ("{{ 'a' * 10**9 }}", "phép nhân chuỗi vượt quá 16 triệu ký tự; mẫu báo cáo không cần nhiều như vậy"),
        ("{{ 10 ** (10 ** 9) }}", "phép lũy thừa vượt quá 16 triệu ký tự; mẫu báo cáo không cần nhiều như vậy"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "phép nối chuỗi ~ vượt quá 16 triệu ký tự; mẫu báo cáo không cần nhiều như vậy",
        ),
        (
            "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
            "văn bản in ra vượt quá 16 triệu ký tự; mẫu báo cáo không cần nhiều như vậy",
        ),
        ("{{ 'x'|center(10**9) }}", "một số 1000000000 được dùng làm độ dài hay số lần: quá lớn cho một báo cáo"),
        ("{{ 'x'.ljust(10**9) }}", "một số 1000000000 được dùng làm độ dài hay số lần: quá lớn cho một báo cáo"),
        ("{{ '%999999999s' % 'x' }}", "chuỗi định dạng có độ rộng quá lớn"),
        ("{{ '{:>999999999}'.format('x') }}", "chuỗi định dạng có độ rộng quá lớn"),
        ("{% set l = [1] %}{{ l.extend(l) }}", "làm một việc không được phép: không được dùng thuộc tính extend"),
    ],
    ids=[
        "range",
        "range-million",
        "nested-range",
        "nested-strings",
        "string-times",
        "power",
        "concat-doubling",
        "output",
        "center",
        "ljust",
        "percent-width",
        "format-width",
        "mutation",
    ],
)
def test_rendering_is_bounded_with_a_message(tmp_path, code, message):
    text = refusal(template(tmp_path, code))
    assert text.startswith("mẫu mau.docx") and message in text, text


def test_a_template_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 1)
    code = "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(40) }}"
    assert refusal(template(tmp_path, code)) == (
        "mẫu mau.docx (thân văn bản): mẫu chạy quá 1 giây cho một văn bản (vòng lặp quá lớn?)"
    )


def test_a_bounded_template_still_renders_loops_and_text(tmp_path):
    path = template(tmp_path, "{% for i in range(3) %}{{ i }}{{ 'ab' * 2 }}{% endfor %} {{ 'x' ~ 'y' }}")
    doc = Document(io.BytesIO(render.prepare(path).render(CONTEXT).data))
    assert [p.text for p in doc.paragraphs] == ["Ngày: Đồ Sơn, ngày 09 tháng 7 năm 2019", "0abab1abab2abab xy"]


def test_huge_string_in_a_custom_template_is_refused_within_1_gib(tmp_path):
    template(tmp_path, "{{ 'a' * 10**9 }}{{ 'b' * 10**9 }}", name="to.docx")
    src = tmp_path / "a.yaml"
    src.write_text("template: to.docx\n" + BASE, encoding="utf-8")
    run = cli("render", src, "-o", tmp_path / "out")
    assert run.returncode == 1, run.stderr[-3000:]
    assert "mẫu to.docx (thân văn bản): phép nhân chuỗi vượt quá 16 triệu ký tự" in run.stderr
    assert "Traceback" not in run.stderr and not list(tmp_path.glob("out/*.docx"))


# ---------------------------------------------------------------------------- DTD


def _with_dtd(source: Path, target: Path, part: str = "word/document.xml") -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                head, sep, rest = data.partition(b"?>")
                data = head + sep + b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + rest
            zout.writestr(info, data)
    return target


def test_a_template_with_a_dtd_is_refused_by_validate_and_render(tmp_path):
    _with_dtd(template(tmp_path, "Mở đầu"), tmp_path / "dtd.docx", "word/styles.xml")
    src = tmp_path / "a.yaml"
    src.write_text("template: dtd.docx\n" + BASE, encoding="utf-8")
    message = (
        "mẫu dtd.docx có khai báo DTD (<!DOCTYPE) ở phần word/styles.xml: Word không dùng DTD và "
        "DTD có thể trỏ tới tệp khác; hãy mở mẫu trong Word và lưu lại"
    )
    for command in (["validate", src], ["render", src, "-o", tmp_path / "out"]):
        run = cli(*command)
        assert run.returncode == 1, run.stderr
        assert message in run.stderr and "Traceback" not in run.stderr
    assert not list(tmp_path.glob("out/*.docx"))


# ---------------------------------------------------------------------- 7. zip bombs


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A real document plus a part that inflates to 1 GiB (a few MB on disk)."""
    path = tmp_path_factory.mktemp("bomb") / "bom.docx"
    path.write_bytes(CLEAN.read_bytes())
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z,
        z.open("word/media/bom.bin", "w", force_zip64=True) as part,
    ):
        for _ in range(1024):
            part.write(bytes(1 << 20))
    return path


BOMB_MESSAGE = (
    "phần word/media/bom.bin giải nén ra 1.024 MB, quá giới hạn 128 MB: tệp có thể là bom nén "
    "(zip bomb) hoặc bị hỏng; không mở tệp này"
)


def test_check_refuses_a_zip_bomb_within_1_gib(bomb):
    run = cli("check", bomb)
    assert run.returncode == 1, run.stderr[-3000:]
    assert run.stdout.splitlines()[0] == (
        f"{bomb}: [lỗi] tệp: không mở tệp: {BOMB_MESSAGE} — sửa: mở tệp "
        f"trong Word và lưu lại, hoặc kiểm tra nguồn gửi tệp"
    )


def test_a_zip_bomb_at_the_output_name_is_not_inflated(bomb, tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "quan-uy-kien-an-2019-9t.docx"
    target.write_bytes(bomb.read_bytes())
    run = cli("render", src, "-o", out)
    assert "Traceback" not in run.stderr and run.returncode >= 0, run.stderr[-3000:]
    assert f"{target} đã được sửa sau khi tạo (hoặc không do report-drafter tạo)" in run.stderr + run.stdout
    assert target.read_bytes() == bomb.read_bytes()


def test_a_zip_bomb_custom_template_is_refused(bomb, tmp_path):
    (tmp_path / "bom.docx").write_bytes(bomb.read_bytes())
    src = tmp_path / "a.yaml"
    src.write_text("template: bom.docx\n" + BASE, encoding="utf-8")
    for command in (["validate", src], ["render", src, "-o", tmp_path / "out"]):
        run = cli(*command)
        assert run.returncode == 1, run.stderr[-3000:]
        assert f"mẫu bom.docx không dùng được: {BOMB_MESSAGE}" in run.stderr and "Traceback" not in run.stderr


def test_package_reads_stop_at_the_actual_size_too(tmp_path):
    # A part whose inflated bytes exceed the size its header declares is not read past it.
    path = tmp_path / "noi-doi.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"x" * 100_000)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("word/document.xml")
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")  # declared: 1,000 bytes
    path.write_bytes(bytes(data))
    with pytest.raises(zipfile.BadZipFile):
        package.read_contents(path)
    assert info.file_size == 100_000


# ------------------------------------------------- issue 18, item 11: memory and messages


@pytest.mark.parametrize(
    "code, message",
    [
        (
            "{{ ('a ' * 3000000)|title }}",
            "bộ lọc |title dùng trên một chuỗi 6.000.000 ký tự, quá 1 triệu ký tự; mẫu báo cáo không cần nhiều như vậy",
        ),
        (
            "{{ ('a ' * 3000000).split()|length }}",
            "lệnh .split() dùng trên một chuỗi 6.000.000 ký tự, quá 1 triệu ký tự; mẫu báo cáo không cần nhiều như vậy",
        ),
        ("{{ lipsum(1000000) }}", "lipsum(1000000): quá 100 đoạn văn mẫu; mẫu báo cáo không cần nhiều như vậy"),
        ("{{ '1e400'|float * 0 }}", "mẫu tính ra một số vô hạn hoặc không xác định (inf); hãy sửa biểu thức trong mẫu"),
        ("{{ 'a' * 20000000 }}", "phép nhân chuỗi vượt quá 16 triệu ký tự; mẫu báo cáo không cần nhiều như vậy"),
    ],
    ids=["title", "split", "lipsum", "inf-times-zero", "string-times-20m"],
)
def test_memory_hungry_templates_are_refused_with_a_message(tmp_path, code, message):
    text = refusal(template(tmp_path, code))
    assert text == f"mẫu mau.docx (thân văn bản): {message}"


def test_a_small_lipsum_still_renders(tmp_path):
    doc = Document(io.BytesIO(render.prepare(template(tmp_path, "{{ lipsum(2, html=False) }}")).render(CONTEXT).data))
    assert len(doc.paragraphs[1].text) > 100


def test_brackets_nested_400_deep_are_a_template_error_with_its_place(tmp_path):
    code = "{{ " + "(" * 400 + "1" + ")" * 400 + " }}"
    path = template(tmp_path, "Mở đầu", code)
    src = tmp_path / "a.yaml"
    src.write_text("template: mau.docx\n" + BASE, encoding="utf-8")
    for command in (["validate", src], ["render", src, "-o", tmp_path / "out"]):
        run = cli(*command)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr[-3000:]
        assert (
            "mẫu mau.docx (thân văn bản): biểu thức trong thẻ ở đoạn số 3 “{{ ((((" in run.stderr
            and "” lồng ngoặc quá sâu; hãy viết biểu thức đơn giản hơn" in run.stderr
        ), run.stderr
        assert "lỗi không mong đợi" not in run.stderr


def test_a_template_of_120_mb_of_empty_paragraphs_is_refused_within_1_gib(tmp_path):
    path = tmp_path / "rong.docx"
    with zipfile.ZipFile(template(tmp_path, "Mở đầu")) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 20_000_000, 1)
            zout.writestr(info.filename, data)
    assert path.stat().st_size < 1_000_000
    src = tmp_path / "a.yaml"
    src.write_text("template: rong.docx\n" + BASE, encoding="utf-8")
    for command in (["validate", src], ["render", src, "-o", tmp_path / "out"]):
        run = cli(*command)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr[-3000:]
        assert "mẫu rong.docx có phần word/document.xml dài 114 MB, quá giới hạn 16 MB cho một mẫu" in run.stderr
