"""The core knows nothing of Textual: each layer imports in a fresh interpreter without it."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    ["netui.core.contacts", "netui.core.search", "netui.core.demo", "netui.db", "netui.interop.backup", "netui.cli"],
)
def test_layer_imports_without_textual(module):
    code = (
        f"import {module}, sys; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} pulled in: {result.stdout} {result.stderr}"


def test_every_core_db_interop_module_is_free_of_textual():
    code = (
        "import pkgutil, importlib, sys, netui.core, netui.db, netui.interop\n"
        "for pkg in (netui.core, netui.db, netui.interop):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
