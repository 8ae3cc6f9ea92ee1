"""Checks for the exercises of notebook 02 (two neurons, the phase plane).

Each check takes the learner's function, tries it on a few inputs, and
returns :class:`~course_lib.exercises.Feedback` that names the mistake when
it recognises one.
"""

from __future__ import annotations

import numpy as np

from .. import two_neuron as tn
from ..transfer import logistic_rate, logistic_rate_prime
from . import Feedback, NotDone, is_unfinished, run_check

__all__ = ["jacobian", "classify", "ends_high"]

# (x, y, w1, w2, I): different couplings and rates, so swapped terms show up
JAC_CASES = [(25.0, 25.0, 0.4, 0.4, -10.0), (20.0, 31.0, 0.3, 0.5, -9.0),
             (3.0, 40.0, 0.6, 0.2, -4.0), (12.0, 7.0, -0.5, 0.8, 1.0)]


def _call(fn, *args):
    out = fn(*args)
    if is_unfinished(out):
        raise NotDone
    return out


def _fp(s):
    return float(logistic_rate_prime(s))


def jacobian(fn) -> Feedback:
    """Check ``fn(x, y, w1, w2, I)``: the 2x2 Jacobian of the two-neuron network."""

    def body():
        for x, y, w1, w2, I in JAC_CASES:
            got = _call(fn, x, y, w1, w2, I)
            try:
                got = np.asarray(got, dtype=float)
            except (TypeError, ValueError):
                raise AssertionError(
                    f"jacobian should return a 2x2 array of numbers, got {got!r}") from None
            if got.shape != (2, 2):
                raise AssertionError(
                    f"jacobian should return a 2x2 array (rows: dx/dt and dy/dt; columns: "
                    f"d/dx and d/dy), got shape {got.shape}. Try np.array([[a, b], [c, d]]).")
            want = tn.jacobian(x, y, w1, w2, I)
            if np.allclose(got, want, rtol=1e-7, atol=1e-9):
                continue
            a_in, b_in = w2 * y + I, w1 * x + I  # inputs of neuron x and neuron y
            sig_a = float(logistic_rate(a_in)) / tn.R_MAX  # σ(s) = f(s) / 50
            sig_b = float(logistic_rate(b_in)) / tn.R_MAX
            hints = {
                "transposed the matrix: row i holds the derivatives of the i-th equation, "
                "so d(dx/dt)/dy goes top right": want.T,
                "swapped w1 and w2: dx/dt = -x + f(w2 y + I) depends on y through w2":
                    np.array([[-1, w1 * _fp(a_in)], [w2 * _fp(b_in), -1]]),
                "evaluated f' at the other neuron's input: the top-right entry is "
                "w2 f'(w2 y + I), the input of neuron x":
                    np.array([[-1, w2 * _fp(b_in)], [w1 * _fp(a_in), -1]]),
                "forgot the -1 on the diagonal (the leak: d(-x)/dx = -1)":
                    want + np.eye(2),
                "forgot the chain-rule factor w: d f(w2 y + I)/dy = w2 f'(w2 y + I)":
                    np.array([[-1, _fp(a_in)], [_fp(b_in), -1]]),
                "used f instead of its derivative f'":
                    np.array([[-1, w2 * float(logistic_rate(a_in))],
                              [w1 * float(logistic_rate(b_in)), -1]]),
                "left out the factor 50 in f'(s) = 50 σ(s)(1 - σ(s))":
                    np.array([[-1, w2 * sig_a * (1 - sig_a)], [w1 * sig_b * (1 - sig_b), -1]]),
            }
            for why, value in hints.items():
                if np.allclose(got, value, rtol=1e-7, atol=1e-9):
                    raise AssertionError(
                        f"at x={x}, y={y}, w1={w1}, w2={w2}, I={I} it looks like you {why}. "
                        f"Expected {np.array2string(want, precision=4)}, "
                        f"got {np.array2string(got, precision=4)}.")
            raise AssertionError(
                f"at x={x}, y={y}, w1={w1}, w2={w2}, I={I} the Jacobian is "
                f"{np.array2string(want, precision=4)}, you return "
                f"{np.array2string(got, precision=4)}. Entry [i, j] is the derivative of "
                "equation i by variable j.")
        return ("jacobian: correct! At the saddle (25, 25) it is [[-1, 5], [5, -1]]: "
                "eigenvalues 4 and -6.")

    return run_check("jacobian", body)


CLASSIFY_CASES = [(-2.0, -24.0, "saddle"), (-2.0, 0.99, "stable node"),
                  (3.0, 2.0, "unstable node"), (-2.0, 5.0, "stable spiral"),
                  (1.0, 3.0, "unstable spiral"), (2.0, -1.0, "saddle"),
                  (-0.5, 0.01, "stable node"), (-0.1, 0.2, "stable spiral")]


def classify(fn) -> Feedback:
    """Check ``fn(trace, det)``: "saddle", "stable node", "unstable spiral", ..."""

    def body():
        for trace, det, want in CLASSIFY_CASES:
            got = _call(fn, trace, det)
            if not isinstance(got, str):
                raise AssertionError(
                    f"classify should return a string such as 'stable node', got {got!r}.")
            g = " ".join(got.lower().replace("-", " ").split())
            if g == want:
                continue
            where = f"for trace = {trace:g}, det = {det:g} you say {got!r} but it is a {want}"
            disc = trace * trace - 4 * det
            if want == "saddle":
                raise AssertionError(
                    f"{where}: det < 0 means the eigenvalues are real with opposite signs "
                    "(their product is det). Check det < 0 first.")
            if g == "saddle":
                raise AssertionError(
                    f"{where}: det > 0, so both eigenvalues have the same sign; a saddle "
                    "needs det < 0.")
            if ("node" in g) != ("node" in want) or ("spiral" in g) != ("spiral" in want):
                raise AssertionError(
                    f"{where}: the discriminant trace² - 4 det = {disc:g} is "
                    f"{'positive: real eigenvalues, a node' if disc > 0 else 'negative: complex eigenvalues, a spiral'}.")
            if ("unstable" in g) != ("unstable" in want):
                raise AssertionError(
                    f"{where}: with det > 0 both eigenvalues (or their real parts) have the "
                    f"sign of the trace, here {trace:g}: "
                    f"{'negative, so stable' if trace < 0 else 'positive, so unstable'}.")
            raise AssertionError(f"{where}. Answer with one of: 'saddle', 'stable node', "
                                 "'unstable node', 'stable spiral', 'unstable spiral'.")
        return ("classify: correct! det < 0: saddle; otherwise the trace gives stability and "
                "trace² - 4 det decides node or spiral. In this network the trace is always -2.")

    return run_check("classify", body)


def _basin_truth():
    """Starting points (away from the separatrix) and where Euler runs end: True = high."""
    rng = np.random.default_rng(2)
    pts = rng.uniform(0.0, 50.0, (2, 400))
    keep = np.abs(pts[0] + pts[1] - 50.0) > 1.0
    extra = np.array([[40.0, 15.0], [15.0, 40.0], [30.0, 24.0], [24.0, 30.0], [5.0, 5.0],
                      [45.0, 45.0], [20.0, 26.0], [48.0, 1.0]]).T
    pts = np.concatenate((extra, pts[:, keep]), axis=1)
    sim = tn.simulate(pts[0], pts[1], T=60.0)
    return pts, sim.x[:, -1] > tn.R_MAX / 2


def ends_high(fn) -> Feedback:
    """Check ``fn(x0, y0)``: True if the run from ``(x0, y0)`` ends in the high state."""

    def body():
        pts, truth = _basin_truth()
        answers = []
        for x0, y0 in pts.T:
            got = _call(fn, float(x0), float(y0))
            if not isinstance(got, (bool, np.bool_)):
                raise AssertionError(f"ends_high should return True or False, got {got!r}.")
            answers.append(bool(got))
        answers = np.array(answers)
        wrong = answers != truth
        if not wrong.any():
            return ("ends_high: correct! The separatrix x + y = 50 splits the plane: above it "
                    "the network ends high, below it low.")
        if answers.all():
            raise AssertionError(
                "you say every start ends high. The report's 'y = -x' is only the *direction* "
                "of the separatrix; the line itself passes through the saddle (25, 25): "
                "x + y = 50. Try (10, 10): it ends low.")
        if not answers.any():
            raise AssertionError("you say every start ends low. Try (45, 45): it ends high.")
        if (answers == ~truth).all():
            raise AssertionError("you have it the wrong way round: every answer is flipped.")
        k = int(np.flatnonzero(wrong)[0])
        x0, y0 = pts[:, k]
        where = "high" if truth[k] else "low"
        return_msg = (f"{int(wrong.sum())} of {wrong.size} starts are wrong, e.g. ({x0:.3g}, "
                      f"{y0:.3g}) ends {where} but you say {'high' if answers[k] else 'low'}.")
        if ((pts[0] > 25) & (pts[1] > 25) == answers).all():
            raise AssertionError(
                f"{return_msg} Both rates above the saddle's 25 Hz is not needed: one "
                "strongly active neuron can pull the other up. Look at the separatrix.")
        raise AssertionError(f"{return_msg} Which side of the separatrix is the start on?")

    return run_check("ends_high", body)
