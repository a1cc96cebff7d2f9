"""What every page of the app shares: the served folder, the private work folder, the
states of the reports, and the helpers that turn a request into library calls (safe paths,
uploads, the document rendered from an input, problems shown without server paths)."""

from __future__ import annotations

import io
import os
import threading
from collections import OrderedDict
from pathlib import Path

from flask import abort, jsonify, render_template, request, send_file
from werkzeug.utils import secure_filename

from report_drafter.errors import Problem, UserError
from report_drafter.files import writing as output
from report_drafter.input import schema as load
from report_drafter.run import one_input as job
from report_drafter.text import compute
from report_drafter.web import accounts, files, yamledit
from report_drafter.web.files import Refused
from report_drafter.web.work import Work

KEPT_TEXTS = 64  # versions remembered to show what changed
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RENDER_WORDS = {
    output.WRITTEN: "đã ghi",
    output.UNCHANGED: "không đổi (đã cập nhật từ trước)",
    output.KEPT: "giữ nguyên vì đã được sửa",
    output.OVERWRITTEN: "đã ghi đè",
    job.FAILED: "lỗi",
}


class Site:
    def __init__(self, root: Path, login: bool, work_slots: int | None = None):
        self.root = root
        self.login = login
        self.work = Work(work_slots)
        self.states = files.States(root)
        self.throttle = accounts.Throttle()
        self.save_lock = threading.Lock()
        self.texts: OrderedDict[str, str] = OrderedDict()

    # ---------------------------------------------------------------- paths

    def input_path(self, rel: str) -> Path:
        return files.safe_path(self.root, rel)

    def outputs_dir(self) -> Path:
        out = self.root / files.OUTPUTS
        if out.is_symlink():
            raise Refused(f"{files.OUTPUTS} là một liên kết (symlink); ứng dụng không ghi qua liên kết")
        return out

    def folders(self) -> list[str]:
        """Where a new input may go: FOLDER itself and its batch folders."""
        return [""] + [files.rel_of(self.root, b) for b in files.batches(self.root)]

    def scrub(self, text: str, *places) -> str:
        """`text` without the server's folders (FOLDER, the work folder) in front of file names."""
        for place in (*places, self.root):
            text = text.replace(str(place) + os.sep, "")
        return text

    # ---------------------------------------------------------------- answers

    def problem_page(self, message: str, code: int):
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json" or request.is_json:
            return jsonify({"error": message}), code
        return render_template("message.html", message=message), code

    @staticmethod
    def docx_response(stem: str, data: bytes):
        return send_file(io.BytesIO(data), as_attachment=True, download_name=f"{stem}.docx", mimetype=DOCX_TYPE)

    # ---------------------------------------------------------------- inputs and the form

    @staticmethod
    def read_input(path: Path) -> tuple[str | None, list[Problem]]:
        from report_drafter.input.yamltree import read_text

        return read_text(str(path))

    def remember(self, text: str) -> str:
        """The version of `text`, kept a while to show what changed when a save is refused."""
        v = yamledit.version(text.encode("utf-8"))
        self.texts[v] = text
        self.texts.move_to_end(v)
        while len(self.texts) > KEPT_TEXTS:
            self.texts.popitem(last=False)
        return v

    def validate(self, path: Path, rel: str, text: str, data=None) -> dict:
        """Problems (and sentences of the indicators) of `text` as input `path`: one validator."""
        defaults_path = files.defaults_of(path)
        defaults, problems = load.load_defaults(defaults_path) if defaults_path else (None, [])
        if defaults_path and (defaults is None or problems):
            loaded = load.Loaded(None, problems, file=rel)
        else:
            loaded = load.load_text(
                text, rel, defaults, check=lambda report: job.template_problems(report, str(path), False)
            )
        found = [dict(p.as_dict(), text=self.scrub(p.format())) for p in loaded.problems]
        return {"problems": found, "ok": loaded.ok, "sentences": _sentences(loaded, data)}

    @staticmethod
    def json_body() -> dict:
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # nested deeper than any form: refused, not a crash
            abort(400)
        return body if isinstance(body, dict) else {}

    @staticmethod
    def payload_text(current: str, payload: dict) -> str:
        """The input text a form sends: its raw text, or its values written into `current`."""
        if isinstance(payload.get("text"), str):
            return payload["text"].replace("\r\n", "\n")
        data = payload.get("data")
        if not isinstance(data, dict):
            abort(400)
        try:
            return yamledit.apply(current, data)
        except UserError as exc:
            raise Refused(exc.message) from None
        except Exception:  # ruamel cannot read the file: the raw editor can
            raise Refused(
                "tệp có lỗi cú pháp YAML nên không ghi được từ biểu mẫu; hãy dùng «Sửa trực tiếp tệp YAML»"
            ) from None

    # ---------------------------------------------------------------- documents

    def rendered(self, path: Path) -> tuple[str, bytes]:
        """(stem, bytes) of the document rendered from the input; a UserError naming its errors."""
        from report_drafter.document import render
        from report_drafter.text import context

        loaded = job.validate_file(str(path), files.defaults_of(path))
        if not loaded.ok:
            raise UserError(
                "dữ liệu đầu vào có lỗi: " + "; ".join(self.scrub(p.format()) for p in loaded.problems if p.is_error)
            )
        report = loaded.report
        template = render.prepare(render.resolve_template(report.template, report.system, str(path.parent)))
        return job.stem_of(report), template.render(context.build_context(report)).data

    def rendered_file(self, rel: str) -> tuple[str, str, Path]:
        """(stem, token, path) of the document rendered from `rel`, kept in the app's own folder."""
        stem, data = self.rendered(self.input_path(rel))
        token, where = self.work.new_dir()
        docx = where / f"{stem}.docx"
        docx.write_bytes(data)
        return stem, token, docx

    def render_into_outputs(self, paths: list[Path]) -> list[str]:
        """`render` of each input into FOLDER/outputs/, one line per input (edited documents kept)."""
        out_dir = str(self.outputs_dir())
        lines = []
        for path in paths:
            outcome = job.render_file(str(path), out_dir, defaults=files.defaults_of(path))
            line = (
                f"{self.scrub(outcome.output) or files.rel_of(self.root, path)}: "
                f"{RENDER_WORDS.get(outcome.status, outcome.status)}"
            )
            if outcome.message:
                line += f" — {self.scrub(outcome.message)}"
            lines.append(line)
        return lines

    # ---------------------------------------------------------------- uploads

    @staticmethod
    def uploaded(suffix: str):
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise UserError("chưa chọn tệp để tải lên")
        if not upload.filename.lower().endswith(suffix):
            raise UserError(f"{upload.filename}: cần một tệp {suffix}")
        return upload

    def saved_upload(self, suffix: str) -> tuple[str, Path, str]:
        """(token, saved path, name as uploaded): the upload kept in a private folder of its own."""
        upload = self.uploaded(suffix)
        name = secure_filename(upload.filename) or f"tep{suffix}"
        if not name.lower().endswith(suffix):
            name += suffix
        token, where = self.work.new_dir()
        target = where / name
        upload.save(target)
        return token, target, upload.filename


def _sentences(loaded, data) -> list[str]:
    """Each indicator's sentence; when the report has errors elsewhere, each indicator is
    loaded alone (inside a minimal valid report) so its sentence still follows the figures."""
    if loaded.report is not None and (
        not isinstance(data, dict) or len(data.get("indicators") or []) == len(loaded.report.indicators)
    ):
        return [compute.indicator_sentence(ind) for ind in loaded.report.indicators]
    out = []
    listed = data.get("indicators") if isinstance(data, dict) else None
    for ind in listed if isinstance(listed, list) else []:
        skeleton = {
            "system": "state",
            "issuer": {"name": "Ủy ban nhân dân", "abbreviation": "UBND", "place": "X"},
            "date": "2026-12-31",
            "period": {"kind": "year", "year": "2026"},
            "signature": {"title": "Chủ tịch", "name": "X"},
            "indicators": [ind],
        }
        try:
            one = load.load_text(yamledit.apply("", skeleton), "<chỉ tiêu>")
        except Exception:  # a value the form cannot write: no sentence for it
            one = None
        out.append(
            compute.indicator_sentence(one.report.indicators[0])
            if one is not None and one.report is not None and one.report.indicators
            else ""
        )
    return out
