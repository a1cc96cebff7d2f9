"""Issue 18, "done when" (the `update` part): forged documents never break `update`.

A seeded generator forges edited drafts: marks left without their end, ends moved to other
paragraphs or cells, marks put around paragraphs and cells, marks crossing each other,
duplicated (copied sentences, names renamed "… Copy 1" or "…_1"), odd bookmark ids; each
draft also carries what a person put in (typed words, a line break, a comment reference, a
picture). Property: `update` (with and without --force and --track-changes) answers with
a result or a message, never an exception; what the person put in is all still there; the
document is never emptied; no deletion sits inside another.
"""

import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from report_drafter.document import render, update
from report_drafter.docx import blocks, package
from report_drafter.errors import UserError
from report_drafter.input import schema as load
from report_drafter.text import context

ROOT = Path(__file__).parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CASES = int(os.environ.get("UPDATE_FORGED_CASES", "150"))
TEXT = (ROOT / "inputs" / "ubnd-hai-an-2020-6t.yaml").read_text(encoding="utf-8")
PARTY = (ROOT / "inputs" / "quan-uy-do-son-2019-6t.yaml").read_text(encoding="utf-8")


def _render(text: str) -> bytes:
    loaded = load.load_text(text, "a.yaml")
    template = render.prepare(render.resolve_template(loaded.report.template, loaded.report.system))
    return template.render(context.build_context(loaded.report)).data


def _parts(data: bytes) -> dict:
    return package.read_contents(io.BytesIO(data))


def _with(data: bytes, root) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "word/document.xml":
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, part)
    return out.getvalue()


def _person(rng, root, k: int) -> None:
    """What a person puts in a paragraph: words, a line break, a comment reference, a picture."""
    paras = [p for p in root.iter(W + "p") if blocks.text(p)]
    p = rng.choice(paras)
    run = etree.SubElement(p, W + "r")
    etree.SubElement(run, W + "t").text = f" «P{k}»"
    etree.SubElement(run, W + "br")
    ref = etree.SubElement(etree.SubElement(p, W + "r"), W + "commentReference")
    ref.set(W + "id", str(k))
    etree.SubElement(etree.SubElement(p, W + "r"), W + "drawing")


def _forge(rng, root) -> None:
    starts = [b for b in root.iter(W + "bookmarkStart") if b.get(W + "name", "").startswith("_rd_")]
    paras = list(root.iter(W + "p"))
    cells = list(root.iter(W + "tc"))
    body = root.find(W + "body")
    start = rng.choice(starts)
    ends = [e for e in root.iter(W + "bookmarkEnd") if e.get(W + "id") == start.get(W + "id")]
    kind = rng.choice(
        [
            "drop end",
            "move end",
            "around paragraph",
            "across cells",
            "cross",
            "duplicate",
            "rename",
            "odd id",
            "drop start",
        ]
    )
    if kind == "drop end" and ends:
        ends[0].getparent().remove(ends[0])
    elif kind == "move end" and ends:
        ends[0].getparent().remove(ends[0])
        rng.choice(paras).append(ends[0])
    elif kind == "around paragraph":
        p = next((a for a in start.iterancestors() if a.tag == W + "p"), None)
        if p is not None and p.getparent() is body:
            p.addprevious(start)
    elif kind == "across cells" and ends and cells:
        ends[0].getparent().remove(ends[0])
        rng.choice(cells).append(ends[0]) if rng.random() < 0.5 else rng.choice(cells).find(W + "p").append(ends[0])
    elif kind == "cross" and ends:
        later = [s for s in starts if s.getparent() is start.getparent() and s is not start]
        if later:
            ends[0].getparent().remove(ends[0])
            other = next((e for e in root.iter(W + "bookmarkEnd") if e.get(W + "id") == later[-1].get(W + "id")), None)
            if other is not None:
                other.addnext(ends[0])
    elif kind == "duplicate":
        p = next((a for a in start.iterancestors() if a.tag == W + "p"), None)
        if p is not None:
            rng.choice(paras).addnext(etree.fromstring(etree.tostring(p)))
    elif kind == "rename":
        start.set(W + "name", start.get(W + "name") + rng.choice([" Copy 1", "_1", "_2"]))
    elif kind == "odd id":
        start.set(W + "id", rng.choice(["²", "9" * 5000, "", "-1"]))
    elif kind == "drop start":
        start.getparent().remove(start)


def _count(root, tag: str) -> int:
    return sum(1 for _ in root.iter(W + tag))


@pytest.mark.parametrize("system", ["state", "party"])
def test_forged_marks_never_break_update_nor_lose_what_a_person_wrote(tmp_path, system):
    old_text = TEXT if system == "state" else PARTY
    new_text = old_text.replace("estimated: true", "estimated: false").replace("number: ", "number: 1")
    draft, fresh = _render(old_text), _render(new_text)
    fresh_parts = {k: v for k, v in _parts(fresh).items() if k in update.PARTS}
    values = update.marks.read_store(package.properties(fresh_parts))
    rng = random.Random(1818 + (system == "party"))
    failures = []
    for n in range(CASES // 2):
        root = etree.fromstring(_parts(draft)["word/document.xml"])
        people = rng.randint(1, 3)
        for k in range(people):
            _person(rng, root, k)
        for _ in range(rng.randint(1, 6)):
            _forge(rng, root)
        before_text = "".join(blocks.text(p) for p in root.iter(W + "p"))
        forged = _with(draft, root)
        path = tmp_path / f"f{n}.docx"
        path.write_bytes(forged)
        force, track = rng.random() < 0.5, rng.random() < 0.4
        try:
            result = update.update_document(
                *package.read_members(path, only=update.PARTS),
                values,
                {},
                force=force,
                track_changes=track,
                fresh=fresh_parts,
            )
        except UserError:
            continue
        except Exception as exc:  # the property: never an exception
            failures.append(f"case {n}: {type(exc).__name__}: {exc}")
            continue
        after = etree.fromstring(_parts(result.data or forged)["word/document.xml"])
        after_text = "".join(blocks.text(p) for p in after.iter(W + "p"))
        problems = []
        for k in range(people):
            if f"«P{k}»" in before_text and f"«P{k}»" not in after_text:
                problems.append(f"the person's «P{k}» is gone")
        for tag in ("commentReference", "drawing"):
            if _count(after, tag) < _count(root, tag):
                problems.append(f"a {tag} is gone")
        if sum(1 for b in after.iter(W + "br")) < sum(1 for b in root.iter(W + "br")):
            problems.append("a line break is gone")
        if len(after_text) < 0.8 * len(before_text):
            problems.append(f"emptied: {len(before_text)} → {len(after_text)} characters")
        if after.findall(f".//{W}del//{W}del"):
            problems.append("a deletion inside a deletion")
        if problems:
            failures.append(f"case {n} (force {force}, track {track}): {problems}")
    assert not failures, "\n".join(failures[:5])
