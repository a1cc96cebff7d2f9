"""`build_context`'s keys are exactly what docs/context.md documents (the templates' contract)."""

import re
from pathlib import Path

from report_drafter.input import schema as load
from report_drafter.text import context

ROOT = Path(__file__).parents[1]
DOC = (ROOT / "docs" / "context.md").read_text(encoding="utf-8")
BLOCK = DOC.split("```jsonc", 1)[1].split("```", 1)[0]
EXAMPLES = [
    ROOT / "inputs" / "tin-hoi-nghi" / "nam-tu-liem-2022-6t.yaml",
    ROOT / "inputs" / "quan-uy-do-son-2019-6t.yaml",
]


def documented_top_level() -> set[str]:
    return set(re.findall(r'^  "(\w+)":', BLOCK, flags=re.M))


def documented_keys() -> set[str]:
    return set(re.findall(r"\"(\w+)\":", DOC))


def context_keys(value, skip=("marks", "source")) -> set[str]:
    """Every key of nested mappings (lists looked into), except the free-form `marks` and `source`."""
    found = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(key)
            if key not in skip:
                found |= context_keys(inner, skip)
    elif isinstance(value, list):
        for inner in value:
            found |= context_keys(inner, skip)
    return found


def built(path):
    loaded = load.load_file(path)
    assert loaded.report is not None, [p.format() for p in loaded.problems]
    return context.build_context(loaded.report)


def test_top_level_keys_are_the_documented_ones():
    for path in EXAMPLES:
        assert set(built(path)) == documented_top_level()


def test_every_nested_key_is_documented():
    documented = documented_keys() | {"style", "runs", "keep", "text", "bold", "italic", "mark", "mark_id"}
    for path in EXAMPLES:
        assert context_keys(built(path)) - documented == set()


def test_every_body_style_is_in_the_table_of_styles():
    styles = set(re.findall(r"^\| `(\w+)` \|", DOC, flags=re.M))
    for path in EXAMPLES:
        assert {p["style"] for p in built(path)["body"]} <= styles


def test_the_templates_command_lists_every_variable_meeting_included():
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "report_drafter", "templates"], capture_output=True, text=True)
    assert run.returncode == 0
    listed = {line.strip() for line in run.stdout.splitlines()}
    assert {
        "meeting.place",
        "meeting.time",
        "meeting.conclusion[].runs",
        "appendix.reference",
        "properties.created",
        "body[].keep",
    } <= listed
