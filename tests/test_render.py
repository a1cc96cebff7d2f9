"""The fast render path: safe Jinja, same document as plain docxtpl, atomic output."""

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from docx_helpers import canonical_parts
from report_drafter.document import render
from report_drafter.errors import UserError

CONTEXT = {
    "header": {"date_line": "Đồ Sơn, ngày 09 tháng 7 năm 2019"},
    "body": [
        {
            "style": "body",
            "runs": [
                {"text": "Thu ngân sách ", "bold": False, "italic": False},
                {"text": "tăng & vượt <kế hoạch>", "bold": True, "italic": False},
                {"text": " {{ 7*7 }} {% if 1 %}x{% endif %}", "bold": False, "italic": True},
            ],
        }
    ],
    "properties": {"title": "Báo cáo sơ kết"},
}


@pytest.fixture()
def tiny_template(tmp_path):
    doc = Document()
    doc.add_paragraph("Ngày: {{ header.date_line }}")
    doc.add_paragraph("{%p for p in body %}")
    doc.add_paragraph().add_run("{{r p.runs|runs }}")
    doc.add_paragraph("{%p endfor %}")
    doc.core_properties.title = "{{ properties.title }}"
    path = tmp_path / "tiny.docx"
    doc.save(path)
    return path


def _read(data: bytes):
    return Document(io.BytesIO(data))


def test_text_from_inputs_is_data_never_template_code(tiny_template):
    data = render.prepare(tiny_template).render(CONTEXT).data
    paragraphs = [p.text for p in _read(data).paragraphs]
    assert paragraphs == [
        "Ngày: Đồ Sơn, ngày 09 tháng 7 năm 2019",
        "Thu ngân sách tăng & vượt <kế hoạch> {{ 7*7 }} {% if 1 %}x{% endif %}",
    ]


def test_inline_runs_keep_bold_and_italic(tiny_template):
    runs = _read(render.prepare(tiny_template).render(CONTEXT).data).paragraphs[1].runs
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in runs if r.text] == [
        ("Thu ngân sách ", False, False),
        ("tăng & vượt <kế hoạch>", True, False),
        (" {{ 7*7 }} {% if 1 %}x{% endif %}", False, True),
    ]


def test_missing_variable_is_an_error_not_a_blank(tiny_template):
    with pytest.raises(UserError) as err:
        render.prepare(tiny_template).render({"header": {}, "body": [], "properties": {"title": ""}})
    assert "không hiển thị được" in err.value.message and "date_line" in err.value.message


def test_sandbox_refuses_unsafe_template_code(tmp_path):
    doc = Document()
    doc.add_paragraph("{{ header.__class__.__mro__ }}")
    path = tmp_path / "evil.docx"
    doc.save(path)
    with pytest.raises(UserError) as err:
        render.prepare(path).render({"header": {}})
    assert "không được phép" in err.value.message or "không hiển thị được" in err.value.message


def plain_docxtpl(template, context) -> bytes:
    """What plain docxtpl makes: a new DocxTemplate, render with our environment, save."""
    from docxtpl import DocxTemplate

    plain = DocxTemplate(str(template))
    plain.render(context, jinja_env=render.make_environment())
    buf = io.BytesIO()
    plain.save(buf)
    return _dated(buf.getvalue(), context)


def _dated(data: bytes, context) -> bytes:
    """docxtpl renders the text properties only; ours also dates the document (created, modified)."""
    created = context.get("properties", {}).get("created")
    if not created:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            part = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                part = part.replace(b"{{ properties.created }}", created.encode())
            dst.writestr(item, part)
    return out.getvalue()


def test_fast_path_equals_plain_docxtpl(tiny_template):
    fast = render.prepare(tiny_template).render(CONTEXT).data
    assert canonical_parts(fast) == canonical_parts(plain_docxtpl(tiny_template, CONTEXT))


def test_template_variables_are_listed(tiny_template):
    assert render.prepare(tiny_template).variables() == ["body", "header.date_line", "properties.title"]


def test_unknown_template_name_is_explained(tmp_path):
    with pytest.raises(UserError) as err:
        render.resolve_template("mau-khong-co", "party", tmp_path)
    assert err.value.message == (
        'không tìm thấy mẫu "mau-khong-co"; hãy ghi tên mẫu có sẵn '
        "(bao-cao-so-ket, party, state) hoặc đường dẫn tới một tệp .docx"
    )


EXAMPLES = sorted(Path(__file__).parents[1].glob("inputs/**/*.yaml")) + sorted(
    (Path(__file__).parent / "data" / "inputs" / "valid").glob("*.yaml")
)


@pytest.mark.parametrize("path", [p for p in EXAMPLES if not p.name.startswith("_")], ids=lambda p: p.name)
def test_fast_path_equals_plain_docxtpl_for_every_example(path):
    """Same parts, canonical XML equal, for every bundled template and example."""
    from report_drafter.text import context
    from report_drafter.input import schema as load

    defaults = path.parent / "_defaults.yaml"
    report = load.load_file(path, defaults if defaults.exists() else None).report
    ctx = context.build_context(report)
    template = render.builtin_template(report.system)
    fast = render.prepare(template).render(ctx).data
    assert canonical_parts(fast) == canonical_parts(plain_docxtpl(template, ctx))


def test_builtin_templates_run_trusted_and_a_copy_of_one_runs_sandboxed_with_the_same_result(tmp_path):
    """Ours (shipped with the code) render without the sandbox's checks; the same template
    copied elsewhere is a custom template, sandboxed, and makes the very same document."""
    import shutil
    from report_drafter.text import context
    from report_drafter.input import schema as load
    from report_drafter.document import sandbox

    path = Path(__file__).parents[1] / "inputs" / "ubnd-hai-an-2020-6t.yaml"
    ctx = context.build_context(load.load_file(path).report)
    builtin = render.prepare(render.builtin_template("state"))
    copy = tmp_path / "state.docx"
    shutil.copy(render.builtin_template("state"), copy)
    custom = render.prepare(render.resolve_template(str(copy), "state"))
    assert builtin.trusted and not isinstance(builtin.env, sandbox.Environment)
    assert not custom.trusted and isinstance(custom.env, sandbox.Environment)
    assert builtin.render(ctx).data == custom.render(ctx).data


@pytest.mark.parametrize(
    "source",
    [
        "{{ x.__class__ }}",
        "{{ x['__init__'] }}",
        "{{ x|attr('__class__') }}",
        "{{ x|map(attribute='__class__')|list }}",
        "{{ 'a{0.__class__}'.format(x) }}",
        "{{ '{0.__class__}'['format_map'] }}",
    ],
)
def test_the_trusted_environment_still_refuses_the_way_out_to_python(source):
    """Its sources may come from the cache on disk: a forged entry gets no `_…` name, no str.format."""
    from jinja2.sandbox import SecurityError

    with pytest.raises(SecurityError):
        render.make_environment(trusted=True).from_string(source).render(x={"a": "b"})
