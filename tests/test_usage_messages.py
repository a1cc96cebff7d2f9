"""Every usage error (argparse's own included) is in Vietnamese, with exit code 2."""

import subprocess
import sys

import pytest

ENGLISH = (
    "usage:",
    "the following",
    "required",
    "invalid choice",
    "choose from",
    "unrecognized",
    "expected one argument",
    "invalid int value",
    "error:",
)


@pytest.mark.parametrize(
    "args, said",
    [
        (["render"], "thiếu đối số bắt buộc: PATH"),
        (["new", "--system", "x"], "đối số --system: giá trị 'x' không hợp lệ; hãy chọn một trong: 'party', 'state'"),
        (["new", "--year", "abc"], "đối số --year: 'abc' không phải số nguyên; hãy ghi năm, ví dụ 2026"),
        (["render", "a.yaml", "--bogus"], "đối số không nhận ra: --bogus"),
        (["render", "a.yaml", "-o"], "đối số -o/--output cần một giá trị"),
        (["foo"], "đối số LỆNH: giá trị 'foo' không hợp lệ"),
    ],
)
def test_usage_errors_are_vietnamese(args, said):
    run = subprocess.run([sys.executable, "-m", "report_drafter", *args], capture_output=True, text=True)
    assert run.returncode == 2
    assert said in run.stderr
    assert run.stderr.startswith("cách dùng: report-drafter")
    assert not [w for w in ENGLISH if w in run.stderr.lower()]


def test_help_headings_are_vietnamese():
    run = subprocess.run([sys.executable, "-m", "report_drafter", "validate", "--help"], capture_output=True, text=True)
    assert run.returncode == 0
    assert "đối số:" in run.stdout and "tùy chọn:" in run.stdout and "in hướng dẫn này rồi thoát" in run.stdout
    assert "positional arguments" not in run.stdout and "show this help" not in run.stdout
