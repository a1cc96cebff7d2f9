"""Issue 17: `update` is exact, over the whole space of indicator shapes and of edits.

A seeded generator makes pairs of inputs of one report (both systems; targets 0–3;
previous above, below, equal to the actual; growth only; ratio only; `compare: ratio`;
`compared_to`; `estimated`; `direction: down`; a `verb`; the office's own `sentence`; the opening, tasks, signer and
recipients reworded, paragraphs added and removed), renders the old one, edits the
document as a person would (text typed before or after a sentence, a sentence copied
elsewhere, a paragraph deleted, moved, retyped, a new paragraph), updates it with the
new input and compares it with a fresh render of the new input, paragraph by paragraph
and cell by cell:

- an unedited document updated is the fresh render;
- every edit is still there;
- every paragraph of the fresh render is in the updated document, or listed, or its
  place was deleted or retyped by the person; every paragraph of the updated document
  (the person's typing taken out) is a fresh one unless the update says something was
  left (exit status 1);
- with only text typed around sentences and paragraphs added, a complete update reads,
  in order, exactly as the fresh render.

Everything runs in-process (no LibreOffice). CASES cases; UPDATE_PROPERTY_CASES=2000 runs more.
"""

import io
import os
import random
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from report_drafter.document import update
from report_drafter.docx import blocks
from report_drafter.files import writing as output
from report_drafter.run import one_input as job
from report_drafter.text.marks import FigureStatus

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CASES = int(os.environ.get("UPDATE_PROPERTY_CASES", "300"))
SEED = int(os.environ.get("UPDATE_PROPERTY_SEED", "1717"))
TRACK = float(os.environ.get("UPDATE_PROPERTY_TRACK", "0.2"))
MARKER = re.compile(r"«E\d+»")

NAMES = [
    "Tổng thu ngân sách nhà nước trên địa bàn",
    "Giá trị sản xuất công nghiệp",
    "Tổng lượt khách du lịch",
    "Số hộ nghèo giảm",
    "Tỷ lệ hộ gia đình văn hóa",
    "Tổng vốn đầu tư công",
    "Số lao động có việc làm mới",
    "Tổng mức bán lẻ hàng hóa",
]
UNITS = ["tỷ đồng", "hộ", "%", "nghìn lượt", "người"]
LABELS = ["kế hoạch năm", "dự toán tỉnh giao", "Nghị quyết Đại hội", "chỉ tiêu phấn đấu"]
SENTENCES = ["{name} được {actual} {unit}{rest}.", "Năm nay {name} ước {actual} {unit}{rest}; đơn vị báo cáo."]
PEOPLE = ["Lê Văn Hùng", "Lê Văn Hưng", "Bùi Thị Hồng Vân", "Nguyễn Văn An"]
TASKS = [
    "Tập trung thực hiện đồng bộ các giải pháp phục hồi kinh tế.",
    "Đẩy mạnh đầu tư công phục vụ phát triển kinh tế - xã hội.",
    "Tăng cường quản lý đất đai, trật tự xây dựng.",
    "Bảo đảm an ninh trật tự trên địa bàn.",
    "Nâng cao chất lượng công tác chuẩn bị đầu tư.",
]
OPENINGS = [
    "Thực hiện Nghị quyết năm nay, đơn vị báo cáo kết quả như sau.",
    "Trong kỳ, đơn vị triển khai nhiệm vụ trong điều kiện còn nhiều khó khăn.",
    "Được sự quan tâm của cấp trên, các nhiệm vụ cơ bản hoàn thành.",
]
RECIPIENTS = ["Cấp trên (để báo cáo)", "Các phòng, ban", "Lưu: VT", "Thường trực HĐND"]


def _num(rng, low=1, high=900) -> str:
    return f"{rng.randint(low, high)},{rng.randint(0, 9)}"


def _indicator(rng, i: int) -> dict:
    ind = {"id": f"ct-{i}", "name": NAMES[i % len(NAMES)], "unit": rng.choice(UNITS)}
    shape = rng.choice(["full", "full", "actual_only", "growth_only", "ratio_only", "custom"])
    if shape in ("growth_only", "ratio_only") and rng.random() < 0.5:
        ind["growth" if shape == "growth_only" else "ratio"] = _num(rng, 1, 150)
        return ind
    ind["actual"] = _num(rng)
    if rng.random() < 0.5:
        ind["estimated"] = True
    if rng.random() < 0.15:  # issue 21: lower is better, or the office's verb
        ind["direction"] = "down"
    if rng.random() < 0.15:
        ind["verb"] = rng.choice(["xảy ra", "giải ngân"])
    if shape == "actual_only":
        return ind
    targets = rng.randint(0, 3)
    if targets:
        ind["targets"] = [{"label": label, "value": _num(rng)} for label in rng.sample(LABELS, targets)]
    kind = rng.choice(["above", "below", "equal", "none", "growth", "ratio"])
    if kind == "equal":
        ind["previous"] = ind["actual"]
    elif kind in ("above", "below"):
        whole = int(ind["actual"].split(",")[0])
        ind["previous"] = f"{max(1, whole + (-1 if kind == 'above' else 1) * rng.randint(1, 50))},5"
    elif kind in ("growth", "ratio"):
        ind[kind] = _num(rng, 1, 150)
    if rng.random() < 0.3 and ("previous" in ind or "growth" in ind or "ratio" in ind):
        ind["compare"] = "ratio"
    if rng.random() < 0.3:
        ind["compared_to"] = "năm 2023"
    if shape == "custom":
        rest = "".join(f", đạt {{percent{n}}} {{target{n}}}" for n in range(1, targets + 1))
        if any(k in ind for k in ("previous", "growth", "ratio")):
            rest += ", {change} so với {compared_to}"
        ind["sentence"] = rng.choice(SENTENCES).replace("{rest}", rest)
    return ind


def _report(rng, system: str) -> dict:
    count = rng.randint(1, 4)
    return {
        "system": system,
        "indicators": [_indicator(rng, i) for i in range(count)],
        "opening": rng.sample(OPENINGS, rng.randint(1, 2)),
        "tasks": rng.sample(TASKS, rng.randint(1, 3)),
        "name": rng.choice(PEOPLE),
        "recipients": rng.sample(RECIPIENTS, rng.randint(2, 3)),
        "number": rng.randint(1, 200),
        "day": rng.randint(1, 28),
    }


def _changed(rng, old: dict) -> dict:
    new = {**old, "indicators": [dict(i) for i in old["indicators"]]}
    for n, ind in enumerate(new["indicators"]):
        if rng.random() < 0.7:
            new["indicators"][n] = _indicator(rng, int(ind["id"].split("-")[1]))
    if rng.random() < 0.2:
        new["indicators"].append(_indicator(rng, 10 + rng.randint(0, 5)))
    if rng.random() < 0.15 and len(new["indicators"]) > 1:
        new["indicators"].pop(rng.randrange(len(new["indicators"])))
    for key, pool, most in (("opening", OPENINGS, 2), ("tasks", TASKS, 3), ("recipients", RECIPIENTS, 3)):
        if rng.random() < 0.3:
            new[key] = rng.sample(pool, rng.randint(1, most) if key != "recipients" else rng.randint(2, most))
    if rng.random() < 0.3:
        new["name"] = rng.choice(PEOPLE)
    if rng.random() < 0.3:
        new["number"] = rng.randint(1, 200)
    if rng.random() < 0.3:
        new["day"] = rng.randint(1, 28)
    return new


def _yaml(r: dict) -> str:
    party = r["system"] == "party"
    lines = [f"system: {r['system']}", "issuer:"]
    if party:
        lines += [
            "  parent: Đảng bộ thành phố Hải Phòng",
            "  name: Quận ủy Đồ Sơn",
            "  abbreviation: QU",
            "  place: Đồ Sơn",
        ]
    else:
        lines += ["  name: Ủy ban nhân dân phường Đồ Sơn", "  abbreviation: UBND", "  place: Đồ Sơn"]
    lines += [
        f"number: {r['number']}",
        f"date: {r['day']}/6/2026",
        "period:",
        "  kind: half",
        "  index: 1",
        "  year: 2026",
        "output: bao-cao",
        "opening:",
    ]
    lines += [f"  - {t}" for t in r["opening"]]
    lines.append("indicators:")
    for ind in r["indicators"]:
        lines.append(f"  - id: {ind['id']}")
        for key in (
            "name",
            "unit",
            "actual",
            "estimated",
            "direction",
            "verb",
            "previous",
            "growth",
            "ratio",
            "compare",
            "compared_to",
            "sentence",
        ):
            if key in ind:
                value = ind[key]
                value = "true" if value is True else f'"{value}"'
                lines.append(f"    {key}: {value}")
        if "targets" in ind:
            lines.append("    targets:")
            for t in ind["targets"]:
                lines += [f"      - label: {t['label']}", f'        value: "{t["value"]}"']
    ids = ", ".join(i["id"] for i in r["indicators"])
    lines += [
        "results:",
        "  - heading: Về kinh tế",
        f"    indicators: [{ids}]",
        "    paragraphs:",
        "      - Kinh tế tiếp tục phát triển ổn định.",
        "tasks:",
        "  items:",
    ]
    lines += [f"    - {t}" for t in r["tasks"]]
    lines += ["signature:"]
    lines += (
        ["  on_behalf_of: Ban Thường vụ", "  title: Bí thư"]
        if party
        else ["  on_behalf_of: Ủy ban nhân dân", "  title: Chủ tịch"]
    )
    lines += [f"  name: {r['name']}", "recipients:"]
    lines += [f"  - {t}" for t in r["recipients"]]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------- edits


def _body(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _with_body(data: bytes, root) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "word/document.xml":
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, part)
    return out.getvalue()


def _run(text: str):
    run = etree.Element(W + "r")
    t = etree.SubElement(run, W + "t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _edit(rng, root, n: int) -> tuple[list[str], list[str]]:
    """Apply `n` random edits to the body; returns (their kinds, the markers typed)."""
    body = root.find(W + "body")
    kinds, markers = [], []
    for k in range(n):
        paras = [p for p in body.iter(W + "p") if blocks.text(p).strip()]
        top = [p for p in paras if p.getparent() is body]
        kind = rng.choice(["before", "after", "copy", "delete", "move", "retype", "new", "cell"])
        marker = f"«E{k}»"
        p = rng.choice(top)
        if kind == "before":
            ppr = p.find(W + "pPr")
            (ppr.addnext if ppr is not None else lambda r: p.insert(0, r))(_run(marker + " "))
        elif kind == "after":
            p.append(_run(" " + marker))
        elif kind == "copy":
            rng.choice(top).addnext(etree.fromstring(etree.tostring(p)))
        elif kind == "delete":
            body.remove(p)
        elif kind == "move":
            other = rng.choice(top)
            if other is not p:
                other.addnext(p)
        elif kind == "retype":
            for child in list(p):
                if child.tag != W + "pPr":
                    p.remove(child)
            p.append(_run(marker))
        elif kind == "new":
            new = etree.SubElement(body, W + "p")
            new.append(_run(marker))
            p.addnext(new)
        elif kind == "cell":
            cells = [q for q in paras if q.getparent().tag == W + "tc"]
            q = rng.choice(cells)
            q.append(_run(" " + marker))
        kinds.append(kind)
        if kind in ("before", "after", "retype", "new", "cell"):
            markers.append(marker)
    return kinds, markers


def _texts(data: bytes) -> list[str]:
    """Every non-empty paragraph of the body, cells included, in reading order."""
    return [t for p in _body(data).iter(W + "p") if (t := blocks.text(p).replace("\0", ""))]


def _accept(data: bytes) -> bytes:
    """The document with every tracked change accepted (as Word's Accept All)."""
    root = _body(data)
    for d in list(root.iter(W + "del")):
        parent = d.getparent()
        if parent.tag == W + "trPr":
            tr = parent.getparent()
            tr.getparent().remove(tr)
            continue
        if parent.tag == W + "rPr" and parent.getparent().tag == W + "pPr":
            p = parent.getparent().getparent()
            if not blocks.text(p).replace("\0", "").strip() or all(
                r.getparent().tag == W + "del" for r in p.iter(W + "r")
            ):
                p.getparent().remove(p)
            continue
        parent.remove(d)
    for ins in list(root.iter(W + "ins")):
        parent = ins.getparent()
        if parent.tag in (W + "trPr", W + "rPr"):
            parent.remove(ins)
            continue
        at = parent.index(ins)
        for child in reversed(list(ins)):
            parent.insert(at, child)
        parent.remove(ins)
    return _with_body(data, root)


# ------------------------------------------------------------------------ the test


def _render(tmp: Path, name: str, text: str) -> bytes:
    """The document `render` writes for `text`, made in memory."""
    from report_drafter.document import render
    from report_drafter.input import schema as load
    from report_drafter.text import context

    loaded = load.load_text(text, f"{name}.yaml")
    assert loaded.report is not None, ([p.message for p in loaded.problems], text)
    template = render.prepare(render.resolve_template(loaded.report.template, loaded.report.system))
    return template.render(context.build_context(loaded.report)).data


def _case(seed: int, tmp: Path):
    rng = random.Random(seed)
    system = rng.choice(["party", "state"])
    old = _report(rng, system)
    new = _changed(rng, old)
    old_text, new_text = _yaml(old), _yaml(new)
    draft = _render(tmp, "old", old_text)
    fresh = _render(tmp, "fresh", new_text)
    edits = rng.choice([0, 0, 1, 1, 2, 3])
    root = _body(draft)
    kinds, markers = _edit(rng, root, edits)
    edited = _with_body(draft, root) if edits else draft
    track = rng.random() < TRACK
    target = tmp / "doc" / "bao-cao.docx"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(edited)
    src = tmp / "new.yaml"
    src.write_text(new_text, encoding="utf-8")
    if edits:
        outcome = job.update_file(src, target.parent, track_changes=track)
        assert not outcome.failed, (outcome.message, [p.message for p in outcome.problems])
        figures, complete = (
            outcome.figures,
            not outcome.figures or all(f.status in update.marks.PLACED for f in outcome.figures),
        )
        result = target.read_bytes()
    else:  # the merge itself, on a document nobody touched
        from report_drafter.docx import package

        fresh_parts = {k: v for k, v in package.read_contents(io.BytesIO(fresh)).items() if k in package.STATE_PARTS}
        values = update.marks.read_store(package.properties(fresh_parts))
        got = update.update_document(*package.read_members(target), values, {}, track_changes=track, fresh=fresh_parts)
        figures, complete = got.figures, got.complete
        result = got.data or edited
    if track:
        result = _accept(result)
    texts, want = _texts(result), _texts(fresh)
    context = (
        f"seed {seed}, edits {kinds}, track {track}\nOLD:\n{old_text}\nNEW:\n{new_text}\n"
        f"GOT: {texts}\nWANT: {want}\nFIGURES: {[(f.key, str(f.status), f.found, f.new) for f in figures]}"
    )
    if not edits:
        assert texts == want and complete, context
        return
    joined = "\n".join(texts)
    for marker in markers:  # every edit is still there (unless a later edit deleted it)
        assert joined.count(marker) == "\n".join(_texts(edited)).count(marker), context
    stripped = [s for t in texts if (s := MARKER.sub("", t).strip())]
    stripped_want = [w.strip() for w in want]
    listed = (
        {
            part
            for f in figures
            if f.status in (FigureStatus.TEXT_KEPT, FigureStatus.TEXT_NEW)
            for part in [f.new, *f.new.split(" | ")]
        }
        | {f.where for f in figures if f.status in (FigureStatus.NEW, FigureStatus.GONE)}
        | {f.new for f in figures if f.status in (FigureStatus.NEW, FigureStatus.GONE)}
    )
    excused = sum(k in ("delete", "retype", "copy", "move") for k in kinds)
    missing = [w for w in stripped_want if w not in stripped and w not in listed]
    assert len(missing) <= excused, context + f"\nMISSING: {missing}"
    foreign = [s for s in stripped if s not in stripped_want]
    if complete:
        assert not foreign, context + f"\nFOREIGN: {foreign}"
        if set(kinds) <= {"before", "after", "new", "cell"}:
            assert stripped == stripped_want, context
    for s in foreign:  # nothing half-written: no phrase twice
        assert "so với cùng kỳ so với" not in s and "ước ước" not in s and "đạt đạt" not in s, context


def test_update_reads_as_a_fresh_render_apart_from_listed_edits(tmp_path):
    failures = []
    for n in range(CASES):
        case = tmp_path / f"c{n}"
        case.mkdir()
        try:
            _case(SEED + n, case)
        except AssertionError as exc:
            failures.append(str(exc))
            if len(failures) >= 3:
                break
    assert not failures, "\n\n".join(failures[:3])
