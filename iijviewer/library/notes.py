"""The analyst's notes: text attached to a figure (concept, period, scenario) or to a period, Qt-free.

Notes live in the user's library folder, in `notes.json` beside `documents/`
and `cache/`.  They are keyed by what they are about, never by a document, so
an update of the program, a re-import or the removal of a document leaves
them as they are (a note on a figure the library no longer has waits for the
figure to come back).  Every change reads the file again, applies itself and
writes the whole file atomically (`safefile.write_atomic`): a note another
window added meanwhile is kept, and a crash leaves the old file.  A file that
cannot be read as notes is set aside (`notes.damaged-<time>.json`), never
written over.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from iijviewer.base.safefile import read_regular, write_atomic

NOTES_NAME = "notes.json"
FORMAT_VERSION = 1
MAX_BYTES = 16 * 2**20  # a file of notes larger than this is not a file of notes
MAX_TEXT = 20_000  # characters of one note

Key = tuple[str, str, str]  # (concept, period, scenario); a period's own note has "" for concept and scenario


def figure_key(concept: str, period: str, scenario: str) -> Key:
    return (concept, period, scenario)


def period_key(period: str) -> Key:
    return ("", period, "")


def _now() -> str:
    return dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Note:
    concept: str  # "" for a note on a period
    period: str
    scenario: str  # "" for a note on a period
    text: str
    created: str = ""  # ISO time with offset
    modified: str = ""

    @property
    def key(self) -> Key:
        return (self.concept, self.period, self.scenario)

    @property
    def on_period(self) -> bool:
        return not self.concept

    def as_json(self) -> dict[str, str]:
        return {
            "concept": self.concept,
            "period": self.period,
            "scenario": self.scenario,
            "text": self.text,
            "created": self.created,
            "modified": self.modified,
        }


class NotesError(ValueError):
    """A notes file that cannot be read as notes."""


def _parse(data: bytes) -> list[Note]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise NotesError(f"not JSON ({e})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("notes"), list):
        raise NotesError("no list of notes")
    notes = []
    for item in doc["notes"]:
        if not isinstance(item, dict):
            raise NotesError("a note is not an object")
        fields = {}
        for name in ("concept", "period", "scenario", "text", "created", "modified"):
            value = item.get(name, "")
            if not isinstance(value, str):
                raise NotesError(f"a note's {name} is not text")
            fields[name] = value
        if not fields["period"] or not fields["text"]:
            continue  # nothing to attach it to, or nothing to say
        notes.append(Note(**fields))
    return notes


def _dump(notes: Iterable[Note]) -> bytes:
    ordered = sorted(notes, key=lambda n: (n.period, n.concept, n.scenario))
    doc = {"version": FORMAT_VERSION, "notes": [n.as_json() for n in ordered]}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


class NoteBook:
    """The notes of one library folder (or, without a folder, of this session only)."""

    def __init__(self, folder: Path | None, notes: Iterable[Note] = (), problem: str = "") -> None:
        self.folder = folder
        self.notes: dict[Key, Note] = {n.key: n for n in notes}
        self.problem = problem  # why the file was set aside ("" when it read)

    @property
    def path(self) -> Path | None:
        return None if self.folder is None else self.folder / NOTES_NAME

    @classmethod
    def load(cls, folder: str | os.PathLike[str] | None) -> "NoteBook":
        """The notes of a library folder; an empty book where there are none or the file is unusable."""
        if folder is None:
            return cls(None)
        folder = Path(folder)
        try:
            notes, problem = _read(folder)
        except OSError as e:
            return cls(folder, (), f"{folder / NOTES_NAME}: cannot be read ({e.strerror or e})")
        return cls(folder, notes, problem)

    # -- looking up --
    def get(self, key: Key) -> Note | None:
        return self.notes.get(key)

    def text(self, key: Key) -> str:
        note = self.notes.get(key)
        return note.text if note else ""

    def __len__(self) -> int:
        return len(self.notes)

    def __iter__(self):
        return iter(sorted(self.notes.values(), key=lambda n: (n.period, n.concept, n.scenario)))

    def search(self, words: str) -> list[Note]:
        """The notes whose text, concept or period contains every word (case-insensitive)."""
        wanted = words.lower().split()
        return [n for n in self if all(w in f"{n.text}\n{n.concept}\n{n.period}\n{n.scenario}".lower() for w in wanted)]

    # -- changing (each change is written at once) --
    def set(self, key: Key, text: str) -> Note | None:
        """Attach `text` to `key` (replacing its note); empty text deletes the note. The note, or None."""
        text = text.strip()[:MAX_TEXT]
        if not text:
            self.remove(key)
            return None
        if not key[1]:
            raise ValueError("a note needs a period")

        def change(notes: dict[Key, Note]) -> None:
            old = notes.get(key)
            now = _now()
            if old is None:
                notes[key] = Note(*key, text=text, created=now, modified=now)
            elif old.text != text:
                notes[key] = replace(old, text=text, modified=now)

        self._change(change)
        return self.notes.get(key)

    def remove(self, key: Key) -> bool:
        had = key in self.notes
        self._change(lambda notes: notes.pop(key, None))
        return had

    def _change(self, change) -> None:
        if self.folder is None:
            change(self.notes)
            return
        # what another window wrote meanwhile is kept; a file that cannot be read (OSError) is never written over
        current, problem = _read(self.folder)
        notes = {n.key: n for n in current}
        change(notes)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.folder / NOTES_NAME, lambda f: f.write(_dump(notes.values())))
        self.notes, self.problem = notes, problem


def _read(folder: Path) -> tuple[list[Note], str]:
    """The notes in the folder; a file that is not notes is renamed aside (and said why), never lost.

    OSError when the file is there but cannot be read (permissions, not a regular file, too large).
    """
    path = folder / NOTES_NAME
    try:
        data = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return [], ""
    try:
        return _parse(data), ""
    except NotesError as e:
        aside = folder / f"notes.damaged-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        try:
            os.replace(path, aside)
        except OSError:
            return [], f"{path}: {e}"
        return [], f"{path}: {e}; kept as {aside.name}"
