"""Run Mozilla's ical.js (via node) on generated iCalendar bytes.

ical.js is an independent parser (Thunderbird's), so the tests do not only
check our output with the library that wrote it. It needs node and
``npm install`` (package.json pins ical.js). Locally a missing toolchain skips
the test with the reason; in CI (``CI`` set) it is an error, so the check
cannot silently stop running.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PARSE_SCRIPT = PROJECT_ROOT / "tests" / "js" / "parse_ics.mjs"
ICALJS_PACKAGE = PROJECT_ROOT / "node_modules" / "ical.js" / "package.json"
# Starting node and loading ical.js takes well under a second; a minute means
# something is stuck.
_NODE_TIMEOUT_SECONDS = 60


def _require_toolchain() -> str:
    """Return the node executable, or skip (locally) / fail (CI) with the reason."""
    node = shutil.which("node")
    problem = None
    if node is None:
        problem = "node is not installed"
    elif not ICALJS_PACKAGE.is_file():
        problem = f"ical.js is not installed ({ICALJS_PACKAGE} missing); run `npm ci`"
    if problem is None:
        return node
    if os.environ.get("CI"):
        raise RuntimeError(f"ical.js cross-check is required in CI: {problem}")
    pytest.skip(f"ical.js cross-check unavailable: {problem}")


def parse_with_icaljs(ics: bytes) -> dict:
    """Parse ``ics`` with ical.js and return what it read (see tests/js/parse_ics.mjs).

    A file that ical.js rejects fails the calling test with ical.js's error.
    """
    node = _require_toolchain()
    completed = subprocess.run(
        [node, str(PARSE_SCRIPT)],
        input=ics,
        capture_output=True,
        cwd=PROJECT_ROOT,
        timeout=_NODE_TIMEOUT_SECONDS,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode("utf-8", "replace")
    return json.loads(completed.stdout)
