"""Interactive views of the course, one module per topic.

Each app is a small class following :class:`course_lib.apps.base.App`:
``SelfExcitedApp()`` as the last line of a notebook cell shows its controls
and its figure. Importing this package is cheap: the topic modules load on
first use.
"""

from __future__ import annotations

import importlib

from .base import App, Control, ipympl_active

# app name -> topic module that defines it
_APPS = {
    "SelfExcitedApp": "self_excited",
    "NoiseApp": "self_excited",
    "BifurcationApp": "self_excited",
    "PhasePlaneApp": "two_neuron",
    "NullclineBifurcationApp": "two_neuron",
    "HopfieldApp": "hopfield",
    "PatternEditorApp": "hopfield",
    "CapacityApp": "hopfield",
    "EnergyLandscapeApp": "hopfield",
    "NeuronApp": "neuron",
    "TugOfWarApp": "neuron",
    "NXX1App": "neuron",
    "SpikeVsRateApp": "neuron",
}

__all__ = ["App", "Control", "ipympl_active", *_APPS]


def __getattr__(name):
    module = _APPS.get(name)
    if module is None:
        raise AttributeError(f"module 'course_lib.apps' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__():
    return sorted(__all__)


def all_app_classes() -> list[type]:
    """Every app class of the course, for the benchmark and the tests."""
    classes = []
    for name, module in _APPS.items():
        try:
            mod = importlib.import_module(f".{module}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{module}":
                continue  # topic not written yet
            raise
        cls = getattr(mod, name, None)
        if cls is not None:
            classes.append(cls)
    return classes
