"""The wheel carries the Word templates from the top-level templates/ folder, and the web
app's pages, script and stylesheet."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_the_top_level_templates_inside_the_package(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    (wheel,) = tmp_path.glob("report_drafter-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for system in ("party", "state"):
        assert f"report_drafter/templates/{system}.docx" in names
        with zipfile.ZipFile(wheel) as z:
            committed = (ROOT / "templates" / f"{system}.docx").read_bytes()
            assert z.read(f"report_drafter/templates/{system}.docx") == committed
    assert "report_drafter/rules/hd36-2018.json" in names
    web = ROOT / "src" / "report_drafter" / "web"  # the web app's pages, script and style
    shipped = [
        p.relative_to(ROOT / "src").as_posix() for p in web.rglob("*") if p.suffix in (".html", ".js", ".css", ".py")
    ]
    assert "report_drafter/web/static/app.js" in shipped and "report_drafter/web/templates/form.html" in shipped
    assert set(shipped) <= names
