"""The layers: the core and the services never import typer or rich; --help stays light."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import syllabib


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(syllabib.__path__, "syllabib."):
        if not info.name.startswith("syllabib.cli") and info.name != "syllabib.__main__":
            names.append(info.name)
    return names


def test_core_never_imports_typer_or_rich() -> None:
    modules = core_modules()
    assert "syllabib.writer" in modules and "syllabib.services.editing" in modules
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click'))\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_python_dash_m_works() -> None:
    out = subprocess.run([sys.executable, "-m", "syllabib", "--help"], capture_output=True,
                         text=True)
    assert out.returncode == 0 and "tag" in out.stdout
