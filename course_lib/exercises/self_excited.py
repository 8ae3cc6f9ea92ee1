"""Checks for the exercises of notebook 01 (the self-connected neuron).

Each check takes the learner's function, tries it on a few inputs, and
returns :class:`~course_lib.exercises.Feedback` that names the mistake when
it recognises one. ``cases`` replaces the inputs tried; ``check.random_cases(rng)``
draws new ones (see :mod:`course_lib.exercises`).
"""

from __future__ import annotations

import numpy as np

from .. import self_excited as se
from ..transfer import tanh_rate
from . import Feedback, NotDone, is_unfinished, run_check, with_random_cases

__all__ = ["euler_step", "noisy_step", "fixed_points", "stability"]

# (r, w, I, dt)
CASES = [(59.0, 0.04, -2.4, 0.1), (10.0, 0.04, -2.4, 0.05), (100.0, 0.1, -5.0, 0.2),
         (30.0, 0.0, 0.5, 0.1)]


def _call(fn, *args):
    if fn is None or is_unfinished(fn):
        raise NotDone
    if not callable(fn):
        raise AssertionError(f"expected a function, got {type(fn).__name__} {fn!r}")
    out = fn(*args)
    if is_unfinished(out):
        raise NotDone
    if out is None:
        raise AssertionError("your function returns None: did you forget the return statement?")
    return out


def _number(name, got, what):
    try:
        return float(np.asarray(got, dtype=float))
    except (TypeError, ValueError):
        raise AssertionError(f"{name} should return one number ({what}), got {got!r}") from None


def _euler_mistakes(r, w, I, dt):
    """Values a one-step Euler update takes with the usual mistakes: {why: value}."""
    return {
        "forgot the leak term -r": r + dt * tanh_rate(w * r + I),
        "returned the change dt·(dr/dt) instead of the new rate r + dt·(dr/dt)":
            dt * float(se.flux(r, w, I)),
        "forgot to multiply the flux by dt": r + float(se.flux(r, w, I)),
        "subtracted the flux: the step is r + dt·(dr/dt), not r - dt·(dr/dt)":
            r - dt * float(se.flux(r, w, I)),
        "used f(w + I) instead of f(w·r + I)": r + dt * (-r + tanh_rate(w + I)),
        "used f(r + I) instead of f(w·r + I): the input is w·r + I":
            r + dt * (-r + tanh_rate(r + I)),
        "used tanh(w·r + I) without the factor 60(1 + ...)":
            r + dt * (-r + np.tanh(w * r + I)),
        "used 60 tanh(s) instead of f(s) = 60 (1 + tanh s)":
            r + dt * (-r + 60 * np.tanh(w * r + I)),
    }


def _random_euler_cases(rng):
    return [(round(float(rng.uniform(1, 119)), 2), round(float(rng.uniform(0.01, 0.1)), 4),
             round(float(rng.uniform(-5, 0)), 3), round(float(rng.uniform(0.01, 0.3)), 3))
            for _ in range(4)]


@with_random_cases(_random_euler_cases)
def euler_step(fn, cases=None) -> Feedback:
    """Check ``fn(r, w, I, dt)``: one Euler step of ``dr/dt = -r + f(w r + I)``.

    ``cases``: a list of ``(r, w, I, dt)``.
    """

    def body():
        for r, w, I, dt in (CASES if cases is None else cases):
            got = _number("euler_step", _call(fn, r, w, I, dt), "the new rate")
            want = r + dt * float(se.flux(r, w, I))  # the model's one definition
            if np.isclose(got, want, rtol=1e-9, atol=1e-9):
                continue
            for why, value in _euler_mistakes(r, w, I, dt).items():
                if np.isclose(got, value, rtol=1e-9, atol=1e-9):
                    raise AssertionError(
                        f"for r={r}, w={w}, I={I}, dt={dt} you return {got:.6g}: it looks like "
                        f"you {why}. The Euler step is r + dt * (-r + f(w*r + I)) = {want:.6g}.")
            raise AssertionError(
                f"for r={r}, w={w}, I={I}, dt={dt} you return {got:.6g}, but "
                f"r + dt * (-r + f(w*r + I)) = {want:.6g}.")
        return "euler_step: correct! One step moves r by dt times the flux."

    return run_check("euler_step", body)


# (r0, w, I, sigma, dt, seed): every entry of r starts at r0, away from 60 where the flux is 0
NOISY_CASES = [(30.0, se.W_DEFAULT, se.I_DEFAULT, 20.0, 0.1, 1),
               (100.0, se.W_DEFAULT, se.I_DEFAULT, 20.0, 0.01, 2)]
N_NOISY = 200_000


def _random_noisy_cases(rng):
    return [(round(float(rng.uniform(5, 115)), 2), round(float(rng.uniform(0.02, 0.08)), 4),
             round(float(rng.uniform(-4, -1)), 3), round(float(rng.uniform(3, 30)), 2),
             round(float(dt), 4), int(rng.integers(2**31)))
            for dt in (rng.uniform(0.05, 0.3), rng.uniform(0.002, 0.02))]


@with_random_cases(_random_noisy_cases)
def noisy_step(fn, cases=None) -> Feedback:
    """Check ``fn(r, w, I, dt, sigma, rng)``: one Euler–Maruyama step (statistically).

    ``cases``: a list of ``(r0, w, I, sigma, dt, seed)``; ``r`` is an array of
    200 000 entries equal to ``r0`` and ``rng = np.random.default_rng(seed)``.
    """

    def run(r, w, I, dt, sigma, seed):
        out = _call(fn, r.copy(), w, I, dt, sigma, np.random.default_rng(seed))
        try:
            out = np.asarray(out, dtype=float)
        except (TypeError, ValueError):
            raise AssertionError(f"noisy_step should return an array of rates, got {out!r}") \
                from None
        if out.shape != r.shape:
            raise AssertionError(
                f"called with an array r of shape {r.shape} you return shape {out.shape}: "
                "return one new rate per entry, with one random number per entry, e.g. "
                "rng.standard_normal(np.shape(r)).")
        return out

    def body():
        for r0, w, I, sigma, dt, seed in (NOISY_CASES if cases is None else cases):
            r = np.full(N_NOISY, float(r0))
            where = f"for r={r0:g}, w={w:g}, I={I:g}, dt={dt:g}"
            drift = dt * float(se.flux(r0, w, I))
            # the deterministic part alone
            quiet = run(r, w, I, dt, 0.0, seed)
            if np.ptp(quiet) > 1e-9:
                raise AssertionError(
                    f"{where} and sigma = 0 your step is still random: multiply the noise term "
                    "by sigma, sigma * np.sqrt(dt) * rng.standard_normal(np.shape(r)).")
            if not np.isclose(quiet[0] - r0, drift, rtol=1e-9, atol=1e-9):
                for why, value in _euler_mistakes(r0, w, I, dt).items():
                    if np.isclose(quiet[0], value, rtol=1e-9, atol=1e-9):
                        raise AssertionError(
                            f"{where} and sigma = 0 you return {quiet[0]:.6g}: it looks like you "
                            f"{why}. Without noise the step is r + dt * (-r + f(w*r + I)) = "
                            f"{r0 + drift:.6g}.")
                raise AssertionError(
                    f"{where} and sigma = 0 you return {quiet[0]:.6g}; without noise the step "
                    f"is r + dt * (-r + f(w*r + I)) = {r0 + drift:.6g}: check the deterministic "
                    "part.")
            # the noise: drawn from the rng argument, one number per entry, N(0, sigma² dt)
            out = run(r, w, I, dt, sigma, seed)
            if np.array_equal(out, quiet):
                raise AssertionError("your step adds no noise: add sigma * np.sqrt(dt) * "
                                     "rng.standard_normal(np.shape(r)).")
            if not np.array_equal(out, run(r, w, I, dt, sigma, seed)):
                raise AssertionError(
                    "called twice with the same generator (same seed) your function gives "
                    "different numbers: the noise does not come from the rng argument "
                    "(np.random.standard_normal, or a new default_rng() inside the function?). "
                    "Draw it with "
                    "rng.standard_normal(np.shape(r)), so that a run can be repeated exactly.")
            if np.array_equal(out, run(r, w, I, dt, sigma, seed + 1)):
                raise AssertionError(
                    "your function gives the same numbers whatever generator it is given: it "
                    "ignores the rng argument. Draw the noise with "
                    "rng.standard_normal(np.shape(r)).")
            noise = out - r - drift
            if np.ptp(noise) < 1e-9 * max(1.0, abs(noise).max()):
                if abs(noise[0]) < 1e-9:
                    raise AssertionError("your step adds no noise: add sigma * np.sqrt(dt) * "
                                         "rng.standard_normal(np.shape(r)).")
                raise AssertionError(
                    f"all {r.size} entries got the same random number ({noise[0]:+.4g}): draw "
                    "one number per entry, rng.standard_normal(np.shape(r)), not "
                    "rng.standard_normal() once.")
            mean, var = noise.mean(), noise.var()
            want_var = sigma**2 * dt
            if abs(mean) > 6 * np.sqrt(var / r.size):
                raise AssertionError(
                    f"{where} your noise averages {mean:+.4g} instead of 0: the deterministic "
                    "part is right, so the random numbers are not centred. Use standard normal "
                    "numbers (mean 0, variance 1): rng.standard_normal(np.shape(r)).")
            if np.isclose(var, sigma**2, rtol=0.05):
                raise AssertionError(
                    f"{where} your noise has variance {var:.4g} ≈ σ² = {sigma**2:g}: you forgot "
                    f"the sqrt(dt). Without it the noise is 1/sqrt(dt) = {1 / np.sqrt(dt):.3g} "
                    "times too strong, and the smaller the step, the stronger it gets (the "
                    "report's mistake: 3.2 times too strong at dt = 0.1). Use "
                    "sigma * np.sqrt(dt) * rng.standard_normal(np.shape(r)).")
            if np.isclose(var, sigma**2 * dt**2, rtol=0.05):
                raise AssertionError(
                    f"{where} your noise has variance {var:.4g} ≈ σ² dt²: you multiplied the "
                    "noise by dt instead of sqrt(dt) (the noise then fades away as dt shrinks).")
            if np.isclose(var, want_var**2, rtol=0.05):
                raise AssertionError(
                    f"{where} your noise has variance {var:.4g} ≈ (σ² dt)²: rng.normal takes the "
                    "standard deviation, sigma * np.sqrt(dt), not the variance.")
            if np.isclose(var, sigma * dt, rtol=0.05):
                raise AssertionError(
                    f"{where} your noise has variance {var:.4g} ≈ σ dt: the standard deviation "
                    "is sigma * np.sqrt(dt), not np.sqrt(sigma * dt).")
            if not np.isclose(var, want_var, rtol=0.05):
                raise AssertionError(
                    f"{where} and sigma={sigma:g} the variance of one noisy step is {var:.4g}; "
                    f"it should be σ² dt = {want_var:.4g}.")
            kurtosis = float(np.mean(noise**4) / var**2)
            if abs(kurtosis - 3) > 0.15:
                raise AssertionError(
                    f"your noise has the right mean and variance but is not normally distributed "
                    f"(kurtosis {kurtosis:.2f}; a normal distribution has 3): use "
                    "rng.standard_normal(np.shape(r)).")
        return ("noisy_step: correct! The noise variance per step is σ²·dt, so the "
                "results do not depend on the step size.")

    return run_check("noisy_step", body)


FIXED_POINT_CASES = [(0.04, -2.4), (0.04, -1.0), (0.1, -5.0), (0.0, 0.5)]


def _random_wI(rng, n_bistable=2, n_single=1):
    """(w, I) pairs: ``n_bistable`` with three fixed points, ``n_single`` with one."""
    cases = []
    while len(cases) < n_bistable:
        w = round(float(rng.uniform(0.025, 0.1)), 4)
        lo, hi = se.bistable_range(w)
        I = round(float(rng.uniform(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo))), 4)
        if len(se.fixed_points(w, I)) == 3:
            cases.append((w, I))
    while len(cases) < n_bistable + n_single:
        w = round(float(rng.uniform(0.0, 0.1)), 4)
        lo, hi = se.bistable_range(w) if w > se.W_CUSP else (-60 * w, -60 * w)
        I = round(float(hi + rng.uniform(0.3, 2) if rng.random() < 0.5
                        else lo - rng.uniform(0.3, 2)), 4)
        if len(se.fixed_points(w, I)) == 1:
            cases.append((w, I))
    return cases


@with_random_cases(_random_wI)
def fixed_points(fn, cases=None) -> Feedback:
    """Check ``fn(w, I)``: all fixed points, as a sequence of rates.

    ``cases``: a list of ``(w, I)``.
    """

    def body():
        for w, I in (FIXED_POINT_CASES if cases is None else cases):
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
                if not abs(fl) <= 1e-4:
                    raise AssertionError(
                        f"at w={w}, I={I} your fixed point {x:.4g} does not make the flux zero: "
                        f"dr/dt({x:.4g}) = {fl:.3g}. A fixed point solves -r + f(w*r + I) = 0.")
            for x in want:
                near = got[np.isclose(got, x, atol=1e-4)]
                if near.size > 1:
                    raise AssertionError(
                        f"at w={w}, I={I} you return the fixed point {x:.4g} {near.size} times "
                        f"({', '.join(f'{v:.10g}' for v in near)}): a root found from both sides "
                        "of a grid point, or once as an exact zero and once by brentq? Keep each "
                        "fixed point once.")
            missing = [x for x in want if not np.any(np.isclose(got, x, atol=1e-4))]
            if missing:
                msg = (f"at w={w}, I={I} you found {got.size} fixed point(s) but there are "
                       f"{want.size}: missing {', '.join(f'{x:.4g}' for x in missing)}.")
                # a fixed point at a round number (60 for w = 0.04, I = -2.4) where the flux is
                # exactly 0.0: a grid point, with no sign change on either side
                exact = [round(x, 6) for x in missing if float(se.flux(round(x, 6), w, I)) == 0.0]
                if exact:
                    x = exact[0]
                    raise AssertionError(
                        f"{msg} The flux is exactly 0 at r = {x:g} (0.0, not just small). If "
                        f"{x:g} is a point of your grid, the flux does not change sign on either "
                        "side of it, so a test like g[k] * g[k+1] < 0 misses it: also keep the "
                        "grid points where the flux is exactly 0.")
                close = [(a, b) for a, b in zip(missing, missing[1:]) if b - a < 5]
                if close:
                    a, b = close[0]
                    raise AssertionError(
                        f"{msg} {a:.4g} and {b:.4g} are only {b - a:.2g} Hz apart: between two "
                        "grid points that enclose both, the flux does not change sign. Use a "
                        "finer grid.")
                raise AssertionError(
                    f"{msg} Every fixed point lies in 0 <= r <= 120 (f is between 0 and 120): "
                    "search all of that range, on a grid fine enough that no two fixed points "
                    "fall between the same two grid points.")
        return "find_fixed_points: correct! Every value makes the flux zero and none is missing."

    return run_check("find_fixed_points", body)


STABILITY_CASES = [(0.04, -2.4), (0.1, -5.0), (0.01, -0.5)]


def _random_stability_cases(rng):
    return _random_wI(rng, n_bistable=2, n_single=1)


@with_random_cases(_random_stability_cases)
def stability(fn, cases=None) -> Feedback:
    """Check ``fn(r_star, w, I)``: True if the fixed point is stable.

    ``cases``: a list of ``(w, I)``; every fixed point there is tried.
    """

    def body():
        for w, I in (STABILITY_CASES if cases is None else cases):
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
