"""Changing the library on a worker thread, so the window never freezes while files are read or the library reloaded.

An import runs in two steps: the files are read and checked and what they
would change is worked out (`prepare`); the window may then ask the user
before anything is written (`ImportJob.confirm`); then they are written and
the library reloaded (`commit`).  A removal works out what it would change,
asks (`RemoveJob.confirm`), takes the documents out and reloads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    from iijviewer.library.importer import ImportOutcome

KEPT = "The library was left as it was."


class _Worker(QObject):
    progressed = Signal(str, int, int)  # a file, its pages (or 1 for a whole file) read, of how many
    prepared = Signal(object, object)  # the PreparedImport, the ChosenChanges it would make (None: not worked out)
    previewed = Signal(object)  # the ChosenChanges a removal would make
    done = Signal(object, str)  # the reloaded library, a summary for people
    refused = Signal(str)
    stopped = Signal(str)  # cancelled by the user before anything was written

    def __init__(self, files: list[str], data_dir, library=None) -> None:
        super().__init__()
        self.files = files
        self.data_dir = data_dir
        self.library = library  # the library as the window shows it, to say what an import would change
        self.added: list[str] = []  # the documents an import added
        self.removing: list[str] = []  # the documents a removal takes out
        self.summary = ""  # what the window says when a removal is done
        self.outcome: ImportOutcome | None = None  # of a written import (None: not written, or not reported)
        self.cancelled = False  # set from the window's thread: the next page or file read stops the import

    # -- importing -----------------------------------------------------------------------
    def _progress(self, file: str, done: int, total: int) -> None:
        if self.cancelled:
            from iijviewer.library.importer import ImportCancelled

            raise ImportCancelled
        self.progressed.emit(file, done, total)

    def prepare(self) -> None:
        from iijviewer.library.importer import ImportCancelled, import_preview, prepare_import, refusal_lines

        try:
            prepared = prepare_import(self.files, self.data_dir, self._progress)
            if self.cancelled:
                raise ImportCancelled
            if not prepared.candidates:
                self.refused.emit("\n".join(refusal_lines(prepared.outcome, len(self.files))) + f"\n\n{KEPT}")
                return
            changes = import_preview(prepared, self.library) if self.library is not None else None
        except ImportCancelled:
            self.stopped.emit(f"The import was cancelled. {KEPT}")
            return
        except Exception as e:  # noqa: BLE001 - shown to the user, never a silent thread death
            self.refused.emit(f"The import failed unexpectedly: {self._logged(e, 'import failed')}\n\n{KEPT}")
            return
        self.prepared.emit(prepared, changes)

    def commit(self, prepared) -> None:
        from iijviewer.library.importer import ImportedButNotReported, LibraryWriteError, commit_import, refusal_lines, report_lines

        summary = ""
        try:
            outcome = commit_import(prepared)
        except LibraryWriteError as e:
            self.refused.emit(str(e))  # it says that nothing was imported
            return
        except ImportedButNotReported as e:
            cause = e.__cause__ or e
            summary = f"{e}: {self._logged(cause, 'import report failed')}"
        except Exception as e:  # noqa: BLE001
            self.refused.emit(f"The import failed unexpectedly: {self._logged(e, 'import failed')}\n\n{KEPT}")
            return
        else:
            if not outcome.imported:
                self.refused.emit("\n".join(refusal_lines(outcome, len(self.files))) + f"\n\n{KEPT}")
                return
            self.added = [f.document for f in outcome.files if f.added]
            self.outcome = outcome
            summary = "\n".join(report_lines(outcome) + refusal_lines(outcome, len(self.files)))
        self._reload(summary)

    # -- removing ---------------------------------------------------------------------------
    def preview_removal(self) -> None:
        from iijviewer.library.changes import chosen_changes

        try:
            changes = chosen_changes(self.library.facts, self.library.without(self.removing).facts)
        except Exception as e:  # noqa: BLE001
            self.refused.emit(f"The removal failed unexpectedly: {self._logged(e, 'removal failed')}")
            return
        self.previewed.emit(changes)

    def remove(self) -> None:
        from iijviewer.library.importer import LibraryWriteError, RemovalRefused, remove_documents

        try:
            remove_documents(self.removing, self.data_dir)
        except (RemovalRefused, LibraryWriteError) as e:
            self.refused.emit(str(e))
            return
        except Exception as e:  # noqa: BLE001
            self.refused.emit(f"The removal failed unexpectedly: {self._logged(e, 'removal failed')}")
            return
        self._reload(self.summary, "removed")

    # -- both -------------------------------------------------------------------------------
    def _reload(self, summary: str, done: str = "imported") -> None:
        from iijviewer.library.store import Library

        try:  # the library has changed on disk; only showing it can fail
            library = Library.load(self.data_dir)
            library.save_snapshot()  # normalized, checked and kept for the next start here, not on the window's thread
        except Exception as e:  # noqa: BLE001
            self.refused.emit(
                f"The documents were {done}, but the library could not be read again: "
                f"{self._logged(e, f'reload after {done} failed')}\n\nRestart iijviewer to see them."
            )
            return
        self.done.emit(library, summary)

    def _logged(self, e: BaseException, what: str) -> str:
        from iijviewer.base import errorlog

        log = errorlog.record(type(e), e, e.__traceback__, self.data_dir, what)
        return f"{errorlog.summary(e)}; {errorlog.where(log)}"


class _Job(QObject):
    """A worker on its own thread; `finished_ok` or `failed` arrive on the window's thread."""

    finished_ok = Signal(object, str)
    failed = Signal(str)

    def __init__(self, worker: _Worker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._worker = worker
        self._worker.moveToThread(self._thread)
        self._worker.done.connect(self._on_done)
        self._worker.refused.connect(self._on_refused)

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30000) -> bool:
        return self._thread.wait(ms)

    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()

    def _on_done(self, library, summary: str) -> None:
        self._finish()
        self.finished_ok.emit(library, summary)

    def _on_refused(self, message: str) -> None:
        self._finish()
        self.failed.emit(message)


class ImportJob(_Job):
    """One import: files read and checked, the user asked if figures already chosen would change, then written.

    `confirm(changes)` (ChosenChanges) runs on the window's thread when the
    import would change a figure already chosen; False cancels the import
    (`cancelled`), nothing written.  Without `confirm`, or `library` to
    compare with, an import is written as soon as it is read.
    """

    progress = Signal(float, str)  # the share of the files read (0 to 1), and what is being read, for people
    cancelled = Signal(str)
    _commit_requested = Signal(object)

    def __init__(
        self,
        files: list[str],
        data_dir,
        parent: QObject | None = None,
        *,
        library=None,
        confirm: Callable[[object], bool] | None = None,
    ) -> None:
        self.files = list(files)
        super().__init__(_Worker(self.files, data_dir, library), parent)
        self.confirm = confirm
        self.added: list[str] = []  # the documents the import added (for Undo)
        self.outcome: ImportOutcome | None = None  # what it did, once done (for the window's report)
        self._committing = False
        self._thread.started.connect(self._worker.prepare)
        self._worker.progressed.connect(self._on_progressed)
        self._worker.prepared.connect(self._on_prepared)
        self._worker.stopped.connect(self._on_stopped)
        self._commit_requested.connect(self._worker.commit)

    def cancel(self) -> None:
        """Stop reading the files (at the next page or file); nothing is written. The commit, once begun, finishes."""
        if not self._committing:
            self._worker.cancelled = True
            self._thread.quit()  # the thread ends once the file being read is done; no commit is asked of it

    def _on_stopped(self, message: str) -> None:
        self._finish()
        self.cancelled.emit(message)

    def _on_progressed(self, file: str, done: int, total: int) -> None:
        """Each file a share of the whole; a PDF's share filled page by page."""
        try:
            k = self.files.index(file)
        except ValueError:
            return
        share = (k + (done / total if total else 1.0)) / max(1, len(self.files))
        name = Path(file).name
        if total > 1:
            self.progress.emit(share, f"Reading {name}: page {done} of {total}…")
        else:
            self.progress.emit(share, f"Read {name} ({k + 1} of {len(self.files)})…")

    def _on_prepared(self, prepared, changes) -> None:
        if self._worker.cancelled:
            self._on_stopped(f"The import was cancelled. {KEPT}")
            return
        if changes is not None and changes.changed and self.confirm is not None and not self.confirm(changes):
            self._finish()
            self.cancelled.emit(f"The import was cancelled. {KEPT}")
            return
        self._committing = True
        self._commit_requested.emit(prepared)  # to the worker's thread

    def _on_done(self, library, summary: str) -> None:
        self.added = list(self._worker.added)
        self.outcome = self._worker.outcome
        super()._on_done(library, summary)


class RemoveJob(_Job):
    """Takes documents out of the library and reloads it, once `confirm(doc_ids, changes)` agrees.

    What the removal would change (ChosenChanges against `library`, the one
    the window shows) is worked out first, on the worker; `confirm` runs on
    the window's thread and returns the summary to show when done, or None to
    cancel (`cancelled`, nothing removed).
    """

    cancelled = Signal(str)
    _remove_requested = Signal()

    def __init__(
        self, doc_ids: Sequence[str], data_dir, library, confirm: Callable[[list[str], object], str | None], parent: QObject | None = None
    ) -> None:
        worker = _Worker([], data_dir, library)
        worker.removing = list(doc_ids)
        super().__init__(worker, parent)
        self.doc_ids = list(doc_ids)
        self.confirm = confirm
        self._thread.started.connect(self._worker.preview_removal)
        self._worker.previewed.connect(self._on_previewed)
        self._remove_requested.connect(self._worker.remove)

    def _on_previewed(self, changes) -> None:
        summary = self.confirm(self.doc_ids, changes)
        if summary is None:
            self._finish()
            self.cancelled.emit(f"Nothing was removed. {KEPT}")
            return
        self._worker.summary = summary
        self._remove_requested.emit()  # to the worker's thread
