"""The command line: messages, exit codes, starter file, context, templates."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "inputs" / "quan-uy-do-son-2019-6t.yaml"
BASE = (ROOT / "tests" / "data" / "base-valid.yaml").read_text(encoding="utf-8")


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "report_drafter", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


@pytest.mark.parametrize("system", ["party", "state"])
@pytest.mark.parametrize("period", ["quarter-4", "half-1", "nine-months", "year"])
def test_new_starter_validates_as_written(tmp_path, system, period):
    made = cli("new", "--system", system, "--period", period, "--year", "2026")
    assert made.returncode == 0
    path = tmp_path / "moi.yaml"
    path.write_text(made.stdout, encoding="utf-8")
    checked = cli("validate", path)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout == f"{path}: hợp lệ\n"
    lines = [l for l in made.stdout.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    assert all("#" in l for l in lines if ":" in l and not l.lstrip().startswith("-")), "every field has a comment"


def test_context_prints_finished_text_as_json():
    run = cli("context", EXAMPLE)
    assert run.returncode == 0
    ctx = json.loads(run.stdout)
    assert ctx["header"]["number_line"] == "Số 45-BC/QU"
    assert ctx["header"]["date_line"] == "Đồ Sơn, ngày 09 tháng 7 năm 2019"
    assert ctx["signature"]["lines"] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert ctx["body"][0] == {"style": "h1", "keep": True, "runs": [
        {"text": "KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2019", "bold": False, "italic": False}]}


def test_templates_lists_names_and_variables():
    run = cli("templates")
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert lines[0].startswith("party: ") and lines[0].endswith("party.docx")
    for variable in ("header.date_runs", "header.number_runs", "signature.name", "title.summary", "body"):
        assert f"  {variable}" in lines


def test_render_prints_each_written_path_and_a_summary(tmp_path):
    run = cli("render", EXAMPLE, "-o", tmp_path)
    assert run.returncode == 0
    assert run.stdout.splitlines() == [str(tmp_path / "quan-uy-do-son-2019-6t.docx"),
                                       "Tổng cộng 1 tệp: đã ghi 1, không đổi 0, giữ nguyên vì đã sửa 0, lỗi 0."]


def test_a_bad_file_is_reported_and_the_good_one_still_written(tmp_path):
    bad = tmp_path / "hong.yaml"
    bad.write_text(BASE.replace("actual: 312,5", "actual: 12.5"), encoding="utf-8")
    out = tmp_path / "out"
    run = cli("render", bad, EXAMPLE, "-o", out)
    assert run.returncode == 1
    assert f'{bad}:16:13: indicators[0].actual: "12.5" không phải số viết theo kiểu Việt Nam; hãy viết 12,5' \
        in run.stderr.splitlines()
    assert f"{bad}: bỏ qua: dữ liệu đầu vào có lỗi" in run.stderr.splitlines()
    assert [p.name for p in out.glob("*.docx")] == ["quan-uy-do-son-2019-6t.docx"]
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("stem, message", [
    ("../ra-ngoai", 'tên tệp "../ra-ngoai" chứa dấu phân cách thư mục; chỉ ghi tên tệp, ví dụ do-son-2019-6t'),
    ("/tmp/tuyet-doi", 'tên tệp "/tmp/tuyet-doi" chứa dấu phân cách thư mục; chỉ ghi tên tệp, ví dụ do-son-2019-6t'),
    ("CON", '"CON" là tên dành riêng của Windows; hãy chọn tên khác'),
])
def test_output_names_cannot_leave_the_output_folder(tmp_path, stem, message):
    path = tmp_path / "a.yaml"
    path.write_text(f'output: "{stem}"\n' + BASE, encoding="utf-8")
    run = cli("render", path, "-o", tmp_path / "out")
    assert run.returncode == 1
    assert f"{path}: bỏ qua: {message}" in run.stderr.splitlines()
    assert not list(tmp_path.rglob("*.docx"))


def test_missing_input_is_exit_2():
    run = cli("render", "khong-co.yaml")
    assert run.returncode == 2
    assert run.stderr.splitlines()[0] == "khong-co.yaml: không tìm thấy tệp hoặc thư mục khong-co.yaml"


def test_bad_usage_is_exit_2_with_a_vietnamese_hint():
    run = cli("render")
    assert run.returncode == 2
    assert "lỗi cách dùng" in run.stderr


def test_works_from_any_folder(tmp_path):
    run = cli("render", EXAMPLE.resolve(), "-o", "ra", cwd=tmp_path)
    assert run.returncode == 0 and (tmp_path / "ra" / "quan-uy-do-son-2019-6t.docx").is_file()


def test_output_folder_that_is_a_file(tmp_path):
    blocker = tmp_path / "outputs"
    blocker.write_text("x")
    run = cli("render", EXAMPLE, "-o", blocker)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"không dùng được {blocker} làm thư mục kết quả: đã có một tệp cùng tên; "
                                       "hãy chọn -o khác"]


def test_a_template_that_is_not_a_docx(tmp_path):
    (tmp_path / "mau.docx").write_text("không phải docx")
    src = tmp_path / "a.yaml"
    src.write_text("template: mau.docx\n" + BASE, encoding="utf-8")
    run = cli("render", src, "-o", tmp_path / "out")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{src}:1:11: template: mẫu mau.docx không phải tệp Word .docx dùng được (BadZipFile); "
        "hãy lưu lại mẫu trong Word ở định dạng .docx", f"{src}: bỏ qua: mẫu văn bản có lỗi"]
    assert "Traceback" not in run.stderr
