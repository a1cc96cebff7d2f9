"""Helpers for tests: read documents back as a reader sees them."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

SOFFICE = shutil.which("soffice")


def canonical_parts(data: bytes, skip=("docProps/custom.xml",)) -> dict[str, bytes]:
    """Every part of a .docx; XML parts in canonical form (C14N)."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name in skip:
                continue
            raw = z.read(name)
            if name.endswith(".xml") or name.endswith(".rels"):
                root = etree.fromstring(raw, etree.XMLParser(remove_blank_text=False))
                if name == "docProps/core.xml":  # docxtpl writes empty properties out
                    for el in list(root):
                        if not (el.text or "").strip() and not len(el):
                            root.remove(el)
                raw = etree.tostring(root, method="c14n")
            parts[name] = raw
    return parts


def soffice_text(docx: Path, workdir: Path) -> str:
    """The document as LibreOffice exports it to plain text (list numbers included)."""
    out = workdir / "txt"
    out.mkdir(exist_ok=True)
    profile = workdir / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / (docx.stem + ".txt")).read_text(encoding="utf-8-sig")


def docx_lines(docx: Path) -> list[str]:
    """Paragraph texts in reading order, table cells included (python-docx)."""
    from docx import Document

    doc = Document(str(docx))
    body = doc.element.body
    lines = []
    for p in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        text = "".join(t.text or "" for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        lines.append(text)
    return lines
