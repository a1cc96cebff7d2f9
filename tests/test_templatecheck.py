"""Custom templates: `validate` compiles and checks them; errors name the paragraph, in Vietnamese."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from report_drafter.document import render

BASE = (Path(__file__).parent / "data" / "base-valid.yaml").read_text(encoding="utf-8")
WHERE = 'mẫu custom.docx, đoạn 14 "{text}"'
FIX = "hãy sửa trong Word (mỗi thẻ nằm trọn trong một đoạn: {{ biến }}, {% lệnh %})"


def custom_template(tmp_path: Path, old: str, new: str) -> Path:
    """The built-in Party template with one tag rewritten, as a clerk might in Word."""
    source = render.builtin_template("party")
    target = tmp_path / "custom.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            out.writestr(item, data)
    (tmp_path / "in.yaml").write_text(BASE + "template: custom.docx\n", encoding="utf-8")
    return tmp_path / "in.yaml"


def run(*args):
    return subprocess.run([sys.executable, "-m", "report_drafter", *map(str, args)], capture_output=True, text=True)


@pytest.mark.parametrize(
    "new, message",
    [
        ("{{ title.kind }", WHERE.format(text="{{ title.kind }") + ': thẻ "{{" chưa được đóng bằng "}}"; ' + FIX),
        (
            "{% if draft %}{{ title.kind }}{% endif",
            WHERE.format(text="{% if draft %}{{ title.kind }}{% endif") + ': thẻ "{%" chưa được đóng bằng "%}"; ' + FIX,
        ),
        (
            "{{ title.kind }} }}",
            WHERE.format(text="{{ title.kind }} }}") + ': có "}}" mà không có thẻ mở tương ứng; ' + FIX,
        ),
        (
            "{% if draft %}{{ title.kind }}",
            WHERE.format(text="{% if draft %}{{ title.kind }}")
            + ': thẻ "{% if … %}" chưa có "{% endif %}" đóng lại; '
            + FIX,
        ),
        (
            "{{ title.kind }}{% endfor %}",
            WHERE.format(text="{{ title.kind }}{% endfor %}")
            + ': có "{% endfor %}" mà không có "{% for … %}" mở trước đó; '
            + FIX,
        ),
        (
            "{{ title.kindd }}",
            WHERE.format(text="{{ title.kindd }}") + ': biến "title.kindd" không có trong dữ liệu '
            'của văn bản; có phải ý bạn là "title.kind"? (danh sách đầy đủ: report-drafter templates)',
        ),
    ],
)
def test_a_broken_template_is_reported_by_validate_and_never_rendered(tmp_path, new, message):
    path = custom_template(tmp_path, "{{ title.kind }}", new)
    checked = run("validate", path)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [f"{path}:31:11: template: {message}"]
    rendered = run("render", path, "-o", tmp_path / "out")
    assert rendered.returncode == 1 and "Traceback" not in rendered.stderr
    assert not list((tmp_path / "out").glob("*.docx"))


def test_an_empty_value_printed_by_a_template_is_a_warning(tmp_path):
    path = custom_template(tmp_path, "{{ title.kind }}", "{{ meeting.place }}")
    checked = run("validate", path)
    assert checked.returncode == 0
    assert checked.stderr.splitlines() == [
        f"{path}:31:11: template: cảnh báo: "
        + WHERE.format(text="{{ meeting.place }}")
        + ': biến "meeting.place" trống với tệp dữ liệu này nên đoạn sẽ in ra trống; hãy điền giá trị trong '
        "tệp YAML, hoặc đặt đoạn trong {% if meeting.place %} … {% endif %}"
    ]
