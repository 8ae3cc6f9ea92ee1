"""Checks for the exercises of notebook 04 (the conductance-based neuron).

Each check calls the learner's function on a few inputs, compares with
:mod:`course_lib.neuron`, and names the most common mistakes.
"""

from __future__ import annotations

import math

from .. import neuron as nrn
from . import NotDone, is_unfinished, run_check

__all__ = ["vm_eq", "ge_theta", "leak_to_stop"]

# (g_e, g_i, g_l, e_rev_e, e_rev_i, e_rev_l): the simulation, a general case, no leak
_VM_CASES = ((0.3, 0.0, 0.3, 1.0, 0.25, 0.3), (0.4, 0.2, 0.1, 1.0, 0.25, 0.3),
             (1.0, 1.0, 0.0, 1.0, 0.25, 0.3), (0.2, 0.5, 0.3, 0.9, 0.2, 0.35))


def _call(fn, *args):
    if is_unfinished(fn):
        raise NotDone
    if not callable(fn):
        raise AssertionError(f"expected a function, got {type(fn).__name__}")
    out = fn(*args)
    if is_unfinished(out):
        raise NotDone
    try:
        return float(out)
    except (TypeError, ValueError):
        raise AssertionError(f"your function returned {out!r}, not a number") from None


def _first_miss(fn, cases, model):
    """The first case where ``fn`` and the model differ: ``(case, got, want)``, or None."""
    for case in cases:
        got = _call(fn, *case)
        want = model(*case)
        if not math.isclose(got, want, abs_tol=1e-9):
            return case, got, want
    return None


def vm_eq(fn):
    """Check ``fn(g_e, g_i, g_l, e_rev_e, e_rev_i, e_rev_l)`` -> equilibrium ``V_m``."""

    def body():
        miss = _first_miss(fn, _VM_CASES, nrn.vm_equilibrium)
        if miss is not None:
            case, got, want = miss
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
            raise AssertionError(f"{where} you get {got:.6g}, but V_eq = {want:.6g}; "
                                 f"at that V the net current is "
                                 f"{nrn.currents(got, g_e, g_i, g_l, e_e, e_i, e_l).i_net:+.4g}, "
                                 "not 0")
        return ("vm_eq: correct! For the simulation (g_e = g_l = 0.3, no inhibition) "
                f"V_eq = {nrn.vm_equilibrium(0.3, 0, 0.3):.4g}.")

    return run_check("vm_eq", body)


def ge_theta(fn):
    """Check ``fn(g_i, g_l, theta, e_rev_e, e_rev_i, e_rev_l)`` -> ``g_e^θ``."""
    cases = ((0.0, 0.3, 0.5, 1.0, 0.25, 0.3), (1.0, 0.1, 0.5, 1.0, 0.25, 0.3),
             (0.5, 0.2, 0.45, 0.9, 0.2, 0.35))

    def body():
        miss = _first_miss(fn, cases, nrn.ge_threshold)
        if miss is not None:
            case, got, want = miss
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
            v = nrn.vm_equilibrium(max(got, 0.0), g_i, g_l, e_e, e_i, e_l) if \
                got + g_i + g_l > 0 else float("nan")
            raise AssertionError(f"{where} you get g_e^θ = {got:.6g}, but then V_eq = {v:.4g}, "
                                 f"not θ = {th}; the answer is {want:.6g}")
        return ("ge_theta: correct! With the simulation's leak g_l = 0.3 and no inhibition, "
                f"g_e^θ = {nrn.ge_threshold(0, 0.3):.4g}.")

    return run_check("ge_theta", body)


def leak_to_stop(value):
    """Check the learner's ``g_bar_l`` at which the simulated neuron stops firing."""

    def body():
        if is_unfinished(value):
            raise NotDone
        try:
            g = float(value)
        except (TypeError, ValueError):
            raise AssertionError(f"expected a number, got {value!r}") from None
        want = nrn.gl_threshold(0.3)
        spikes = int(nrn.run_ccn(g_bar_l=min(max(g, 0.0), 2.0)).spike.sum()) if g >= 0 else None
        if math.isclose(g, want, abs_tol=1e-6):
            below = int(nrn.run_ccn(g_bar_l=want - 0.01).spike.sum())
            return (f"leak_to_stop: correct! At g_bar_l = {want:g}, V_eq is exactly θ and the "
                    f"neuron fires {spikes} spikes; at {want - 0.01:g} it still fires {below}.")
        if math.isclose(g, 0.8, abs_tol=1e-9) or math.isclose(g, 0.7, abs_tol=1e-9):
            raise AssertionError(f"{g:g} is what 0.1 steps of the slider suggest; solve "
                                 "V_eq = θ for g_l exactly (the simulation fires "
                                 f"{spikes} spikes at {g:g})")
        if g < 0:
            raise AssertionError(f"{g:g} is negative: check the signs of (E_e - θ) and (θ - E_l)")
        # upside down, g_bar_e (θ - E_l) / (E_e - θ), is g_e^θ for a leak of g_bar_e
        if math.isclose(g, nrn.ge_threshold(0.0, 0.3), abs_tol=1e-6):
            raise AssertionError(f"{g:g}: the fraction is upside down; g_l (θ - E_l) must "
                                 "balance g_e (E_e - θ)")
        state = "still fires" if spikes else "is silent, but it was already silent below"
        raise AssertionError(f"at g_bar_l = {g:g} the simulated neuron {state} ({spikes} spikes); "
                             "find the leak that puts V_eq exactly at θ")

    return run_check("leak_to_stop", body)
