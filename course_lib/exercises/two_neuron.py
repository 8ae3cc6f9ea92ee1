"""Checks for the exercises of notebook 02 (two neurons, the phase plane).

Each check takes the learner's function, tries it on a few inputs, and
returns :class:`~course_lib.exercises.Feedback` that names the mistake when
it recognises one. ``cases`` replaces the inputs tried; ``check.random_cases(rng)``
draws new ones (see :mod:`course_lib.exercises`).
"""

from __future__ import annotations

import numpy as np

from .. import two_neuron as tn
from ..transfer import logistic_rate, logistic_rate_prime
from . import Feedback, NotDone, is_unfinished, run_check, with_random_cases

__all__ = ["jacobian", "classify", "ends_high"]

# (x, y, w1, w2, I): different couplings and rates, so swapped terms show up
JAC_CASES = [(25.0, 25.0, 0.4, 0.4, -10.0), (20.0, 31.0, 0.3, 0.5, -9.0),
             (3.0, 40.0, 0.6, 0.2, -4.0), (12.0, 7.0, -0.5, 0.8, 1.0)]


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


def _fp(s):
    return float(logistic_rate_prime(s))


def _random_jacobian_cases(rng):
    """Couplings of both signs, unequal, and rates where f' is far from 0."""
    cases = []
    for _ in range(4):
        w1, w2 = (round(float(rng.choice([-1, 1]) * rng.uniform(0.15, 0.8)), 3) for _ in "12")
        I = round(float(rng.uniform(-10, 1)), 3)
        s_x, s_y = rng.uniform(-2.5, 2.5, 2)  # inputs of neuron x and neuron y
        cases.append((round(float((s_y - I) / w1), 3), round(float((s_x - I) / w2), 3), w1, w2, I))
    return cases


@with_random_cases(_random_jacobian_cases)
def jacobian(fn, cases=None) -> Feedback:
    """Check ``fn(x, y, w1, w2, I)``: the 2x2 Jacobian of the two-neuron network.

    ``cases``: a list of ``(x, y, w1, w2, I)``.
    """

    def body():
        for x, y, w1, w2, I in (JAC_CASES if cases is None else cases):
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
                "put +1 on the diagonal: the leak -x gives d(-x)/dx = -1":
                    want + 2 * np.eye(2),
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
KINDS = ("saddle", "stable node", "unstable node", "stable spiral", "unstable spiral")


def _kind(trace, det):
    if det < 0:
        return "saddle"
    return (("stable " if trace < 0 else "unstable ")
            + ("node" if trace * trace - 4 * det > 0 else "spiral"))


def _a(word):
    return ("an " if word[0] in "aeiou" else "a ") + word


def _random_classify_cases(rng):
    """One case of each kind, away from the borderlines (det = 0, trace = 0, trace² = 4 det)."""
    cases = []
    for kind in rng.permutation(KINDS):
        while True:
            trace = round(float(rng.choice([-1, 1]) * rng.uniform(0.2, 5)), 2)
            det = round(float(rng.uniform(-10, 10)), 2)
            if min(abs(det), abs(trace * trace - 4 * det)) > 0.2 and _kind(trace, det) == kind:
                cases.append((trace, det))
                break
    return cases


@with_random_cases(_random_classify_cases)
def classify(fn, cases=None) -> Feedback:
    """Check ``fn(trace, det)``: "saddle", "stable node", "unstable spiral", ...

    ``cases``: a list of ``(trace, det)``.
    """
    if cases is not None:
        cases = [(trace, det, _kind(trace, det)) for trace, det in cases]

    def body():
        for trace, det, want in (CLASSIFY_CASES if cases is None else cases):
            got = _call(fn, trace, det)
            if not isinstance(got, str):
                raise AssertionError(
                    f"classify should return a string such as 'stable node', got {got!r}.")
            g = " ".join(got.lower().replace("-", " ").replace("_", " ").split())
            g = {"saddle point": "saddle"}.get(g, g)
            if g == want:
                continue
            where = f"for trace = {trace:g}, det = {det:g} you say {got!r} but it is {_a(want)}"
            disc = trace * trace - 4 * det
            if g not in KINDS:
                synonym = ("'focus' is another name for a spiral. " if "focus" in g else "")
                raise AssertionError(f"{where}. {synonym}Answer with one of: 'saddle', "
                                     "'stable node', 'unstable node', 'stable spiral', "
                                     "'unstable spiral'.")
            if want == "saddle":
                raise AssertionError(
                    f"{where}: det < 0 means the eigenvalues are real with opposite signs "
                    "(their product is det). Check det < 0 first.")
            if g == "saddle":
                raise AssertionError(
                    f"{where}: det > 0, so both eigenvalues have the same sign; a saddle "
                    "needs det < 0.")
            if ("node" in g) != ("node" in want):
                raise AssertionError(
                    f"{where}: the discriminant trace² - 4 det = {disc:g} is "
                    f"{'positive: real eigenvalues, a node' if disc > 0 else 'negative: complex eigenvalues, a spiral'}.")
            raise AssertionError(
                f"{where}: with det > 0 both eigenvalues (or their real parts) have the "
                f"sign of the trace, here {trace:g}: "
                f"{'negative, so stable' if trace < 0 else 'positive, so unstable'}.")
        return ("classify: correct! det < 0: saddle; otherwise the trace gives stability and "
                "trace² - 4 det decides node or spiral. In this network the trace is always -2.")

    return run_check("classify", body)


def _basin_points():
    """The starts the learner's rule is tried on: a spread, special points, near the line."""
    rng = np.random.default_rng(2)
    pts = rng.uniform(0.0, 50.0, (2, 400))
    keep = np.abs(pts[0] + pts[1] - 50.0) > 1.0
    extra = np.array([[40.0, 15.0], [15.0, 40.0], [30.0, 24.0], [24.0, 30.0], [5.0, 5.0],
                      [45.0, 45.0], [20.0, 26.0], [48.0, 1.0]]).T
    return np.concatenate((extra, pts[:, keep], _near_separatrix(rng, 40)), axis=1)


def _near_separatrix(rng, n):
    """``n`` starts 0.05 to 1 Hz (in x + y) off the separatrix x + y = 50, both sides."""
    x = rng.uniform(1.0, 49.0, n)
    d = rng.choice([-1, 1], n) * rng.uniform(0.05, 1.0, n)
    return np.round(np.stack([x, 50.0 - x + d]), 3)


def _ends_high_truth(pts):
    """Where Euler runs from the starts ``pts`` (shape (2, n)) end: True = high."""
    sim = tn.simulate(pts[0], pts[1], T=60.0)
    return sim.x[:, -1] > tn.R_MAX / 2


def _random_basin_points(rng):
    pts = rng.uniform(0.0, 50.0, (2, 80))
    pts = np.round(pts[:, np.abs(pts[0] + pts[1] - 50.0) > 1.0][:, :45], 2)
    pts = np.concatenate((pts, _near_separatrix(rng, 15)), axis=1)
    return [(float(x), float(y)) for x, y in pts.T]


@with_random_cases(_random_basin_points)
def ends_high(fn, cases=None) -> Feedback:
    """Check ``fn(x0, y0)``: True if the run from ``(x0, y0)`` ends in the high state.

    ``cases``: a list of starts ``(x0, y0)`` (not on the separatrix itself).
    """

    def body():
        pts = _basin_points() if cases is None else np.asarray(cases, dtype=float).T
        truth = _ends_high_truth(pts)
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
                "you say every start ends high (is your rule y > -x? For rates, which are "
                "never negative, that is always true). The report's 'y = -x' is only the "
                "*direction* of the separatrix; the line itself passes through the saddle "
                "(25, 25): x + y = 50. Try (10, 10): it ends low.")
        if not answers.any():
            raise AssertionError("you say every start ends low. Try (45, 45): it ends high.")
        if (answers == ~truth).all():
            raise AssertionError("you have it the wrong way round: every answer is flipped.")
        k = int(np.flatnonzero(wrong)[0])
        x0, y0 = pts[:, k]
        where = "high" if truth[k] else "low"
        return_msg = (f"{int(wrong.sum())} of {wrong.size} starts are wrong, e.g. ({x0:.4g}, "
                      f"{y0:.4g}) ends {where} but you say {'high' if answers[k] else 'low'}.")
        if ((pts[0] > 25) & (pts[1] > 25) == answers).all():
            raise AssertionError(
                f"{return_msg} Both rates above the saddle's 25 Hz is not needed: one "
                "strongly active neuron can pull the other up. Look at the separatrix.")
        total = pts[0] + pts[1]
        if answers.any() and not answers.all() and total[answers].min() > total[~answers].max():
            lo, hi = total[~answers].max(), total[answers].min()
            raise AssertionError(
                f"{return_msg} Your rule splits the starts along x + y = c with c between "
                f"{lo:.4g} and {hi:.4g}, but the separatrix passes exactly through the saddle "
                "(25, 25): it is x + y = 50. A start just above it ends high, just below it low.")
        raise AssertionError(f"{return_msg} Which side of the separatrix is the start on?")

    return run_check("ends_high", body)
