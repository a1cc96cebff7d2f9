"""Issue 13, the cache: whatever lies in the cache folder, the document is right.

A cached file of the wrong shape, truncated or edited is dropped and rebuilt; nothing
in the cache is ever unpickled (Jinja's bytecode cache is not used at all).
"""

import hashlib
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from report_drafter.document import render

ROOT = Path(__file__).parents[1]
BASE = (ROOT / "tests" / "data" / "base-valid.yaml").read_text(encoding="utf-8")
NAME = "quan-uy-kien-an-2019-9t.docx"


def run(tmp_path, out: str):
    src = tmp_path / "a.yaml"
    src.write_text(BASE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "REPORT_DRAFTER_CACHE": str(tmp_path / "cache")}
    env.pop("REPORT_DRAFTER_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", "render", str(src), "-o", str(tmp_path / out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture()
def reference(tmp_path):
    first = run(tmp_path, "ref")
    assert first.returncode == 0, first.stderr
    return (tmp_path / "ref" / NAME).read_bytes()


class Pwned:
    def __reduce__(self):
        return (open, (os.environ["PWNED_MARKER"], "w"))


BAD = {
    "empty-list": "[]",
    "empty-object": "{}",
    "a-string": '"x"',
    "short-items": '[["word/document.xml"]]',
    "numbers": "[[1, 2, 3, 4]]",
    "old-shape": '[["word/document.xml", "<w:body>HACKED</w:body>", "", ""]]',
    "deep": "[" * 100_000,
    "not-utf8": b"\xff\xfe\x00garbage",
    "no-parts": '{"sources": [], "checksum": "0"}',
    "non-ascii-checksum": '{"sources": [["word/document.xml", "x", "", ""]], "checksum": "số"}',
}


@pytest.mark.parametrize("content", list(BAD.values()), ids=list(BAD))
def test_a_damaged_cache_file_is_rebuilt_and_the_document_is_right(tmp_path, reference, content):
    cached = list((tmp_path / "cache").glob("prepared-*.json"))
    assert len(cached) == 1
    if isinstance(content, bytes):
        cached[0].write_bytes(content)
    else:
        cached[0].write_text(content, encoding="utf-8")
    again = run(tmp_path, "again")
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert (tmp_path / "again" / NAME).read_bytes() == reference
    assert set(json.loads(cached[0].read_text(encoding="utf-8"))) == {"sources", "checksum"}  # rebuilt


def test_an_edited_cache_with_the_right_shape_is_not_trusted(tmp_path, reference):
    cached = next((tmp_path / "cache").glob("prepared-*.json"))
    data = json.loads(cached.read_text(encoding="utf-8"))
    data["sources"][0][1] = data["sources"][0][1].replace("{{", "{{ '[SỬA]' ~ ", 1)
    cached.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = run(tmp_path, "again")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / NAME).read_bytes() == reference


def test_a_pickle_in_the_cache_folder_is_never_loaded(tmp_path, reference, monkeypatch):
    from jinja2.bccache import bc_magic

    marker = tmp_path / "pwned"
    monkeypatch.setenv("PWNED_MARKER", str(marker))
    key = hashlib.sha256(render.builtin_template("party").read_bytes()).hexdigest()[:32]
    for part in ("word/document.xml", "docProps/core.xml", "word/header1.xml", "word/footer1.xml"):
        bucket = hashlib.sha1(f"{key}:{part}".encode()).hexdigest()  # Jinja's file name
        (tmp_path / "cache" / f"__jinja2_{bucket}.cache").write_bytes(bc_magic + pickle.dumps(Pwned()))
    again = run(tmp_path, "again")
    assert again.returncode == 0, again.stderr
    assert not marker.exists()
    assert (tmp_path / "again" / NAME).read_bytes() == reference


# ------------------------------------------------------------ issue 18, item 12


def test_a_fifo_or_a_link_to_dev_zero_as_cache_entry_is_ignored(tmp_path, reference):
    cached = next((tmp_path / "cache").glob("prepared-*.json"))
    for kind, out in (("fifo", "fifo"), ("zero", "zero")):
        cached.unlink()
        if kind == "fifo":
            os.mkfifo(cached)
        else:
            cached.symlink_to("/dev/zero")
        again = run(tmp_path, out)  # (a hang or MemoryError fails by the timeout)
        assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
        assert (tmp_path / out / NAME).read_bytes() == reference
        assert cached.is_file() and not cached.is_symlink()  # replaced by a real entry


def test_a_forged_entry_with_a_recomputed_plain_checksum_is_refused(tmp_path, reference):
    cached = next((tmp_path / "cache").glob("prepared-*.json"))
    key = cached.name.split("-")[1]
    data = json.loads(cached.read_text(encoding="utf-8"))
    sources = [list(s) for s in data["sources"]]
    sources[0][1] = sources[0][1].replace("{{", "{{ '[GIẢ MẠO]' ~ ", 1)
    forged = hashlib.sha256(
        json.dumps([key, [tuple(s) for s in sources]], ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    cached.write_text(json.dumps({"sources": sources, "checksum": forged}, ensure_ascii=False), encoding="utf-8")
    again = run(tmp_path, "again")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / NAME).read_bytes() == reference


def test_the_cache_secret_is_private_and_a_shared_one_is_not_trusted(tmp_path, reference):
    secret = tmp_path / "cache" / "secret.key"
    assert secret.stat().st_mode & 0o777 == 0o600
    cached = next((tmp_path / "cache").glob("prepared-*.json"))
    data = json.loads(cached.read_text(encoding="utf-8"))
    data["sources"][0][1] = data["sources"][0][1].replace("{{", "{{ '[GIẢ MẠO]' ~ ", 1)
    import hmac

    text = json.dumps([cached.name.split("-")[1], [tuple(s) for s in data["sources"]]], ensure_ascii=False)
    data["checksum"] = hmac.new(secret.read_bytes(), text.encode("utf-8"), hashlib.sha256).hexdigest()
    cached.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    secret.chmod(0o644)  # anyone could have read it and signed the entry
    again = run(tmp_path, "again")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / NAME).read_bytes() == reference
    assert secret.stat().st_mode & 0o777 == 0o600 and secret.read_bytes() != b""  # a new secret
