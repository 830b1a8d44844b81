"""The cores are pure: importing one loads neither Flask nor SQLAlchemy."""

import pkgutil
import subprocess
import sys

import pytest

import planner.core

CORE_MODULES = sorted(
    f"planner.core.{module.name}" for module in pkgutil.iter_modules(planner.core.__path__)
)


def test_every_core_module_is_checked() -> None:
    assert {"planner.core.timezones", "planner.core.overlap", "planner.core.ical"} <= set(
        CORE_MODULES
    )
    assert {"planner.core.vtimezone", "planner.core.lifecycle"} <= set(CORE_MODULES)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_neither_flask_nor_sqlalchemy(module: str) -> None:
    # A fresh interpreter: this test process has long since imported Flask.
    probe = (
        f"import sys, {module}; "
        "print(sorted(name for name in ('flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug') "
        "if name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", f"{module} loads {result.stdout.strip()}"
