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
    shutil.copytree(ROOT / "tests" / "corpora", tmp_path / "tests" / "corpora")
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
    assert "Knuth, D. E. (1984" in outputs[-1]  # the annotated APA bibliography
    assert "\n\n    " in outputs[-1]  # annotations as their own paragraphs
