"""docs/screenshots/render.py, which renders the README's and the user guide's pictures, still runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_render_script_loads_and_knows_its_options() -> None:
    # --help imports every module the script uses (it broke once when the services moved).
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "screenshots" / "render.py"), "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--guide" in done.stdout and "--view" in done.stdout
