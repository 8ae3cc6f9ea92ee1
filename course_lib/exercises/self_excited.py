"""Checks for the exercises of notebook 01 (the self-connected neuron).

Each check takes the learner's function, tries it on a few inputs, and
returns :class:`~course_lib.exercises.Feedback` that names the mistake when
it recognises one.
"""

from __future__ import annotations

import numpy as np

from .. import self_excited as se
from ..transfer import tanh_rate
from . import Feedback, NotDone, is_unfinished, run_check

__all__ = ["euler_step", "noisy_step", "fixed_points", "stability"]

CASES = [(59.0, 0.04, -2.4, 0.1), (10.0, 0.04, -2.4, 0.05), (100.0, 0.1, -5.0, 0.2),
         (30.0, 0.0, 0.5, 0.1)]


def _call(fn, *args):
    out = fn(*args)
    if is_unfinished(out):
        raise NotDone
    return out


def euler_step(fn) -> Feedback:
    """Check ``fn(r, w, I, dt)``: one Euler step of ``dr/dt = -r + f(w r + I)``."""

    def body():
        for r, w, I, dt in CASES:
            got = float(np.asarray(_call(fn, r, w, I, dt)))
            drift = float(se.flux(r, w, I))
            want = r + dt * drift
            if np.isclose(got, want, rtol=1e-9, atol=1e-9):
                continue
            hints = {
                "forgot the leak term -r": r + dt * tanh_rate(w * r + I),
                "returned the change dt·(dr/dt) instead of the new rate r + dt·(dr/dt)":
                    dt * drift,
                "forgot to multiply the flux by dt": r + drift,
                "used f(w + I) instead of f(w·r + I)": r + dt * (-r + tanh_rate(w + I)),
                "used tanh(w·r + I) without the factor 60(1 + ...)":
                    r + dt * (-r + np.tanh(w * r + I)),
            }
            for why, value in hints.items():
                if np.isclose(got, value, rtol=1e-9, atol=1e-9):
                    raise AssertionError(
                        f"for r={r}, w={w}, I={I}, dt={dt} you return {got:.6g}: it looks like "
                        f"you {why}. The Euler step is r + dt * (-r + f(w*r + I)) = {want:.6g}.")
            raise AssertionError(
                f"for r={r}, w={w}, I={I}, dt={dt} you return {got:.6g}, but "
                f"r + dt * (-r + f(w*r + I)) = {want:.6g}.")
        return "euler_step: correct! One step moves r by dt times the flux."

    return run_check("euler_step", body)


def noisy_step(fn) -> Feedback:
    """Check ``fn(r, w, I, dt, sigma, rng)``: one Euler–Maruyama step (statistically)."""

    def body():
        w, I, sigma = se.W_DEFAULT, se.I_DEFAULT, 20.0
        r = np.full(200_000, 60.0)
        for dt in (0.1, 0.01):
            rng = np.random.default_rng(1)
            out = np.asarray(_call(fn, r, w, I, dt, sigma, rng), dtype=float)
            if out.shape != r.shape:
                raise AssertionError(
                    f"called with an array r of shape {r.shape} you return shape {out.shape}: "
                    "draw one random number per entry, e.g. rng.standard_normal(np.shape(r)).")
            drift = float(se.flux(60.0, w, I))
            inc = out - r
            mean, var = inc.mean(), inc.var()
            want_var = sigma**2 * dt
            if not np.isclose(mean, dt * drift, atol=5 * np.sqrt(want_var / r.size) + 1e-9):
                raise AssertionError(
                    f"the average step is {mean:.4g} but should be dt·flux = {dt * drift:.4g}: "
                    "check the deterministic part r + dt * (-r + f(w*r + I)).")
            if np.isclose(var, sigma**2, rtol=0.05):
                raise AssertionError(
                    f"with dt={dt} your noise has variance {var:.4g} ≈ σ² = {sigma**2:g}: you "
                    "forgot the sqrt(dt). Without it the noise gets weaker as dt shrinks "
                    "(the original report's mistake). Use sigma * np.sqrt(dt) * rng.standard_normal(...).")
            if np.isclose(var, sigma**2 * dt**2, rtol=0.05):
                raise AssertionError(
                    f"with dt={dt} your noise has variance {var:.4g} ≈ σ² dt²: you multiplied "
                    "the noise by dt instead of sqrt(dt).")
            if var < 1e-12:
                raise AssertionError("your step adds no noise: add sigma * np.sqrt(dt) * "
                                     "rng.standard_normal(np.shape(r)).")
            if not np.isclose(var, want_var, rtol=0.05):
                raise AssertionError(
                    f"with dt={dt} the variance of one noisy step is {var:.4g}; it should be "
                    f"σ² dt = {want_var:.4g}.")
        return ("noisy_step: correct! The noise variance per step is σ²·dt, so the "
                "results do not depend on the step size.")

    return run_check("noisy_step", body)


def fixed_points(fn) -> Feedback:
    """Check ``fn(w, I)``: all fixed points, as a sequence of rates."""

    def body():
        for w, I in ((0.04, -2.4), (0.04, -1.0), (0.1, -5.0), (0.0, 0.5)):
            got = _call(fn, w, I)
            try:
                got = np.sort(np.asarray(got, dtype=float).ravel())
            except (TypeError, ValueError):
                raise AssertionError(
                    f"find_fixed_points({w}, {I}) should return a list of numbers, got {got!r}"
                ) from None
            want = np.array([fp.r for fp in se.fixed_points(w, I)])
            for x in got:
                fl = float(se.flux(x, w, I))
                if abs(fl) > 1e-4:
                    raise AssertionError(
                        f"at w={w}, I={I} your fixed point {x:.4g} does not make the flux zero: "
                        f"dr/dt({x:.4g}) = {fl:.3g}. A fixed point solves -r + f(w*r + I) = 0.")
            uniq = np.unique(np.round(got, 6))
            if uniq.size < got.size:
                raise AssertionError(
                    f"at w={w}, I={I} you return the same fixed point more than once: {got}.")
            if got.size < want.size:
                missing = [f"{x:.4g}" for x in want if not np.any(np.isclose(got, x, atol=1e-4))]
                raise AssertionError(
                    f"at w={w}, I={I} you found {got.size} fixed point(s) but there are "
                    f"{want.size}: missing {', '.join(missing)}. Search the whole range 0 < r < 120.")
        return "find_fixed_points: correct! Every value makes the flux zero and none is missing."

    return run_check("find_fixed_points", body)


def stability(fn) -> Feedback:
    """Check ``fn(r_star, w, I)``: True if the fixed point is stable."""

    def body():
        for w, I in ((0.04, -2.4), (0.1, -5.0), (0.01, -0.5)):
            for fp in se.fixed_points(w, I):
                got = _call(fn, fp.r, w, I)
                if not isinstance(got, (bool, np.bool_)):
                    raise AssertionError(
                        f"is_stable should return True or False, got {got!r}.")
                if bool(got) != fp.stable:
                    raise AssertionError(
                        f"at w={w}, I={I} the fixed point r*={fp.r:.4g} has flux slope "
                        f"{fp.slope:+.3g}, so it is {'stable' if fp.stable else 'unstable'} "
                        f"(slope {'< 0: perturbations shrink' if fp.stable else '> 0: perturbations grow'}); "
                        f"your function says {'stable' if got else 'unstable'}. The slope is "
                        "-1 + w f'(w r* + I), with f'(s) = 60 (1 - tanh(s)**2).")
        return "is_stable: correct! Stable exactly where the flux slope is negative."

    return run_check("is_stable", body)
