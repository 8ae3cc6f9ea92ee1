"""Argument checks that give learners a clear message.

Every public function of ``course_lib`` checks its inputs with these helpers,
so a mistake produces ``ValueError: w must be a finite number, got nan``
instead of a traceback from deep inside numpy or a silently wrong plot.

The same rules everywhere:

* a number is a real number of any numeric type (``int``, ``float``, numpy
  scalars, 0-d arrays); strings and booleans are not numbers;
* an integer is any integral number (``5``, ``numpy.int64(5)``, ``5.0``);
* a random source (``rng``) is a :class:`numpy.random.Generator`, a seed
  (an integer >= 0) or ``None``;
* sizes and durations have limits a classroom server can afford
  (:data:`MAX_ELEMENTS`, :data:`MAX_STEPS`), stated in the error.
"""

from __future__ import annotations

import math
import re
from numbers import Real

import numpy as np

__all__ = [
    "MAX_ELEMENTS",
    "MAX_STEPS",
    "check_bool",
    "check_callable",
    "check_rng",
    "check_steps",
    "check_finite",
    "check_finite_array",
    "check_range",
    "check_positive",
    "check_nonnegative",
    "check_int",
    "check_choice",
]


MAX_ELEMENTS = 20_000_000
"""Largest array (entries) a function may create: 160 MB of floats, within a student
kernel's share of a class server."""
MAX_STEPS = 2_000_000
"""Most time steps (or cycles, or sweeps times neurons) one call may take: about ten
seconds of work, so no call hangs a kernel."""


def _fmt(value) -> str:
    if isinstance(value, (float, np.floating)):
        # 1e6, not 1e+06: how a learner would type it back
        return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", f"{float(value):g}")
    if isinstance(value, np.generic):
        return repr(value.item())
    return repr(value)


def _is_number(value) -> bool:
    """A real number of any numeric type, not a bool or a string (0-d arrays count)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        return False
    return isinstance(value, (Real, np.integer, np.floating))


def check_finite(name: str, value) -> float:
    """Return ``value`` as a float, or raise ``ValueError`` naming ``name``.

    >>> check_finite("w", 0.04)
    0.04
    >>> check_finite("w", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: w must be a finite number, got nan
    """
    if not _is_number(value):
        raise ValueError(f"{name} must be a finite number, got {_fmt(value)}")
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
    def not_numbers():  # built only when needed: repr of a large array costs milliseconds
        return ValueError(f"{name} must be an array of numbers, got {_short(value)}")

    if isinstance(value, (str, bytes, bool, np.bool_)) or (
            isinstance(value, (list, tuple))
            and any(isinstance(v, (str, bytes, bool, np.bool_)) for v in value)):
        raise not_numbers()
    size = value.size if isinstance(value, np.ndarray) else None
    if size is not None and size > MAX_ELEMENTS:  # before converting: no huge copy
        raise ValueError(f"{name} has {size:,} entries; at most {MAX_ELEMENTS:,} are allowed")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise not_numbers() from None
    # True/False, "60" and objects are not numbers, even though float() takes them.
    if raw.dtype.kind not in "iuf":
        raise not_numbers()
    arr = raw.astype(float, copy=False)
    if arr.size > MAX_ELEMENTS:
        raise ValueError(f"{name} has {arr.size:,} entries; at most {MAX_ELEMENTS:,} are allowed")
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
    ok = _is_number(value)
    if ok and not isinstance(value, (int, np.integer)):  # 10**400 is an int float() refuses
        ok = math.isfinite(float(value)) and float(value).is_integer()
    if low is not None and high is not None:
        allowed = f"an integer in [{low}, {high}]"
    elif low is not None:
        allowed = f"an integer >= {low}"
    elif high is not None:
        allowed = f"an integer <= {high}"
    else:
        allowed = "an integer"
    if not ok:
        raise ValueError(f"{name} must be {allowed}, got {_fmt(value)}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        shown = str(value) if len(str(value)) <= 20 else f"an integer of {len(str(abs(value)))} digits"
        raise ValueError(f"{name} must be {allowed}, got {shown}")
    return value


def check_choice(name: str, value, choices) -> str:
    """Check that ``value`` is one of ``choices``.

    >>> check_choice("rule", "random", ("async", "sync"))
    Traceback (most recent call last):
    ...
    ValueError: rule must be one of 'async', 'sync'; got 'random'
    """
    try:
        ok = any(value is c or (type(value) is type(c) and value == c) for c in choices)
    except (TypeError, ValueError):  # e.g. an array compared with strings
        ok = False
    if not ok:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {_short(value)}")
    return value


def _short(value, limit: int = 60) -> str:
    text = _fmt(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_bool(name: str, value) -> bool:
    """Check that ``value`` is ``True`` or ``False`` (numpy's too); not ``None``, 0 or "yes".

    >>> check_bool("zero_diagonal", None)
    Traceback (most recent call last):
    ...
    ValueError: zero_diagonal must be True or False, got None
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {_short(value)}")
    return bool(value)


def check_callable(name: str, value):
    """Check that ``value`` can be called (a function).

    >>> check_callable("rule", "async")
    Traceback (most recent call last):
    ...
    ValueError: rule must be a function, got 'async'
    """
    if not callable(value):
        raise ValueError(f"{name} must be a function, got {_short(value)}")
    return value


def check_rng(name: str, value) -> np.random.Generator:
    """A :class:`numpy.random.Generator` from ``value``: a Generator, a seed (int >= 0) or None.

    >>> bool(check_rng("rng", 3).integers(10) == check_rng("rng", 3).integers(10))
    True
    >>> check_rng("rng", -1)
    Traceback (most recent call last):
    ...
    ValueError: rng must be a numpy Generator, a seed (an integer >= 0) or None, got -1
    """
    if value is None or isinstance(value, np.random.Generator):
        return np.random.default_rng(value)
    if isinstance(value, np.random.SeedSequence):
        return np.random.default_rng(value)
    if _is_number(value) and float(value).is_integer() and value >= 0:
        return np.random.default_rng(int(value))
    raise ValueError(
        f"{name} must be a numpy Generator, a seed (an integer >= 0) or None, got {_short(value)}")


def check_steps(name: str, n, what: str = "steps") -> int:
    """Check that a number of time steps is affordable (<= :data:`MAX_STEPS`).

    ``name`` is the parameter the learner set (``T``, ``n_cycles``, ...), ``n``
    the number of steps it implies.

    >>> check_steps("T", 5_000_000_000)
    Traceback (most recent call last):
    ...
    ValueError: T asks for 5,000,000,000 steps; at most 2,000,000 are allowed (about 10 s of work)
    """
    n = int(n)
    if n > MAX_STEPS:
        raise ValueError(f"{name} asks for {n:,} {what}; at most {MAX_STEPS:,} are allowed "
                         "(about 10 s of work)")
    return n
