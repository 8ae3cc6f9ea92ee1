"""Model modules stay free of plotting and widgets (STYLE.md's three layers)."""

import subprocess
import sys

import pytest

MODEL_MODULES = [
    "course_lib",
    "course_lib.transfer",
    "course_lib.integrate",
    "course_lib.self_excited",
    "course_lib.two_neuron",
    "course_lib.hopfield",
    "course_lib.neuron",
]


@pytest.mark.parametrize("module", MODEL_MODULES)
def test_model_module_imports_neither_matplotlib_nor_ipywidgets(module):
    code = (
        "import importlib, sys\n"
        f"try:\n    importlib.import_module({module!r})\n"
        "except ModuleNotFoundError as e:\n"
        f"    if e.name != {module!r}: raise\n"
        "    print('MISSING'); raise SystemExit\n"
        "bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]\n"
        "print(','.join(bad) or 'OK')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    if out.stdout.strip() == "MISSING":
        pytest.skip(f"{module} not written yet")
    assert out.stdout.strip() == "OK", f"{module} imports {out.stdout.strip()}"


def test_plotting_does_not_touch_rcparams_at_import():
    code = (
        "import matplotlib as mpl\n"
        "before = dict(mpl.rcParams)\n"
        "import course_lib.plotting, course_lib.apps\n"
        "changed = [k for k, v in mpl.rcParams.items() if before.get(k) != v]\n"
        "print(changed)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
