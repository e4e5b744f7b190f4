"""The README's main-job command runs as written (after its `pip install`), on a fresh copy."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main_job() -> list[str]:
    """The commands of the README's first shell block, split on `&&`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Main job.*?```sh\n(.*?)\n```", readme, re.DOTALL)
    assert block, "README has no main-job command"
    return [part.strip() for part in block.group(1).split("&&")]


def test_readme_main_job_runs(tmp_path) -> None:
    import tomllib

    for folder in ("bib", "readinglists"):  # the bundled example library
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copyfile(ROOT / "syllabib.toml", tmp_path / "syllabib.toml")
    cwd = tmp_path
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SYLLABIB_LIBRARY", None)
    outputs = []
    for command in main_job():
        words = shlex.split(command)
        if words[:2] == ["pip", "install"]:
            continue  # the test environment has syllabib installed already
        if words[0] == "cd":
            cwd = cwd / words[1]
            continue
        assert words[0] == "syllabib", command
        done = subprocess.run([sys.executable, "-m", "syllabib", *words[1:]], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        outputs.append(done.stdout)
    lists = sorted((tmp_path / "readinglists").glob("*.toml"))
    assert len(lists) >= 4
    for path in lists:
        formats = tomllib.loads(path.read_text(encoding="utf-8"))["formats"]
        for fmt in formats:
            assert (tmp_path / "out" / f"{path.stem}.{fmt}").stat().st_size > 1000, (path, fmt)
        assert re.search(rf"^{path.stem}\t.*\t\d{{4}}-\d\d-\d\d \d\d:\d\d$", outputs[-1], re.M)
