"""What every app of the course must do, checked once for all of them.

* every control at both ends of its range (every choice, both toggle states)
  leaves no error and a drawn picture ("sliders cannot reach values that break
  a model");
* no figure is created per update;
* a rebuild of the figure (re-fit, lecture scale, ``render_full``) after the
  learner changed things keeps every bit of state: the same picture, the same
  widgets on screen with the same contents;
* ``close()`` frees the app: 20 apps of every class, created and closed, are
  all garbage-collected and leave no widget behind.
"""

from __future__ import annotations

import gc
import weakref
from unittest import mock

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib.apps import all_app_classes

CLASSES = all_app_classes()
IDS = [c.__name__ for c in CLASSES]

# Constructor arguments that skip work irrelevant to a test (CapacityApp's first curve).
CHEAP = {"CapacityApp": {"run": False}}


def make(cls, **kwargs):
    return cls(**{**CHEAP.get(cls.__name__, {}), **kwargs})


def extreme_values(control) -> list:
    if control.kind in ("float", "int"):
        return [control.min, control.max, control.value]
    if control.kind == "choice":
        return [*control.option_values, control.value]
    return [not control.value, control.value]


def other_value(control):
    """A value of ``control`` other than its default (what a learner would have moved to)."""
    if control.kind in ("float", "int"):
        v = control.value + 3 * control.step
        if v > control.max:
            v = control.value - 3 * control.step
        return control.snap(min(max(v, control.min), control.max))
    if control.kind == "choice":
        return next(v for v in control.option_values if v != control.value)
    return not control.value


def widget_tree(w, out=None) -> list:
    """Every widget reachable from ``w`` through children, in display order."""
    out = [] if out is None else out
    out.append(w)
    for child in getattr(w, "children", ()):
        widget_tree(child, out)
    return out


def contents(w):
    """What a learner sees of one widget (its value, options, range), comparable."""
    keys = ("value", "options", "min", "max", "description", "disabled", "button_style")
    out = []
    for k in keys:
        if k in w.trait_names():
            v = getattr(w, k)
            out.append((k, bytes(v) if isinstance(v, (bytes, memoryview)) else v))
    return (type(w).__name__, tuple(out))


def snapshot(app):
    app.redraw(full=True)
    pixels = np.asarray(app.fig.canvas.buffer_rgba()).copy()
    tree = widget_tree(app.widget)
    shown = [contents(w) for w in tree if not isinstance(w, widgets.Image)]
    return pixels, [id(w) for w in tree], shown


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_every_control_at_both_ends(cls):
    app = make(cls)
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


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_no_figure_is_created_per_update(cls):
    import matplotlib.pyplot as plt

    app = make(cls)
    n_figs = len(plt.get_fignums())
    try:
        with mock.patch.object(Figure, "__init__", side_effect=AssertionError("new figure")):
            for control in cls.controls:
                if control.live:
                    app.sliders[control.name].value = other_value(control)
                    app.sliders[control.name].value = control.value
        assert app.last_error is None, repr(app.last_error)
        assert len(plt.get_fignums()) == n_figs
    finally:
        app.close()


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_a_rebuild_keeps_what_the_learner_did(cls):
    app = make(cls)
    try:
        with app.hold():
            for control in cls.controls:
                app.sliders[control.name].value = other_value(control)
        for name, action in app.bench_actions().items():
            action()
            assert app.last_error is None, f"{cls.__name__}: {name}: {app.last_error!r}"
        pixels, ids, shown = snapshot(app)
        size = tuple(app.fig.get_size_inches())
        app.rebuild()
        assert app.last_error is None, repr(app.last_error)
        pixels2, ids2, shown2 = snapshot(app)
        assert ids2 == ids, "the widgets on screen were replaced"
        assert shown2 == shown, "a displayed widget lost its contents"
        assert np.array_equal(pixels, pixels2), "the picture changed on a rebuild"
        app.render_full()  # a separate figure: the app's own stays as it was
        assert tuple(app.fig.get_size_inches()) == size
        assert snapshot(app)[2] == shown
    finally:
        app.close()


def _widget_registry():
    from ipywidgets.widgets import widget

    return widget._instances


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_closed_apps_are_collected_and_leave_no_widget(cls):
    gc.collect()
    before = set(_widget_registry())
    refs = []
    for _ in range(20):
        app = make(cls)
        refs.append(weakref.ref(app))
        app.close()
    del app
    gc.collect()
    alive = sum(r() is not None for r in refs)
    assert alive == 0, f"{alive} of 20 closed {cls.__name__} still alive"
    left = [type(_widget_registry()[k]).__name__ for k in set(_widget_registry()) - before]
    assert left == [], f"closed {cls.__name__} apps left widgets behind: {left}"


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_closed_live_apps_are_collected(cls, ipympl_backend):
    import matplotlib.pyplot as plt

    gc.collect()
    before = set(_widget_registry())
    refs = []
    for _ in range(3):
        app = make(cls)
        assert app.live
        app.fig.canvas.draw()
        refs.append(weakref.ref(app))
        app.close()
    del app
    gc.collect()
    assert sum(r() is not None for r in refs) == 0
    assert set(_widget_registry()) - before == set()
    assert plt.get_fignums() == []


def test_every_registered_app_exists():
    """all_app_classes() skips topics not written yet; by now every one must be there."""
    from course_lib import apps

    assert {c.__name__ for c in CLASSES} == set(apps._APPS)


# -- every screen: the figure fits the column, nothing is clipped, text stays legible ------

COLUMNS = (600, 700, 848, 1024, 1600)
"""Column widths in CSS px: a narrow window (600), just above the narrow layouts' switch
(700), a 1280 x 800 laptop with the file browser open (848), a 1024 x 768 projector, and a
wide screen (the design size)."""
MIN_TEXT_PX = 9.0


def _visible_texts(fig):
    """Texts that are drawn, with a flag for tick labels (matplotlib keeps tick label
    objects outside the view limits that it does not draw; the axes' tight box covers the
    drawn ones)."""
    from matplotlib.text import Text

    ticks = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks.update((id(tick.label1), id(tick.label2)))
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip() and t.get_figure(root=True) is fig:
            yield t, id(t) in ticks


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_the_figure_fits_every_column_and_stays_legible(cls, column):
    app = make(cls)
    try:
        app.fit(column)
        assert app.last_error is None, repr(app.last_error)
        fig = app.fig
        width_px = fig.get_size_inches()[0] * fig.dpi
        assert width_px <= column - 12 + 0.5, f"{width_px:.0f} px figure in a {column} px column"
        app.redraw(full=True)
        renderer = fig.canvas.get_renderer()
        box = fig.bbox
        for t, is_tick in _visible_texts(fig):
            px = t.get_fontsize() * fig.dpi / 72
            assert px >= MIN_TEXT_PX, f"{t.get_text()!r} is {px:.1f} px high"
            if is_tick:
                continue
            ext = t.get_window_extent(renderer)
            inside = (ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1
                      and ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1)
            assert inside, f"{t.get_text()!r} is cut at the figure's edge ({column} px column)"
        for ax in fig.axes:
            if ax.get_visible() and ax.axison:
                ext = ax.get_tightbbox(renderer)
                assert ext.x1 <= box.x1 + 1 and ext.x0 >= box.x0 - 1, (
                    f"an axes is cut at the figure's edge ({column} px column)")
    finally:
        app.close()
