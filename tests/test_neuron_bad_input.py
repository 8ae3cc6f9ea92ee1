"""Every public function and dataclass of ``course_lib.neuron`` answers bad input clearly.

A bad value gives a ``ValueError`` that names the parameter (and the allowed
range), quickly and without a ``MemoryError``; sizes and durations have limits
(``MAX_STEPS`` cycles, ``MAX_ELEMENTS`` entries) stated in the error; numbers
of any numeric type are accepted, strings and booleans refused, everywhere
the same way. ``SWEEP`` lists, for every public function, valid arguments and
which of them to spoil; a test fails when a new public function is not in it.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from tests.bad_input import BAD_SEEDS, NOT_NUMBERS, assert_clean, assert_refuses, public_functions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import neuron as nrn
from course_lib._validate import MAX_ELEMENTS, MAX_STEPS
from course_lib.neuron import membrane, rate_code, simulation, units

SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

NOT_ARRAYS = st.sampled_from([
    float("nan"), float("inf"), None, "abc", "0.5", True, np.bool_(False), [True, False],
    object(), {"w": 1}, [1.0, "a"], [1.0, float("nan")], np.array(["a", "b"]),
    np.array([1.0, -np.inf]),
])
"""Values no array-of-numbers parameter may accept."""

SHORT = nrn.ccn_input(n_cycles=30, on_cycle=5)

# function -> (valid keyword arguments, scalar number parameters, array parameters)
SWEEP = {
    membrane.vm_equilibrium: (dict(g_e=0.3, g_i=0.0, g_l=0.3),
                              ["e_rev_e", "e_rev_i", "e_rev_l"], ["g_e", "g_i", "g_l"]),
    membrane.ge_threshold: (dict(g_i=0.0, g_l=0.3), ["theta", "e_rev_e", "e_rev_i", "e_rev_l"],
                            ["g_i", "g_l", "adapt"]),
    membrane.gl_threshold: (dict(g_e=0.3, g_i=0.0), ["theta", "e_rev_e", "e_rev_i", "e_rev_l"],
                            ["g_e", "g_i"]),
    membrane.ge_spike_onset: (dict(g_i=0.5), [], ["g_i"]),
    membrane.net_current: (dict(v=0.4, g_e=0.3, g_i=0.0, g_l=0.3),
                           ["e_rev_e", "e_rev_i", "e_rev_l"], ["v", "g_e", "g_i", "g_l", "adapt"]),
    membrane.currents: (dict(v=0.4, g_e=0.3, g_i=0.0, g_l=0.3),
                        ["e_rev_e", "e_rev_i", "e_rev_l"], ["v", "g_e", "g_i", "g_l"]),
    rate_code.xx1: (dict(x=0.01), ["gain"], ["x"]),
    rate_code.nxx1: (dict(x=0.01), ["gain", "nvar"], ["x"]),
    rate_code.nxx1_table: (dict(), ["gain", "nvar"], []),
    simulation.ccn_input: (dict(), ["n_cycles", "on_cycle", "off_cycle", "value"], []),
    simulation.run_unit: (dict(net_input=SHORT), [], ["net_input", "g_i"]),
    simulation.run_ccn: (dict(), [], []),
    simulation.spike_rate_estimate: (dict(spike=[0.0, 1.0, 0.0]), ["eq_tau", "eq_gain"],
                                     ["spike"]),
    simulation.firing_rate: (dict(spike=[0.0, 1.0, 0.0, 1.0]), ["start"], ["spike"]),
    simulation.tug_of_war: (dict(n_cycles=30), ["n_cycles", "on_cycle"], []),
    simulation.rate_vs_vm_eq: (dict(g_e_values=[0.3], g_i_values=[0.0], n_cycles=20, settle=5),
                               ["n_cycles", "settle"], ["g_e_values", "g_i_values"]),
    simulation.rate_vs_excess: (dict(excess_values=[0.02], g_i_values=[0.0], n_cycles=20,
                                     settle=5), ["n_cycles", "settle"],
                                ["excess_values", "g_i_values"]),
    simulation.spike_vs_rate: (dict(g_bar_e_values=[0.3], n_samples=1),
                               ["n_samples", "noise", "rate_cycle", "spike_cycle", "chunk"],
                               ["g_bar_e_values"]),
    units.to_normalized: (dict(value=-70, unit="mV"), [], ["value"]),
    units.to_biological: (dict(value=0.3, unit="mV"), [], ["value"]),
    units.unit_table: (dict(), [], []),
    units.format_unit_table: (dict(), [], []),
}
SCALARS = [(f, p) for f, (_, scalars, _) in SWEEP.items() for p in scalars]
ARRAYS = [(f, p) for f, (_, _, arrays) in SWEEP.items() for p in arrays]
PARAMS_TAKERS = [membrane.ge_spike_onset, simulation.run_unit, simulation.run_ccn,
                 simulation.tug_of_war, simulation.rate_vs_vm_eq, simulation.rate_vs_excess,
                 simulation.spike_vs_rate]
RNG_TAKERS = [simulation.run_unit, simulation.run_ccn, simulation.spike_vs_rate]


def _id(pair):
    return f"{pair[0].__name__}-{pair[1]}"


def test_every_public_function_is_swept():
    swept = set(SWEEP)
    for module in (membrane, rate_code, simulation, units):
        for fn in public_functions(module):
            assert fn in swept, f"{module.__name__}.{fn.__name__} is not in SWEEP"


@pytest.mark.parametrize("fn", list(SWEEP), ids=lambda f: f.__name__)
def test_the_valid_arguments_give_clean_numbers(fn):
    assert_clean(fn(**SWEEP[fn][0]))


@pytest.mark.parametrize("fn", list(SWEEP), ids=lambda f: f.__name__)
def test_numpy_numbers_are_numbers(fn):
    """numpy scalars and 0-d arrays are accepted wherever a Python number is."""
    kwargs = dict(SWEEP[fn][0])
    for name, value in list(kwargs.items()):
        if isinstance(value, float):
            kwargs[name] = np.float32(value) if name != "v" else np.array(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            kwargs[name] = np.int64(value)
    assert_clean(fn(**kwargs))


@pytest.mark.parametrize("pair", SCALARS, ids=_id)
@SETTINGS
@given(bad=NOT_NUMBERS)
def test_scalar_parameters_refuse_non_numbers(pair, bad):
    fn, param = pair
    assert_refuses(fn, param, **{**SWEEP[fn][0], param: bad})


@pytest.mark.parametrize("pair", ARRAYS, ids=_id)
@SETTINGS
@given(bad=NOT_ARRAYS)
def test_array_parameters_refuse_non_numbers(pair, bad):
    fn, param = pair
    if bad is None and inspect.signature(fn).parameters[param].default is None:
        return  # None is this parameter's default ("the simulation's input")
    assert_refuses(fn, param, **{**SWEEP[fn][0], param: bad})


@pytest.mark.parametrize("pair", ARRAYS, ids=_id)
def test_array_parameters_have_a_size_limit(pair):
    """A huge array is refused before any copy is made (a broadcast view costs nothing)."""
    fn, param = pair
    huge = np.broadcast_to(np.float64(0.5), (MAX_ELEMENTS + 1,))
    exc = assert_refuses(fn, param, **{**SWEEP[fn][0], param: huge})
    assert "at most" in str(exc)


@pytest.mark.parametrize("fn", PARAMS_TAKERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", [3, "adex", [0.3], {"gbar_e": 0.3}, {"g_bar_e": -1}])
def test_params_must_be_unit_params_or_their_fields(fn, bad):
    name = "g_bar_e" if isinstance(bad, dict) and "g_bar_e" in bad else (
        "gbar_e" if isinstance(bad, dict) else "params")
    assert_refuses(fn, name, **{**SWEEP[fn][0], "params": bad})


@pytest.mark.parametrize("fn", RNG_TAKERS, ids=lambda f: f.__name__)
@SETTINGS
@given(bad=BAD_SEEDS)
def test_rng_refuses_bad_seeds(fn, bad):
    assert_refuses(fn, "rng", **{**SWEEP[fn][0], "rng": bad})


# -- out of range: each with the range in the message ------------------------------------

OUT_OF_RANGE = [
    (membrane.vm_equilibrium, "g_e", dict(g_e=-0.1), ">= 0"),
    (membrane.vm_equilibrium, "g_e", dict(g_e=0.0, g_i=0.0, g_l=0.0), "conductance > 0"),
    (membrane.ge_threshold, "theta", dict(theta=1.2), "below e_rev_e"),
    (membrane.gl_threshold, "e_rev_l", dict(e_rev_l=0.6), "below theta"),
    (membrane.ge_spike_onset, "g_i", dict(g_i=[0.1, -0.2]), ">= 0"),
    (rate_code.xx1, "gain", dict(gain=0), "(0, 1e6]"),
    (rate_code.xx1, "gain", dict(gain=2e6), "(0, 1e6]"),
    (rate_code.nxx1, "nvar", dict(nvar=-0.01), "[0, 1]"),
    (rate_code.nxx1_table, "nvar", dict(nvar=1e6), "[0, 1]"),
    (simulation.ccn_input, "n_cycles", dict(n_cycles=0), ">= 1"),
    (simulation.ccn_input, "n_cycles", dict(n_cycles=10**9), "at most"),
    (simulation.ccn_input, "on_cycle", dict(on_cycle=300), "[0, 200]"),
    (simulation.ccn_input, "off_cycle", dict(off_cycle=5), ">= 10"),
    (simulation.ccn_input, "value", dict(value=-1), ">= 0"),
    (simulation.run_unit, "net_input", dict(net_input=[]), "at least one cycle"),
    (simulation.run_unit, "net_input", dict(net_input=np.ones((2, 2, 2))), "dimension"),
    (simulation.run_unit, "net_input", dict(net_input=np.ones((2, MAX_STEPS))), "at most"),
    (simulation.run_unit, "net_input", dict(net_input=-SHORT), ">= 0"),
    (simulation.run_unit, "g_i", dict(g_i=-SHORT), ">= 0"),
    (simulation.run_unit, "g_i", dict(g_i=np.ones(7)), "broadcast"),
    (simulation.run_unit, "g_bar_e", dict(params=dict(g_bar_e=30.0)), "too large"),
    (simulation.run_unit, "net_input", dict(net_input=100 * SHORT), "too large"),
    (simulation.spike_rate_estimate, "spike", dict(spike=[]), "at least one cycle"),
    (simulation.spike_rate_estimate, "spike", dict(spike=[0.0, 2.0]), "[0, 1]"),
    (simulation.spike_rate_estimate, "eq_tau", dict(eq_tau=0.5), ">= 1"),
    (simulation.spike_rate_estimate, "eq_gain", dict(eq_gain=0), "> 0"),
    (simulation.firing_rate, "spike", dict(spike=[]), "at least one cycle"),
    (simulation.firing_rate, "spike", dict(spike=[0.0, -1.0]), "[0, 1]"),
    (simulation.firing_rate, "start", dict(start=4), "[0, 3]"),
    (simulation.firing_rate, "stop", dict(stop=0), "[1, 4]"),
    (simulation.tug_of_war, "n_cycles", dict(n_cycles=10**7), "at most 2,000,000"),
    (simulation.tug_of_war, "on_cycle", dict(on_cycle=31), "[0, 30]"),
    (simulation.tug_of_war, "g_bar_e", dict(params=dict(g_bar_e=0, g_bar_i=0, g_bar_l=0)),
     "undefined"),
    (simulation.rate_vs_vm_eq, "g_e_values", dict(g_e_values=[]), "at least one"),
    (simulation.rate_vs_vm_eq, "g_e_values", dict(g_e_values=np.linspace(0, 1, 5000),
                                                  n_cycles=1000), "at most"),
    (simulation.rate_vs_vm_eq, "g_e_values", dict(g_e_values=[0.0], params=dict(g_bar_l=0.0)),
     "undefined"),
    (simulation.rate_vs_vm_eq, "settle", dict(settle=19), "[0, 18]"),
    (simulation.rate_vs_vm_eq, "g_e_values", dict(g_e_values=[40.0]), "too large"),
    (simulation.rate_vs_excess, "excess_values", dict(excess_values=[-0.5]), ">= -g_e^θ"),
    (simulation.rate_vs_excess, "g_i_values", dict(g_i_values=[]), "at least one"),
    (simulation.spike_vs_rate, "n_samples", dict(n_samples=10**6), "at most 2,000,000"),
    (simulation.spike_vs_rate, "n_samples", dict(n_samples=0), ">= 1"),
    (simulation.spike_vs_rate, "noise", dict(noise=-0.1), ">= 0"),
    (simulation.spike_vs_rate, "rate_cycle", dict(rate_cycle=200), "[0, 199]"),
    (simulation.spike_vs_rate, "progress", dict(progress="tick"), "function"),
    (simulation.spike_vs_rate, "g_bar_e_values", dict(g_bar_e_values=[]), "at least one"),
    (units.to_normalized, "unit", dict(unit="furlong"), "one of"),
    (units.to_normalized, "unit", dict(unit=None), "one of"),
    (units.to_normalized, "difference", dict(difference="yes"), "True or False"),
    (units.to_biological, "difference", dict(difference=None), "True or False"),
]


@pytest.mark.parametrize("fn,param,changes,allowed", OUT_OF_RANGE,
                         ids=[f"{f.__name__}-{p}-{i}" for i, (f, p, _, _) in
                              enumerate(OUT_OF_RANGE)])
def test_out_of_range_values_say_the_range(fn, param, changes, allowed):
    exc = assert_refuses(fn, param, **{**SWEEP[fn][0], **changes})
    assert allowed in str(exc), str(exc)


def test_the_issue_s_examples():
    """Issue 15's findings for this topic: each a clear sentence now, at once."""
    exc = assert_refuses(nrn.firing_rate, "spike", [])
    assert "start must be" not in str(exc)
    assert_refuses(nrn.tug_of_war, "n_cycles", n_cycles=10**7)
    assert_refuses(nrn.spike_vs_rate, "n_samples", n_samples=10**6)
    exc = assert_refuses(nrn.tug_of_war, "g_bar_l", dict(g_bar_e=0, g_bar_i=0, g_bar_l=0))
    assert "V_eq is undefined" in str(exc)
    assert_refuses(nrn.run_unit, "rng", nrn.UnitParams(noise=0.1), rng=-1)


# -- the dataclass ---------------------------------------------------------------------------

FIELDS = [f for f in nrn.UnitParams.__dataclass_fields__ if f != "adapt"]
UNIT_OUT_OF_RANGE = [
    ("g_bar_e", -0.1, ">= 0"), ("g_bar_l", -1, ">= 0"), ("g_bar_i", -1e-9, ">= 0"),
    ("vm_gain", -0.04, ">= 0"), ("spike_gain", -1, ">= 0"), ("noise", -0.1, ">= 0"),
    ("gain", 0, "(0, 1e6]"), ("gain", 1e7, "(0, 1e6]"), ("nvar", -0.01, "[0, 1]"),
    ("nvar", 5.0, "[0, 1]"), ("exp_slope", -0.02, "[0, 0.1]"), ("exp_slope", 0.5, "[0, 0.1]"),
    ("vm_tau", 0, ">= 1"), ("vm_tau", 0.5, ">= 1"), ("net_tau", -1, ">= 1"),
    ("adapt_tau", 0.2, ">= 1"), ("e_rev_e", 2.5, "[0, 2]"), ("e_rev_l", -0.1, "[0, 2]"),
    ("e_rev_i", 3, "[0, 2]"), ("theta", -1, "[0, 2]"), ("theta", 1.0, "below e_rev_e"),
    ("vm_init", 2.1, "[0, 2]"), ("vm_r", -0.3, "[0, 2]"), ("spk_thr", 2.5, "[0, 2]"),
]


@pytest.mark.parametrize("name", FIELDS)
@SETTINGS
@given(bad=NOT_NUMBERS)
def test_every_field_of_unit_params_refuses_non_numbers(name, bad):
    assert_refuses(nrn.UnitParams, name, **{name: bad})
    assert_refuses(nrn.UnitParams().replace, name, **{name: bad})


@pytest.mark.parametrize("name,value,allowed", UNIT_OUT_OF_RANGE)
def test_every_field_of_unit_params_has_a_range(name, value, allowed):
    exc = assert_refuses(nrn.UnitParams, name, **{name: value})
    assert allowed in str(exc)


def test_every_field_is_in_the_out_of_range_table():
    assert {n for n, _, _ in UNIT_OUT_OF_RANGE} == set(FIELDS)


@pytest.mark.parametrize("bad", [None, 0, 1, "yes", np.array([True]), 1.0])
def test_adapt_is_true_or_false(bad):
    assert_refuses(nrn.UnitParams, "adapt", adapt=bad)


def test_unit_params_cross_checks_and_numpy_values():
    assert_refuses(nrn.UnitParams, "spk_thr", exp_slope=0.02, spk_thr=0.4)
    assert nrn.UnitParams(theta=1.5, e_rev_e=1.8).spk_thr == 1.2   # spk_thr unused: fine
    p = nrn.UnitParams(g_bar_e=np.float32(0.25), gain=np.int64(40), adapt=np.bool_(True))
    assert type(p.g_bar_e) is float and type(p.gain) is float and p.adapt is True
    assert_refuses(nrn.UnitParams.adex, "g_bar_e", g_bar_e="0.3")
    assert_refuses(nrn.UnitParams().replace, "gbar_e", gbar_e=0.3)


# -- good values: never silent garbage -------------------------------------------------------

@SETTINGS
@given(x=st.lists(st.floats(-1e308, 1e308), min_size=1, max_size=6),
       gain=st.floats(1e-6, 1e6), nvar=st.floats(0.0, 1.0))
def test_the_rate_code_is_a_number_in_the_unit_interval_for_any_input(x, gain, nvar):
    for f in (nrn.xx1(x, gain), nrn.nxx1(x, gain, nvar)):
        y = np.asarray(f)
        assert np.all(np.isfinite(y)) and np.all((y >= 0) & (y <= 1))


@SETTINGS
@given(g_e=st.floats(0.0, 1.0), g_i=st.floats(0.0, 1.0), g_l=st.floats(0.0, 1.0),
       adapt=st.booleans(), exp_slope=st.sampled_from([0.0, 0.005, 0.02]))
def test_any_stable_neuron_runs_to_clean_numbers(g_e, g_i, g_l, adapt, exp_slope):
    p = nrn.UnitParams(g_bar_e=g_e, g_bar_i=g_i, g_bar_l=g_l, adapt=adapt, exp_slope=exp_slope)
    run = nrn.run_unit(p, SHORT, g_i=SHORT)
    assert_clean(run)
    assert np.all((run.v_m >= 0) & (run.v_m <= 2)) and np.all((run.act >= 0) & (run.act <= 1))


def test_the_limit_is_the_one_stated():
    """The largest run allowed runs; one cycle more is refused."""
    assert nrn.ccn_input(n_cycles=MAX_STEPS).size == MAX_STEPS
    assert_refuses(nrn.ccn_input, "n_cycles", n_cycles=MAX_STEPS + 1)
