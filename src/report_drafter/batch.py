"""Many inputs: collect files and folders (batches), run each, summarise.

A folder is a batch: its `_defaults.yaml` is merged under every other file and
other files starting with `_` are skipped. One bad file never stops the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from report_drafter import job, output
from report_drafter.errors import Problem

DEFAULTS_NAME = "_defaults.yaml"
INPUT_SUFFIXES = (".yaml", ".yml")


@dataclass
class Item:
    path: Path
    defaults: Path | None = None


@dataclass
class Summary:
    outcomes: list = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> int:
        return self.count(job.FAILED)

    def line(self) -> str:
        return (f"Tổng cộng {len(self.outcomes)} tệp: đã ghi {self.count(output.WRITTEN) + self.count(output.OVERWRITTEN)}, "
                f"không đổi {self.count(output.UNCHANGED)}, giữ nguyên vì đã sửa {self.count(output.KEPT)}, "
                f"lỗi {self.failed}.")


def collect(paths) -> tuple[list[Item], list[Problem]]:
    """Input files named directly or found in folders, in a stable order."""
    items: list[Item] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            defaults = path / DEFAULTS_NAME
            for child in sorted(path.iterdir()):
                if child.suffix.lower() in INPUT_SUFFIXES and not child.name.startswith("_") \
                        and child.is_file():
                    items.append(Item(child, defaults if defaults.is_file() else None))
        elif path.is_file():
            defaults = path.parent / DEFAULTS_NAME
            use = defaults if defaults.is_file() and path.name != DEFAULTS_NAME else None
            items.append(Item(path, use))
        else:
            problems.append(Problem(f"không tìm thấy tệp hoặc thư mục {raw}", file=str(raw),
                                    code="missing-input"))
    return items, problems


def run(items: list[Item], out_dir: Path, force: bool = False, on_outcome=None) -> Summary:
    """Render every item in turn; two inputs naming the same output both fail."""
    summary = Summary()
    planned = []
    for item in items:
        loaded = job.validate_file(item.path, item.defaults)
        stem = job.stem_of(loaded.report) if loaded.report is not None else ""
        planned.append((item, loaded, stem))
    stems: dict[str, list[Path]] = {}
    for item, _, stem in planned:
        if stem:
            stems.setdefault(stem, []).append(item.path)
    for item, loaded, stem in planned:
        if stem and len(stems[stem]) > 1:
            others = ", ".join(str(p) for p in stems[stem] if p != item.path)
            message = (f"tệp kết quả {stem}.docx trùng với {others}; hãy đặt khóa output khác nhau")
            outcome = job.Outcome(str(item.path), message=message,
                                  problems=[Problem(message, "output", str(item.path), code="duplicate-output")])
        else:
            outcome = job.render_file(item.path, out_dir, force, item.defaults, loaded=loaded)
        summary.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return summary
