"""Issue 18 (items 7–9), "done when": forged collection workbooks given to `--figures`.

Property: whatever .xlsx it is handed — a far cell, a far `<dimension>`, 150,000 rows, a
plan header with thousands of digits, extreme or broken numbers, damaged bytes — the real
CLI (`validate`, `render` or `rollup` with `--figures`; a subprocess with 1 GiB of address
space) exits 0, 1 or 2, never by a signal, and never prints a Python traceback. Derandomised and few by default; PROPERTY_EXAMPLES and
PROPERTY_RANDOM run a longer search.
"""

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).parents[1]
HAI_PHONG = ROOT / "inputs" / "hai-phong"
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "12"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("PROPERTY_RANDOM"),
    database=None,
    suppress_health_check=list(HealthCheck),
)
SHEET_PART = "xl/worksheets/sheet1.xml"
NUMBERS = [
    "1e40",
    "1e300",
    "1e-300",
    "1e16",
    "-5",
    "NaN",
    "INF",
    "-1e308",
    "9" * 400,
    "abc",
    "",
    "0x1F",
    "1" * 5000,
    "2.5E+307",
    "-0",
]
TEXTS = [
    "9" * 5000,
    "Số kế hoạch 999999999999",
    "Số kế hoạch " + "9" * 5000,
    "#DIV/0!",
    "=1+1",
    "có",
    "&#0;",
    "\u202e",
    "Đồ Sơn " * 3000,
]


def _limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("base") / "so-lieu.xlsx"
    run = subprocess.run(
        [sys.executable, "-m", "report_drafter", "sheet", str(HAI_PHONG), "-o", str(path)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert run.returncode == 0, run.stderr
    return path.read_bytes()


@st.composite
def forged(draw, base: bytes) -> bytes:
    """The bundled batch's workbook with its sheet XML (or its bytes) damaged."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    xml = parts[SHEET_PART].decode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["far", "dimension", "rows", "number", "text", "header", "columns"]))
        if kind == "far":
            ref = draw(st.sampled_from(["XFD1048576", "A1048576", "XFD2", "ZZZZ9", "AAA99999999"]))
            xml = xml.replace(
                "</sheetData>", f'<row r="{re.sub("[A-Z]", "", ref) or 1}"><c r="{ref}"><v>1</v></c></row></sheetData>'
            )
        elif kind == "dimension":
            ref = draw(st.sampled_from(["A1:XFD1048576", "A1:L99999999999", "A1", "", "XFD1048576"]))
            xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml)
        elif kind == "rows":
            n = draw(st.integers(1, 150_000))
            rows = "".join(f'<row r="{r}"><c r="F{r}"><v>1</v></c></row>' for r in range(11, 11 + n))
            xml = xml.replace("</sheetData>", rows + "</sheetData>")
        elif kind == "columns":
            xml = xml.replace(
                "</sheetData>", "<row>" + "<c><v>1</v></c>" * draw(st.integers(1, 20_000)) + "</row></sheetData>"
            )
        elif kind == "number":
            values = re.findall(r"<v>[^<]*</v>", xml)
            if values:
                old = draw(st.sampled_from(values))
                xml = xml.replace(old, f"<v>{draw(st.sampled_from(NUMBERS))}</v>", 1)
        else:
            texts = re.findall(r"<t>[^<]*</t>", xml)
            target = "<t>Số kế hoạch 1</t>" if kind == "header" else draw(st.sampled_from(texts))
            xml = xml.replace(target, f"<t>{draw(st.sampled_from(TEXTS))}</t>", 1)
    parts[SHEET_PART] = xml.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    data = bytearray(out.getvalue())
    if draw(st.booleans()) and draw(st.booleans()):  # a quarter: damaged bytes too
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


def test_figures_commands_answer_every_forged_workbook(base, tmp_path):
    @SETTINGS
    @given(st.data())
    def check(data):
        book = tmp_path / "so-lieu.xlsx"
        book.write_bytes(data.draw(forged(base)))
        command = data.draw(
            st.sampled_from(
                [
                    ["validate"],
                    ["validate"],
                    ["render", "-o", str(tmp_path / "out")],
                    ["rollup", "-o", str(tmp_path / "roll")],
                ]
            )
        )
        run = subprocess.run(
            [sys.executable, "-m", "report_drafter", *command, str(HAI_PHONG), "--figures", str(book)],
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            preexec_fn=_limit_memory,
            timeout=300,
        )
        said = run.stdout.decode("utf-8", "replace") + run.stderr.decode("utf-8", "replace")
        assert run.returncode in (0, 1, 2), (run.returncode, said[-3000:])
        assert "Traceback (most recent call last)" not in said, said[-3000:]
        assert "lỗi không mong đợi" not in said, said[-3000:]

    check()
