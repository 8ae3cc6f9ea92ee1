"""The two install routes (pip + pyproject, conda + environment.yml) agree."""

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"matplotlib-base": "matplotlib",  # conda's lean matplotlib
               "python-isal": "isal"}
NOT_PACKAGES = {"python", "pip"}


def _split(req: str) -> tuple[str, str]:
    req = req.split(";")[0].strip()
    m = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def pyproject_deps() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    reqs += [r for r in data["project"]["optional-dependencies"]["test"] if "python_version" not in r]
    return dict(_split(r) for r in reqs)


def environment_deps() -> dict[str, str]:
    deps = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        # conda packages ("  - x"), and pip-only ones under "  - pip:" ("      - x")
        m = re.match(r"^(?:  |      )- ([^#]+?)\s*(#.*)?$", line)
        if in_deps and m and not m.group(1).startswith(("pip:", "-e")):
            name, spec = _split(m.group(1))
            name = CONDA_NAMES.get(name, name)
            if name not in NOT_PACKAGES:
                deps[name] = spec
    return deps


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    assert environment_deps() == pyproject_deps()


def test_environment_yml_installs_the_course_itself():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s+- -e \.\s*$", text, flags=re.M)
    assert "conda-forge" in text


def test_python_floor_matches():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["requires-python"] == ">=3.10"
    assert "python>=3.10" in (ROOT / "environment.yml").read_text()
