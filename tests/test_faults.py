"""Fault injection: the operating system, another program or a stale cache gets in the way.

Each fault goes through the command line (CliRunner) and must give a documented exit code, a
first line that says what happened, and leave every .bib file byte-identical (or, when someone
else rewrote or deleted the file, their version as they left it), with no temporary file behind.
Caches that are corrupt or from another version are rebuilt silently with the same results.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from syllabib import store, writer as writer_module
from syllabib.cache import FORMAT
from syllabib.cli import app
from syllabib.errors import EXIT_CONFLICT, EXIT_IO
from syllabib.index.store import index_path
from syllabib.library import state_dir
from syllabib.memo import MEMO_NAME

A_BIB = """\
% The review's references
@string{jiv = {Journal of Interpersonal Violence}}

@article{ward1999,
  author   = {Ward, Tony and Keenan, Thomas},
  title    = {Child Molesters' Implicit Theories},
  journal  = jiv,
  year     = {1999},
  keywords = {classic},
}

@book{howitt2007,
  author    = {Howitt, Dennis and Sheldon, Kerry},
  title     = {The Role of Cognitive Distortions in Paedophilic Offending},
  publisher = {Routledge},
  year      = 2007,
}
"""
B_BIB = "@misc{other2020,\r\n  title = {In Another File},\r\n  year = {2020},\r\n}\r\n"
EDITS = {  # one of each kind of write
    "set": ["set", "ward1999", "doi=10.1177/088626099014008003"],
    "tag": ["tag", "howitt2007", "+cognitive-distortions"],
    "annotate": ["annotate", "ward1999", "--text", "The classic account."],
    "unset": ["unset", "ward1999", "keywords"],
}


@pytest.fixture
def lib(make_library, monkeypatch) -> Path:
    root = make_library({"a.bib": A_BIB, "b.bib": B_BIB.encode()})
    monkeypatch.chdir(root)
    return root


def cli(*args: str) -> tuple[int, str]:
    """Exit code and the first line of stderr."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, (result.stderr.splitlines() or [""])[0]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under bib/ and its bytes (temporary files would show up here)."""
    return {p.name: p.read_bytes() for p in sorted((root / "bib").iterdir()) if p.is_file()}


# --- a full disk -----------------------------------------------------------------------------

class _HalfWritten:
    """A file object whose write stores half of the data, then fails as on a full disk."""

    def __init__(self, handle) -> None:
        self._handle = handle

    def write(self, data: bytes) -> int:
        self._handle.write(data[:len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._handle.close()


def _fail_write_midway(monkeypatch) -> None:
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _HalfWritten(real(fd, *a, **k)))


def _fail(name: str, code: int) -> Callable:
    def install(monkeypatch) -> None:
        def refuse(*args, **kwargs):
            raise OSError(code, os.strerror(code))
        monkeypatch.setattr(os, name, refuse)
    return install


DISK_FAULTS = {
    "write-midway": _fail_write_midway,
    "fsync": _fail("fsync", errno.ENOSPC),
    "rename": _fail("replace", errno.ENOSPC),
    "io-error-on-fsync": _fail("fsync", errno.EIO),
}


@pytest.fixture(params=["library", "indexed"])
def path_taken(request, lib) -> str:
    """Edit through the whole library, or (after a `list` built the index) through windows."""
    if request.param == "indexed":
        assert cli("list")[0] == 0
        assert index_path(lib).is_file()
    return request.param


@pytest.mark.parametrize("edit", sorted(EDITS))
@pytest.mark.parametrize("fault", sorted(DISK_FAULTS))
def test_a_failing_disk_changes_nothing(lib, path_taken, monkeypatch, fault: str,
                                        edit: str) -> None:
    before = snapshot(lib)
    DISK_FAULTS[fault](monkeypatch)
    code, line = cli(*EDITS[edit])
    monkeypatch.undo()
    assert code == EXIT_IO
    assert line.startswith("error: ") and "a.bib: cannot write: " in line
    assert os.strerror(errno.EIO if "io-error" in fault else errno.ENOSPC) in line
    assert snapshot(lib) == before


@contextlib.contextmanager
def tmpfs(folder: Path, size: str, read_only: bool = False) -> Iterator[None]:
    """A real tiny file system mounted on `folder` (root only; skipped where it cannot be)."""
    if os.geteuid() != 0 or sys.platform != "linux":
        pytest.skip("mounting a tmpfs needs root on Linux; the patched faults above still run")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def test_a_really_full_disk_changes_nothing(make_library, monkeypatch) -> None:
    root = make_library({})
    monkeypatch.chdir(root)
    big = A_BIB + "".join(f"\n@misc{{filler{i},\n  note = {{{'x' * 900}}},\n}}\n"
                          for i in range(40))  # ~40 kB: its temporary copy cannot fit in 64k
    with tmpfs(root / "bib", "64k"):
        (root / "bib" / "a.bib").write_text(big, encoding="utf-8")
        before = snapshot(root)
        code, line = cli(*EDITS["set"])
        assert (code, line.startswith("error: ")) == (EXIT_IO, True), line
        assert os.strerror(errno.ENOSPC) in line
        assert snapshot(root) == before


def test_a_read_only_file_system_changes_nothing(make_library, monkeypatch) -> None:
    root = make_library({})
    monkeypatch.chdir(root)
    with tmpfs(root / "bib", "1m"):
        (root / "bib" / "a.bib").write_text(A_BIB, encoding="utf-8")
        before = snapshot(root)
        _remount_read_only(root / "bib")
        code, line = cli(*EDITS["tag"])
        assert code == EXIT_IO and line.startswith("error: ")
        assert os.strerror(errno.EROFS) in line
        assert snapshot(root) == before


# --- permissions -------------------------------------------------------------------------------

def _refuse_like_the_kernel(monkeypatch, folder: Path) -> None:
    """Root writes in a read-only folder anyway: refuse it as the kernel refuses any user."""
    if os.geteuid() != 0:
        return
    real = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == folder and not os.stat(folder).st_mode & 0o200:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_read_only_file_is_left_alone(lib, edit: str) -> None:
    (lib / "bib" / "a.bib").chmod(0o444)
    before = snapshot(lib)
    code, line = cli(*EDITS[edit])
    assert code == EXIT_IO
    assert line.startswith("error: ") and line.endswith("a.bib: cannot write: the file is read-only")
    assert snapshot(lib) == before
    assert (lib / "bib" / "a.bib").stat().st_mode & 0o777 == 0o444


def test_a_read_only_folder_is_left_alone(lib, monkeypatch) -> None:
    folder = lib / "bib"
    before = snapshot(lib)
    folder.chmod(0o555)
    try:
        _refuse_like_the_kernel(monkeypatch, folder)
        code, line = cli(*EDITS["annotate"])
    finally:
        folder.chmod(0o755)
    assert code == EXIT_IO
    assert line.startswith("error: ") and f"cannot write in {folder}: Permission denied" in line
    assert snapshot(lib) == before


# --- someone else changes the file between our read and our write ------------------------------

def _after_first_read(monkeypatch, target: Path, meddle: Callable[[Path], None]) -> None:
    """Run `meddle` once, right after the writer, holding the lock, has first read `target`."""
    real_read, real_lock = Path.read_bytes, writer_module.library_lock
    state = {"locked": False, "done": False}

    @contextlib.contextmanager
    def library_lock(*args, **kwargs) -> Iterator[None]:
        with real_lock(*args, **kwargs):
            state["locked"] = True
            yield

    def read_bytes(self: Path) -> bytes:
        data = real_read(self)
        if state["locked"] and not state["done"] and self.resolve() == target.resolve():
            state["done"] = True
            meddle(self)
        return data

    monkeypatch.setattr(writer_module, "library_lock", library_lock)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def _rewrite_same_size_and_time(path: Path) -> None:
    info = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Keenan", b"Keenen"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


MEDDLING = {
    "appended": lambda p: p.write_bytes(p.read_bytes() + b"\n@misc{theirs, title = {T}}\n"),
    "same-size-and-mtime": _rewrite_same_size_and_time,
    "deleted": lambda p: p.unlink(),
    "replaced-by-rename": lambda p: (p.with_name("new.tmp").write_bytes(b"% theirs\n"),
                                     os.replace(p.with_name("new.tmp"), p)),
}


@pytest.mark.parametrize("edit", ["set", "tag", "annotate"])
@pytest.mark.parametrize("how", sorted(MEDDLING))
def test_a_file_changed_meanwhile_is_not_overwritten(lib, path_taken, monkeypatch, how: str,
                                                     edit: str) -> None:
    target = lib / "bib" / "a.bib"
    theirs: dict[str, bytes] = {}

    def meddle(path: Path) -> None:
        MEDDLING[how](path)
        theirs.update(snapshot(lib))

    _after_first_read(monkeypatch, target, meddle)
    code, line = cli(*EDITS[edit])
    monkeypatch.undo()
    assert theirs, "the file was never read"
    assert code == EXIT_CONFLICT
    assert line.startswith("error: ") and "changed on disk while syllabib was editing it" in line
    assert snapshot(lib) == theirs  # their version, as they left it; ours nowhere


# --- another syllabib holds the lock ---------------------------------------------------------

HOLD_LOCK = ("import sys, time\nfrom filelock import FileLock\n"
             "lock = FileLock(sys.argv[1])\nlock.acquire()\nprint('held', flush=True)\n"
             "time.sleep(120)\n")


@contextlib.contextmanager
def lock_held_elsewhere(root: Path) -> Iterator[None]:
    """Another process holding the library's write lock."""
    state_dir(root).mkdir(exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(state_dir(root) / "lock")],
                            stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"held\n"
        yield
    finally:
        proc.kill()
        proc.wait()


def test_a_lock_held_by_another_process_times_out_cleanly(lib, monkeypatch) -> None:
    before = snapshot(lib)
    monkeypatch.setattr(writer_module, "library_lock",
                        functools.partial(store.library_lock, timeout=0.5))
    with lock_held_elsewhere(lib):
        code, line = cli(*EDITS["tag"])
        assert code == EXIT_CONFLICT
        assert line.startswith("error: another syllabib command holds the library lock")
        assert snapshot(lib) == before
        code, _ = cli("list")  # readers never wait
        assert code == 0
    assert cli(*EDITS["tag"])[0] == 0  # once it is released, the edit goes through
    assert b"cognitive-distortions" in (lib / "bib" / "a.bib").read_bytes()


# --- caches that are corrupt or from another version ------------------------------------------

@dataclass(frozen=True)
class CacheFile:
    """A disposable file under .syllabib/: where it is and how another version would write it."""

    name: str
    paths: Callable[[Path], list[Path]]
    other_version: Callable[[bytes], bytes]  # valid-looking, poisoned, with another FORMAT
    rewritten_by_edit: bool  # an edit is sure to store it again
    without_index: bool = False  # only read when there is no index (SYLLABIB_NO_INDEX=1)


def _parse_caches(root: Path) -> list[Path]:
    return [p for p in (state_dir(root) / "cache").glob("*.pickle") if p.name != MEMO_NAME]


def _older_parse(data: bytes) -> bytes:
    """The same parse with every key renamed, stamped with the previous FORMAT."""
    version, digest, (path, entries, strings, problems, count) = pickle.loads(data)
    assert version == FORMAT
    renamed = [(e[0], "poisoned" + e[1], *e[2:]) for e in entries]
    return pickle.dumps((FORMAT - 1, digest, (path, renamed, strings, problems, count)))


def _older_memo(data: bytes) -> bytes:
    """The same memo with every title poisoned, stamped with the previous FORMAT."""
    version, context, texts, rows = pickle.loads(data)
    poisoned = {k: ("Nobody", 1066, "Poisoned", (), False) for k in rows}
    return pickle.dumps((version - 1, context, texts, poisoned))


def _older_index(data: bytes) -> bytes:
    """The same index with every title poisoned, stamped as written by another version."""
    import sqlite3
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "old.sqlite"
        path.write_bytes(data)
        with contextlib.closing(sqlite3.connect(path)) as conn, conn:
            conn.execute("UPDATE meta SET value = 'an older syllabib' WHERE name = 'code'")
            conn.execute("UPDATE entries SET title = 'Poisoned', listed = 'poisoned\n'")
        return path.read_bytes()


CACHE_FILES = [
    CacheFile("parse-cache", _parse_caches, _older_parse, rewritten_by_edit=True),
    CacheFile("display-memo", lambda root: [state_dir(root) / "cache" / MEMO_NAME], _older_memo,
              rewritten_by_edit=False, without_index=True),
    CacheFile("index", lambda root: [index_path(root)], _older_index, rewritten_by_edit=False),
]
CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[:len(data) // 2],
    "garbage": lambda data: bytes(range(256)) * 8,
    "bit-flips": lambda data: bytes(b ^ 0x55 if i % 7 == 3 else b for i, b in enumerate(data)),
    "other-version": lambda data: data,  # replaced by the cache's own other_version
}
READS = [["list", "--json"], ["list", "theme:classic", "--json"], ["show", "ward1999"],
         ["show", "other2020"], ["check"]]


def observe() -> list[tuple[int, str, str]]:
    """What the reading commands answer: exit code, stdout and stderr of each."""
    out = []
    for args in READS:
        result = CliRunner().invoke(app, args)
        out.append((result.exit_code, result.stdout, result.stderr))
    return out


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
@pytest.mark.parametrize("cache", CACHE_FILES, ids=lambda c: c.name)
def test_a_corrupt_or_old_cache_is_rebuilt_silently(lib, monkeypatch, cache: CacheFile,
                                                    corruption: str) -> None:
    monkeypatch.delenv("SYLLABIB_NO_CACHE", raising=False)
    if cache.without_index:
        monkeypatch.setenv("SYLLABIB_NO_INDEX", "1")
    expected = observe()
    assert all(code == 0 for code, _, _ in expected), expected
    paths = cache.paths(lib)
    assert paths and all(p.exists() for p in paths), f"no {cache.name} was written"
    spoil = cache.other_version if corruption == "other-version" else CORRUPTIONS[corruption]
    spoilt = {}
    for path in paths:
        spoilt[path] = spoil(path.read_bytes())
        path.write_bytes(spoilt[path])
    assert observe() == expected
    assert cli(*EDITS["tag"]) == (0, "✓ tagged 1: howitt2007")
    assert cli("tag", "howitt2007", "-cognitive-distortions")[0] == 0
    assert observe() == expected
    assert snapshot(lib) == {"a.bib": A_BIB.encode(), "b.bib": B_BIB.encode()}
    if cache.rewritten_by_edit:
        assert all(not p.exists() or p.read_bytes() != spoilt[p] for p in paths)


def _caches_on_a_full_disk(monkeypatch) -> None:
    """Every cache write stores a few bytes, then fails as on a full disk."""
    def dump(obj, handle, *args, **kwargs) -> None:
        handle.write(b"\x80\x05partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pickle, "dump", dump)


def test_caches_that_cannot_be_stored_change_no_result(lib, monkeypatch) -> None:
    monkeypatch.setenv("SYLLABIB_NO_CACHE", "1")
    expected = observe()
    monkeypatch.delenv("SYLLABIB_NO_CACHE")
    _caches_on_a_full_disk(monkeypatch)
    assert observe() == expected
    assert cli(*EDITS["tag"]) == (0, "✓ tagged 1: howitt2007")


def test_caches_that_cannot_be_stored_leave_no_temporary_file(lib, monkeypatch) -> None:
    monkeypatch.delenv("SYLLABIB_NO_CACHE", raising=False)
    _caches_on_a_full_disk(monkeypatch)
    observe()
    assert sorted(p.name for p in state_dir(lib).rglob("*.tmp")) == []
