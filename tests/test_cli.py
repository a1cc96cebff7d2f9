"""The command line: messages, exit codes, starter file, context, templates."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "inputs" / "quan-uy-do-son-2019-6t.yaml"
BASE = (ROOT / "tests" / "data" / "base-valid.yaml").read_text(encoding="utf-8")


def cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


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
    lines = [line for line in made.stdout.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert all("#" in line for line in lines if ":" in line and not line.lstrip().startswith("-")), (
        "every field has a comment"
    )


def test_context_prints_finished_text_as_json():
    run = cli("context", EXAMPLE)
    assert run.returncode == 0
    ctx = json.loads(run.stdout)
    assert ctx["header"]["number_line"] == "Số 45-BC/QU"
    assert ctx["header"]["date_line"] == "Đồ Sơn, ngày 09 tháng 7 năm 2019"
    assert ctx["signature"]["lines"] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert ctx["body"][0] == {
        "style": "h1",
        "keep": True,
        "runs": [{"text": "KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2019", "bold": False, "italic": False}],
    }


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
    assert run.stdout.splitlines() == [
        str(tmp_path / "quan-uy-do-son-2019-6t.docx"),
        "Tổng cộng 1 tệp: đã ghi 1, không đổi 0, giữ nguyên vì đã sửa 0, lỗi 0.",
    ]


def test_a_bad_file_is_reported_and_the_good_one_still_written(tmp_path):
    bad = tmp_path / "hong.yaml"
    bad.write_text(BASE.replace("actual: 312,5", "actual: 12.5"), encoding="utf-8")
    out = tmp_path / "out"
    run = cli("render", bad, EXAMPLE, "-o", out)
    assert run.returncode == 1
    assert (
        f'{bad}:16:13: indicators[0].actual: "12.5" không phải số viết theo kiểu Việt Nam; hãy viết 12,5'
        in run.stderr.splitlines()
    )
    assert f"{bad}: bỏ qua: dữ liệu đầu vào có lỗi" in run.stderr.splitlines()
    assert [p.name for p in out.glob("*.docx")] == ["quan-uy-do-son-2019-6t.docx"]
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "stem, message",
    [
        ("../ra-ngoai", 'tên tệp "../ra-ngoai" chứa dấu phân cách thư mục; chỉ ghi tên tệp, ví dụ do-son-2019-6t'),
        (
            "/tmp/tuyet-doi",
            'tên tệp "/tmp/tuyet-doi" chứa dấu phân cách thư mục; chỉ ghi tên tệp, ví dụ do-son-2019-6t',
        ),
        ("CON", '"CON" là tên dành riêng của Windows; hãy chọn tên khác'),
    ],
)
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
    assert run.stderr.splitlines() == [
        f"không dùng được {blocker} làm thư mục kết quả: đã có một tệp cùng tên; hãy chọn -o khác"
    ]


def test_a_template_that_is_not_a_docx(tmp_path):
    (tmp_path / "mau.docx").write_text("không phải docx")
    src = tmp_path / "a.yaml"
    src.write_text("template: mau.docx\n" + BASE, encoding="utf-8")
    run = cli("render", src, "-o", tmp_path / "out")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{src}:1:11: template: mẫu mau.docx không phải tệp Word .docx dùng được (BadZipFile); "
        "hãy lưu lại mẫu trong Word ở định dạng .docx",
        f"{src}: bỏ qua: mẫu văn bản có lỗi",
    ]
    assert "Traceback" not in run.stderr


# ------------------------------------------------ issue 13: runtime messages


def test_every_starter_the_new_command_accepts_validates(tmp_path, capsys):
    from report_drafter import cli as main_cli
    from report_drafter.input.starter import PERIOD_CHOICES, UNIT_CHOICES, starter
    from report_drafter.run import one_input as job

    for system in ("party", "state"):
        for unit in UNIT_CHOICES:
            for period in [*([["--period", p] for p in PERIOD_CHOICES]), ["--review"]]:
                for year in (1900 + 3 * (period == ["--review"]), 2026, 2999):
                    args = main_cli.build_parser().parse_args(
                        ["new", "--system", system, "--unit", unit, *period, "--year", str(year)]
                    )
                    path = tmp_path / f"{system}-{unit}-{period[-1]}-{year}.yaml"
                    path.write_text(
                        starter(args.system, args.period, args.year, args.unit, args.review), encoding="utf-8"
                    )
                    loaded = job.validate_file(path)
                    assert loaded.report is not None and not loaded.problems, (path, loaded.problems)


def test_new_review_refuses_a_year_its_starting_year_cannot_have():
    run = cli("new", "--review", "--year", "1902")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "với --review, --year (năm sơ kết) phải từ 1903: mẫu sơ kết tính từ 3 năm trước (nhận được 1902)"
    ]


@pytest.mark.parametrize(
    "year, message",
    [
        ("0", "năm phải từ 1900 đến 2999 (nhận được 0)"),
        ("3000", "năm phải từ 1900 đến 2999 (nhận được 3000)"),
        ("hai-nghin", "'hai-nghin' không phải số nguyên; hãy ghi năm, ví dụ 2026"),
    ],
)
def test_new_refuses_a_year_no_report_can_have(year, message):
    run = cli("new", "--year", year)
    assert run.returncode == 2 and run.stdout == ""
    assert f"report-drafter new: lỗi cách dùng: đối số --year: {message}" in run.stderr.splitlines()


@pytest.mark.parametrize("command", ["validate", "context"])
def test_validate_and_context_on_an_empty_folder_say_so(tmp_path, command):
    run = cli(command, tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"không có tệp đầu vào nào (.yaml) trong {tmp_path}"]


def test_links_and_fifos_given_as_input_are_named_for_what_they_are(tmp_path):
    loop, broken, fifo = tmp_path / "vong.yaml", tmp_path / "gay.yaml", tmp_path / "ong.yaml"
    loop.symlink_to(loop)
    broken.symlink_to(tmp_path / "khong-co.yaml")
    os.mkfifo(fifo)
    good = tmp_path / "a.yaml"
    good.write_text(BASE, encoding="utf-8")
    for given in ([loop, broken, fifo, good], [tmp_path]):  # named, or found in a folder
        out = tmp_path / "out"
        run = cli("render", *given, "-o", out)
        assert run.returncode == 2
        problems = [line for line in run.stderr.splitlines()]
        assert sorted(problems) == sorted(
            [
                f"{loop}: liên kết (symlink) tới {loop} tạo thành vòng lặp; hãy sửa hoặc xóa liên kết",
                f"{broken}: liên kết (symlink) tới {tmp_path / 'khong-co.yaml'}, nơi không có tệp nào; hãy sửa hoặc "
                "xóa liên kết",
                f"{fifo}: không phải tệp thường mà là một FIFO (ống dẫn); hãy đưa đường dẫn tới tệp .yaml",
            ]
        )
        assert (out / "quan-uy-kien-an-2019-9t.docx").is_file()


@pytest.mark.skipif(not shutil.which("setpriv") and os.geteuid() == 0, reason="root reads any file without setpriv")
def test_an_unreadable_input_is_exit_2_and_the_others_are_written(tmp_path):
    locked, good = tmp_path / "khoa.yaml", tmp_path / "a.yaml"
    locked.write_text(BASE, encoding="utf-8")
    locked.chmod(0)
    good.write_text("output: tot\n" + BASE, encoding="utf-8")
    # as root, drop the capabilities that let root read any file
    prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    run = subprocess.run(
        [
            *prefix,
            sys.executable,
            "-m",
            "report_drafter",
            "render",
            str(locked),
            str(good),
            "-o",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"{locked}: không có quyền đọc tệp; hãy cấp quyền đọc (chmod u+r) hoặc chép tệp sang chỗ khác"
    ]
    assert (tmp_path / "out" / "tot.docx").is_file()


def test_an_output_folder_under_a_file_names_the_file(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    run = cli("render", EXAMPLE, "-o", afile / "sub")
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"không dùng được {afile / 'sub'} làm thư mục kết quả: {afile} là một tệp, không phải thư mục; hãy chọn -o khác"
    ]


def test_the_same_input_given_twice_is_made_once(tmp_path):
    src = tmp_path / "in" / "a.yaml"
    src.parent.mkdir()
    src.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    for given in ([src, src], [src.parent, src], [src, tmp_path / "in" / ".." / "in" / "a.yaml"]):
        run = cli("render", *given, "-o", out)
        assert run.returncode == 0, run.stderr
        assert run.stdout.splitlines()[-1].startswith("Tổng cộng 1 tệp: ")


def test_output_names_differing_only_in_case_are_duplicates(tmp_path):
    upper, lower = tmp_path / "a.yaml", tmp_path / "b.yaml"
    upper.write_text("output: Bao-Cao\n" + BASE, encoding="utf-8")
    lower.write_text("output: bao-cao\n" + BASE, encoding="utf-8")
    out = tmp_path / "out"
    run = cli("render", upper, lower, "-o", out)
    assert run.returncode == 1
    assert (
        f"{upper}: bỏ qua: tệp kết quả Bao-Cao.docx trùng với {lower} (bao-cao.docx); hãy đặt khóa output khác "
        "nhau (tên chỉ khác chữ hoa/thường là một tệp trên Windows và macOS)" in run.stderr.splitlines()
    )
    assert not list(out.glob("*.docx")) and not list(out.glob(".report-drafter-*"))


def test_a_folder_at_the_output_name_with_force_leaves_nothing_behind(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    (out / "quan-uy-kien-an-2019-9t.docx").mkdir(parents=True)
    run = cli("render", src, "-o", out, "--force")
    assert run.returncode == 1
    assert (
        f"{src}: bỏ qua: đã có một thư mục tên quan-uy-kien-an-2019-9t.docx trong thư mục kết quả; hãy đổi "
        "tên thư mục đó hoặc đặt khóa output khác" in run.stderr.splitlines()
    )
    assert sorted(p.name for p in out.iterdir()) == ["_summary.json", "quan-uy-kien-an-2019-9t.docx"]


def test_jobs_are_capped_at_the_inputs_and_a_sane_maximum(tmp_path, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    from report_drafter.run import batch

    started = []
    real_init = ProcessPoolExecutor.__init__

    def spy(self, max_workers=None, *args, **kwargs):
        started.append(max_workers)
        real_init(self, max_workers, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "__init__", spy)
    items = []
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(f"output: {name}\n" + BASE, encoding="utf-8")
        items.append(batch.Item(str(tmp_path / f"{name}.yaml")))
    summary = batch.run(items, tmp_path / "out", jobs=3000)
    assert started == [3] and summary.totals()["written"] == 3
    assert batch.worker_count(3000, 100_000) == batch.max_jobs() == batch.JOBS_PER_CPU * os.cpu_count()
    run = cli("render", *[tmp_path / f"{n}.yaml" for n in "abc"], "-o", tmp_path / "out2", "-j", "3000")
    assert run.returncode == 0
    assert run.stderr.splitlines() == [
        f"-j 3000: dùng 3 tiến trình (tối đa {batch.JOBS_PER_CPU} tiến trình cho "
        "mỗi lõi CPU và một tiến trình cho mỗi tệp)"
    ]
