"""Every input gets a clear answer (issue 15): the two-neuron model and its apps.

For every public function and result class of ``course_lib.two_neuron``:
non-numbers (strings, bools, None, NaN, inf, lists) and numbers outside the
stated ranges are refused with a ValueError naming the parameter, within
seconds and without a MemoryError; good values, however extreme, give finite
results that are still right (the fixed points of any couplings up to
``W_LIMIT``). The apps: every control, set from code to values it cannot take,
and every reachable corner of the sliders gives a picture or a sentence, never
a traceback, and the app keeps working.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import two_neuron as tn
from course_lib._validate import MAX_STEPS
from tests.bad_input import (NOT_NUMBERS, assert_clean, assert_refuses, numeric_params,
                             public_functions)

SWEEP = settings(max_examples=25, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])

FPS = tn.fixed_points()
SEP = tn.separatrix()

VALID = {
    "velocity": dict(x=10.0, y=20.0),
    "jacobian": dict(x=10.0, y=20.0),
    "eigenvalues": dict(J=[[-1.0, 5.0], [5.0, -1.0]]),
    "classify": dict(trace=-2.0, det=5.0),
    "fixed_points": dict(),
    "fixed_point_table": dict(fps=FPS),
    "simulate": dict(x0=[5.0, 45.0], y0=[5.0, 45.0], T=2.0),
    "nullclines": dict(),
    "attractor_index": dict(x=[0.0, 50.0], y=[0.0, 50.0], fps=FPS),
    "separatrix": dict(),
    "basin_polygons": dict(fps=FPS, sep=SEP),
    "saddle_nodes": dict(w=0.4),
    "saddle_node_values": dict(w=0.4),
    "bistable_range": dict(w=0.4),
    "symmetric_branch": dict(w=0.4),
    "saddle_node_curve": dict(),
}
"""A good call of every public function (keyword arguments)."""

SCALARS = {name: numeric_params(getattr(tn, name)) for name in VALID}
SCALARS["jacobian"] += ["x", "y"]
SCALARS["classify"] += ["trace", "det"]
for _name in ("saddle_nodes", "saddle_node_values", "bistable_range", "symmetric_branch"):
    SCALARS[_name].insert(0, "w")
"""The scalar number parameters of each function."""

ARRAYS = {"velocity": ["x", "y"], "simulate": ["x0", "y0"], "attractor_index": ["x", "y"],
          "eigenvalues": ["J"]}
"""The array parameters of each function."""

OTHERS = {"fixed_point_table": ["fps"], "attractor_index": ["fps"], "basin_polygons":
          ["fps", "sep", "box"], "separatrix": ["box", "saddle"], "nullclines": ["lim"]}
"""Parameters that are neither numbers nor arrays of numbers."""

W = tn.W_LIMIT
OUT_OF_RANGE = [
    # (function, parameter, value): the right type, outside the stated range
    *[(f, p, v) for f in ("velocity", "fixed_points", "simulate", "nullclines", "separatrix")
      for p in ("w1", "w2") for v in (1.01 * W, -2 * W, 1e308)],
    *[(f, "w", v) for f in ("saddle_nodes", "saddle_node_values", "bistable_range",
                            "symmetric_branch") for v in (1.01 * W, -1e308)],
    ("jacobian", "w1", 1e308),
    ("saddle_node_curve", "w_max", 0.08), ("saddle_node_curve", "w_max", 0.0),
    ("saddle_node_curve", "w_max", 2 * W),
    *[(f, "n", v) for f in ("nullclines", "symmetric_branch", "saddle_node_curve")
      for v in (0, 1, -5, 2.5, tn.N_MAX + 1, 10**12)],
    ("symmetric_branch", "s_lim", 0.0), ("symmetric_branch", "s_lim", -1.0),
    ("symmetric_branch", "s_lim", 1e300),
    ("simulate", "T", -1.0), ("simulate", "T", 1e9), ("simulate", "dt", 0.0),
    ("simulate", "dt", -0.1), ("simulate", "dt", 1.5), ("simulate", "dt", 1e-300),
    ("separatrix", "eps", 0.0), ("separatrix", "eps", -1.0), ("separatrix", "eps", 5.0),
    ("separatrix", "ds", 0.0), ("separatrix", "ds", -0.25), ("separatrix", "ds", 10.0),
    ("separatrix", "max_steps", 0), ("separatrix", "max_steps", -3),
    ("separatrix", "max_steps", 10.5), ("separatrix", "max_steps", MAX_STEPS),
    ("attractor_index", "tol", 0.0), ("attractor_index", "tol", -1.0),
    ("classify", "tol", -1e-3), ("classify", "tol", 0.5),
    ("fixed_point_table", "digits", 0), ("fixed_point_table", "digits", 40),
    ("fixed_point_table", "digits", 3.5),
    ("nullclines", "lim", (5.0, 1.0)), ("nullclines", "lim", (1.0, 1.0)),
    ("nullclines", "lim", (-1e308, 1e308)),
    ("separatrix", "box", (52.0, -2.0)), ("separatrix", "box", (30.0, 52.0)),
    ("basin_polygons", "box", (52.0, -2.0)), ("basin_polygons", "box", (0.0, 50.0)),
]

BAD_ARRAYS = st.sampled_from(["abc", b"12", None, [1.0, "a"], [[1.0, 2.0], [3.0]], [np.nan],
                              [1.0, np.inf], np.array(["a", "b"]), np.array([True, False]),
                              True, np.bool_(False), object(), {"x": 1.0}, [None]])
"""Values no array-of-rates parameter may accept."""

BAD_OTHERS = st.sampled_from([None, 5, "abc", [1, 2], (1.0,), (1.0, 2.0, 3.0), ("a", "b"),
                              (np.nan, 50.0), object(), FPS[0], [FPS[0], "x"]])


def call(name, **override):
    return getattr(tn, name)(**{**VALID[name], **override})


# -- the sweep covers everything -------------------------------------------------------


def test_every_public_function_and_result_class_is_swept():
    """A new public function (or result class) must join the sweep."""
    assert {f.__name__ for f in public_functions(tn)} == set(VALID)
    classes = {n for n in tn.__all__ if inspect.isclass(getattr(tn, n))}
    assert classes == set(RESULTS)
    for name, fn in VALID.items():  # every parameter is swept by one of the tests
        params = set(inspect.signature(getattr(tn, name)).parameters)
        swept = set(SCALARS[name]) | set(ARRAYS.get(name, ())) | set(OTHERS.get(name, ()))
        assert params == swept, (name, params - swept)


@pytest.mark.parametrize("name", sorted(VALID))
def test_every_good_call_gives_clean_numbers(name):
    assert_clean(call(name))


# -- non-numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("name,param", [(n, p) for n in sorted(VALID) for p in SCALARS[n]])
@SWEEP
@given(bad=NOT_NUMBERS)
def test_number_parameters_refuse_non_numbers(name, param, bad):
    assert_refuses(getattr(tn, name), param, **{**VALID[name], param: bad})


@pytest.mark.parametrize("name,param", [(n, p) for n in sorted(ARRAYS) for p in ARRAYS[n]])
@SWEEP
@given(bad=BAD_ARRAYS)
def test_array_parameters_refuse_non_arrays(name, param, bad):
    assert_refuses(getattr(tn, name), param, **{**VALID[name], param: bad})


@pytest.mark.parametrize("name,param", [(n, p) for n in sorted(OTHERS) for p in OTHERS[n]])
@SWEEP
@given(bad=BAD_OTHERS)
def test_other_parameters_refuse_wrong_things(name, param, bad):
    if param == "saddle" and bad is None:
        return  # None is the default: the first saddle
    if param == "sep" and bad is None:
        return  # None means "no separatrix"
    if param in ("lim", "box") and isinstance(bad, list) and len(bad) == 2 \
            and all(isinstance(v, int) for v in bad):
        return  # [1, 2] is a good range
    assert_refuses(getattr(tn, name), param, **{**VALID[name], param: bad})


# -- numbers out of range ---------------------------------------------------------------


@pytest.mark.parametrize("name,param,value", OUT_OF_RANGE)
def test_numbers_out_of_range_are_refused_with_the_range(name, param, value):
    exc = assert_refuses(getattr(tn, name), param, **{**VALID[name], param: value})
    assert any(word in str(exc) for word in ("must", "at most", "asks for")), exc


def test_numpy_scalars_are_numbers():
    a = tn.fixed_points(np.float32(0.4), np.int64(0), np.float64(-10))
    b = tn.fixed_points(0.4, 0, -10)
    assert [fp.x for fp in a] == pytest.approx([fp.x for fp in b])
    assert tn.simulate(np.float64(5), 5, T=np.int32(2), dt=np.float16(0.125)).x.shape == (1, 17)
    assert len(tn.nullclines(n=np.int16(50)).x[0]) >= 50
    assert tn.fixed_point_table(FPS, digits=np.int64(3)).count("\n") == 3


def test_the_separatrix_refuses_a_saddle_of_other_parameters():
    other = tn.fixed_points(0.6, 0.3, -10)[1]
    assert other.kind == "saddle"
    assert_refuses(tn.separatrix, "saddle", 0.4, 0.4, -10, saddle=other)
    assert_refuses(tn.separatrix, "saddle", saddle=FPS[0])  # a node
    assert tn.separatrix(0.6, 0.3, -10, saddle=other).exits


def test_basins_refuse_a_separatrix_of_other_parameters():
    assert_refuses(tn.basin_polygons, "sep", tn.fixed_points(0.6, 0.3, -10), SEP)


def test_huge_durations_and_sizes_are_refused_before_any_work():
    assert_refuses(tn.simulate, "T", 1.0, 1.0, T=1e300, dt=1e-300)
    assert_refuses(tn.simulate, "x0", np.zeros(10**5), np.zeros(10**5), T=100.0)
    assert_refuses(tn.velocity, "x", np.zeros((10**4, 1)), np.zeros((1, 10**4)))
    assert_refuses(tn.simulate, "x0", [1.0, 2.0], [1.0, 2.0, 3.0])


def test_eigenvalues_and_classify_do_not_overflow():
    ev = tn.eigenvalues([[1e200, 1e200], [1e200, 1e200]])
    np.testing.assert_allclose(ev.real, [2e200, 0.0], atol=1e190)
    np.testing.assert_allclose(tn.eigenvalues([[1e-300, 0], [0, -2e-300]]).real,
                               [1e-300, -2e-300])
    assert_refuses(tn.eigenvalues, "J", [[1.7e308, 1.7e308], [1.7e308, 1.7e308]])
    assert tn.classify(-1e154, 1e307) == "stable node"  # trace² = 1e308 > 4 det
    assert tn.classify(-1e154, 1e308) == "stable spiral"  # 4 det = 4e308 > trace²
    # eigenvalues -1e200 and -1e100: the small one is zero to a relative 1e-10
    assert tn.classify(-1e200, 1e300) == "saddle-node (zero eigenvalue)"
    assert tn.classify(2e10, 2e20) == "unstable spiral"  # the trace (a rate) is not "small"
    assert tn.classify(1e-12, 1.0) == "centre"


# -- results built by hand ---------------------------------------------------------------

EV = np.array([-1.0 + 0j, -1.0 + 0j])
RESULTS = {
    "FixedPoint": (dict(x=1.0, y=2.0, eigenvalues=EV, trace=-2.0, det=1.0, kind="stable node",
                        stable=True),
                   dict(x=np.nan, y="2", eigenvalues=[1.0], trace=None, det=np.inf,
                        kind="stable nod", stable=1)),
    "Simulation": (dict(t=[0.0, 1.0], x=[[1.0, 2.0]], y=[[1.0, 2.0]]),
                   dict(t="abc", x=[1.0, 2.0], y=[[np.nan, 1.0]])),
    "Separatrix": (dict(x=[1.0, 2.0], y=[2.0, 1.0], saddle=FPS[1], exits=True),
                   dict(x=[np.nan], y="a", saddle=(25, 25), exits="yes")),
    "Basin": (dict(xy=[[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]], attractor=FPS[0]),
              dict(xy=[[0.0, 0.0]], attractor=FPS[1])),
    "SaddleNode": (dict(I=-3.0, x=2.5), dict(I=np.nan, x=60.0)),
    "Branch": (dict(I=[1.0, 2.0], x=[3.0, 4.0], stable=np.array([True, False])),
               dict(I=[np.nan, 1.0], x="ab", stable=[1, 0])),
    "Nullclines": (dict(x=([1.0], [2.0]), y=([1.0], [2.0])),
                   dict(x=5, y=([1.0, 2.0], [2.0]))),
    "SaddleNodeCurves": (dict(w=[0.1, 0.2], I_low=[-2.5, -3.0], I_high=[-2.4, -2.0]),
                         dict(w=[np.inf, 1.0], I_low=True, I_high=[[1.0]])),
}
"""For each result class: good fields, and a bad value for each field."""


@pytest.mark.parametrize("cls", sorted(RESULTS))
def test_result_classes_check_their_fields(cls):
    good, bad = RESULTS[cls]
    kind = getattr(tn, cls)
    assert_clean(kind(**good))
    for field in good:
        assert_refuses(kind, field, **{**good, field: bad[field]})


# -- extreme but good values give right answers --------------------------------------------

COUPLINGS = st.one_of(
    st.floats(-2.0, 2.0),
    st.floats(-tn.W_LIMIT, tn.W_LIMIT),
    st.builds(lambda m, e: m * 10.0**e, st.sampled_from([-1.0, 1.0]), st.integers(-300, 6))
    .filter(lambda w: abs(w) <= tn.W_LIMIT),
)
INPUTS = st.one_of(st.floats(-60.0, 30.0), st.floats(-1e308, 1e308, allow_nan=False),
                   st.floats(-1e7, 1e7))


@settings(max_examples=150, deadline=None, database=None)
@given(w1=COUPLINGS, w2=COUPLINGS, I=INPUTS)
def test_fixed_points_of_any_couplings_are_roots_and_none_is_missed(w1, w2, I):
    """Every fixed point is a root of g (a sign change or a tangency) and every sign
    change of g on a fine grid of x lies next to one that was found."""
    fps = tn.fixed_points(w1, w2, I)
    assert fps and len(fps) <= 9
    assert_clean([(fp.x, fp.y, fp.eigenvalues, fp.det) for fp in fps])
    for fp in fps:
        assert 0.0 <= fp.x <= tn.R_MAX and 0.0 <= fp.y <= tn.R_MAX
        assert fp.kind in tn.KINDS and fp.trace == -2.0
    x = np.linspace(0.0, tn.R_MAX, 100_001)
    with np.errstate(over="ignore"):
        g = tn._g(x, w1, w2, I)
    found = np.array([fp.x for fp in fps])
    for i in np.flatnonzero(np.sign(g[:-1]) * np.sign(g[1:]) < 0):
        assert np.min(np.abs(found - x[i])) <= 2 * (x[1] - x[0]), (x[i], found)


@settings(max_examples=40, deadline=None, database=None)
@given(w1=COUPLINGS, w2=COUPLINGS, I=INPUTS)
def test_extreme_good_values_give_clean_curves(w1, w2, I):
    assert_clean(tn.nullclines(w1, w2, I))
    assert_clean(tn.velocity([0.0, 25.0, 50.0], [50.0, 25.0, 0.0], w1, w2, I))
    assert_clean(tn.simulate([0.0, 50.0], [50.0, 0.0], w1, w2, I, T=1.0))
    sep = tn.separatrix(w1, w2, I, max_steps=50)
    if sep is not None:
        assert_clean(sep)


@settings(max_examples=60, deadline=None, database=None)
@given(w=st.one_of(st.floats(0.0801, 10.0), st.floats(10.0, tn.W_LIMIT)))
def test_saddle_nodes_stay_exact_at_large_couplings(w):
    """Just inside the bistable range there are three fixed points, just outside one."""
    sns = tn.saddle_nodes(w)
    assert len(sns) == 2 and sns[0].I < sns[1].I
    assert_clean(sns)
    for sn in sns:
        dI = 1e-6 * max(1.0, abs(sn.I))
        inside = sn.I + dI if sn is sns[0] else sn.I - dI
        outside = sn.I - dI if sn is sns[0] else sn.I + dI
        assert len(tn.fixed_points(w, w, inside)) == 3
        assert len(tn.fixed_points(w, w, outside)) == 1
    c = tn.saddle_node_curve(50, w_max=max(w, 0.09))
    assert_clean(c)
    np.testing.assert_allclose([c.I_low[-1], c.I_high[-1]], tn.saddle_node_values(c.w[-1]),
                               rtol=1e-9, atol=1e-9)


# -- the apps: every value code can set gives a picture or a sentence -------------------

from course_lib.apps import NullclineBifurcationApp, PhasePlaneApp  # noqa: E402

BAD_CONTROL_VALUES = [float("nan"), float("inf"), None, "abc", "0.5", True, [0.1], 1e308,
                      -1e308]


@pytest.mark.parametrize("cls", [PhasePlaneApp, NullclineBifurcationApp])
def test_every_control_refuses_bad_values_with_a_sentence_and_keeps_working(cls):
    from traitlets import TraitError

    app = cls()
    for control in cls.controls:
        name, widget = control.name, app.sliders[control.name]
        for bad in [*BAD_CONTROL_VALUES, control.min - 1, control.max + 1]:
            before = app.params
            with pytest.raises(ValueError, match=name):
                app.set(**{name: bad})  # from code: a clear error naming the control
            assert app.params == before
            try:
                widget.value = bad  # through the widget, as a notebook cell might
            except TraitError:
                pass  # the widget itself refused it
            if app.params == before:  # refused: a sentence naming the control, or the widget's
                if app.status_kind == "error":
                    assert name in app.status.value
            else:  # the slider clamped it into its range (inf -> max): a good picture
                assert control.min <= app.params[name] <= control.max
                assert app.last_error is None
                app.set(**{name: before[name]})
            assert app.params == before and widget.value == before[name], (name, bad)
        # numpy scalars are numbers
        app.set(**{name: np.float32(control.value)})
        app.set(**{name: np.int64(round(control.min))})
        assert app.params[name] == round(control.min) and app.last_error is None
        app.set(**{name: control.value})
    n = app.n_updates
    app.set(**{cls.controls[0].name: cls.controls[0].max})  # and it still draws
    assert app.n_updates == n + 1 and app.last_error is None
    app.close()


def test_launch_refuses_what_is_not_a_start():
    app = PhasePlaneApp()
    for bad in (float("nan"), None, "3", True, [1.0], float("inf")):
        assert_refuses(app.launch, "x0", bad, 10.0)
        assert_refuses(app.launch, "y0", 10.0, bad)
    n = len(app.starts)
    app.launch(np.float32(60.0), np.int64(-5))  # outside the rates: clipped to the plane
    assert len(app.starts) == n + 1 and app.starts[-1] == (50.0, 0.0)
    assert app.last_error is None
    app.close()


CORNERS_W = (-1.0, 0.0, tn.W_CUSP, 1.0)
CORNERS_I = (-25.0, tn.I_CUSP, 5.0)


def test_every_corner_of_the_phase_plane_sliders_gives_a_picture_and_a_sentence():
    app = PhasePlaneApp()
    for w1 in CORNERS_W:
        for w2 in CORNERS_W:
            for I in CORNERS_I:
                app.set(w1=w1, w2=w2, I=I)
                assert app.last_error is None, (w1, w2, I, app.last_error)
                assert ":" in app.readout.value and app.table.value.count("<tr>") == \
                    len(app.fixed_points) + 1
                assert_clean(app.simulation)
    app.close()


def test_every_corner_of_the_bifurcation_sliders_gives_a_picture_and_a_sentence():
    app = NullclineBifurcationApp()
    for w in (0.0, tn.W_CUSP, 0.5, 1.0):
        for I in (-25.0, -16.1, tn.I_CUSP, 5.0):
            app.set(w=w, I=I)
            assert app.last_error is None, (w, I, app.last_error)
            assert "at I =" in app.readout.value and app.fixed_points
    app.close()


@pytest.mark.parametrize("fn", ["summarize", "fixed_point_html"])
def test_the_readout_helpers_refuse_what_is_not_a_list_of_fixed_points(fn):
    from course_lib.apps import two_neuron as apps_tn

    for bad in (None, FPS[0], [1, 2], "saddle", [FPS[0], None]):
        assert_refuses(getattr(apps_tn, fn), "fps", bad)
    assert "saddle" in getattr(apps_tn, fn)(FPS)
