"""Output names stay inside the output folder; writes are atomic; edits are protected."""

import os
import zipfile
from pathlib import Path

import pytest

from report_drafter.docx import package
from report_drafter.errors import OutputPathError
from report_drafter.files import writing as output


@pytest.mark.parametrize(
    "issuer, kind, index, year, stem",
    [
        ("Quận ủy Đồ Sơn", "half", 1, 2019, "quan-uy-do-son-2019-6t"),
        ("Ủy ban nhân dân quận Hải An", "half", 2, 2020, "uy-ban-nhan-dan-quan-hai-an-2020-6t-cuoi"),
        ("Quận ủy Kiến An", "nine_months", 0, 2019, "quan-uy-kien-an-2019-9t"),
        ("Quận ủy Đồ Sơn", "quarter", 1, 2021, "quan-uy-do-son-2021-q1"),
        ("Quận ủy Nam Từ Liêm", "year", 0, 2022, "quan-uy-nam-tu-liem-2022-nam"),
    ],
)
def test_default_stem_is_an_ascii_slug(issuer, kind, index, year, stem):
    assert output.default_stem(issuer, kind, index, year) == stem


@pytest.mark.parametrize(
    "stem, message",
    [
        ("../thoat-ra", 'tên tệp "../thoat-ra" chứa dấu phân cách thư mục; chỉ ghi tên tệp, ví dụ do-son-2019-6t'),
        ("/etc/passwd", 'tên tệp "/etc/passwd" chứa dấu phân cách thư mục; chỉ ghi tên tệp, ví dụ do-son-2019-6t'),
        ("..", 'tên tệp ".." không được bắt đầu bằng dấu chấm'),
        ("CON", '"CON" là tên dành riêng của Windows; hãy chọn tên khác'),
        ("lpt1.bao-cao", '"lpt1.bao-cao" là tên dành riêng của Windows; hãy chọn tên khác'),
        ("a\\b", 'tên tệp "a\\b" chứa dấu phân cách thư mục; chỉ ghi tên tệp, ví dụ do-son-2019-6t'),
        ("", "tên tệp kết quả trống"),
        ("COM0", '"COM0" là tên dành riêng của Windows; hãy chọn tên khác'),
        ("conin$", '"conin$" là tên dành riêng của Windows; hãy chọn tên khác'),
        ("CONOUT$.bao-cao", '"CONOUT$.bao-cao" là tên dành riêng của Windows; hãy chọn tên khác'),
        ("lpt¹", '"lpt¹" là tên dành riêng của Windows; hãy chọn tên khác'),
        (
            "bao-cao-\u202excod.exe",
            "tên tệp 'bao-cao-\\u202excod.exe' chứa ký tự ẩn U+202E (ký tự điều khiển hoặc đổi "
            "chiều chữ, làm tên tệp hiện sai); hãy gõ lại tên chỉ bằng chữ, số và dấu gạch",
        ),
        (
            "bao\u200bcao",
            "tên tệp 'bao\\u200bcao' chứa ký tự ẩn U+200B (ký tự điều khiển hoặc đổi chiều chữ, làm tên "
            "tệp hiện sai); hãy gõ lại tên chỉ bằng chữ, số và dấu gạch",
        ),
    ],
)
def test_names_that_would_leave_the_folder_are_refused(tmp_path, stem, message):
    with pytest.raises(OutputPathError) as err:
        output.output_path(tmp_path, stem)
    assert err.value.message == message


def test_what_is_at_an_output_name_must_be_a_plain_file(tmp_path):
    (tmp_path / "lien-ket.docx").symlink_to(tmp_path / "khac.docx")
    (tmp_path / "thu-muc.docx").mkdir()
    os.mkfifo(tmp_path / "ong.docx")
    for stem, message in [
        (
            "lien-ket",
            f"{tmp_path / 'lien-ket.docx'} là một liên kết (symlink) tới {tmp_path / 'khac.docx'}; "
            "report-drafter không bao giờ ghi qua liên kết: hãy xóa liên kết lien-ket.docx hoặc dùng -o "
            "để ghi vào thư mục khác",
        ),
        (
            "thu-muc",
            "đã có một thư mục tên thu-muc.docx trong thư mục kết quả; hãy đổi tên thư mục đó hoặc đặt "
            "khóa output khác",
        ),
        (
            "ong",
            f"{tmp_path / 'ong.docx'} không phải tệp thường (FIFO, socket hoặc thiết bị); hãy xóa nó hoặc "
            "dùng -o để ghi vào thư mục khác",
        ),
    ]:
        with pytest.raises(OutputPathError) as err:
            output.output_path(tmp_path, stem)
        assert err.value.message == message


def test_place_decides_again_when_the_target_changed(tmp_path):
    target = str(tmp_path / "a.docx")
    output.write_atomic(Path(target), b"old")
    seen = output.snapshot(target)
    temp = output.write_temporary(target, b"new")
    assert output.place(temp, target, seen, lambda: pytest.fail("unchanged target: no new judgement")) is None
    assert Path(target).read_bytes() == b"new"
    seen = output.snapshot(target)
    temp = output.write_temporary(target, b"newer")
    Path(target).write_bytes(b"edited by hand")
    assert output.place(temp, target, seen, lambda: output.KEPT) == output.KEPT
    assert Path(target).read_bytes() == b"edited by hand"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_a_plain_name_stays_inside(tmp_path):
    assert output.output_path(tmp_path, "bao-cao-quy-1") == str((tmp_path / "bao-cao-quy-1.docx").resolve())


def test_atomic_write_leaves_no_temporary(tmp_path):
    target = tmp_path / "a.docx"
    output.write_atomic(target, b"abc")
    output.write_atomic(target, b"defg")
    assert target.read_bytes() == b"defg"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_stale_temporaries_are_removed(tmp_path):
    (tmp_path / ".report-drafter-x.1.abcd.tmp").write_bytes(b"half")
    (tmp_path / "keep.docx").write_bytes(b"x")
    assert output.remove_stale_temporaries(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["keep.docx"]


def _package(path: Path, body: bytes, fingerprint: str | None) -> None:
    custom = b""
    members = [package.member_from_bytes("word/document.xml", body)]
    if fingerprint is not None:
        custom = (
            f'<Properties><property name="{package.FINGERPRINT_PROPERTY}">'
            f"<vt:lpwstr>{fingerprint}</vt:lpwstr></property></Properties>"
        ).encode()
        members.append(package.member_from_bytes(package.CUSTOM_PART, custom))
    with open(path, "wb") as fh:
        package.write_zip(members, fh)


def test_zip_written_by_package_reads_back_with_zipfile(tmp_path):
    path = tmp_path / "p.docx"
    _package(path, "<w:body>Đồ Sơn</w:body>".encode(), None)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        assert z.read("word/document.xml").decode() == "<w:body>Đồ Sơn</w:body>"


def test_decisions_follow_the_fingerprint(tmp_path):
    body = b"<w:body>ban dau</w:body>"
    fp = package.fingerprint([package.member_from_bytes("word/document.xml", body)])
    target = tmp_path / "a.docx"
    assert output.decide(target, fp, force=False) == output.WRITTEN  # missing
    _package(target, body, fp)
    assert output.decide(target, fp, force=False) == output.UNCHANGED  # same content
    assert output.decide(target, "other", force=False) == output.WRITTEN  # ours, unedited
    _package(target, b"<w:body>da sua</w:body>", fp)  # edited
    assert output.decide(target, fp, force=False) == output.KEPT
    assert output.decide(target, fp, force=True) == output.OVERWRITTEN
    _package(target, body, None)  # not ours
    assert output.decide(target, fp, force=False) == output.KEPT
