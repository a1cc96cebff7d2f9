"""Dependencies point downwards, and each third-party library stays in its one module."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "src" / "report_drafter"
LAYERS = [
    {"errors", "__init__", "files.kind", "document.watchdog", "ooxml"},
    {"model", "files.reading"},  # safefile: its errors are ReportDrafterErrors too
    {
        "vn.writing",
        "vn.reading",
        "docx.package",
        "text.marks",
        "document.sandbox",
        "sheets.xlsxsize",
        "document.cachekey",
        "fromdocx.yamlout",
    },
    {"docx.blocks"},
    {"rules.book", "files.writing"},
    {"text.compute", "input.yamltree"},
    {
        "input.schema",
        "text.context",
        "document.render",
        "docx.reading",
        "input.starter",
        "sheets.workbook_in",
        "sheets.rollup",
        "document.update",
        "fromdocx.recognise",
        "audit.anatomy",
        "audit.findings",
    },
    {"audit.judge", "docx.page", "docx.writing"},
    {"audit.judge_body", "audit.judge_page"},
    {
        "audit.check",
        "document.templatecheck",
        "document.pdf",
        "brief",
        "sheets.workbook_out",
        "sheets.rollup_docx",
        "files.record",
        "fromdocx.importer",
    },
    {"run.one_input"},
    {"run.batch", "run.load_all", "audit.fix"},
    {"cli"},
    {"__main__"},
]
THIRD_PARTY = {
    "docxtpl": {"document.render"},
    "docx": {"docx.reading", "docx.writing", "brief", "sheets.rollup_docx"},
    "yaml": {"input.yamltree"},
    "jinja2": {"document.render", "document.sandbox"},
    "markupsafe": {"document.render"},
    "rich": {"cli"},
    "xlsxwriter": {"sheets.workbook_out"},
    "python_calamine": {"sheets.workbook_in"},
    "lxml": {"document.update", "docx.reading", "docx.blocks"},
    "flask": set(),
    "waitress": set(),
    "ruamel": set(),
    "werkzeug": set(),
}  # web/ only


def imports(path: Path) -> set[str]:
    """Every module `path` imports; `from report_drafter.x import y` also as `report_drafter.x.y`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module.startswith("report_drafter"):
                found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def name_of(path: Path) -> str:
    """`audit/check.py` → `audit.check`; `cli.py` → `cli`."""
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def modules() -> list[Path]:
    """The package's modules outside web/ (the web app has its own test below)."""
    return [
        p
        for p in PACKAGE.rglob("*.py")
        if "web" not in p.relative_to(PACKAGE).parts
        and p.name != "__init__.py"
        or p.parent == PACKAGE
        and p.name == "__init__.py"
    ]


def own(module: str) -> str:
    """The package module an import names (`report_drafter.audit.check.X` → `audit.check`), or ""."""
    if not module.startswith("report_drafter."):
        return ""
    parts = module.split(".")[1:]
    if parts[:1] == ["web"]:  # the web app: its own test below
        return ""
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        if (PACKAGE / Path(*parts[:n])).with_suffix(".py").exists():
            return name
    return ""


def layer(name: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if name in names)


def test_every_module_has_a_layer():
    assert {name_of(p) for p in modules()} == set().union(*LAYERS)


def test_dependencies_point_downwards():
    for path in modules():
        for module in imports(path):
            target = own(module)
            if target:
                assert layer(target) < layer(name_of(path)) or target == name_of(path), f"{name_of(path)} → {target}"


def test_stages_depend_on_each_other_without_cycles():
    """The subpackages (stages) form a directed acyclic graph: each reads only stages below it."""
    stage = lambda name: name.split(".")[0] if "." in name else ""  # noqa: E731
    edges = {}
    for path in modules():
        here = stage(name_of(path))
        for module in imports(path):
            there = stage(own(module))
            if here and there and here != there:
                edges.setdefault(here, set()).add(there)
    done = set()

    def visit(node, trail):
        assert node not in trail, "cycle: " + " → ".join([*trail, node])
        if node in done:
            return
        for nxt in edges.get(node, ()):
            visit(nxt, [*trail, node])
        done.add(node)

    for node in list(edges):
        visit(node, [])


def test_third_party_libraries_are_confined():
    for path in modules():
        for module in imports(path):
            root = module.split(".")[0]
            if root in THIRD_PARTY:
                assert name_of(path) in THIRD_PARTY[root], f"{name_of(path)} imports {root}"


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
        found += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, BaseException) and cls.__module__ == info.name
        ]
    outside = {f"{c.__module__}.{c.__qualname__}" for c in found if not issubclass(c, ReportDrafterError)}
    assert outside == {"report_drafter.cli._Terminated"}  # SIGTERM handled as Ctrl-C, on purpose
    assert len(found) >= 8


def test_document_outcomes_are_named_and_keep_the_summary_words():
    from report_drafter.files import writing as output
    from report_drafter.run import one_input as job

    assert [str(s) for s in output.DocumentStatus] == [
        "written",
        "unchanged",
        "kept",
        "overwritten",
        "updated",
        "failed",
    ]
    assert job.FAILED is output.DocumentStatus.FAILED
    assert {"kept": 1}[output.KEPT] == 1  # a word read back from _summary.json
