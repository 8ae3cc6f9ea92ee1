"""Every control of every app, at both ends of its range: no app breaks.

"Sliders cannot reach values that break a model": for each app of the course,
each slider is moved to its minimum and its maximum, each choice and toggle
through all its values (headless, inline backend), and the app must show no
error and still draw a picture.
"""

import numpy as np
import pytest

from course_lib.apps import all_app_classes

CLASSES = all_app_classes()


def extreme_values(control) -> list:
    if control.kind in ("float", "int"):
        return [control.min, control.max, control.value]
    if control.kind == "choice":
        return [*control.option_values, control.value]
    return [not control.value, control.value]


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_every_control_at_both_ends(cls):
    app = cls()
    try:
        for control in cls.controls:
            widget = app.sliders[control.name]
            for value in extreme_values(control):
                widget.value = value
                assert app.last_error is None, (
                    f"{cls.__name__}.{control.name} = {value!r}: {app.last_error!r}")
        frame = np.asarray(app.fig.canvas.buffer_rgba())
        assert frame.std() > 0, f"{cls.__name__}: blank figure after the sweep"
    finally:
        app.close()


def test_every_registered_app_exists():
    """all_app_classes() skips topics not written yet; by now every one must be there."""
    from course_lib import apps

    assert {c.__name__ for c in CLASSES} == set(apps._APPS)
