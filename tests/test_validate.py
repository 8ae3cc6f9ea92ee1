"""The argument checks every model function uses: one rule for numbers, seeds and sizes."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib import _validate as v

NUMBERS = st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False),
                    st.integers(-1000, 1000).map(np.int64), st.floats(-1e3, 1e3).map(np.float32))
NOT_NUMBERS = st.one_of(st.booleans(), st.text(max_size=5), st.none(), st.just([1.0]),
                        st.just(np.bool_(True)), st.just({"w": 1}))


@given(NUMBERS)
def test_numbers_of_any_numeric_type_are_accepted(x):
    assert v.check_finite("w", x) == pytest.approx(float(x))


@given(NOT_NUMBERS)
def test_strings_bools_and_containers_are_not_numbers(x):
    with pytest.raises(ValueError, match=r"^w must be a finite number, got "):
        v.check_finite("w", x)


@pytest.mark.parametrize("x", [float("nan"), float("inf"), -np.inf, np.float64("nan")])
def test_non_finite_numbers_are_refused(x):
    with pytest.raises(ValueError, match="w must be a finite number"):
        v.check_finite("w", x)


def test_numpy_scalars_are_shown_as_numbers_in_messages():
    with pytest.raises(ValueError, match=r"got 7$"):
        v.check_int("n", np.int64(7), 1, 5)


@pytest.mark.parametrize("x", [5, 5.0, np.int64(5), np.float64(5.0), np.array(5)])
def test_integers_of_any_type(x):
    assert v.check_int("n", x, 1) == 5


@pytest.mark.parametrize("x", ["5", 5.5, True, None, float("nan")])
def test_not_integers(x):
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        v.check_int("n", x, 1)


@pytest.mark.parametrize("x", [None, 0, 7, np.int64(7), np.random.default_rng(1)])
def test_rng_accepts_generators_seeds_and_none(x):
    assert isinstance(v.check_rng("rng", x), np.random.Generator)


def test_rng_passes_a_generator_through():
    g = np.random.default_rng(3)
    assert v.check_rng("rng", g) is g


@pytest.mark.parametrize("x", [-1, 1.5, "abc", True, [1, 2]])
def test_rng_refuses_anything_else_and_names_itself(x):
    with pytest.raises(ValueError, match="^rng must be a numpy Generator, a seed"):
        v.check_rng("rng", x)


@pytest.mark.parametrize("x", [None, 0, 1, "yes", np.array([True])])
def test_bool_means_true_or_false(x):
    with pytest.raises(ValueError, match="zero_diagonal must be True or False"):
        v.check_bool("zero_diagonal", x)
    assert v.check_bool("zero_diagonal", np.bool_(False)) is False


def test_choices_compare_safely():
    with pytest.raises(ValueError, match="rule must be one of 'async', 'sync'"):
        v.check_choice("rule", np.array(["async", "sync"]), ("async", "sync"))
    with pytest.raises(ValueError, match="rule must be one of"):
        v.check_choice("rule", 1, (True, "sync"))  # 1 == True must not pass for True
    assert v.check_choice("rule", "sync", ("async", "sync")) == "sync"


def test_sizes_and_steps_have_stated_limits():
    with pytest.raises(ValueError, match=r"at most 2,000,000 are allowed"):
        v.check_steps("T", v.MAX_STEPS + 1)
    assert v.check_steps("T", v.MAX_STEPS) == v.MAX_STEPS
    with pytest.raises(ValueError, match=r"x has 20,000,001 entries; at most 20,000,000"):
        v.check_finite_array("x", np.broadcast_to(np.float32(0), (v.MAX_ELEMENTS + 1,)))


def test_arrays_of_strings_are_not_arrays_of_numbers():
    for bad in ("1,2,3", np.array(["1", "2"]), [1, "a"]):
        with pytest.raises(ValueError, match="r0 must be an array of numbers"):
            v.check_finite_array("r0", bad)
