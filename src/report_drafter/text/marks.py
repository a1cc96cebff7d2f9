"""The vocabulary of figure marks: which figure a mark holds, and its name in the .docx.

Every figure that comes from the input (an indicator's verb, actual, percentages of
targets and change; each appendix cell; the document number; the date) is wrapped in a
hidden Word bookmark named `_rd_<indicator>_<field>`. Bookmarks whose name starts with
`_` are hidden in Word's Bookmark dialog, never print, survive a LibreOffice
open-and-save, and sit beside the runs (python-docx still sees every word of the
paragraph). The text each mark held when it was generated is kept in the document's
custom properties, so `update` can tell a figure typed over by hand from one it may
replace. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import json
import re
from enum import Enum

PREFIX = "_rd_"
MAX_NAME = 40  # Word's limit for a bookmark name
STORE_PROPERTY = "report-drafter-figures"
STORE_CHUNK = 240  # Word keeps at most 255 characters of a text property
FIRST_ID = 900000  # bookmark ids of marks, clear of a template's own

# field codes of a sentence's marked phrases (compute.indicator_segments), each always the same
# kind of phrase, whole: a phrase that reads differently in another shape of sentence has its own
VERB = "v"  # `ước đạt` / `đạt` / the indicator's own verb
ACTUAL = "a"  # `1.215,4`
BARE = "b"  # a bare figure with its verb: `ước 3.944,6`
CHANGE = "c"  # the whole comparison: `tăng 5% so với cùng kỳ`, `bằng cùng kỳ`, `bằng 112% so với …`
CHANGE_WORDS = "w"  # `{change}` of an office's sentence: `tăng 5%`, `bằng`
PREVIOUS = "p"  # `{previous}`
# … of an appendix cell and the header
APPENDIX_FIELDS = {"plan": "kh", "actual": "th", "vs_plan": "skh", "vs_previous": "sck"}
NUMBER, DATE = "so", "ngay"


class FigureStatus(str, Enum):
    """What `update` did with one figure."""

    UPDATED = "updated"  # replaced with the new value
    UNCHANGED = "unchanged"  # already the new value
    HAND = "changed_by_hand"  # typed over by a person: kept (replaced with --force)
    FORCED = "replaced_hand_value"  # typed over by a person, replaced because of --force
    GONE = "gone"  # deleted by a person: listed with the text to paste
    NEW = "new"  # new in the input, not in the document: listed
    DROPPED = "not_in_input"  # in the document, no longer in the input: left alone
    # whole paragraphs (blocks) of the input's text
    TEXT_UPDATED = "text_updated"  # untouched by people: took the input's new text
    TEXT_INSERTED = "text_inserted"  # new in the input, put in between untouched neighbours
    TEXT_REMOVED = "text_removed"  # untouched, no longer in the input: taken out
    TEXT_KEPT = "text_kept"  # edited by people, changed in the input: kept, new text listed
    TEXT_NEW = "text_new"  # new in the input, its place edited by people: listed
    TEXT_LEFT = "text_left"  # edited by people, no longer in the input: kept, listed

    def __str__(self) -> str:
        return self.value


PLACED = {
    FigureStatus.UPDATED,
    FigureStatus.UNCHANGED,
    FigureStatus.FORCED,
    FigureStatus.DROPPED,
    FigureStatus.TEXT_UPDATED,
    FigureStatus.TEXT_INSERTED,
    FigureStatus.TEXT_REMOVED,
}


def _short_hash(text: str, size: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:size]


def indicator_key(ind_id: str | None, name: str) -> str:
    """`thu-ngan-sach` → `thu_ngan_sach`; long or unusual ids get a short hash; no id: the name's hash."""
    if not ind_id:
        return "n" + _short_hash(name, 8)
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,23}", ind_id):
        return ind_id.replace("-", "_")
    clean = re.sub(r"[^a-z0-9]+", "_", ind_id.lower()).strip("_")
    return f"{clean[:14]}_{_short_hash(ind_id, 5)}".lstrip("_")


def target_field(label: str) -> str:
    """The code of a target's percentage, stable when targets are added or reordered."""
    return "t" + _short_hash(label, 5)


def bookmark_name(key: str) -> str:
    return PREFIX + key


def key_of(name: str) -> str | None:
    """The mark key of a bookmark name, or None for a bookmark that is not a mark."""
    return name[len(PREFIX) :] if name.startswith(PREFIX) else None


class Allocator:
    """Unique mark keys and bookmark ids for one document; records what each mark holds."""

    def __init__(self):
        self.values: dict[str, str] = {}

    def add(self, key: str, text: str) -> dict:
        """A run dict for `text` marked `key` (a repeated key gets `_2`, `_3` …)."""
        unique, n = key, 1
        while unique in self.values:
            n += 1
            unique = f"{key}_{n}"
        unique = unique[: MAX_NAME - len(PREFIX)]
        self.values[unique] = text
        return {"text": text, "bold": False, "italic": False, "mark": unique, "mark_id": FIRST_ID + len(self.values)}


def segment_runs(segments, alloc: Allocator) -> list[dict]:
    """Runs for `segments` ((key or None, text) in reading order): each keyed phrase its own
    marked run, plain text plain. An empty plain segment is dropped; an empty phrase keeps
    its mark (an empty run) so that `update` can fill it later."""
    runs = [alloc.add(key, text) if key else _plain(text) for key, text in segments if key or text]
    return runs or [_plain("")]


def _plain(text: str) -> dict:
    return {"text": text, "bold": False, "italic": False}


# ------------------------------------------------------------------- the store


def store_properties(values, prefix: str = STORE_PROPERTY) -> list[tuple[str, str]]:
    """(property name, value) pairs holding `values` (JSON) in chunks Word keeps whole."""
    data = json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    chunks = [data[i : i + STORE_CHUNK] for i in range(0, len(data), STORE_CHUNK)] or [""]
    return [(f"{prefix}-{i + 1:03d}", chunk) for i, chunk in enumerate(chunks)]


SOURCE_PROPERTY = "report-drafter-input"


def source_properties(record: dict) -> list[tuple[str, str]]:
    """(property name, value) pairs holding what the input said that the text does not show
    (ids, previous figures, the office's sentences …), for `import` to rebuild the input."""
    data = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return [
        (f"{SOURCE_PROPERTY}-{i // STORE_CHUNK + 1:03d}", data[i : i + STORE_CHUNK])
        for i in range(0, len(data), STORE_CHUNK)
    ]


def read_source(properties: dict[str, str]) -> dict:
    """The input record of `source_properties` ({} when absent or damaged)."""
    names = sorted(
        (n for n in properties if n.startswith(SOURCE_PROPERTY + "-")),
        key=lambda n: int(n.rsplit("-", 1)[1]) if n.rsplit("-", 1)[1].isdigit() else 0,
    )
    try:
        data = json.loads("".join(properties[n] for n in names)) if names else {}
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def read_store(properties: dict[str, str], prefix: str = STORE_PROPERTY, raw: bool = False):
    """The generated values recorded in a document's custom properties (None: no record);
    with `raw`, whatever JSON the chunks hold."""
    names = sorted(n for n in properties if n.startswith(prefix + "-"))
    if not names:
        return None
    try:
        data = json.loads("".join(properties[n] for n in names))
    except (ValueError, RecursionError):
        return None
    if raw:
        return data
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else None
