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

from ._validate import check_finite_array, check_nonnegative, check_positive

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
        Duration, ``T >= 0``; rounded to a whole number of steps.
    dt : float
        Time step (same unit as ``T``), ``dt > 0``.

    Returns
    -------
    ndarray, shape (n_t,)
        ``k dt`` for ``k = 0, ..., n_t - 1``, ``n_t = round(T / dt) + 1``.

    Examples
    --------
    >>> time_grid(0.3, 0.1)
    array([0. , 0.1, 0.2, 0.3])
    """
    T = check_nonnegative("T", T)
    dt = check_positive("dt", dt)
    n_steps = int(round(T / dt))
    return np.arange(n_steps + 1) * dt


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
        Initial state(s). Any shape; every entry is integrated at once.
    T : float
        Duration (same time unit as ``dt``), ``T >= 0``.
    dt : float
        Time step, ``dt > 0``.
    sigma : float or array_like, default 0
        Noise intensity, broadcastable to ``y0``; ``sigma >= 0``. Each step
        adds ``sigma * sqrt(dt) * N(0, 1)``.
    rng : numpy.random.Generator or int or None
        Source of the noise (an int seeds a new generator). Only used when
        ``sigma > 0``.
    clip : (low, high) or None
        If given, the state is clipped to ``[low, high]`` after every step
        (for example ``(0, None)`` keeps rates non-negative). A modelling
        choice: state it where you use it.

    Returns
    -------
    Trajectory
        ``t`` with shape ``(n_t,)`` and ``y`` with shape
        ``y0.shape + (n_t,)``, ``n_t = round(T / dt) + 1``.

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
    y = check_finite_array("y0", y0).copy()
    t = time_grid(T, dt)
    dt = float(dt)
    sigma = np.asarray(sigma, dtype=float)
    if not np.all(np.isfinite(sigma)):
        raise ValueError(f"sigma must be a finite number, got {sigma}")
    if np.any(sigma < 0):
        raise ValueError(f"sigma must be >= 0, got {sigma}")
    noisy = bool(np.any(sigma > 0))
    if noisy:
        rng = np.random.default_rng(rng)
        try:
            noise_scale = np.broadcast_to(sigma * math.sqrt(dt), y.shape)
        except ValueError:
            raise ValueError(
                f"sigma with shape {sigma.shape} does not broadcast to y0's shape {y.shape}"
            ) from None
    low, high = clip if clip is not None else (None, None)

    out = np.empty((t.size,) + y.shape)
    out[0] = y
    for k in range(t.size - 1):
        y = y + dt * rhs(t[k], y)
        if noisy:
            y = y + noise_scale * rng.standard_normal(y.shape)
        if clip is not None:
            y = np.clip(y, low, high)
        out[k + 1] = y
    return Trajectory(t, np.moveaxis(out, 0, -1))
