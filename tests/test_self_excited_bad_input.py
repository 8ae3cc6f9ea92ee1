"""Every input gets a clear answer (issue 15): the self-connected neuron's model modules.

Each public function of ``transfer``, ``integrate`` and ``self_excited`` is swept with
values it must refuse (non-numbers, NaN and inf, out-of-range values, bad seeds, sizes
and durations beyond the stated limits): a ``ValueError`` naming the parameter, quickly,
without a ``MemoryError``. Good values give numbers, never a silent NaN. The apps of
notebook 01 get every value code can set on their controls and answer with a picture or
a sentence, then keep working. A new public function without an entry in ``SPECS`` fails
``test_every_public_function_is_swept``.

(The NamedTuples of ``self_excited`` and ``integrate`` are results the functions build,
not inputs; they are not swept.)
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import integrate, transfer
from course_lib import self_excited as se
from tests.bad_input import BAD_SEEDS, NOT_NUMBERS, assert_clean, assert_refuses, public_functions

SWEEP = settings(max_examples=30, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])
FAST = settings(max_examples=15, deadline=None)

NOT_INTEGERS = st.one_of(NOT_NUMBERS, st.sampled_from([1.5, "5", np.float64(2.5), "1e3"]))
NOT_BOOLS = st.sampled_from([None, 0, 1, "yes", "False", np.int64(1), 1.0, [True]])
NOT_ARRAYS = st.sampled_from(["0.5", "abc", b"1", None, True, np.bool_(False), [True, False],
                              ["a", "b"], {"r": 1}, object(), [[1.0, 2.0], [3.0]]])
"""Values no array-of-numbers parameter may accept (elementwise NaN aside)."""
NOT_FINITE_ARRAYS = st.one_of(NOT_ARRAYS, st.sampled_from(
    [[60.0, float("nan")], [float("inf")], np.array([1.0, -np.inf]), float("nan")]))

# -- what each public function is given: valid arguments and what to sweep ----------------
# "numbers": scalar number parameters (NOT_NUMBERS and the out-of-range values listed);
# "ints", "rngs", "bools", "arrays", "finite_arrays": as named. The valid arguments are
# cheap ones, so a sweep of hundreds of calls takes seconds.

SPECS = {
    transfer.tanh_rate: dict(valid=dict(s=0.5), numbers={"half_max": [0, -1, 1e-400]},
                             arrays=["s"]),
    transfer.tanh_rate_prime: dict(valid=dict(s=0.5), numbers={"half_max": [0, -60]},
                                   arrays=["s"]),
    transfer.tanh_rate_inverse: dict(valid=dict(r=30.0), numbers={"half_max": [0, -60]},
                                     arrays=["r"]),
    transfer.logistic_rate: dict(valid=dict(s=0.5), numbers={"r_max": [0, -50]}, arrays=["s"]),
    transfer.logistic_rate_prime: dict(valid=dict(s=0.5), numbers={"r_max": [0, -50]},
                                       arrays=["s"]),
    transfer.logistic_rate_inverse: dict(valid=dict(r=20.0), numbers={"r_max": [0, -5]},
                                         arrays=["r"]),
    integrate.time_grid: dict(valid=dict(T=1.0, dt=0.1),
                              numbers={"T": [-1, 1e12, 1e308], "dt": [0, -0.1, 1e-300]}),
    integrate.euler: dict(
        valid=dict(rhs=lambda t, y: -y, y0=[1.0, 2.0], T=1.0, dt=0.1, sigma=0.5, rng=0),
        numbers={"T": [-1, 1e9], "dt": [0, -1], "sigma": [-1, [1.0, 2.0, 3.0]]},
        rngs=["rng"], finite_arrays=["y0"]),
    se.flux: dict(valid=dict(r=60.0), numbers={"w": [1e308, -1e4], "I": [1e308, 5e3]},
                  finite_arrays=["r"]),
    se.flux_slope: dict(valid=dict(r=60.0), numbers={"w": [1e308], "I": [-1e308]},
                        finite_arrays=["r"]),
    se.potential: dict(valid=dict(r=60.0), numbers={"w": [1e308], "I": [2000.0]},
                       finite_arrays=["r"]),
    se.barrier_heights: dict(valid={}, numbers={"w": [1e308], "I": [-1e308]}),
    se.fixed_points: dict(valid={}, numbers={"w": [1e308, -1e308, 1001], "I": [1e308]}),
    se.saddle_node_points: dict(valid=dict(w=0.04), numbers={"w": [1e308]}),
    se.bistable_range: dict(valid=dict(w=0.04), numbers={"w": [1e308]}),
    se.bistable_w_range: dict(valid={}, numbers={"I": [-1e308, 1e5]}),
    se.saddle_node_curves: dict(valid=dict(n=10), ints={"n": [0, 1, -5, 10**9]},
                                numbers={"w_max": [0.01, 1 / 60, -1, 1e308]}),
    se.fixed_point_branch: dict(valid=dict(n=10), ints={"n": [0, 1, 10**9]},
                                numbers={"w": [1e308]}),
    se.simulate: dict(valid=dict(r0=[59.0, 61.0], T=2.0, sigma=1.0, rng=0),
                      numbers={"w": [1e308], "I": [1e308], "T": [-1, 1e9],
                               "dt": [0, -0.1, 2.0, 1e300], "sigma": [-1, 1e5, 1e308]},
                      rngs=["rng"], bools=["clip_at_zero"], finite_arrays=["r0"]),
    se.count_switches: dict(valid=dict(r=[1.0, 119.0, 1.0]),
                            numbers={"w": [1e308, 0.01], "I": [1e308, 0.0]},
                            finite_arrays=["r"]),
    se.mean_switch_time: dict(valid=dict(sigma=20.0),
                              numbers={"sigma": [0, -1, 1e-300, 1e5], "w": [1e308, 0.01],
                                       "I": [0.0]},
                              choices={"start": ["middle", None, 0, "LOW"]}),
    se.mean_switch_time_log10: dict(valid=dict(sigma=20.0),
                                    numbers={"sigma": [0, 1e-300], "w": [0.0], "I": [2e3]},
                                    choices={"start": ["mid"]}),
    se.expected_switches: dict(valid=dict(T=1000.0, sigma=20.0),
                               numbers={"T": [-1, 1e308], "sigma": [0, -3],
                                        "w": [1e308], "I": [0.5]}),
    se.hysteresis_sweep: dict(valid=dict(T_ramp=5.0),
                              numbers={"w": [1e308], "I_min": [1e308, 0.5],
                                       "I_max": [-1e308, -6.0], "T_ramp": [0, -1, 1e9, 1e308],
                                       "dt": [0, 2.0, 1e-300]},
                              ints={"n_samples": [0, 1, -3]}),
}
CASES = [(fn, spec) for fn, spec in SPECS.items()]
IDS = [fn.__name__ for fn in SPECS]


def _params(kind):
    out = []
    for fn, spec in SPECS.items():
        entries = spec.get(kind, ())
        for name in entries:
            extra = entries[name] if isinstance(entries, dict) else []
            out.append(pytest.param(fn, spec["valid"], name, extra,
                                    id=f"{fn.__module__.split('.')[-1]}.{fn.__name__}-{name}"))
    return out


def _call(fn, valid, name, value):
    return assert_refuses(fn, name, **{**valid, name: value})


def test_every_public_function_is_swept():
    swept = set(SPECS)
    for module in (transfer, integrate, se):
        for fn in public_functions(module):
            assert fn in swept, f"{module.__name__}.{fn.__name__} has no bad-input sweep"


def test_every_numeric_parameter_is_swept():
    from tests.bad_input import numeric_params

    for fn, spec in SPECS.items():
        covered = set(spec.get("numbers", {})) | set(spec.get("ints", {}))
        for name in numeric_params(fn):
            assert name in covered, f"{fn.__name__}({name}=...) is not swept"


@pytest.mark.parametrize("fn, valid, name, extra", _params("numbers"))
@SWEEP
@given(bad=NOT_NUMBERS)
def test_numbers_refuse_non_numbers(fn, valid, name, extra, bad):
    if name == "sigma" and fn is integrate.euler and isinstance(bad, (list, np.ndarray)):
        return  # euler's sigma may be an array (it must broadcast: see the next test)
    _call(fn, valid, name, bad)


@pytest.mark.parametrize("fn, valid, name, extra", _params("numbers") + _params("ints"))
def test_out_of_range_values_are_refused_with_the_allowed_range(fn, valid, name, extra):
    for bad in extra:
        exc = _call(fn, valid, name, bad)
        message = str(exc)
        assert any(word in message for word in ("must", "at most", "asks for", "needs",
                                                "broadcast")), message


@pytest.mark.parametrize("fn, valid, name, extra", _params("ints"))
@FAST
@given(bad=NOT_INTEGERS)
def test_integers_refuse_non_integers(fn, valid, name, extra, bad):
    _call(fn, valid, name, bad)


@pytest.mark.parametrize("fn, valid, name, extra", _params("rngs"))
@FAST
@given(bad=BAD_SEEDS)
def test_rng_refuses_bad_seeds_with_its_own_message(fn, valid, name, extra, bad):
    exc = _call(fn, valid, name, bad)
    assert "SeedSequence" not in str(exc)


@pytest.mark.parametrize("fn, valid, name, extra", _params("bools"))
@FAST
@given(bad=NOT_BOOLS)
def test_flags_refuse_truthiness(fn, valid, name, extra, bad):
    _call(fn, valid, name, bad)


@pytest.mark.parametrize("fn, valid, name, extra", _params("arrays"))
@FAST
@given(bad=NOT_ARRAYS)
def test_elementwise_inputs_refuse_non_numbers(fn, valid, name, extra, bad):
    _call(fn, valid, name, bad)


@pytest.mark.parametrize("fn, valid, name, extra", _params("finite_arrays"))
@FAST
@given(bad=NOT_FINITE_ARRAYS)
def test_array_inputs_refuse_non_numbers_and_nan(fn, valid, name, extra, bad):
    _call(fn, valid, name, bad)


@pytest.mark.parametrize("fn, valid, name", [
    (fn, spec["valid"], name) for fn, spec in SPECS.items() for name in spec.get("choices", {})])
def test_choices_refuse_anything_else(fn, valid, name):
    for bad in SPECS[fn]["choices"][name]:
        _call(fn, valid, name, bad)


# -- the issue's examples, one by one ------------------------------------------------------

def test_the_issues_examples():
    assert_refuses(transfer.tanh_rate, "half_max", 0.5, half_max=-1)  # was -1.46 Hz
    assert_refuses(se.saddle_node_curves, "n", n=0)
    assert_refuses(se.saddle_node_curves, "n", n="5")
    assert_refuses(se.hysteresis_sweep, "n_samples", 0.04, n_samples=0)
    assert_refuses(se.count_switches, "r", [math.nan] * 10)  # was 0 switches
    exc = assert_refuses(se.fixed_points, "w", w=1e308)  # was "math domain error"
    assert "1000" in str(exc)
    assert_refuses(se.fixed_points, "w", w="0.04", I=True)
    assert_refuses(se.fixed_points, "I", w=0.04, I=True)
    for bad in (-1, 1.5, "abc"):
        exc = assert_refuses(se.simulate, "rng", 60.0, T=1.0, sigma=1.0, rng=bad)
        assert "seed" in str(exc)
    exc = assert_refuses(se.simulate, "T", 60.0, T=1e7)
    assert "2,000,000" in str(exc)
    assert_refuses(integrate.euler, "rhs", "not a function", [1.0], 1.0, 0.1)


def test_sizes_beyond_the_limits_are_refused_before_any_work():
    # 100 starts x 1e6 steps would be 800 MB of output: refused, naming what to change
    exc = assert_refuses(integrate.euler, "T", lambda t, y: -y, np.zeros(100), T=1e5, dt=0.1)
    assert "at most" in str(exc)
    assert_refuses(se.fixed_point_branch, "n", 0.04, n=se.N_LIMIT + 1)
    assert_refuses(se.potential, "r", [1e200])


def test_a_diverging_euler_run_is_an_error_not_a_nan_trace():
    with pytest.raises(ValueError, match="not finite from t = "):
        integrate.euler(lambda t, y: y * y, [10.0], T=10.0, dt=0.1)
    with pytest.raises(ValueError, match="rhs must return an array of y0's shape"):
        integrate.euler(lambda t, y: np.ones(3), [1.0, 2.0], T=1.0, dt=0.1)


def test_elementwise_functions_pass_nan_through_as_documented():
    out = transfer.tanh_rate([0.0, math.nan, math.inf])
    assert out[0] == 60.0 and math.isnan(out[1]) and out[2] == 120.0
    assert "NaN" in transfer.tanh_rate.__doc__


# -- good values: numbers, never silent garbage -------------------------------------------

W = st.floats(-se.W_LIMIT, se.W_LIMIT, allow_nan=False)
I = st.floats(-se.I_LIMIT, se.I_LIMIT, allow_nan=False)
TYPES = st.sampled_from([float, np.float64, np.float32, lambda x: np.array(x)])


@settings(max_examples=200, deadline=None)
@given(w=W, I=I)
def test_fixed_points_are_zeros_of_the_flux_everywhere_in_the_limits(w, I):
    fps = se.fixed_points(w, I)
    assert 1 <= len(fps) <= 3
    rs = [fp.r for fp in fps]
    assert rs == sorted(rs) and all(0.0 <= r <= se.R_MAX for r in rs)
    assert_clean([fp.slope for fp in fps])
    for fp in fps:  # a zero of the flux, to the precision its slope allows
        assert abs(float(se.flux(fp.r, w, I))) <= 1e-6 * max(1.0, abs(fp.slope))


@settings(max_examples=100, deadline=None)
@given(w=W, I=I, kind=TYPES)
def test_numpy_scalars_are_numbers(w, I, kind):
    assert se.fixed_points(kind(w), kind(I)) == se.fixed_points(float(kind(w)), float(kind(I)))


@settings(max_examples=100, deadline=None)
@given(w=W, I=I)
def test_potential_and_folds_are_finite(w, I):
    assert_clean(se.potential(np.linspace(-10, 130, 15), w, I))
    if len(se.fixed_points(w, I)) == 3:
        assert_clean(se.barrier_heights(w, I))
    sn = se.saddle_node_points(w)
    assert np.isfinite(sn.I).all() == (w > se.W_CUSP) and np.isnan(sn.I).all() == (w <= se.W_CUSP)


@settings(max_examples=40, deadline=None)
@given(w=st.floats(0.0, 0.2), I=st.floats(-8.0, 1.0), sigma=st.floats(0.0, 80.0),
       clip=st.booleans(), seed=st.integers(0, 2**32))
def test_simulations_over_the_sliders_give_numbers(w, I, sigma, clip, seed):
    sim = se.simulate([0.0, 60.0, 120.0], w, I, T=20.0, sigma=sigma, rng=seed, clip_at_zero=clip)
    assert_clean(sim)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(2, 5000))
def test_the_jumps_do_not_depend_on_the_sampling(n):
    ref = se.hysteresis_sweep(0.04, T_ramp=500.0)
    h = se.hysteresis_sweep(0.04, T_ramp=500.0, n_samples=n)
    assert (h.I_jump_up, h.I_jump_down) == (ref.I_jump_up, ref.I_jump_down)
    assert not math.isnan(h.I_jump_up) and not math.isnan(h.I_jump_down)


@settings(max_examples=25, deadline=None)
@given(sigma=st.floats(se.SIGMA_MIN_SWITCH, se.SIGMA_LIMIT))
def test_switch_times_are_numbers_for_every_allowed_sigma(sigma):
    log10 = se.mean_switch_time_log10(sigma)
    assert math.isfinite(log10)
    tau = se.mean_switch_time(sigma)
    assert tau == math.inf if log10 > 308 else math.isclose(math.log10(tau), log10)
    assert 0.0 <= se.expected_switches(1000.0, sigma) < math.inf


# -- the apps: every value code can set gives a picture or a sentence ----------------------

def _apps():
    from course_lib.apps import BifurcationApp, NoiseApp, SelfExcitedApp

    return [SelfExcitedApp, NoiseApp, BifurcationApp]


CODE_VALUES = [math.nan, math.inf, None, "0.5", True, -1e9, 1e9, [0.1], np.float64(0.05),
               np.int64(0), np.float32(0.5)]


@pytest.mark.parametrize("cls", _apps(), ids=lambda c: c.__name__)
def test_controls_answer_every_value_code_can_set(cls):
    app = cls()
    try:
        for control in cls.controls:
            widget = app.sliders[control.name]
            for value in CODE_VALUES:
                before = app.params[control.name]
                try:
                    widget.value = value
                except Exception as exc:  # the widget itself refuses (traitlets): a sentence
                    assert str(exc)
                    continue
                # either taken (in range, snapped) or refused with a sentence in the app
                now = app.params[control.name]
                if app.last_error is not None:
                    assert control.name in app.status.value or "kept" in app.status.value
                    assert now == before
                else:
                    assert control.kind != "float" or control.min <= now <= control.max
            with pytest.raises(ValueError):
                app.set(**{control.name: math.nan})
        # ... and the app still works
        control = cls.controls[0]
        app.set(**{control.name: control.value})
        assert app.last_error is None
        assert np.asarray(app.fig.canvas.buffer_rgba()).std() > 0
    finally:
        app.close()


@pytest.mark.parametrize("w, I", [(0.0, -8.0), (0.0, 1.0), (0.2, -8.0), (0.2, 1.0),
                                  (se.W_CUSP, se.I_CUSP), (0.017, -1.02), (0.001, -1.0)])
def test_slider_corners_of_the_self_excited_apps_give_pictures(w, I):
    from course_lib.apps import BifurcationApp, SelfExcitedApp

    for cls in (SelfExcitedApp, BifurcationApp):
        app = cls()
        app.set(w=round(w, 3), I=I)
        if cls is BifurcationApp:
            app.run_sweep()
            assert "nan" not in app.readout.value
        assert app.last_error is None, repr(app.last_error)
        assert "nan" not in app.readout.value and "inf" not in app.readout.value
        app.close()
