"""Issue 18: what a run leaves in, or finds in, its output folder — a full disk, a hostile
`_summary.json`, edited briefs and roll-ups, another run writing the same folder.

Faults are injected by tests/fault_harness.py ($FULL_DISK: writes whose path contains
it fail with ENOSPC).
"""

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_helpers import cli

ROOT = Path(__file__).parents[1]
HARNESS = ROOT / "tests" / "fault_harness.py"
BASE = (ROOT / "tests" / "data" / "base-valid.yaml").read_text(encoding="utf-8")
MEETING = """meeting:
  name: Hội nghị sơ kết
  date: 2019-10-05
  place: Hội trường
  chair: {name: Nguyễn Văn A, title: Bí thư}
"""


def harness(*args, env=None, **kw):
    return subprocess.run([sys.executable, str(HARNESS), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300, **kw)


def inputs(folder: Path, count: int, meeting: bool = False, names=None) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"bc-{i}.yaml"
        stem = names[i] if names else f"bc-{i}"
        path.write_text(f"output: {stem}\n" + (MEETING if meeting else "") + BASE, encoding="utf-8")
        paths.append(path)
    return paths


# ------------------------------------------------------------- 6. a full disk in a batch

def test_a_full_disk_during_a_render_batch_reports_every_file(tmp_path):
    inputs(tmp_path / "in", 3)
    result = harness("render", tmp_path / "in", "-o", tmp_path / "out", "-j", "2", env={"FULL_DISK": "/"})
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    for i in range(3):
        assert f"bc-{i}.yaml: bỏ qua: không ghi được tệp: ổ đĩa đã đầy" in result.stderr, result.stderr
    assert "Lưu ý: không ghi được " in result.stderr and "_summary.json: ổ đĩa đã đầy" in result.stderr
    assert "Tổng cộng 3 tệp: đã ghi 0, không đổi 0, giữ nguyên vì đã sửa 0, lỗi 3." in result.stdout
    assert not list((tmp_path / "out").glob("*.docx"))
    assert not list((tmp_path / "out").glob(".report-drafter-*"))


def test_a_disk_full_for_one_document_fails_that_one_only(tmp_path):
    inputs(tmp_path / "in", 3)
    result = harness("render", tmp_path / "in", "-o", tmp_path / "out", env={"FULL_DISK": "bc-1."})
    assert result.returncode == 1, result.stderr
    assert "bc-1.yaml: bỏ qua: không ghi được tệp: ổ đĩa đã đầy" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == ["bc-0.docx", "bc-2.docx"]
    summary = json.loads((tmp_path / "out" / "_summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["written"] == 2 and summary["totals"]["failed"] == 1


# --------------------------------------------------- 13. a hostile _summary.json is there

def _deep(path: Path, tmp_path: Path):
    path.write_text('{"inputs": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")


def _fifo(path: Path, tmp_path: Path):
    os.mkfifo(path)


def _link_out(path: Path, tmp_path: Path):
    (tmp_path / "elsewhere.json").write_text('{"keep": true}', encoding="utf-8")
    path.symlink_to(tmp_path / "elsewhere.json")


def _link_zero(path: Path, tmp_path: Path):
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize("plant", [_deep, _fifo, _link_out, _link_zero], ids=["deep", "fifo", "link", "dev-zero"])
def test_a_hostile_summary_left_in_the_folder_is_replaced_safely(tmp_path, plant):
    inputs(tmp_path / "in", 2)
    (tmp_path / "in" / "bad.yaml").write_text("output: bad\nissuer: [\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    plant(out / "_summary.json", tmp_path)
    result = cli("render", tmp_path / "in", "-o", out, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert str(out / "bc-0.docx") in result.stdout and str(out / "bc-1.docx") in result.stdout
    assert "bad.yaml: bỏ qua" in result.stderr
    assert "Tổng cộng 3 tệp: đã ghi 2, không đổi 0, giữ nguyên vì đã sửa 0, lỗi 1." in result.stdout
    summary = out / "_summary.json"
    assert summary.is_file() and not summary.is_symlink()
    assert json.loads(summary.read_text(encoding="utf-8"))["totals"]["written"] == 2
    if (tmp_path / "elsewhere.json").exists():
        assert (tmp_path / "elsewhere.json").read_text(encoding="utf-8") == '{"keep": true}'
