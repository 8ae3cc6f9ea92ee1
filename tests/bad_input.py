"""Shared pieces of the bad-input sweeps (``tests/test_<topic>_bad_input.py``).

Every public function of the model modules must answer a bad value with a
``ValueError`` whose message names the parameter (and the allowed range),
within seconds, without a ``MemoryError``; and a good value must never give
silent garbage (NaN where the docstring promises numbers). The topic files
declare, per function, valid keyword arguments and the parameters to sweep;
these helpers do the sweeping.

Typical use::

    from tests.bad_input import NOT_NUMBERS, assert_refuses, public_functions

    @given(bad=NOT_NUMBERS)
    def test_fixed_points_refuses_non_numbers(bad):
        assert_refuses(se.fixed_points, "w", w=bad)
"""

from __future__ import annotations

import inspect
import math
import re
import signal
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import strategies as st

TIME_LIMIT_S = 20
"""A call that takes longer than this is a hang, not an answer."""

NOT_NUMBERS = st.one_of(
    st.sampled_from([float("nan"), float("inf"), -float("inf"), True, False, None,
                     "0.5", "abc", b"1", [1.0, 2.0], (), {"w": 1}, np.bool_(True),
                     np.array([1.0, 2.0]), object()]),
    st.text(min_size=1, max_size=4),
)
"""Values no scalar number parameter may accept (NaN and inf included)."""

BAD_SEEDS = st.sampled_from([-1, -10**9, 1.5, "abc", True, [1, 2], object(), float("nan")])
"""Values no ``rng`` parameter may accept."""


@contextmanager
def time_limit(seconds: float = TIME_LIMIT_S):
    """Fail (not hang) when the block runs longer than ``seconds``."""

    def alarm(_signum, _frame):
        raise TimeoutError(f"the call ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def names(message: str, param: str) -> bool:
    """True if ``message`` names ``param`` as a word (``w`` in "w must be", not in "two")."""
    return re.search(rf"(?<![\w.]){re.escape(param)}(?![\w])", message) is not None


def assert_refuses(fn, param: str, *args, **kwargs) -> ValueError:
    """``fn(*args, **kwargs)`` raises a ValueError naming ``param``, quickly, without MemoryError."""
    try:
        with time_limit():
            fn(*args, **kwargs)
    except ValueError as exc:
        assert names(str(exc), param), (
            f"{fn.__name__}: the error does not name {param!r}: {exc}")
        return exc
    except MemoryError:  # pragma: no cover - reported as a failure
        pytest.fail(f"{fn.__name__}({param}=...): MemoryError instead of a clear limit")
    except TimeoutError:  # pragma: no cover
        pytest.fail(f"{fn.__name__}({param}=...): still running after {TIME_LIMIT_S} s")
    except Exception as exc:  # noqa: BLE001 - any other type is the failure we look for
        pytest.fail(f"{fn.__name__}({param}=...): {type(exc).__name__} instead of a "
                    f"ValueError naming {param!r}: {exc}")
    pytest.fail(f"{fn.__name__} accepted {param}={kwargs.get(param, args)!r} silently")


def assert_clean(result) -> None:
    """No NaN or inf in a result's numbers (arrays, named tuples, dataclasses, scalars)."""
    for value in _numbers(result):
        arr = np.asarray(value, dtype=float)
        assert np.all(np.isfinite(arr)), f"non-finite numbers in the result: {result!r}"[:300]


def _numbers(obj, depth: int = 0):
    if depth > 4:
        return
    if isinstance(obj, (bool, np.bool_, str, bytes)) or obj is None:
        return
    if isinstance(obj, (int, float, np.number)):
        yield obj
    elif isinstance(obj, np.ndarray):
        if obj.dtype.kind in "iuf":
            yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _numbers(v, depth + 1)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _numbers(v, depth + 1)
    elif hasattr(obj, "__dataclass_fields__"):
        for k in obj.__dataclass_fields__:
            yield from _numbers(getattr(obj, k), depth + 1)


def public_functions(module) -> list:
    """The module's public functions (its ``__all__`` minus classes and constants)."""
    out = []
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            out.append(obj)
    return out


def numeric_params(fn) -> list[str]:
    """Parameters of ``fn`` whose default is a number (the ones NOT_NUMBERS must be refused for)."""
    out = []
    for p in inspect.signature(fn).parameters.values():
        d = p.default
        if isinstance(d, (int, float)) and not isinstance(d, bool) and math.isfinite(d):
            out.append(p.name)
    return out
