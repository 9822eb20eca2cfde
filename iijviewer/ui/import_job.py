"""Importing documents on a worker thread, so the window never freezes while files are read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal


class _Worker(QObject):
    done = Signal(object, str)  # the reloaded library, a summary for people
    refused = Signal(str)
    progressed = Signal(str, int, int)  # a file, its pages (or 1 for a whole file) read, of how many

    def __init__(self, files: list[str], data_dir) -> None:
        super().__init__()
        self.files = files
        self.data_dir = data_dir

    def run(self) -> None:
        from iijviewer.importer import ImportedButNotReported, LibraryWriteError, import_documents, refusal_lines, report_lines
        from iijviewer.store import Library

        kept = "The library was left as it was."
        summary = ""
        try:
            outcome = import_documents(self.files, self.data_dir, self.progressed.emit)
        except LibraryWriteError as e:
            self.refused.emit(str(e))  # it says that nothing was imported
            return
        except ImportedButNotReported as e:
            cause = e.__cause__ or e
            summary = f"{e}: {self._logged(cause, 'import report failed')}"
        except Exception as e:  # noqa: BLE001 - shown to the user, never a silent thread death
            self.refused.emit(f"The import failed unexpectedly: {self._logged(e, 'import failed')}\n\n{kept}")
            return
        else:
            if not outcome.imported:
                self.refused.emit("\n".join(refusal_lines(outcome, len(self.files))) + f"\n\n{kept}")
                return
            summary = "\n".join(report_lines(outcome) + refusal_lines(outcome, len(self.files)))
        try:  # the documents are in the library now; only showing them can fail
            library = Library.load(self.data_dir)
            library.findings  # normalized, checked and kept as the snapshot here, not on the window's thread
        except Exception as e:  # noqa: BLE001
            self.refused.emit(
                "The documents were imported, but the library could not be read again: "
                f"{self._logged(e, 'reload after import failed')}\n\nRestart iijviewer to see them."
            )
            return
        self.done.emit(library, summary)

    def _logged(self, e: Exception, what: str) -> str:
        from iijviewer import errorlog

        log = errorlog.record(type(e), e, e.__traceback__, self.data_dir, what)
        return f"{errorlog.summary(e)}; {errorlog.where(log)}"


class ImportJob(QObject):
    """Runs one import on its own thread; `progress`, then `finished_ok` or `failed`, arrive on the window's thread."""

    finished_ok = Signal(object, str)
    failed = Signal(str)
    progress = Signal(float, str)  # the share of the files read (0 to 1), and what is being read, for people

    def __init__(self, files: list[str], data_dir, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.files = list(files)
        self._thread = QThread(self)
        self._worker = _Worker(self.files, data_dir)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.done.connect(self._on_done)
        self._worker.refused.connect(self._on_refused)
        self._worker.progressed.connect(self._on_progressed)

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

    def _on_done(self, library, summary: str) -> None:
        self._finish()
        self.finished_ok.emit(library, summary)

    def _on_refused(self, message: str) -> None:
        self._finish()
        self.failed.emit(message)
