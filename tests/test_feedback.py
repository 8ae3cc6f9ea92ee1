"""Feedback of every exercise check, table-driven: typical mistakes get a message that is true.

Each row is a wrong answer a learner might write (sign errors, missing factors, wrong rng use,
off-by-one, a constant, a copied number, a wrong shape, code that raises or prints) with
phrases the message must contain, because they say what is actually wrong, and phrases it
must not contain, because they would say something untrue about that answer. Every check is
also run at its random cases (other parameters, as the hidden homework tests do): the right
answer passes there and the same mistakes are still named.
"""

import numpy as np
import pytest

from course_lib import exercises
from course_lib import hopfield as hf
from course_lib import neuron as nrn
from course_lib import self_excited as se
from course_lib import two_neuron as tn
from course_lib.exercises import hopfield as c03
from course_lib.exercises import neuron as c04
from course_lib.exercises import self_excited as c01
from course_lib.exercises import two_neuron as c02


# ---------------------------------------------------------------- notebook 01
def f01(s):
    return 60 * (1 + np.tanh(s))


def euler(r, w, I, dt):
    return r + dt * (-r + f01(w * r + I))


def noisy(r, w, I, dt, sigma, rng):
    return r + dt * (-r + f01(w * r + I)) + sigma * np.sqrt(dt) * rng.standard_normal(np.shape(r))


def noisy_with(noise):
    """A noisy step whose deterministic part is right and whose noise is ``noise(...)``."""
    def step(r, w, I, dt, sigma, rng):
        return r + dt * (-r + f01(w * r + I)) + noise(r, dt, sigma, rng)
    return step


def fixed_points_on(grid, keep_zeros=False, strict_sign=True):
    from scipy.optimize import brentq

    def find(w, I):
        flux = lambda r: -r + f01(w * r + I)  # noqa: E731
        g = flux(grid)
        roots = [a for a, ga in zip(grid, g) if ga == 0] if keep_zeros else []
        for a, b, ga, gb in zip(grid[:-1], grid[1:], g[:-1], g[1:]):
            if (ga * gb < 0) if strict_sign else (ga * gb <= 0):
                roots.append(brentq(flux, a, b))
        return sorted(roots)
    return find


def good_fixed_points(w, I):
    return fixed_points_on(np.linspace(0, 120, 12001), keep_zeros=True)(w, I)


def stable(r, w, I):
    return bool(-1 + w * 60 * (1 - np.tanh(w * r + I) ** 2) < 0)


def infinite_recursion(*args):
    return infinite_recursion(*args)


def printing(answer, n=200):
    def fn(*args):
        print("x" * n)
        return answer(*args)
    return fn


def raises_name_error(*args):
    return undefined_name  # noqa: F821


ROWS_01 = {
    "euler_step": (c01.euler_step, euler, [
        (lambda r, w, I, dt: r + dt * f01(w * r + I), ["leak term -r"], []),
        (lambda r, w, I, dt: dt * (-r + f01(w * r + I)), ["instead of the new rate"], []),
        (lambda r, w, I, dt: r + (-r + f01(w * r + I)), ["multiply the flux by dt"], []),
        (lambda r, w, I, dt: r - dt * (-r + f01(w * r + I)), ["subtracted the flux"], []),
        (lambda r, w, I, dt: r + dt * (-r + f01(w + I)), ["f(w + I)"], []),
        (lambda r, w, I, dt: r + dt * (-r + f01(r + I)), ["f(r + I)"], []),
        (lambda r, w, I, dt: r + dt * (-r + np.tanh(w * r + I)), ["without the factor 60"], []),
        (lambda r, w, I, dt: r + dt * (-r + 60 * np.tanh(w * r + I)), ["60 tanh(s) instead"], []),
        (lambda r, w, I, dt: 59.0 + 0.1 * (-59.0 + f01(0.04 * 59.0 - 2.4)),  # copied number
         ["you return", "r + dt * (-r + f(w*r + I)) ="], ["looks like"]),
        (lambda r, w, I, dt: [euler(r, w, I, dt), 0.0], ["one number"], ["your code raised"]),
        (lambda r, w, I, dt: None, ["forget the return"], ["not done"]),
        (raises_name_error, ["raised NameError", "undefined_name"], []),
        (infinite_recursion, ["RecursionError", "call itself"], []),
        (printing(euler, 5000), ["printed", "characters", "remove the print"], []),
        (3.0, ["expected a function"], []),
    ]),
    "noisy_step": (c01.noisy_step, noisy, [
        # the report's mistake: the noise without sqrt(dt) is too STRONG, more so for small dt
        (noisy_with(lambda r, dt, s, rng: s * rng.standard_normal(np.shape(r))),
         ["forgot the sqrt(dt)", "too strong", "smaller the step, the stronger"], ["weaker"]),
        (noisy_with(lambda r, dt, s, rng: s * dt * rng.standard_normal(np.shape(r))),
         ["by dt instead of sqrt(dt)"], []),
        # one number for every entry: the deterministic part is right, say so
        (noisy_with(lambda r, dt, s, rng: s * np.sqrt(dt) * rng.standard_normal()),
         ["same random number", "one number per entry"], ["deterministic part"]),
        # the global generator or a fresh one: not the rng argument
        (noisy_with(lambda r, dt, s, rng: s * np.sqrt(dt) * np.random.standard_normal(np.shape(r))),
         ["does not come from the rng argument"], ["deterministic part"]),
        (noisy_with(lambda r, dt, s, rng: s * np.sqrt(dt)
                    * np.random.default_rng().standard_normal(np.shape(r))),
         ["does not come from the rng argument"], []),
        (noisy_with(lambda r, dt, s, rng: s * np.sqrt(dt)
                    * np.random.default_rng(0).standard_normal(np.shape(r))),
         ["ignores the rng argument"], []),
        (noisy_with(lambda r, dt, s, rng: s * np.sqrt(dt) * rng.random(np.shape(r))),
         ["averages", "not centred"], ["deterministic part is wrong", "check the deterministic"]),
        (noisy_with(lambda r, dt, s, rng: s * np.sqrt(dt) * rng.choice([-1.0, 1.0], np.shape(r))),
         ["not normally distributed"], []),
        (noisy_with(lambda r, dt, s, rng: rng.normal(0, s**2 * dt, np.shape(r))),
         ["standard deviation", "not the variance"], []),
        (noisy_with(lambda r, dt, s, rng: np.sqrt(dt) * rng.standard_normal(np.shape(r))),
         ["sigma = 0", "still random", "multiply the noise term by sigma"], []),
        (noisy_with(lambda r, dt, s, rng: 0.0), ["adds no noise"], []),
        (lambda r, w, I, dt, sigma, rng: r + sigma * np.sqrt(dt) * rng.standard_normal(np.shape(r)),
         ["sigma = 0", "deterministic part"], []),
        (lambda r, w, I, dt, sigma, rng: r + dt * f01(w * r + I)
         + sigma * np.sqrt(dt) * rng.standard_normal(np.shape(r)), ["leak term -r"], []),
        (lambda r, w, I, dt, sigma, rng: euler(r, w, I, dt) + sigma * np.sqrt(dt)
         * rng.standard_normal(), ["same random number"], []),
        (lambda r, w, I, dt, sigma, rng: float(np.mean(noisy(r, w, I, dt, sigma, rng))),
         ["shape"], []),
        (lambda r, w, I, dt, sigma, rng: None, ["forget the return"], []),
    ]),
    "fixed_points": (c01.fixed_points, good_fixed_points, [
        # a plain sign-change search on the solution's own grid: r = 60 is a grid point
        (fixed_points_on(np.linspace(0, 120, 12001)),
         ["missing 60", "exactly 0 at r = 60", "g[k] * g[k+1] < 0"], ["Search the whole range"]),
        (fixed_points_on(np.linspace(0, 120, 13)), ["missing 60", "exactly 0"], []),
        # <= finds the exact zero on both sides of it
        (fixed_points_on(np.linspace(0, 120, 12001), strict_sign=False),
         ["60", "2 times", "once"], []),
        (fixed_points_on(np.linspace(0, 100, 10001), keep_zeros=True),
         ["missing 118.9", "0 <= r <= 120"], ["exactly 0"]),
        (fixed_points_on(np.linspace(0.5, 120, 7), keep_zeros=True),
         ["missing"], ["exactly 0"]),
        (lambda w, I: [59.2], ["59.2 does not make the flux zero"], []),
        (lambda w, I: [fp.r for fp in se.fixed_points(w, I)][:1], ["missing 60, 118.9"], []),
        (lambda w, I: [1.066, 60.0, 118.9], ["does not make the flux zero"], []),  # copied, rounded
        (lambda w, I: [fp.r for fp in se.fixed_points(0.04, -2.4)], ["does not make the flux zero"],
         []),  # the printed numbers, whatever w and I
        (lambda w, I: {"low": 1.07}, ["list of numbers"], []),
        (lambda w, I: [fp.r for fp in se.fixed_points(w, I)] + [60.0000001] if w == 0.04
         and I == -2.4 else [fp.r for fp in se.fixed_points(w, I)], ["2 times"], []),
    ]),
    "stability": (c01.stability, stable, [
        (lambda r, w, I: not stable(r, w, I), ["flux slope", "your function says"], []),
        (lambda r, w, I: True, ["unstable", "your function says stable"], []),
        (lambda r, w, I: 1.0, ["True or False"], []),
        (lambda r, w, I: -1 + w * 60 * (1 - np.tanh(w * r + I) ** 2),
         ["True or False"], []),  # returned the slope itself
        (lambda r, w, I: bool(-1 + 60 * (1 - np.tanh(w * r + I) ** 2) < 0),
         ["-1 + w f'(w r* + I)"], []),  # forgot the chain-rule factor w
    ]),
}


# ---------------------------------------------------------------- notebook 02
def f02(s):
    return 50 / (1 + np.exp(-s))


def fp02(s):
    return f02(s) * (50 - f02(s)) / 50


def jac(x, y, w1, w2, I):
    return np.array([[-1, w2 * fp02(w2 * y + I)], [w1 * fp02(w1 * x + I), -1]])


def classify(trace, det):
    if det < 0:
        return "saddle"
    return ("stable " if trace < 0 else "unstable ") + ("node" if trace**2 - 4 * det > 0
                                                          else "spiral")


ROWS_02 = {
    "jacobian": (c02.jacobian, jac, [
        (lambda x, y, w1, w2, I: jac(x, y, w1, w2, I).T, ["transposed"], []),
        (lambda x, y, w1, w2, I: np.array([[-1, w1 * fp02(w2 * y + I)], [w2 * fp02(w1 * x + I), -1]]),
         ["swapped w1 and w2"], []),
        (lambda x, y, w1, w2, I: np.array([[-1, w2 * fp02(w1 * x + I)], [w1 * fp02(w2 * y + I), -1]]),
         ["other neuron's input"], []),
        (lambda x, y, w1, w2, I: jac(x, y, w1, w2, I) + np.eye(2), ["forgot the -1"], []),
        (lambda x, y, w1, w2, I: jac(x, y, w1, w2, I) + 2 * np.eye(2), ["+1 on the diagonal"], []),
        (lambda x, y, w1, w2, I: np.array([[-1, fp02(w2 * y + I)], [fp02(w1 * x + I), -1]]),
         ["chain-rule"], []),
        (lambda x, y, w1, w2, I: np.array([[-1, w2 * f02(w2 * y + I)], [w1 * f02(w1 * x + I), -1]]),
         ["instead of its derivative"], []),
        (lambda x, y, w1, w2, I: jac(x, y, w1, w2, I)[0], ["2x2", "shape (2,)"], []),
        (lambda x, y, w1, w2, I: jac(x, y, w1, w2, I).ravel(), ["2x2", "shape (4,)"], []),
        (lambda x, y, w1, w2, I: np.array([[-1, 5], [5, -1]]),  # the printed saddle value
         ["Entry [i, j]"], ["looks like"]),
        (lambda x, y, w1, w2, I: "J", ["2x2 array of numbers"], []),
    ]),
    "classify": (c02.classify, classify, [
        (lambda t, d: ("stable " if t < 0 else "unstable ")
         + ("node" if t**2 - 4 * d > 0 else "spiral"), ["det < 0"], []),
        (lambda t, d: "saddle" if d < 0 else ("stable node" if t < 0 else "unstable node"),
         ["discriminant", "negative: complex eigenvalues, a spiral"], []),
        (lambda t, d: "saddle" if d < 0 else (("unstable " if t < 0 else "stable ")
                                              + ("node" if t * t > 4 * d else "spiral")),
         ["sign of the trace"], ["a unstable"]),
        (lambda t, d: "saddle", ["same sign", "needs det < 0"], []),
        # the article: "an unstable node", never "a unstable"
        (lambda t, d: "saddle" if d < 0 else "stable " + ("node" if t * t > 4 * d else "spiral"),
         ["it is an unstable"], ["a unstable"]),
        (lambda t, d: "saddle" if d < 0 else ("stable focus" if t < 0 else "unstable focus"),
         ["'focus' is another name for a spiral", "Answer with one of"], ["discriminant"]),
        (lambda t, d: "node", ["Answer with one of"], []),
        (lambda t, d: 3, ["string"], []),
        (lambda t, d: None, ["forget the return"], []),
    ]),
    "ends_high": (c02.ends_high, lambda x0, y0: x0 + y0 > 50, [
        # a line shifted by 1 Hz: the near-separatrix starts catch it
        (lambda x0, y0: x0 + y0 > 51, ["x + y = c", "through the saddle", "x + y = 50"], []),
        (lambda x0, y0: x0 + y0 > 49.5, ["x + y = c", "x + y = 50"], []),
        (lambda x0, y0: y0 > -x0, ["every start ends high", "y = -x"], []),
        (lambda x0, y0: False, ["every start ends low"], []),
        (lambda x0, y0: x0 + y0 < 50, ["wrong way round"], []),
        (lambda x0, y0: x0 > 25 and y0 > 25, ["above the saddle"], []),
        (lambda x0, y0: x0 > y0, ["Which side of the separatrix"], ["x + y = c"]),
        (lambda x0, y0: "high", ["True or False"], []),
        (lambda x0, y0: int(x0 + y0 > 50), ["True or False"], []),
    ]),
}


# ---------------------------------------------------------------- notebook 03
def hebb(p):
    N = p.shape[1]
    W = p.T @ p / N
    np.fill_diagonal(W, 0)
    return W


def sweep(W, x, order, tie=None):
    x = x.copy()
    for i in order:
        h = W[i] @ x
        x[i] = 1 if h > 0 else -1 if h < 0 else (x[i] if tie is None else tie)
    return x


ROWS_03 = {
    "hebbian": (c03.hebbian, hebb, [
        (lambda p: p.T @ p / p.shape[1], ["kept the diagonal"], []),
        (lambda p: hebb(p) * p.shape[1], ["factor 1/N"], []),
        (lambda p: hebb(p) * p.shape[1] / p.shape[0], ["instead of the number of neurons"], []),
        (lambda p: p.T @ p, ["both the factor 1/N and the zero diagonal"], []),
        (lambda p: p @ p.T / p.shape[1], ["p pᵀ over the patterns"], []),
        (lambda p: np.triu(hebb(p)), ["not symmetric"], []),
        (lambda p: hebb(p) + np.eye(p.shape[1]), ["diagonal is not zero", "every weight between"],
         ["W[0, 1] should be"]),
        (lambda p: hebb(p) + 0.01 * (1 - np.eye(p.shape[1])), ["should be"], []),
        (lambda p: hebb(p)[:2], ["shape"], []),
        (lambda p: hebb(p[:1]), ["should be"], []),  # off by one: only the first pattern
        (lambda p: None, ["forget the return"], []),
    ]),
    "energy": (c03.energy, lambda W, x: -0.5 * x @ W @ x, [
        (lambda W, x: -x @ W @ x, ["factor ½"], []),
        (lambda W, x: 0.5 * x @ W @ x, ["sign the wrong way round"], []),
        (lambda W, x: x @ W @ x, ["both the minus sign"], []),
        (lambda W, x: -0.5 * W @ x, ["one number"], []),
        (lambda W, x: -0.5 * x @ x, ["energy is"], []),
        (lambda W, x: -31.5, ["energy is"], []),  # the printed number
    ]),
    "async_sweep": (c03.async_sweep, sweep, [
        (lambda W, x, o: np.where(W @ x > 0, 1.0, np.where(W @ x < 0, -1.0, x)),
         ["synchronously"], []),
        (lambda W, x, o: np.array([np.sign(W[i] @ x) for i in o]) if False else
         _sign_sweep(W, x, o), ["np.sign(0) is 0"], []),
        (lambda W, x, o: sweep(W, x, range(len(x))), ["order 0, 1, 2"], []),
        (lambda W, x, o: -sweep(W, x, o), ["wrong sign"], []),
        (lambda W, x, o: sweep(W, x, o, tie=1.0), ["exactly 0", "set the neuron to +1"], []),
        (lambda W, x, o: sweep(W, x, o, tie=-1.0), ["exactly 0", "set the neuron to -1"], []),
        (lambda W, x, o: sweep(W, x, o[::-1]), ["should be"], []),
        (lambda W, x, o: sweep(W, x, o)[:10], ["shape"], []),
        (lambda W, x, o: _in_place_no_return(W, x, o), ["forget the return"], ["not done"]),
    ]),
}


def _sign_sweep(W, x, order):
    x = x.copy()
    for i in order:
        x[i] = np.sign(W[i] @ x)
    return x


def _in_place_no_return(W, x, order):
    for i in order:
        h = W[i] @ x
        x[i] = 1 if h > 0 else -1 if h < 0 else x[i]


# ---------------------------------------------------------------- notebook 04
def vm(g_e, g_i, g_l, e_e, e_i, e_l):
    return (g_e * e_e + g_i * e_i + g_l * e_l) / (g_e + g_i + g_l)


def ge(g_i, g_l, th, e_e, e_i, e_l):
    return (g_i * (e_i - th) + g_l * (e_l - th)) / (th - e_e)


def leak(g_bar_e):
    return g_bar_e * (nrn.E_REV_E - nrn.THETA) / (nrn.THETA - nrn.E_REV_L)


ROWS_04 = {
    "vm_eq": (c04.vm_eq, vm, [
        (lambda g_e, g_i, g_l, e_e, e_i, e_l: g_e * e_e + g_i * e_i + g_l * e_l,
         ["weighted sum", "divide it"], []),
        (lambda g_e, g_i, g_l, e_e, e_i, e_l: (e_e + e_i + e_l) / 3, ["plain mean"], []),
        (lambda g_e, g_i, g_l, e_e, e_i, e_l: (g_e * e_e + g_l * e_l) / (g_e + g_i + g_l),
         ["inhibitory term"], []),
        (lambda g_e, g_i, g_l, e_e, e_i, e_l: (g_e * e_e + g_i * e_i + g_l * e_l) / (g_e + g_l),
         ["sum without g_i", "total conductance"], []),
        (lambda g_e, g_i, g_l, e_e, e_i, e_l: 0.65, ["net current"], []),  # a printed number
        (lambda *a: [vm(*a)] * 2, ["not a number"], []),
    ]),
    "ge_theta": (c04.ge_theta, ge, [
        (lambda g_i, g_l, th, e_e, e_i, e_l: -ge(g_i, g_l, th, e_e, e_i, e_l),
         ["sign is flipped"], []),
        (lambda g_i, g_l, th, e_e, e_i, e_l: g_i * (e_i - th) + g_l * (e_l - th),
         ["denominator"], []),
        (lambda g_i, g_l, th, e_e, e_i, e_l: g_l * (e_l - th) / (th - e_e),
         ["inhibitory term"], []),
        (lambda g_i, g_l, th, e_e, e_i, e_l: 0.12, ["then V_eq"], []),  # the printed number
    ]),
    "leak_to_stop": (c04.leak_to_stop, leak, [
        # the slider steps by 0.01: 0.7 still fires, 0.8 is silent but more than needed
        (lambda g: 0.7, ["too small", "fires"], ["0.1 steps of the slider suggest"]),
        (lambda g: 0.8, ["more than needed", "first silent value in steps of 0.1",
                         "steps of 0.01", "stops firing before 0.8"],
         ["0.1 steps of the slider suggest"]),
        (lambda g: 0.75, ["for every g_bar_e", "grows with"], []),  # the printed answer
        (lambda g: g * (nrn.THETA - nrn.E_REV_L) / (nrn.E_REV_E - nrn.THETA), ["upside down"], []),
        (lambda g: (nrn.E_REV_E - nrn.THETA) / (nrn.THETA - nrn.E_REV_L), ["factor g_bar_e"], []),
        (lambda g: g * (nrn.E_REV_E - nrn.THETA) / (nrn.E_REV_L - nrn.THETA), ["negative"], []),
        (lambda g: float(nrn.ge_threshold(0.0, g)), ["upside down", "g_e^θ"], []),
        (lambda g: 1.5, ["more than needed", "silent"], ["first silent"]),
    ]),
}

ALL = {**ROWS_01, **ROWS_02, **ROWS_03, **ROWS_04}
WRONG = [(name, k) for name, (_, _, rows) in ALL.items() for k in range(len(rows))]


@pytest.mark.parametrize("name", list(ALL))
def test_right_answer_passes_on_the_notebook_cases_and_on_random_ones(name):
    check, right, _ = ALL[name]
    assert check(right), check(right).message
    for seed in (11, 12):
        cases = check.random_cases(np.random.default_rng(seed))
        fb = check(right, cases=cases)
        assert fb, (cases, fb.message)


@pytest.mark.parametrize("name", list(ALL))
def test_stub_is_not_done_and_not_wrong(name):
    check, _, _ = ALL[name]
    assert check(lambda *a: ...).status == "not done"
    assert check(...).status == "not done"

    def stub(*args):
        raise NotImplementedError()  # nbgrader's stub

    assert check(stub).status == "not done"


@pytest.mark.parametrize("name, k", WRONG, ids=[f"{n}-{k}" for n, k in WRONG])
def test_mistake_gets_a_true_message(name, k):
    check, _, rows = ALL[name]
    wrong, must, must_not = rows[k]
    fb = check(wrong)
    assert fb.status == "wrong", fb.message
    for phrase in must:
        assert phrase in fb.message, (phrase, fb.message)
    for phrase in must_not:
        assert phrase not in fb.message, (phrase, fb.message)


# Mistakes that do not depend on the particular cases are named at the random cases too.
AT_RANDOM = [("euler_step", 0), ("euler_step", 1), ("noisy_step", 0), ("noisy_step", 2),
             ("noisy_step", 3), ("jacobian", 0), ("jacobian", 1), ("classify", 0),
             ("ends_high", 0), ("hebbian", 0), ("energy", 0), ("async_sweep", 0),
             ("vm_eq", 0), ("ge_theta", 0), ("leak_to_stop", 3)]


@pytest.mark.parametrize("name, k", AT_RANDOM, ids=[f"{n}-{k}" for n, k in AT_RANDOM])
def test_mistake_is_named_at_random_cases_too(name, k):
    check, _, rows = ALL[name]
    wrong, must, _ = rows[k]
    fb = check(wrong, cases=check.random_cases(np.random.default_rng(5)))
    assert fb.status == "wrong"
    assert must[0] in fb.message, fb.message


def test_constants_and_copied_numbers_fail_at_random_cases():
    """What passes the notebook's cases by copying printed numbers fails at other parameters."""
    rng = np.random.default_rng(8)
    copied = {c04.leak_to_stop: lambda g: {0.3: 0.75, 0.45: 1.125}.get(g, 0.75),
              c01.fixed_points: lambda w, I: [fp.r for fp in se.fixed_points(w, I)]
              if (w, I) in c01.FIXED_POINT_CASES else [1.066, 60.0, 118.934],
              c02.jacobian: lambda x, y, w1, w2, I: tn.jacobian(x, y, w1, w2, I)
              if (x, y, w1, w2, I) in c02.JAC_CASES else np.array([[-1, 5], [5, -1]])}
    for check, fn in copied.items():
        assert check(fn)
        assert check(fn, cases=check.random_cases(rng)).status == "wrong"


def test_random_cases_are_new_and_plain_numbers():
    import ast

    for name, (check, _, _) in ALL.items():
        a = check.random_cases(np.random.default_rng(1))
        b = check.random_cases(np.random.default_rng(2))
        assert a != b, name
        assert ast.literal_eval(repr(a)) == a, name  # can be written into a notebook cell


def test_leak_to_stop_still_takes_a_number():
    assert c04.leak_to_stop(float(nrn.gl_threshold(0.3)))
    fb = c04.leak_to_stop(0.8)
    assert fb.status == "wrong" and "first silent value" in fb.message


def test_ends_high_near_separatrix_starts_really_end_as_the_rule_says():
    pts = c02._near_separatrix(np.random.default_rng(0), 200)
    truth = c02._ends_high_truth(pts)
    assert np.array_equal(truth, pts[0] + pts[1] > 50)


def test_printing_a_little_is_shown_and_passes(capsys):
    fb = c01.euler_step(printing(euler, 10))
    assert fb
    assert "x" * 10 in capsys.readouterr().out


def test_warnings_of_wrong_code_are_named():
    def overflowing(r, w, I, dt):
        return float(np.exp(np.float64(1000.0))) + r

    fb = c01.euler_step(overflowing)
    assert fb.status == "wrong" and "warned" in fb.message and "overflow" in fb.message


def test_strict_mode_raises_the_same_message(monkeypatch):
    wrong = ROWS_01["euler_step"][2][0][0]
    text = str(c01.euler_step(wrong))
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(exercises.CheckFailed) as err:
        c01.euler_step(wrong)
    assert str(err.value) == text
    assert c01.euler_step(euler)


@pytest.mark.parametrize("mode, raises", [("autograde", True), ("validate", True), ("", False)])
def test_nbgrader_execution_makes_checks_strict(monkeypatch, mode, raises):
    monkeypatch.delenv("COURSE_STRICT_CHECKS", raising=False)
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    if raises:
        with pytest.raises(exercises.CheckFailed, match="not done yet"):
            c03.energy(lambda W, x: ...)
    else:
        assert c03.energy(lambda W, x: ...).status == "not done"


def test_keyboard_interrupt_is_not_swallowed():
    def interrupted(*args):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        c01.euler_step(interrupted)


def test_feedback_displays_as_display_data_not_as_a_result():
    """nbgrader would read a test cell's execute result as a partial score."""
    fb = c01.euler_step(euler)
    assert hasattr(fb, "_ipython_display_")
    assert str(fb).startswith("\u2705")


def test_hidden_messages_use_the_hidden_values():
    cases = [(0.5, 0.2, 0.45, 0.95, 0.15, 0.33)]
    fb = c04.ge_theta(lambda *a: -ge(*a), cases=cases)
    assert "g_i=0.5, g_l=0.2, θ=0.45" in fb.message


def test_hopfield_random_cases_make_valid_networks():
    for P, N, seed in c03.async_sweep.random_cases(np.random.default_rng(3)):
        p = hf.random_patterns(P, N, np.random.default_rng(seed))
        assert p.shape == (P, N)
