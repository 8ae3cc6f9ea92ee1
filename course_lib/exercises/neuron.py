"""Checks for the exercises of notebook 04 (the conductance-based neuron).

Each check calls the learner's function on a few inputs, compares with
:mod:`course_lib.neuron`, and names the most common mistakes. ``cases``
replaces the inputs tried; ``check.random_cases(rng)`` draws new ones (see
:mod:`course_lib.exercises`).
"""

from __future__ import annotations

import math

from .. import neuron as nrn
from . import NotDone, is_unfinished, run_check, with_random_cases

__all__ = ["vm_eq", "ge_theta", "leak_to_stop"]

# (g_e, g_i, g_l, e_rev_e, e_rev_i, e_rev_l): the simulation, a general case, no leak
_VM_CASES = ((0.3, 0.0, 0.3, 1.0, 0.25, 0.3), (0.4, 0.2, 0.1, 1.0, 0.25, 0.3),
             (1.0, 1.0, 0.0, 1.0, 0.25, 0.3), (0.2, 0.5, 0.3, 0.9, 0.2, 0.35))


def _call(fn, *args):
    if fn is None or is_unfinished(fn):
        raise NotDone
    if not callable(fn):
        raise AssertionError(f"expected a function, got {type(fn).__name__}")
    out = fn(*args)
    if is_unfinished(out):
        raise NotDone
    if out is None:
        raise AssertionError("your function returns None: did you forget the return statement?")
    try:
        return float(out)
    except (TypeError, ValueError):
        raise AssertionError(f"your function returned {out!r}, not a number") from None


def _random_reversals(rng):
    return (round(float(rng.uniform(0.8, 1.0)), 3), round(float(rng.uniform(0.1, 0.25)), 3),
            round(float(rng.uniform(0.26, 0.4)), 3))


def _random_vm_cases(rng):
    """Conductances in (0.05, 1), one case without inhibition; other reversal potentials."""
    cases = []
    for k in range(3):
        g = [round(float(v), 3) for v in rng.uniform(0.05, 1.0, 3)]
        if k == 0:
            g[1] = 0.0
        cases.append((*g, *_random_reversals(rng)))
    return cases


@with_random_cases(_random_vm_cases)
def vm_eq(fn, cases=None):
    """Check ``fn(g_e, g_i, g_l, e_rev_e, e_rev_i, e_rev_l)`` -> equilibrium ``V_m``.

    ``cases``: a list of ``(g_e, g_i, g_l, e_rev_e, e_rev_i, e_rev_l)``.
    """

    def body():
        for case in (_VM_CASES if cases is None else cases):
            got = _call(fn, *case)
            want = nrn.vm_equilibrium(*case)
            if math.isclose(got, want, abs_tol=1e-9):
                continue
            g_e, g_i, g_l, e_e, e_i, e_l = case
            g = g_e + g_i + g_l
            where = f"for g_e={g_e}, g_i={g_i}, g_l={g_l}"
            if math.isclose(got, g_e * e_e + g_i * e_i + g_l * e_l, abs_tol=1e-9):
                raise AssertionError(f"{where} you return the weighted sum {got:.4g}; divide it "
                                     f"by the total conductance g_e + g_i + g_l = {g:g}")
            if math.isclose(got, (e_e + e_i + e_l) / 3, abs_tol=1e-9):
                raise AssertionError(f"{where} you return the plain mean of the reversal "
                                     "potentials; weight each one by its conductance")
            if g_i > 0 and math.isclose(got, (g_e * e_e + g_l * e_l) / g, abs_tol=1e-9):
                raise AssertionError(f"{where} the inhibitory term g_i E_i is missing")
            for part, g_part in (("g_i", g_e + g_l), ("g_l", g_e + g_i), ("g_e", g_i + g_l)):
                if g_part > 0 and g_part != g and math.isclose(
                        got, (g_e * e_e + g_i * e_i + g_l * e_l) / g_part, abs_tol=1e-9):
                    raise AssertionError(f"{where} you divide by a sum without {part}: the "
                                         "denominator is the total conductance g_e + g_i + g_l")
            raise AssertionError(f"{where} you get {got:.6g}, but V_eq = {want:.6g}; "
                                 f"at that V the net current is "
                                 f"{nrn.currents(got, g_e, g_i, g_l, e_e, e_i, e_l).i_net:+.4g}, "
                                 "not 0")
        return ("vm_eq: correct! For the simulation (g_e = g_l = 0.3, no inhibition) "
                f"V_eq = {nrn.vm_equilibrium(0.3, 0, 0.3):.4g}.")

    return run_check("vm_eq", body)


_GE_CASES = ((0.0, 0.3, 0.5, 1.0, 0.25, 0.3), (1.0, 0.1, 0.5, 1.0, 0.25, 0.3),
             (0.5, 0.2, 0.45, 0.9, 0.2, 0.35))


def _random_ge_cases(rng):
    """θ between E_l and E_e; one case without inhibition."""
    cases = []
    for k in range(3):
        e_e, e_i, e_l = _random_reversals(rng)
        g_i = 0.0 if k == 0 else round(float(rng.uniform(0.05, 1.0)), 3)
        theta = round(float(rng.uniform(e_l + 0.05, e_e - 0.1)), 3)
        cases.append((g_i, round(float(rng.uniform(0.05, 1.0)), 3), theta, e_e, e_i, e_l))
    return cases


@with_random_cases(_random_ge_cases)
def ge_theta(fn, cases=None):
    """Check ``fn(g_i, g_l, theta, e_rev_e, e_rev_i, e_rev_l)`` -> ``g_e^θ``.

    ``cases``: a list of ``(g_i, g_l, theta, e_rev_e, e_rev_i, e_rev_l)``.
    """

    def body():
        for case in (_GE_CASES if cases is None else cases):
            got = _call(fn, *case)
            want = nrn.ge_threshold(*case)
            if math.isclose(got, want, abs_tol=1e-9):
                continue
            g_i, g_l, th, e_e, e_i, e_l = case
            where = f"for g_i={g_i}, g_l={g_l}, θ={th}"
            if math.isclose(got, -want, abs_tol=1e-9):
                raise AssertionError(f"{where} you get {got:.4g}: the sign is flipped. The "
                                     "denominator is θ - E_e (negative), and so are the E - θ "
                                     "terms above it")
            num = g_i * (e_i - th) + g_l * (e_l - th)
            if math.isclose(got, num / (e_e - th), abs_tol=1e-9) or \
                    math.isclose(got, num, abs_tol=1e-9):
                raise AssertionError(f"{where} you get {got:.4g}; check the denominator: "
                                     "it is θ - E_e")
            if g_i > 0 and math.isclose(got, g_l * (e_l - th) / (th - e_e), abs_tol=1e-9):
                raise AssertionError(f"{where} you get {got:.4g}: the inhibitory term "
                                     "g_i (E_i - θ) is missing from the numerator")
            if got < 0:
                raise AssertionError(f"{where} you get {got:.4g}, a negative conductance: "
                                     "check the signs (both E - θ terms of the numerator and the "
                                     "denominator θ - E_e are negative)")
            v = nrn.vm_equilibrium(got, g_i, g_l, e_e, e_i, e_l) if \
                got + g_i + g_l > 0 else float("nan")
            raise AssertionError(f"{where} you get g_e^θ = {got:.6g}, but then V_eq = {v:.4g}, "
                                 f"not θ = {th}; the answer is {want:.6g}")
        return ("ge_theta: correct! With the simulation's leak g_l = 0.3 and no inhibition, "
                f"g_e^θ = {nrn.ge_threshold(0, 0.3):.4g}.")

    return run_check("ge_theta", body)


LEAK_CASES = (0.3, 0.45)
"""Excitatory conductances ``g_bar_e`` tried: the CCN simulation's 0.3, and one more."""


def _random_leak_cases(rng):
    return [round(float(g), 3) for g in rng.uniform(0.15, 0.6, 2)]


@with_random_cases(_random_leak_cases)
def leak_to_stop(answer, cases=None):
    """Check ``answer(g_bar_e)``: the leak ``g_bar_l`` at which the simulated neuron stops firing.

    That is the leak that puts ``V_eq`` exactly at θ for excitatory input
    ``g_bar_e`` and no inhibition (the simulation's reversal potentials and
    θ). ``cases``: a list of ``g_bar_e`` values. A number instead of a
    function is taken as the answer for the simulation's ``g_bar_e = 0.3``.
    """

    def body():
        if answer is None or is_unfinished(answer):
            raise NotDone
        if not callable(answer):
            try:
                float(answer)
            except (TypeError, ValueError):
                raise AssertionError(f"expected a number or a function of g_bar_e, got "
                                     f"{answer!r}") from None
        fn = answer if callable(answer) else (lambda g_bar_e: answer)
        answers = {}
        for g_e in ((0.3,) if not callable(answer) else LEAK_CASES if cases is None else cases):
            g = _call(fn, g_e)
            answers[g_e] = g
            want = float(nrn.gl_threshold(g_e))
            if math.isclose(g, want, rel_tol=1e-9, abs_tol=1e-9):
                continue
            where = f"for g_bar_e = {g_e:g}"
            others = [(k, v) for k, v in answers.items() if k != g_e]
            if others and all(math.isclose(v, g, abs_tol=1e-12) for _, v in others):
                raise AssertionError(
                    f"you return {g:g} for every g_bar_e ({', '.join(f'{k:g}' for k in answers)}): "
                    "the leak that stops firing grows with the excitatory input. Solve "
                    "V_eq = θ for g_l with g_bar_e as a variable.")
            if g < 0:
                raise AssertionError(f"{where} you return {g:g}, a negative conductance: check "
                                     "the signs of (E_e - θ) and (θ - E_l); both are positive")
            if math.isclose(g, float(nrn.ge_threshold(0.0, g_e)), rel_tol=1e-9):
                raise AssertionError(f"{where} you return {g:g}: the fraction is upside down "
                                     "(that gives g_e^θ, the excitatory threshold for a leak of "
                                     f"{g_e:g}); here g_bar_e is given and the leak is asked: "
                                     "g_l (θ - E_l) must balance g_e (E_e - θ)")
            if math.isclose(g, (nrn.E_REV_E - nrn.THETA) / (nrn.THETA - nrn.E_REV_L),
                            rel_tol=1e-9):
                raise AssertionError(f"{where} you return {g:g}: the factor g_bar_e is missing; "
                                     "the leak current must balance g_e (E_e - θ)")
            v_eq = float(nrn.vm_equilibrium(g_e, 0.0, g)) if g + g_e > 0 else float("nan")
            # (the simulation's Euler step is unstable for leaks far above any answer)
            spikes = int(nrn.run_ccn(g_bar_e=g_e, g_bar_l=g).spike.sum()) if g <= 2 else 0
            if g < want:
                raise AssertionError(
                    f"{where} a leak of {g:g} is too small: V_eq = {v_eq:.4g} is above θ = "
                    f"{nrn.THETA:g}, and the simulated neuron still fires {spikes} spikes. Find "
                    "the leak that puts V_eq exactly at θ")
            tenth = (f" {g:g} is the first silent value in steps of 0.1, but the leak slider "
                     f"moves in steps of 0.01: the neuron stops firing before {g:g}."
                     if math.isclose(g, math.ceil(want * 10) / 10, abs_tol=1e-9) else "")
            raise AssertionError(
                f"{where} a leak of {g:g} is more than needed: the neuron is silent "
                f"(V_eq = {v_eq:.4g} below θ = {nrn.THETA:g}), but it already "
                f"stops firing at a smaller leak.{tenth} Find the leak that puts V_eq exactly "
                "at θ")
        g_e = next(iter(answers))
        want = float(nrn.gl_threshold(g_e))
        below = int(nrn.run_ccn(g_bar_e=g_e, g_bar_l=want - 0.01).spike.sum())
        at = int(nrn.run_ccn(g_bar_e=g_e, g_bar_l=want).spike.sum())
        return (f"leak_to_stop: correct! With g_bar_e = {g_e:g}, at g_bar_l = {want:.4g} V_eq is "
                f"exactly θ and the neuron fires {at} spikes; at {want - 0.01:.4g} it still "
                f"fires {below}.")

    return run_check("leak_to_stop", body)
