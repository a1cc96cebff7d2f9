"""The command line: commands, messages, exit codes. The only module that prints.

Exit codes: 0 all done; 1 some documents failed or `check` found errors;
2 bad usage or unreadable input; 130 stopped by Ctrl-C, 143 by SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from report_drafter.model import YEARS

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Terminated()


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} không phải số nguyên; hãy ghi năm, ví dụ 2026") from None
    if not YEARS[0] <= year <= YEARS[1]:
        raise argparse.ArgumentTypeError(f"năm phải từ {YEARS[0]} đến {YEARS[1]} (nhận được {year})")
    return year


_USAGE_MESSAGES = (  # argparse's English messages, in Vietnamese
    (r"the following arguments are required: (.*)", r"thiếu đối số bắt buộc: \1"),
    (
        r"argument (.+?): invalid choice: (.+?) \(choose from (.*)\)",
        r"đối số \1: giá trị \2 không hợp lệ; hãy chọn một trong: \3",
    ),
    (r"argument (.+?): invalid int value: (.*)", r"đối số \1: \2 không phải số nguyên"),
    (r"argument (.+?): invalid (\w+) value: (.*)", r"đối số \1: giá trị \3 không hợp lệ"),
    (r"argument (.+?): expected one argument", r"đối số \1 cần một giá trị"),
    (r"argument (.+?): expected at least one argument", r"đối số \1 cần ít nhất một giá trị"),
    (r"argument (.+?): not allowed with argument (.*)", r"đối số \1 không dùng cùng \2"),
    (r"argument (.+?): ignored explicit argument (.*)", r"đối số \1 không nhận giá trị \2"),
    (r"unrecognized arguments: (.*)", r"đối số không nhận ra: \1"),
    (r"ambiguous option: (.+?) could match (.*)", r"tùy chọn \1 không rõ, có thể là: \2"),
    (r"argument (.+?): (.*)", r"đối số \1: \2"),
)


def usage_message(message: str) -> str:
    """argparse's message in Vietnamese (unknown ones are kept as they are)."""
    import re

    for pattern, replacement in _USAGE_MESSAGES:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, replacement, message, flags=re.S)
    return message


class _Parser(argparse.ArgumentParser):
    """argparse speaking Vietnamese: usage, help headings and every usage error."""

    def __init__(self, *args, **kwargs):
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="in hướng dẫn này rồi thoát")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "cách dùng:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "cách dùng:", 1)

    def error(self, message):  # bad usage: exit 2 with a Vietnamese hint
        self.print_usage(sys.stderr)
        print(
            f"{self.prog}: lỗi cách dùng: {usage_message(message)}\nXem hướng dẫn: {self.prog} --help", file=sys.stderr
        )
        raise SystemExit(EXIT_USAGE)


def _examples(*lines: str) -> str:
    """An argparse epilog: `ví dụ:` and one command a line."""
    return "ví dụ:\n" + "\n".join(f"  {line}" for line in lines)


def _jobs_option(p: argparse.ArgumentParser, help: str) -> None:
    """`-j N`, the same option on every command that runs inputs in parallel."""
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help=help)


def build_parser() -> argparse.ArgumentParser:
    from report_drafter.input.starter import PERIOD_CHOICES, UNIT_CHOICES

    parser = _Parser(
        prog="report-drafter",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Soạn báo cáo sơ kết, tổng kết (cấp ủy, UBND) thành tệp Word từ tệp YAML. "
        "Drafts Vietnamese periodic review reports as .docx from YAML.",
        epilog=_examples(
            "report-drafter new -o bao-cao.yaml",
            "report-drafter validate bao-cao.yaml",
            "report-drafter render bao-cao.yaml",
            "report-drafter LỆNH --help     (hướng dẫn của từng lệnh)",
        ),
    )
    parser.add_argument("--version", action="version", version=_version(), help="in số phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)
    add = sub.add_parser

    def command(name, help, *examples):
        return add(
            name,
            help=help,
            description=help,
            epilog=_examples(*examples),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    p = command(
        "render",
        "tạo văn bản .docx / render documents",
        "report-drafter render bao-cao.yaml                  (ghi vào outputs/)",
        "report-drafter render inputs/hai-phong-2026 -o outputs --pdf",
        "report-drafter render THƯ_MỤC -o outputs --figures so-lieu.xlsx",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp YAML hoặc thư mục (một lô)")
    p.add_argument("-o", "--output", default="outputs", metavar="DIR", help="thư mục ghi kết quả (mặc định: outputs/)")
    _jobs_option(p, "số tiến trình song song (mặc định: số lõi CPU)")
    p.add_argument(
        "--force", action="store_true", help="ghi đè cả tệp đã được sửa sau khi tạo / overwrite edited outputs"
    )
    p.add_argument("--pdf", action="store_true", help="xuất thêm PDF qua LibreOffice")
    _figures_option(p)

    p = command(
        "update",
        "đưa số liệu mới vào văn bản đã sửa / bring new figures into edited documents",
        "report-drafter update bao-cao.yaml -o outputs       (tệp YAML, không phải .docx)",
        "report-drafter update bao-cao.yaml -o outputs --track-changes",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp YAML hoặc thư mục (một lô)")
    p.add_argument("-o", "--output", default="outputs", metavar="DIR", help="thư mục chứa văn bản (mặc định: outputs/)")
    _jobs_option(p, "số tiến trình song song (mặc định: số lõi CPU)")
    p.add_argument(
        "--force", action="store_true", help="thay cả số liệu đã được sửa tay / also replace figures changed by hand"
    )
    p.add_argument(
        "--track-changes",
        action="store_true",
        help="ghi mỗi thay đổi thành một thay đổi được theo dõi (Review) của Word / "
        "write replacements as tracked changes",
    )
    _figures_option(p)

    p = command(
        "validate",
        "kiểm tra tệp đầu vào, không ghi gì / check inputs",
        "report-drafter validate bao-cao.yaml",
        "report-drafter validate inputs/hai-phong-2026 --strict",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="tệp YAML hoặc thư mục (mọi tệp .yaml trong đó, cùng _defaults.yaml)"
    )
    p.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi / warnings are errors")
    _jobs_option(p, "số tiến trình song song (mặc định: số lõi CPU)")
    _figures_option(p)

    p = command(
        "sheet",
        "tạo bảng tính thu thập số liệu / write the collection workbook",
        "report-drafter sheet inputs/hai-phong -o so-lieu.xlsx",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp YAML hoặc thư mục (một lô)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="tệp bảng tính sẽ ghi")
    p.add_argument("--force", action="store_true", help="ghi đè tệp bảng tính đã có")
    _jobs_option(p, "số tiến trình đọc tệp song song (mặc định: số lõi CPU)")

    p = command(
        "rollup",
        "tổng hợp số liệu các đơn vị (tong-hop.xlsx, tong-hop.docx) / roll-up",
        "report-drafter rollup inputs/hai-phong -o tong-hop --figures so-lieu.xlsx",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp YAML hoặc thư mục (một lô)")
    p.add_argument("-o", "--output", default="outputs", metavar="DIR", help="thư mục ghi kết quả (mặc định: outputs/)")
    _jobs_option(p, "số tiến trình đọc tệp song song (mặc định: số lõi CPU)")
    p.add_argument(
        "--force",
        action="store_true",
        help="ghi đè cả tệp tổng hợp đã được sửa (bản cũ được sao lưu) / overwrite edited files",
    )
    _figures_option(p)

    p = command(
        "new",
        "tệp YAML mẫu có chú thích / write a starter input",
        "report-drafter new -o do-son.yaml",
        "report-drafter new --system state --unit commune --period month-10 -o kien-thuy.yaml",
        "report-drafter new --review --year 2026 -o so-ket.yaml",
    )
    p.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="FILE.yaml",
        help="ghi vào tệp này (mã UTF-8) thay vì in ra màn hình; nên dùng thay cho "
        '"> tệp.yaml" (PowerShell ghi mã khác)',
    )
    p.add_argument("--force", action="store_true", help="ghi đè tệp -o đã có")
    p.add_argument(
        "--system",
        choices=("party", "state"),
        default="party",
        help="party: văn bản của Đảng (mặc định) · state: văn bản hành chính (UBND)",
    )
    p.add_argument(
        "--period",
        choices=PERIOD_CHOICES,
        default="half-1",
        metavar="KỲ",
        help="kỳ báo cáo (mặc định: half-1) — quý: quarter-1 … quarter-4 · 6 tháng: "
        "half-1 (đầu năm), half-2 (cuối năm) · nine-months · year · "
        "tháng: month-1 … month-12",
    )
    p.add_argument(
        "--year", type=_year, default=2026, metavar="NĂM", help=f"năm của kỳ báo cáo ({YEARS[0]}–{YEARS[1]})"
    )
    p.add_argument(
        "--unit",
        choices=UNIT_CHOICES,
        default="ward",
        help="cấp của cơ quan: ward (phường), commune (xã), province (tỉnh, thành phố), "
        "district (quận, huyện: trước 1/7/2025)",
    )
    p.add_argument(
        "--review", action="store_true", help="sơ kết thực hiện một nghị quyết, chỉ thị, đề án (review thay cho period)"
    )

    p = command(
        "brief",
        "viết tin bài về hội nghị / write the news brief of the meeting",
        "report-drafter brief bao-cao.yaml -o outputs",
        "report-drafter brief bao-cao.yaml --format md",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp YAML hoặc thư mục (một lô)")
    p.add_argument("-o", "--output", default="outputs", metavar="DIR", help="thư mục ghi kết quả (mặc định: outputs/)")
    p.add_argument(
        "--format", choices=("docx", "md"), default="docx", help="định dạng tin bài: docx (mặc định) hoặc md"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="ghi đè cả tin bài đã được sửa (bản cũ được sao lưu) / overwrite edited briefs",
    )

    p = command(
        "context", "in dữ liệu mẫu nhận được (JSON) / print the template context", "report-drafter context bao-cao.yaml"
    )
    p.add_argument("file", metavar="FILE", help="một tệp YAML; in các biến mà mẫu Word nhận được")

    command("templates", "liệt kê các mẫu và biến / list templates and variables", "report-drafter templates")

    p = command(
        "check",
        "kiểm tra thể thức một tệp .docx / audit a .docx",
        "report-drafter check outputs/bao-cao.docx",
        "report-drafter check --fix -o da-sua van-ban.docx",
    )
    p.add_argument("files", nargs="+", metavar="FILE.docx", help="văn bản Word .docx (do render tạo hoặc gõ tay)")
    p.add_argument(
        "--system", choices=("party", "state"), default=None, help="hệ thống văn bản (mặc định: nhận ra từ tiêu đề)"
    )
    p.add_argument(
        "--rules",
        choices=_regulations(),
        default=None,
        metavar="TÊN",
        help="bộ quy tắc (mặc định: theo hệ thống) / rule set: " + ", ".join(_regulations()),
    )
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument("--fix", action="store_true", help="ghi bản đã sửa (không sửa tệp gốc) / write a corrected copy")
    p.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="DIR",
        help="thư mục ghi bản đã sửa (mặc định: cạnh tệp gốc, tên …-da-sua.docx)",
    )

    p = command(
        "import",
        "đọc một báo cáo .docx thành tệp đầu vào YAML / import a .docx report",
        "report-drafter import bao-cao-ky-truoc.docx --next-period   (tệp YAML của kỳ sau)",
        "report-drafter import van-ban.docx -o bao-cao.yaml --force",
    )
    p.add_argument("file", metavar="FILE.docx", help="báo cáo Word .docx (do render tạo hoặc gõ tay)")
    p.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="FILE.yaml",
        help="tệp YAML ghi ra (mặc định: cạnh tệp .docx, cùng tên; với --next-period: tên của kỳ mới)",
    )
    p.add_argument("--force", action="store_true", help="ghi đè tệp YAML đã có")
    p.add_argument(
        "--next-period",
        action="store_true",
        help="tệp cho kỳ sau: số thực hiện kỳ này thành số cùng kỳ, số liệu mới để trống",
    )

    p = command(
        "serve",
        "ứng dụng web cho văn phòng / the office web app",
        "report-drafter serve inputs                 (rồi mở http://127.0.0.1:8000/)",
        "report-drafter serve van-phong --host 0.0.0.0 --port 8080   (cần tài khoản: users add)",
    )
    p.add_argument(
        "folder", nargs="?", default=".", metavar="FOLDER", help="thư mục các tệp đầu vào (mặc định: thư mục hiện tại)"
    )
    p.add_argument(
        "--host", default="127.0.0.1", help="địa chỉ nghe (mặc định 127.0.0.1: chỉ máy này; địa chỉ khác cần tài khoản)"
    )
    p.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")

    p = command(
        "users",
        "tài khoản của ứng dụng web / accounts of the web app",
        "report-drafter users add van-thu --folder van-phong   (hỏi mật khẩu)",
        "report-drafter users list --folder van-phong          (users remove van-thu để xóa)",
    )
    p.add_argument(
        "action",
        choices=("add", "remove", "list"),
        help="add: tạo tài khoản hoặc đổi mật khẩu; remove: xóa; list: liệt kê",
    )
    p.add_argument(
        "name", metavar="NAME", nargs="?", default="", help="tên đăng nhập của tài khoản (không cần với list)"
    )
    p.add_argument(
        "--folder", default=".", metavar="FOLDER", help="thư mục ứng dụng phục vụ (mặc định: thư mục hiện tại)"
    )
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ một dòng của stdin")
    return parser


def _regulations() -> tuple:
    from report_drafter.rules import book as layout

    return layout.regulation_names()


def _figures_option(p) -> None:
    p.add_argument(
        "--figures",
        metavar="FILE.xlsx",
        default=None,
        help="lấy số liệu từ bảng tính (do lệnh sheet tạo) thay cho số trong tệp YAML",
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _SHOWN.clear()
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    _utf8_stdio()
    from report_drafter.errors import UserError

    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (embedded use): leave SIGTERM alone
        pass
    try:
        return COMMANDS[args.command](args)
    except UserError as exc:
        _err(exc.message)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 — stays open until the process exits
        return EXIT_OK
    except KeyboardInterrupt as exc:  # before OSError: nothing below may swallow it
        print("Đã dừng theo yêu cầu; các tệp đã ghi đều nguyên vẹn, không còn tệp dở dang.", file=sys.stderr)
        return EXIT_TERMINATED if isinstance(exc, _Terminated) else EXIT_INTERRUPTED
    except (FileExistsError, NotADirectoryError) as exc:
        blocker = _file_in_the_way(exc.filename)
        why = "đã có một tệp cùng tên" if blocker == str(exc.filename) else f"{blocker} là một tệp, không phải thư mục"
        _err(f"không dùng được {exc.filename} làm thư mục kết quả: {why}; hãy chọn -o khác")
        return EXIT_USAGE
    except PermissionError as exc:
        _err(f"không có quyền ghi vào {exc.filename}; hãy chọn -o một thư mục khác")
        return EXIT_USAGE
    except OSError as exc:  # an output folder that cannot be made or written
        from report_drafter.files import kind as filekind

        _err(f"không ghi được vào {exc.filename or 'thư mục kết quả'} ({filekind.os_reason(exc)})")
        return EXIT_USAGE


# ------------------------------------------------------------------------ commands


def _bad_batch_usage(jobs, items, doing: str) -> bool:
    """Say what is wrong with `-j` or an empty list of inputs (True: stop with exit 2); note a
    capped `-j`."""
    from report_drafter.run import batch

    if jobs is not None and jobs < 1:
        _err("-j phải là số nguyên dương")
        return True
    if not items:
        _err(f"không có tệp đầu vào nào (.yaml) để {doing}")
        return True
    if jobs and jobs > batch.max_jobs():
        _err(
            f"-j {jobs}: dùng {batch.worker_count(jobs, len(items))} tiến trình (tối đa "
            f"{batch.JOBS_PER_CPU} tiến trình cho mỗi lõi CPU và một tiến trình cho mỗi tệp)"
        )
    return False


def cmd_render(args) -> int:
    from report_drafter.files import writing as output
    from report_drafter.run import batch

    items, missing, sheet_errors = _collect(args.paths, args.figures)
    if _bad_batch_usage(args.jobs, items, "tạo văn bản"):
        return EXIT_USAGE
    out_dir = Path(args.output)
    pdf_code = []
    finish = (lambda summary: pdf_code.append(_pdf(summary, out_dir, args.jobs))) if args.pdf else None
    with _progress(len(items)) as on_progress:
        summary = batch.run(
            items,
            out_dir,
            force=args.force,
            jobs=args.jobs,
            on_progress=on_progress,
            on_outcome=_print_outcome,
            finish=finish,
            on_wait=_waiting(out_dir),
        )
    _print_notes(summary)
    code = max([EXIT_FAILED if summary.failed or sheet_errors else EXIT_OK, *pdf_code])
    print(summary.line())
    if summary.count(output.KEPT):
        print(
            "Tệp đã được sửa sau khi tạo được giữ nguyên: dùng `report-drafter update` để đưa số liệu "
            "mới vào mà vẫn giữ các chỗ đã sửa; --force để ghi đè (bản cũ được sao lưu), "
            "hoặc -o để ghi vào thư mục khác."
        )
    return EXIT_USAGE if missing else code


def cmd_update(args) -> int:
    import functools
    from datetime import datetime, timezone

    from report_drafter.files import writing as output
    from report_drafter.run import batch
    from report_drafter.run import one_input as job
    from report_drafter.text import marks

    items, missing, sheet_errors = _collect(args.paths, args.figures)
    if _bad_batch_usage(args.jobs, items, "cập nhật văn bản"):
        return EXIT_USAGE
    task = functools.partial(job.update_file, track_changes=args.track_changes, when=datetime.now(timezone.utc))
    with _progress(len(items)) as on_progress:
        summary = batch.run(
            items,
            Path(args.output),
            force=args.force,
            jobs=args.jobs,
            on_progress=on_progress,
            on_outcome=_print_update,
            task=task,
            on_wait=_waiting(args.output),
        )
    _print_notes(summary)
    figures = summary.totals().get("figures", {})
    print(summary.line())
    if figures:
        print(
            "Số liệu: "
            + ", ".join(f"{_FIGURE_WORDS[marks.FigureStatus(k)]} {v}" for k, v in sorted(figures.items()))
            + "."
        )
    incomplete = any(f.status not in marks.PLACED for o in summary.outcomes for f in o.figures) or any(
        o.status == output.KEPT for o in summary.outcomes
    )  # saved meanwhile: not updated
    if missing:
        return EXIT_USAGE
    return EXIT_FAILED if summary.failed or incomplete or sheet_errors else EXIT_OK


_FIGURE_WORDS = {
    "updated": "đã cập nhật",
    "unchanged": "không đổi",
    "changed_by_hand": "sửa tay (giữ nguyên)",
    "replaced_hand_value": "sửa tay (đã thay vì --force)",
    "gone": "đã bị xóa khỏi văn bản",
    "new": "mới trong đầu vào",
    "not_in_input": "không còn trong đầu vào (giữ nguyên)",
    "text_updated": "đoạn theo đầu vào mới",
    "text_inserted": "đoạn mới đã thêm",
    "text_removed": "đoạn đã bỏ theo đầu vào",
    "text_kept": "đoạn đã sửa tay (giữ nguyên)",
    "text_new": "đoạn mới chưa đưa vào",
    "text_left": "đoạn đã sửa tay không còn trong đầu vào",
}


def _print_update(outcome) -> None:
    """One document of `update`: its path, backup, counts, then each figure left to a person."""
    from report_drafter.files import writing as output
    from report_drafter.text.marks import FigureStatus

    if outcome.failed or outcome.status == output.KEPT or (outcome.status != output.UPDATED and not outcome.figures):
        _print_outcome(outcome)
        return
    for problem in outcome.problems:
        _problem(problem, outcome.input)
    counts: dict = {}
    for f in outcome.figures:
        counts[f.status] = counts.get(f.status, 0) + 1
    print(f"{outcome.output}: " + ", ".join(f"{_FIGURE_WORDS[str(k)]} {v}" for k, v in counts.items()))
    if outcome.backup:
        print(f"  bản trước khi cập nhật: {outcome.backup}")
    shown = set()
    for f in outcome.figures:
        if f.status == FigureStatus.HAND:
            print(f"  - sửa tay, giữ nguyên «{f.found}» (số mới: {f.new}) trong: {f.where}")
        elif f.status == FigureStatus.FORCED:
            print(f"  - đã thay «{f.found}» (sửa tay) bằng {f.new}")
        elif (
            f.status in (FigureStatus.GONE, FigureStatus.NEW)
            and (f.status, f.where) not in shown
            and ("text", f.where) not in shown
        ):
            shown.add((f.status, f.where))
            label = (
                "đã bị xóa, nếu cần hãy dán lại"
                if f.status == FigureStatus.GONE
                else "mới, chưa có trong văn bản; hãy dán"
            )
            print(f"  - {label}: {f.where or f.new}")
        elif f.status == FigureStatus.DROPPED:
            print(f"  - không còn trong đầu vào, giữ nguyên: «{f.found}»")
        elif f.status == FigureStatus.TEXT_KEPT and ("text", f.new) not in shown:
            shown.add(("text", f.new))
            print(
                f"  - đoạn đã sửa tay hoặc đã xóa nên giữ nguyên; nội dung mới trong đầu vào, nếu cần hãy dán: {f.new}"
            )
        elif f.status == FigureStatus.TEXT_NEW:
            shown.add(("text", f.new))
            print(f"  - đoạn mới trong đầu vào, chưa đưa vào vì chỗ đó đã sửa tay; hãy dán {f.where}: {f.new}")
        elif f.status == FigureStatus.TEXT_INSERTED:
            print(f"  - đã thêm đoạn mới {f.where}: {f.new}")
        elif f.status == FigureStatus.TEXT_LEFT:
            print(
                "  - đoạn đã sửa tay, đầu vào không còn đoạn này; giữ nguyên, hãy xem lại: "
                f"{f.found or '(không xác định được chỗ)'}"
            )
        elif f.status == FigureStatus.TEXT_REMOVED:
            print(f"  - đã bỏ đoạn không còn trong đầu vào: {f.found}")


def _pdf(summary, out_dir: Path, jobs) -> int:
    """PDF copies of the documents written now, and of any whose PDF is older than the .docx."""
    from report_drafter.document import pdf
    from report_drafter.errors import UserError
    from report_drafter.files import writing as output
    from report_drafter.run import one_input as job

    docs = [
        Path(o.output)
        for o in summary.outcomes
        if o.output
        and o.status != job.FAILED
        and (o.status in (output.WRITTEN, output.OVERWRITTEN) or pdf.stale(Path(o.output)))
    ]
    try:
        failures = pdf.export(docs, out_dir, jobs or os.cpu_count() or 1)
    except UserError as exc:
        _err(exc.message)
        return EXIT_FAILED
    for doc, reason in failures:
        _err(f"{doc}: không xuất được PDF: {reason}")
    for doc in docs:
        if doc not in {d for d, _ in failures}:
            print(doc.with_suffix(".pdf"))
    return EXIT_FAILED if failures else EXIT_OK


PLAIN_PROGRESS_FROM = 100  # inputs; smaller batches finish before a line would help


class _progress:
    """A rich progress bar on a terminal; plain lines every tenth of a large batch otherwise."""

    def __init__(self, total: int):
        self.total = total
        self.bar = None

    def __enter__(self):
        if self.total < 2:
            return None
        if not sys.stderr.isatty():
            if self.total < PLAIN_PROGRESS_FROM:
                return None
            step = max(1, self.total // 10)
            return lambda done, total: (done % step == 0 or done == total) and _err(f"Đã tạo {done}/{total} văn bản…")
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        task = self.bar.add_task("Đang tạo văn bản", total=self.total)
        return lambda done, total: self.bar.update(task, completed=done)

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()
        return False


def _waiting(out_dir):
    """What a batch says when another run holds its output folder."""
    return lambda: _err(f"Thư mục {out_dir} đang được một lượt chạy khác ghi; chờ lượt đó xong…")


def _print_notes(summary) -> None:
    for note in summary.notes:
        _err(f"Lưu ý: {note}")


def _print_outcome(outcome) -> None:
    from report_drafter.files import writing as output

    for problem in outcome.problems:
        if problem.message != outcome.message:  # the one-line reason is printed below
            _problem(problem, outcome.input)
    if outcome.status in (output.WRITTEN, output.OVERWRITTEN):
        print(outcome.output)
        if outcome.backup:
            print(f"  bản trước khi ghi: {outcome.backup}")
    elif outcome.status == output.UNCHANGED:
        print(f"{outcome.output} (không đổi)")
    elif outcome.status == output.KEPT:
        _err(f"{outcome.input}: giữ nguyên: {outcome.message}")
    else:
        _err(f"{outcome.input}: bỏ qua: {outcome.message}")
        if outcome.stale and output.existing_fingerprint(outcome.stale)[0] == "foreign":
            _err(
                f"  lưu ý: {outcome.stale} không do report-drafter tạo (không có dấu của report-drafter), "
                f"không mang nội dung của {outcome.input}"
            )
        elif outcome.stale:
            _err(
                f"  lưu ý: {outcome.stale} là bản của một lượt chạy trước, không mang nội dung "
                f"hiện tại của {outcome.input}; sửa lỗi rồi chạy lại để có bản mới"
            )


def cmd_validate(args) -> int:
    from report_drafter.run import batch

    items, missing, sheet_errors = _collect(args.paths, args.figures)
    if args.jobs is not None and args.jobs < 1:
        _err("-j phải là số nguyên dương")
        return EXIT_USAGE
    failed = sheet_errors
    for checked in batch.validate_all(items, args.jobs):
        for problem in checked.problems:
            _problem(problem, checked.path)
        bad = [p for p in checked.problems if p.is_error or args.strict]
        failed += bool(bad or not checked.ok)
        if not bad and checked.ok:
            print(f"{checked.path}: hợp lệ" + (f" ({len(checked.problems)} cảnh báo)" if checked.problems else ""))
    if not items and not missing:
        _err(f"không có tệp đầu vào nào (.yaml) trong {', '.join(args.paths)}")
    if missing or not items:
        return EXIT_USAGE
    return EXIT_FAILED if failed else EXIT_OK


def _collect(paths, workbook):
    """Inputs named by `paths`, each with its figures from `workbook`; prints what is wrong.

    Returns (items, missing paths, number of errors in the workbook itself).
    """
    from report_drafter.run import batch

    items, missing = batch.collect(paths)
    for problem in missing:
        _err(problem.format())
    if not workbook:
        return items, missing, 0
    from report_drafter.sheets import workbook_in as figures

    overrides, problems = figures.load_workbook(workbook)
    for item in items:
        item.figures = overrides.only(item.path)
    problems += overrides.unmatched([item.path for item in items])
    for problem in problems:
        _err(problem.format())
    return items, missing, sum(1 for p in problems if p.is_error)


def cmd_sheet(args) -> int:
    from report_drafter.files import writing as output
    from report_drafter.run import load_all as gather
    from report_drafter.sheets import workbook_in as figures
    from report_drafter.sheets import workbook_out as sheet

    items, missing, _ = _collect(args.paths, None)
    target = Path(args.output)
    if target.suffix.lower() != ".xlsx":
        _err(f"-o {target}: tên tệp bảng tính phải có đuôi .xlsx, ví dụ -o so-lieu.xlsx")
        return EXIT_USAGE
    if os.path.lexists(target) and not args.force:
        _err(
            f"{target} đã có (có thể các đơn vị đã điền số vào đó) nên không ghi đè; "
            f"hãy chọn tên khác, hoặc chạy lại với --force để ghi đè (bản cũ được sao lưu)"
        )
        return EXIT_USAGE
    if not items:
        _err("không có tệp đầu vào nào (.yaml) để lập bảng số liệu")
        return EXIT_USAGE
    units = gather.load_all(items, args.jobs, blank=True)
    labels = figures.file_labels([u.path for u in units])
    good = []
    for label, unit in zip(labels, units):
        for problem in unit.problems:
            _err(problem.format())
        if unit.report is None:
            _err(f"{unit.path}: bỏ qua: dữ liệu đầu vào có lỗi (đơn vị này không có trong bảng)")
        else:
            good.append((label, unit.report))
    rows = sum(len(r.indicators) for _, r in good)
    if not rows:
        _err(
            f"không có dòng chỉ tiêu nào để lập bảng số liệu ({len(units) - len(good)}/{len(units)} tệp có "
            f"lỗi); hãy sửa các lỗi trên, hoặc thêm indicators (name, unit, targets) vào tệp đầu vào hay "
            f"_defaults.yaml; chưa ghi {target}"
        )
        return EXIT_USAGE if missing else EXIT_FAILED
    target.parent.mkdir(parents=True, exist_ok=True)
    with output.holding(target.parent, _waiting(target.parent)):  # as render holds its folder
        output.check_target(target)
        backup = output.backup(target) if os.path.lexists(target) else ""
        sheet.write(good, target)
    print(target)
    if backup:
        print(f"  bản trước khi ghi: {backup}")
    print(f"Bảng số liệu: {len(good)} đơn vị, {rows} dòng chỉ tiêu; {len(units) - len(good)} tệp lỗi.")
    if missing:
        return EXIT_USAGE
    return EXIT_FAILED if len(good) < len(units) else EXIT_OK


ROLLUP_STEM = "tong-hop"


def cmd_rollup(args) -> int:
    from report_drafter.files import writing as output
    from report_drafter.run import load_all as gather
    from report_drafter.sheets import rollup
    from report_drafter.sheets import rollup_docx as rollupdoc
    from report_drafter.sheets import workbook_out as sheet

    items, missing, sheet_errors = _collect(args.paths, args.figures)
    if not items:
        _err("không có tệp đầu vào nào (.yaml) để tổng hợp")
        return EXIT_USAGE
    units = []
    for unit in gather.load_all(items, args.jobs):
        for problem in unit.problems:
            _err(problem.format())
        reason = next((p.message for p in unit.problems if p.is_error), "dữ liệu đầu vào có lỗi")
        if unit.report is None:
            _err(f"{unit.path}: chưa tổng hợp: {reason} (được liệt kê trong bảng tổng hợp)")
        units.append((unit.path, unit.report, reason))
    result = rollup.build(units)
    if not result.tables:
        _err(
            f"không có chỉ tiêu nào để tổng hợp ({len(result.failed)}/{len(units)} tệp có lỗi); hãy sửa các "
            f"lỗi trên, hoặc thêm indicators vào tệp đầu vào; chưa ghi {ROLLUP_STEM}.xlsx, {ROLLUP_STEM}.docx"
        )
        return EXIT_USAGE if missing else EXIT_FAILED
    out_dir = Path(args.output)
    systems = [r.system for _, r, _ in units if r is not None]
    system = max(set(systems), key=systems.count) if systems else "state"
    documents = gather.in_parallel((sheet.build_rollup, result), (rollupdoc.build, result, system))
    with output.holding(out_dir, _waiting(out_dir)):
        folder = os.path.realpath(out_dir)
        failed = sum(
            not _write_plain(os.path.join(folder, ROLLUP_STEM + suffix), data, args.force)
            for suffix, data in zip((".xlsx", ".docx"), documents)
        )
    print(
        f"Tổng hợp {len(result.tables)} chỉ tiêu của {len(result.units)} đơn vị; "
        f"{len(result.failed)} tệp lỗi chưa tổng hợp."
    )
    if missing:
        return EXIT_USAGE
    return EXIT_FAILED if result.failed or sheet_errors or failed else EXIT_OK


def _write_plain(path, data: bytes, force: bool, source: str = "") -> bool:
    """Write a brief or roll-up file as `written.write` does and say what happened; False when
    it could not be written (an edited file kept is no failure, as for `render`)."""
    from report_drafter.errors import UserError
    from report_drafter.files import kind as filekind
    from report_drafter.files import record as written
    from report_drafter.files import writing as output

    head = f"{source}: " if source else ""
    try:
        status, backup = written.write(path, data, force)
    except UserError as exc:
        _err(f"{head}bỏ qua: {exc.message}")
        return False
    except OSError as exc:
        _err(f"{head}bỏ qua: không ghi được {path}: {filekind.os_reason(exc)}")
        return False
    if status == output.KEPT:
        _err(f"{head}giữ nguyên: {written.kept_message(path)}")
    elif status == output.UNCHANGED:
        print(f"{path} (không đổi)")
    else:
        print(path)
        if backup:
            print(f"  bản trước khi ghi: {backup}")
    return True


def cmd_new(args) -> int:
    from report_drafter.input.starter import REVIEW_YEARS, starter

    if args.review and args.year < YEARS[0] + REVIEW_YEARS:
        _err(
            f"với --review, --year (năm sơ kết) phải từ {YEARS[0] + REVIEW_YEARS}: mẫu sơ kết tính từ "
            f"{REVIEW_YEARS} năm trước (nhận được {args.year})"
        )
        return EXIT_USAGE
    text = starter(args.system, args.period, args.year, args.unit, args.review)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    from report_drafter.files import writing as output

    target = Path(args.output)
    if target.suffix.lower() not in (".yaml", ".yml"):
        _err(f"-o {target}: tên tệp dữ liệu phải có đuôi .yaml, ví dụ -o do-son.yaml")
        return EXIT_USAGE
    if target.is_dir():
        _err(f"-o {target}: đây là một thư mục; hãy ghi tên tệp, ví dụ -o {target / 'bao-cao.yaml'}")
        return EXIT_USAGE
    if target.exists() and not args.force:
        _err(
            f"{target} đã có nên không ghi đè (có thể đã có số liệu trong đó); hãy chọn tên khác, "
            f"hoặc chạy lại với --force để ghi đè"
        )
        return EXIT_USAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    output.check_target(target)  # a link, FIFO or device there: refused, never written through
    backup = output.backup(target) if target.exists() else ""  # --force: the old input is kept
    output.write_atomic(target, text.encode("utf-8"))
    print(f"Đã ghi {target}; sửa tệp này rồi chạy: report-drafter validate {target}")
    if backup:
        print(f"  bản trước khi ghi: {backup}")
    return EXIT_OK


def cmd_brief(args) -> int:
    from report_drafter.files import writing as output
    from report_drafter.run import batch

    items, missing = batch.collect(args.paths)
    for problem in missing:
        _err(problem.format())
    if not items:
        _err("không có tệp đầu vào nào (.yaml) để viết tin bài")
        return EXIT_USAGE
    out_dir = Path(args.output)
    with output.holding(out_dir, _waiting(out_dir)):
        failed = _briefs_held(items, out_dir, args.format, args.force)
    if missing:
        return EXIT_USAGE
    return EXIT_FAILED if failed else EXIT_OK


def _briefs_held(items, out_dir: Path, fmt: str, force: bool) -> int:
    """Compose every brief, then write them (two inputs naming one file both fail); how many failed."""
    from report_drafter import brief
    from report_drafter.errors import UserError
    from report_drafter.files import writing as output
    from report_drafter.run import one_input as job

    failed = 0
    made = []  # (input, path, bytes)
    for item in items:
        try:
            loaded = job.validate_file(item.path, item.defaults)
        except OSError as exc:  # the input vanished or became unreadable meanwhile
            from report_drafter.files import kind as filekind

            _err(f"{item.path}: không đọc được tệp: {filekind.os_reason(exc)}")
            failed += 1
            continue
        for problem in loaded.problems:
            _err(problem.format())
        report = loaded.report
        if report is None or any(p.is_error for p in loaded.problems):
            failed += 1
            continue
        lacking = brief.missing_fields(report)
        if lacking:
            line, col = loaded.locate("meeting")
            where = f"{item.path}:{line}:{col}" if line else item.path
            _err(
                f"{where}: meeting: thiếu {', '.join(lacking)} để viết tin bài; hãy ghi ngày họp "
                f"(date), tên hội nghị (name) và người chủ trì (chair: name, title) trong mục meeting"
            )
            failed += 1
            continue
        try:
            path = output.output_path(out_dir, job.stem_of(report) + brief.STEM_SUFFIX, brief.SUFFIXES[fmt])
        except UserError as exc:
            _err(f"{item.path}: {exc.message}")
            failed += 1
            continue
        made.append((item.path, path, brief.render(brief.compose(report), fmt)))
    claims: dict[str, list[str]] = {}
    for source, path, _ in made:
        claims.setdefault(output.same_name_key(path), []).append(source)
    for source, path, data in made:
        others = [s for s in claims[output.same_name_key(path)] if s != source]
        if others:
            _err(
                f"{source}: bỏ qua: tin bài {os.path.basename(path)} trùng với tin bài của "
                f"{', '.join(others)}; hãy đặt khóa output khác nhau"
            )
            failed += 1
        elif not _write_plain(path, data, force, source):
            failed += 1
    return failed


def cmd_context(args) -> int:
    from report_drafter.run import batch
    from report_drafter.run import one_input as job
    from report_drafter.text import context

    items, missing = batch.collect([args.file])
    if missing or not items:
        for problem in missing:
            _err(problem.format())
        if not missing:
            _err(f"không có tệp đầu vào nào (.yaml) trong {args.file}")
        return EXIT_USAGE
    loaded = job.validate_file(items[0].path, items[0].defaults)
    for problem in loaded.problems:
        _err(problem.format())
    if loaded.report is None or any(p.is_error for p in loaded.problems):
        return EXIT_FAILED
    print(json.dumps(context.build_context(loaded.report), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_templates(args) -> int:
    from report_drafter.document import render

    for name, path in render.list_builtin_templates():
        prepared = render.prepare(path)
        print(f"{name}: {path}")
        for variable in prepared.variables():
            print(f"  {variable}")
    print("Mọi biến một mẫu riêng dùng được (chi tiết: docs/context.md):")
    for variable in _context_variables():
        print(f"  {variable}")
    print(
        "Trong tệp YAML, ghi template: party | state | bao-cao-so-ket (mẫu theo system) "
        "hoặc đường dẫn tới tệp .docx của bạn."
    )
    return EXIT_OK


def _context_variables() -> list[str]:
    """Dotted names of everything `build_context` gives (`meeting.place`, `appendix.rows[].name` …)."""
    from report_drafter.input import schema as load
    from report_drafter.input.starter import starter
    from report_drafter.text import context

    report = load.load_text(starter(), "<mẫu>").report

    def walk(value, path):
        if isinstance(value, dict) and path not in ("marks", "appendix.rows[].runs"):
            for key, inner in value.items():
                yield from walk(inner, f"{path}.{key}" if path else key)
        elif isinstance(value, list) and value and isinstance(value[0], dict) and not path.endswith("runs"):
            yield from dict.fromkeys(v for item in value for v in walk(item, f"{path}[]"))
        else:
            yield path

    return list(dict.fromkeys(walk(context.build_context(report), "")))


SEVERITY_WORD = {"error": "lỗi", "warning": "cảnh báo"}
REVIEW_PREFIX = "cần xem lại: "


def format_finding(p, review: bool = False) -> str:
    """`file: [lỗi] place: message — sửa: fix`; a finding that is not a claim reads [cần xem lại]."""
    fix = f" — sửa: {p.fix}" if p.fix else ""
    word = "cần xem lại" if review else SEVERITY_WORD[p.severity.value]
    message = p.message[len(REVIEW_PREFIX) :] if review and p.message.startswith(REVIEW_PREFIX) else p.message
    return f"{p.file}: [{word}] {p.path}: {message}{fix}"


def _check_inputs(files) -> tuple[list, int]:
    """The regular files among `files`; the others are named on stderr (exit 2)."""
    good, bad = [], 0
    for name in files:
        path = Path(name)
        if path.is_file():
            good.append(name)
            continue
        bad += 1
        from report_drafter.files import reading as safefile

        print(f"{name}: {safefile.why_not_a_file(name) or 'không đọc được'}", file=sys.stderr)
    return good, bad


def cmd_import(args) -> int:
    from report_drafter.fromdocx import importer as importdocx

    return importdocx.run_cli(args)


def cmd_check(args) -> int:
    """Print findings (or write fixed copies); 1 when any error, 2 when a file is missing."""
    if args.fix:
        return _check_fix(args)
    from report_drafter.audit import check

    files, missing = _check_inputs(args.files)
    audits = [check.audit(f, args.system, args.rules) for f in files]
    if args.json:
        print(json.dumps([a.as_dict() for a in audits], ensure_ascii=False, indent=2))
    else:
        for a in audits:
            for f in a.findings:
                print(format_finding(f.problem, f.review))
            print(f"{a.file}: {a.tally.line()}")
        errors = sum(f.problem.is_error for a in audits for f in a.findings)
        review = sum(f.review for a in audits for f in a.findings)
        warnings = sum(not f.problem.is_error and not f.review for a in audits for f in a.findings)
        print(f"Đã kiểm tra {len(audits)} tệp: {errors} lỗi, {warnings} cảnh báo, {review} cần xem lại.")
    if missing:
        return 2
    return 1 if any(f.problem.is_error for a in audits for f in a.findings) else 0


def _check_fix(args) -> int:
    """Per file: the copy written, what was fixed and what remains; 1 when errors remain."""
    from report_drafter.audit import fix

    files, missing = _check_inputs(args.files)
    errors = warnings = fixed_total = 0
    taken: set = set()
    for name in files:
        try:
            result = fix.fix_document(Path(name), args.output, args.system, args.rules, taken)
        except OSError as exc:
            from report_drafter.files import kind as filekind

            print(f"{name}: không ghi được bản sửa: {filekind.os_reason(exc)}", file=sys.stderr)
            errors += 1
            continue
        except ValueError as exc:
            print(f"{name}: không ghi được bản sửa: {exc}", file=sys.stderr)
            errors += 1
            continue
        if result.renamed_from is not None:
            print(f"{name}: đã có {result.renamed_from}, không ghi đè; ghi sang {result.target}")
        elif result.target is not None:
            print(f"{name}: đã ghi bản sửa {result.target}")
        for p in result.fixed:
            print(f"{name}: [đã sửa] {p.path}: {p.message}")
        for p in result.remaining:
            print(format_finding(p, p.message.startswith(REVIEW_PREFIX)))
        fixed_total += len(result.fixed)
        errors += sum(p.is_error for p in result.remaining)
        warnings += sum(not p.is_error for p in result.remaining)
    print(f"Đã sửa {fixed_total} chỗ; còn {errors} lỗi, {warnings} cảnh báo cần sửa tay.")
    if missing:
        return 2
    return 1 if errors else 0


def cmd_serve(args) -> int:
    from report_drafter.web import serve

    if not Path(args.folder).is_dir():
        _err(f"{args.folder}: không phải thư mục")
        return EXIT_USAGE
    return serve.serve(args.folder, args.host, args.port)


def cmd_users(args) -> int:
    from report_drafter.web import serve

    return serve.users(args.action, args.name, args.folder, args.password_stdin)


COMMANDS = {
    "serve": cmd_serve,
    "users": cmd_users,
    "render": cmd_render,
    "update": cmd_update,
    "validate": cmd_validate,
    "new": cmd_new,
    "brief": cmd_brief,
    "context": cmd_context,
    "templates": cmd_templates,
    "check": cmd_check,
    "import": cmd_import,
    "sheet": cmd_sheet,
    "rollup": cmd_rollup,
}


# ------------------------------------------------------------------------- helpers


def _err(text: str) -> None:
    print(text, file=sys.stderr)


_SHOWN: set[str] = set()  # problems of shared files (a batch's _defaults.yaml) already printed


def _problem(problem, input_path) -> None:
    """Print a problem; one found in a file other than the input (the folder's `_defaults.yaml`,
    shared by every input of the batch) is printed once, not once per input."""
    text = problem.format()
    if problem.file and str(problem.file) != str(input_path):
        if text in _SHOWN:
            return
        _SHOWN.add(text)
    _err(text)


def _file_in_the_way(path) -> str:
    """The first part of `path` that exists and is not a folder (what stops it being made)."""
    path = Path(path or ".")
    for part in [*reversed(path.parents), path]:
        if part.exists() and not part.is_dir():
            return str(part)
    return str(path)


def _version() -> str:
    from report_drafter import __version__

    return f"report-drafter {__version__}"


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
