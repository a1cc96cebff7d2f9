"""The committed templates are exactly what tools/build_templates.py builds from layout.py."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "tools" / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("system", ["party", "state"])
def test_committed_template_is_up_to_date(tmp_path, system):
    target = tmp_path / f"{system}.docx"
    _builder().build(system, target)
    committed = ROOT / "templates" / f"{system}.docx"
    assert target.read_bytes() == committed.read_bytes(), "run: python tools/build_templates.py"
