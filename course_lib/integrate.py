"""A small vectorised Euler / Euler–Maruyama integrator.

One function, :func:`euler`, integrates ``dy/dt = rhs(t, y) + sigma * eta(t)``
for a whole batch of initial conditions at once: ``y0`` may have any shape
(``(n_ic,)`` for a 1-D model started from several rates, ``(2, n_ic)`` for a
planar system, ...). The time loop is in Python, every step is one numpy
expression over the batch.

Noise is Gaussian white noise of intensity ``sigma``: each step adds
``sigma * sqrt(dt) * N(0, 1)`` (the Euler–Maruyama step). Adding
``sigma * N(0, 1)`` per step without ``sqrt(dt)`` makes the noise depend on the
step size; that is the most common mistake in simulated noisy rate models
(see notebook 01).
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np

from ._validate import (
    MAX_ELEMENTS,
    MAX_STEPS,
    check_callable,
    check_finite,
    check_finite_array,
    check_nonnegative,
    check_positive,
    check_rng,
    check_steps,
)

__all__ = ["Trajectory", "euler", "time_grid"]


class Trajectory(NamedTuple):
    """Result of :func:`euler`.

    Attributes
    ----------
    t : ndarray, shape (n_t,)
        Sample times.
    y : ndarray, shape y0.shape + (n_t,)
        The state at each sample time; time is the last axis.
    """

    t: np.ndarray
    y: np.ndarray


def time_grid(T: float, dt: float) -> np.ndarray:
    """Sample times ``0, dt, 2 dt, ..., T`` of an Euler run.

    Parameters
    ----------
    T : float
        Duration, ``T >= 0``; rounded to a whole number of steps, at most
        :data:`~course_lib._validate.MAX_STEPS` (2,000,000) of them.
    dt : float
        Time step (same unit as ``T``), ``dt > 0``.

    Returns
    -------
    ndarray, shape (n_t,)
        ``k dt`` for ``k = 0, ..., n_t - 1``, ``n_t = round(T / dt) + 1``.

    Raises
    ------
    ValueError
        For a negative or non-finite ``T``, a ``dt`` that is not > 0, or more
        steps than the limit (the message names ``T``).

    Examples
    --------
    >>> time_grid(0.3, 0.1)
    array([0. , 0.1, 0.2, 0.3])
    """
    T = check_nonnegative("T", T)
    dt = check_positive("dt", dt)
    ratio = T / dt
    if not ratio < 1e18:  # inf, or beyond any limit: no giant integer in the message
        raise ValueError(f"T = {T:g} with dt = {dt:g} asks for more than 1e18 steps; "
                         f"at most {MAX_STEPS:,} are allowed")
    n_steps = check_steps("T", round(ratio))
    return np.arange(n_steps + 1) * dt


def _finite_numbers(name: str, value, ndim=None) -> np.ndarray:
    """``value`` as a float array of finite numbers, or ValueError naming ``name``.

    Like :func:`~course_lib._validate.check_finite_array`, and stricter about what a
    number is: booleans and strings (also inside lists, which numpy would convert)
    are refused.
    """
    if not isinstance(value, np.ndarray):
        try:
            probe = np.asarray(value)
        except (TypeError, ValueError):  # ragged lists
            raise ValueError(f"{name} must be an array of numbers, got {value!r}"[:120]) from None
        if probe.dtype.kind not in "iuf":
            raise ValueError(f"{name} must be an array of numbers, got {value!r}"[:120])
    return check_finite_array(name, value, ndim=ndim)


def _clip_bounds(clip):
    """``(low, high)`` from ``clip``: None, or a pair of numbers / None with low <= high."""
    if clip is None:
        return None
    if not isinstance(clip, (tuple, list)) or len(clip) != 2:
        raise ValueError(f"clip must be None or a pair (low, high), got {clip!r}"[:120])
    low, high = (None if b is None else check_finite(f"clip[{k}]", b) for k, b in enumerate(clip))
    if low is not None and high is not None and low > high:
        raise ValueError(f"clip must have low <= high, got clip={clip!r}")
    return low, high


def _noise_intensity(sigma, shape) -> np.ndarray:
    """``sigma`` as a non-negative float array broadcast to ``shape`` (ValueError naming it)."""
    if np.ndim(sigma) == 0:
        arr = np.asarray(check_nonnegative("sigma", sigma))
    else:
        arr = _finite_numbers("sigma", sigma)
        if np.any(arr < 0):
            raise ValueError(f"sigma must be >= 0 everywhere, got a minimum of {arr.min():g}")
    try:
        return np.broadcast_to(arr, shape)
    except ValueError:
        raise ValueError(
            f"sigma with shape {arr.shape} does not broadcast to y0's shape {shape}") from None


def euler(
    rhs: Callable[[float, np.ndarray], np.ndarray],
    y0,
    T: float,
    dt: float,
    *,
    sigma=0.0,
    rng: np.random.Generator | int | None = None,
    clip: tuple[float | None, float | None] | None = None,
) -> Trajectory:
    """Integrate ``dy/dt = rhs(t, y) + sigma eta(t)`` with (stochastic) Euler steps.

    Parameters
    ----------
    rhs : callable ``rhs(t, y) -> dy/dt``
        Vectorised right-hand side; receives and returns arrays of
        ``y0``'s shape.
    y0 : array_like
        Initial state(s), finite numbers. Any shape; every entry is
        integrated at once.
    T : float
        Duration (same time unit as ``dt``), ``T >= 0``; at most
        2,000,000 steps (:data:`~course_lib._validate.MAX_STEPS`).
    dt : float
        Time step, ``dt > 0``.
    sigma : float or array_like, default 0
        Noise intensity, broadcastable to ``y0``; ``sigma >= 0``. Each step
        adds ``sigma * sqrt(dt) * N(0, 1)``.
    rng : numpy.random.Generator or int or None
        Source of the noise: a Generator, a seed (an integer >= 0) or None.
        Only used when ``sigma > 0``.
    clip : (low, high) or None
        If given, the state is clipped to ``[low, high]`` after every step
        (either bound may be None; for example ``(0, None)`` keeps rates
        non-negative). A modelling choice: state it where you use it.

    Returns
    -------
    Trajectory
        ``t`` with shape ``(n_t,)`` and ``y`` with shape
        ``y0.shape + (n_t,)``, ``n_t = round(T / dt) + 1``; at most
        20,000,000 numbers (:data:`~course_lib._validate.MAX_ELEMENTS`).

    Raises
    ------
    ValueError
        For a bad argument (the message names it), and when the solution
        stops being finite (``rhs`` returned NaN or inf, or the steps
        diverged), with the time it happened.

    Notes
    -----
    Euler–Maruyama: ``y[k+1] = y[k] + dt rhs(t_k, y[k]) + sigma sqrt(dt) xi_k``
    with independent standard normal ``xi_k``. With ``sigma = 0`` this is the
    plain Euler method.

    Examples
    --------
    Exponential decay from three starting values:

    >>> traj = euler(lambda t, y: -y, [1.0, 2.0, 3.0], T=1.0, dt=0.5)
    >>> traj.y.shape
    (3, 3)
    >>> traj.y[:, -1]
    array([0.25, 0.5 , 0.75])
    """
    rhs = check_callable("rhs", rhs)
    y = _finite_numbers("y0", y0).copy()
    t = time_grid(T, dt)
    dt = float(dt)
    if t.size * max(y.size, 1) > MAX_ELEMENTS:
        raise ValueError(
            f"T and y0 ask for {t.size:,} samples of {y.size:,} entries; at most "
            f"{MAX_ELEMENTS:,} numbers are allowed (shorten T, enlarge dt or use fewer starts)")
    noise_scale = _noise_intensity(sigma, y.shape) * math.sqrt(dt)
    noisy = bool(np.any(noise_scale > 0))
    rng = check_rng("rng", rng)
    bounds = _clip_bounds(clip)

    out = np.empty((t.size,) + y.shape)
    out[0] = y
    with np.errstate(over="ignore", invalid="ignore"):  # checked once, after the loop
        for k in range(t.size - 1):
            dy = rhs(t[k], y)
            if k == 0:
                dy = _first_derivative(dy, y.shape)
            y = y + dt * dy
            if noisy:
                y = y + noise_scale * rng.standard_normal(y.shape)
            if bounds is not None:
                y = np.clip(y, *bounds)
            out[k + 1] = y
    bad = ~np.isfinite(out)
    if bad.any():
        k = int(np.argmax(bad.reshape(t.size, -1).any(axis=1)))
        raise ValueError(
            f"the solution is not finite from t = {t[k]:g} on: rhs returned NaN or inf, or "
            f"the Euler steps diverged (dt = {dt:g} may be too large for this rhs)")
    return Trajectory(t, np.moveaxis(out, 0, -1))


def _first_derivative(dy, shape) -> np.ndarray:
    """What ``rhs`` returned on the first step, checked: numbers of (or broadcasting to)
    ``y0``'s shape."""
    try:
        arr = np.asarray(dy, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"rhs must return numbers, got {dy!r}"[:120]) from None
    try:
        fits = np.broadcast_shapes(arr.shape, shape) == shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"rhs must return an array of y0's shape {shape}, got shape {arr.shape}")
    return arr
