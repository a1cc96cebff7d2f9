"""Dependencies point downwards, and each third-party library stays in its one module."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "src" / "report_drafter"
LAYERS = [
    {"errors", "__init__", "filekind", "watchdog", "ooxml"},
    {"model", "safefile"},                   # safefile: its errors are ReportDrafterErrors too
    {"vnformat", "parse", "package", "marks", "sandbox", "xlsxsize", "cachekey", "yamlout"},
    {"blocks"},
    {"layout", "output"},
    {"compute", "yamlnode"},
    {"load", "context", "render", "docxread", "starter", "figures",
     "rollup", "update", "recognise", "anatomy", "findings"},
    {"judge", "docxpage", "docxwrite"},
    {"judge_body", "judge_page"},
    {"check", "templatecheck", "pdf", "brief", "sheet", "rollupdoc", "written", "importdocx"},
    {"job"},
    {"batch", "gather", "fix"},
    {"cli"},
    {"__main__"},
]
THIRD_PARTY = {"docxtpl": {"render"}, "docx": {"docxread", "docxwrite", "brief", "rollupdoc"}, "yaml": {"yamlnode"},
               "jinja2": {"render", "sandbox"}, "markupsafe": {"render"}, "rich": {"cli"},
               "xlsxwriter": {"sheet"}, "python_calamine": {"figures"},
               "lxml": {"update", "docxread", "blocks"},
               "flask": set(), "waitress": set(), "ruamel": set(), "werkzeug": set()}   # web/ only


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "report_drafter":
                found |= {f"report_drafter.{a.name}" for a in node.names}
    return found


def layer(name: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if name in names)


def test_every_module_has_a_layer():
    assert {p.stem for p in PACKAGE.glob("*.py")} == set().union(*LAYERS)


def test_dependencies_point_downwards():
    for path in PACKAGE.glob("*.py"):
        for module in imports(path):
            target = module.split(".")[1] if module.startswith("report_drafter.") else ""
            if target and (PACKAGE / f"{target}.py").exists():
                assert layer(target) < layer(path.stem) or target == path.stem, f"{path.stem} → {target}"


def test_third_party_libraries_are_confined():
    for path in PACKAGE.glob("*.py"):
        for module in imports(path):
            root = module.split(".")[0]
            if root in THIRD_PARTY:
                assert path.stem in THIRD_PARTY[root], f"{path.stem} imports {root}"


def test_the_web_app_keeps_its_libraries_and_calls_the_library():
    """Flask, waitress, ruamel.yaml and werkzeug live in web/; web/ never runs the CLI."""
    web = PACKAGE / "web"
    for path in web.glob("*.py"):
        found = imports(path)
        assert "report_drafter.cli" not in found and "subprocess" not in found or path.stem == "work", path
    for path in PACKAGE.rglob("*.py"):
        if path.parent == web:
            continue
        for module in imports(path):
            assert module.split(".")[0] not in ("flask", "waitress", "ruamel", "werkzeug"), path


def test_every_exception_the_package_raises_descends_from_its_error_base():
    """One error tree: a caller catches `ReportDrafterError` and has every deliberate refusal."""
    import importlib
    import inspect
    import pkgutil

    import report_drafter
    from report_drafter.errors import ReportDrafterError

    found = []
    for info in pkgutil.walk_packages(report_drafter.__path__, "report_drafter."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, BaseException) and cls.__module__ == info.name]
    outside = {f"{c.__module__}.{c.__qualname__}" for c in found if not issubclass(c, ReportDrafterError)}
    assert outside == {"report_drafter.cli._Terminated"}        # SIGTERM handled as Ctrl-C, on purpose
    assert len(found) >= 8


def test_document_outcomes_are_named_and_keep_the_summary_words():
    from report_drafter import job, output
    assert [str(s) for s in output.DocumentStatus] == ["written", "unchanged", "kept", "overwritten",
                                                         "updated", "failed"]
    assert job.FAILED is output.DocumentStatus.FAILED
    assert {"kept": 1}[output.KEPT] == 1                        # a word read back from _summary.json
