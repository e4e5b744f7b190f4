"""Safe bytes on disk: atomic replacement of a file and one lock per library."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import ConflictError, Location, StorageError

LOCK_TIMEOUT = 60.0  # seconds; generous, edits hold the lock for milliseconds
_TMP_PREFIX = ".syllabib-"


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a StorageError naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        from .errors import NotFoundError

        raise NotFoundError(f"no such file: {path}", Location(path)) from None
    except OSError as exc:
        raise StorageError(f"cannot read: {exc.strerror}", Location(path)) from None


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temporary file in the same folder, fsync, rename, mode kept."""
    folder = path.parent
    mode = _mode_of(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX + path.name + ".", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise StorageError(f"cannot write in {folder}: {exc.strerror}", Location(path),
                           hint="check the folder's permissions") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if path.exists() and not (mode & 0o222 and os.access(path, os.W_OK)):
            raise PermissionError(13, "the file is read-only")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StorageError(f"cannot write: {exc.strerror or exc}", Location(path),
                           hint="nothing was changed; free some space or fix permissions") from None
    _fsync_dir(folder)


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files left by a writer that was killed (called under the lock)."""
    for tmp in folder.glob(_TMP_PREFIX + "*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def library_lock(state_dir: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the library's write lock; other writers wait, readers never do."""
    from filelock import FileLock, Timeout

    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        _ignore_folder(state_dir)
    except OSError as exc:
        raise StorageError(f"cannot create {state_dir}: {exc.strerror}") from None
    lock = FileLock(str(state_dir / "lock"), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise ConflictError(f"another syllabib command holds the library lock ({state_dir}/lock)",
                            hint="wait for it to finish, then try again") from None


def _ignore_folder(state_dir: Path) -> None:
    marker = state_dir / ".gitignore"
    if not marker.exists():
        marker.write_text("# syllabib's cache and lock; safe to delete\n*\n", encoding="utf-8")
