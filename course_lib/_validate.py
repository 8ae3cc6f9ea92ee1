"""Argument checks that give learners a clear message.

Every public function of ``course_lib`` checks its inputs with these helpers,
so a mistake produces ``ValueError: w must be a finite number, got nan``
instead of a traceback from deep inside numpy or a silently wrong plot.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__ = [
    "check_finite",
    "check_finite_array",
    "check_range",
    "check_positive",
    "check_nonnegative",
    "check_int",
    "check_choice",
]


def _fmt(value) -> str:
    return repr(value) if not isinstance(value, float) else f"{value:g}"


def check_finite(name: str, value) -> float:
    """Return ``value`` as a float, or raise ``ValueError`` naming ``name``.

    >>> check_finite("w", 0.04)
    0.04
    >>> check_finite("w", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: w must be a finite number, got nan
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a finite number, got {value!r}") from None
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {_fmt(value)}")
    return value


def check_finite_array(name: str, value, *, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a float array, or raise ``ValueError`` naming ``name``.

    >>> check_finite_array("r0", [59, 60, 61])
    array([59., 60., 61.])
    >>> check_finite_array("r0", [59, float("inf")])
    Traceback (most recent call last):
    ...
    ValueError: r0 must contain only finite numbers (entry 1 is inf)
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers, got {value!r}") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            raise ValueError(
                f"{name} must have {' or '.join(map(str, allowed))} dimension(s), "
                f"got shape {arr.shape}"
            )
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = np.argwhere(bad)[0]
        where = int(idx[0]) if arr.ndim == 1 else tuple(int(i) for i in idx)
        raise ValueError(
            f"{name} must contain only finite numbers (entry {where} is {arr[tuple(idx)]:g})"
        )
    return arr


def check_range(
    name: str,
    value,
    low: float | None = None,
    high: float | None = None,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Check that ``value`` is finite and inside ``[low, high]``.

    Bounds set to ``None`` are open. ``low_inclusive`` / ``high_inclusive``
    choose between ``<=`` and ``<``.

    >>> check_range("fraction", 0.3, 0, 1)
    0.3
    >>> check_range("fraction", 1.5, 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: fraction must be in [0, 1], got 1.5
    >>> check_range("dt", 0, 0, None, low_inclusive=False)
    Traceback (most recent call last):
    ...
    ValueError: dt must be > 0, got 0
    """
    value = check_finite(name, value)
    too_low = low is not None and (value < low if low_inclusive else value <= low)
    too_high = high is not None and (value > high if high_inclusive else value >= high)
    if too_low or too_high:
        if low is not None and high is not None:
            lb = "[" if low_inclusive else "("
            hb = "]" if high_inclusive else ")"
            allowed = f"in {lb}{_fmt(low)}, {_fmt(high)}{hb}"
        elif low is not None:
            allowed = f"{'>=' if low_inclusive else '>'} {_fmt(low)}"
        else:
            allowed = f"{'<=' if high_inclusive else '<'} {_fmt(high)}"
        raise ValueError(f"{name} must be {allowed}, got {_fmt(value)}")
    return value


def check_positive(name: str, value) -> float:
    """Check that ``value`` is a finite number > 0.

    >>> check_positive("dt", -0.1)
    Traceback (most recent call last):
    ...
    ValueError: dt must be > 0, got -0.1
    """
    return check_range(name, value, 0.0, None, low_inclusive=False)


def check_nonnegative(name: str, value) -> float:
    """Check that ``value`` is a finite number >= 0.

    >>> check_nonnegative("sigma", -1)
    Traceback (most recent call last):
    ...
    ValueError: sigma must be >= 0, got -1
    """
    return check_range(name, value, 0.0, None)


def check_int(name: str, value, low: int | None = None, high: int | None = None) -> int:
    """Check that ``value`` is an integer in ``[low, high]`` and return it as ``int``.

    >>> check_int("trials", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: trials must be an integer >= 1, got 0
    """
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if not ok and isinstance(value, (float, np.floating)) and float(value).is_integer():
        ok = True
    if low is not None and high is not None:
        allowed = f"an integer in [{low}, {high}]"
    elif low is not None:
        allowed = f"an integer >= {low}"
    elif high is not None:
        allowed = f"an integer <= {high}"
    else:
        allowed = "an integer"
    if not ok:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {allowed}, got {value}")
    return value


def check_choice(name: str, value, choices) -> str:
    """Check that ``value`` is one of ``choices``.

    >>> check_choice("rule", "random", ("async", "sync"))
    Traceback (most recent call last):
    ...
    ValueError: rule must be one of 'async', 'sync'; got 'random'
    """
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value
