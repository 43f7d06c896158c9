"""The temporary files of printing: one private folder per kiosk process, emptied after each print job
and whenever a session ends, so nothing of a resident's list stays on the terminal.

A backend that must leave its file for another program to read (the Windows print verb hands the file to
the PDF viewer, which prints it later) leaves it here; the next reset removes it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


class Spool:
    def __init__(self, parent: Path | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="hyte-kiosk-print-", dir=parent))
        self._count = 0

    def write(self, data: bytes, stem: str = "lista") -> Path:
        """A new file holding ``data``, readable by this user only (CUPS copies it when the job is queued)."""
        self._count += 1
        path = self.folder / f"{stem}-{self._count}.pdf"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return path

    def remove(self, path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    def files(self) -> list[Path]:
        return sorted(self.folder.iterdir()) if self.folder.exists() else []

    def clear(self) -> None:
        """Remove every file (a session ended)."""
        for path in self.files():
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                self.remove(path)

    def close(self) -> None:
        """Remove the folder itself (the kiosk is closing)."""
        shutil.rmtree(self.folder, ignore_errors=True)
