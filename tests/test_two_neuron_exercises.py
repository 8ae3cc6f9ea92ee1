"""Exercise checks of notebook 02: right answers pass, common mistakes are named."""

import numpy as np
import pytest

from course_lib import exercises
from course_lib.exercises import two_neuron as check


def f(s):
    return 50 / (1 + np.exp(-s))


def fp(s):
    return f(s) * (50 - f(s)) / 50


def good_jacobian(x, y, w1, w2, I):
    return np.array([[-1, w2 * fp(w2 * y + I)], [w1 * fp(w1 * x + I), -1]])


@pytest.mark.parametrize("wrong, phrase", [
    (lambda x, y, w1, w2, I: good_jacobian(x, y, w1, w2, I).T, "transposed"),
    (lambda x, y, w1, w2, I: np.array([[-1, w1 * fp(w2 * y + I)], [w2 * fp(w1 * x + I), -1]]),
     "swapped w1 and w2"),
    (lambda x, y, w1, w2, I: np.array([[-1, w2 * fp(w1 * x + I)], [w1 * fp(w2 * y + I), -1]]),
     "other neuron's input"),
    (lambda x, y, w1, w2, I: good_jacobian(x, y, w1, w2, I) + np.eye(2), "the leak"),
    (lambda x, y, w1, w2, I: np.array([[-1, fp(w2 * y + I)], [fp(w1 * x + I), -1]]),
     "chain-rule"),
    (lambda x, y, w1, w2, I: np.array([[-1, w2 * f(w2 * y + I)], [w1 * f(w1 * x + I), -1]]),
     "instead of its derivative"),
    (lambda x, y, w1, w2, I: good_jacobian(x, y, w1, w2, I)[0], "2x2"),
])
def test_jacobian_feedback(wrong, phrase):
    assert check.jacobian(good_jacobian)
    fb = check.jacobian(wrong)
    assert fb.status == "wrong" and phrase in fb.message


def test_jacobian_not_done_and_unknown_mistake():
    assert check.jacobian(lambda *a: ...).status == "not done"
    fb = check.jacobian(lambda x, y, w1, w2, I: np.ones((2, 2)))
    assert fb.status == "wrong" and "Entry [i, j]" in fb.message


def good_classify(trace, det):
    if det < 0:
        return "saddle"
    kind = "node" if trace**2 - 4 * det > 0 else "spiral"
    return ("stable " if trace < 0 else "unstable ") + kind


@pytest.mark.parametrize("wrong, phrase", [
    (lambda t, d: ("stable " if t < 0 else "unstable ") +
     ("node" if t**2 - 4 * d > 0 else "spiral"), "det < 0"),
    (lambda t, d: "saddle" if d < 0 else ("stable node" if t < 0 else "unstable node"),
     "discriminant"),
    (lambda t, d: "saddle" if d < 0 else (("unstable " if t < 0 else "stable ") +
                                          ("node" if t * t > 4 * d else "spiral")), "sign of the trace"),
    (lambda t, d: "saddle", "same sign"),
    (lambda t, d: 3, "string"),
])
def test_classify_feedback(wrong, phrase):
    assert check.classify(good_classify)
    assert check.classify(lambda t, d: good_classify(t, d).upper())  # case does not matter
    fb = check.classify(wrong)
    assert fb.status == "wrong" and phrase in fb.message
    assert check.classify(lambda t, d: ...).status == "not done"


def test_ends_high_feedback():
    assert check.ends_high(lambda x0, y0: x0 + y0 > 50)
    assert "y = -x" in check.ends_high(lambda x0, y0: y0 > -x0).message
    assert "every start ends low" in check.ends_high(lambda x0, y0: False).message
    assert "wrong way round" in check.ends_high(lambda x0, y0: x0 + y0 < 50).message
    assert "above the saddle" in check.ends_high(lambda x0, y0: x0 > 25 and y0 > 25).message
    assert "True or False" in check.ends_high(lambda x0, y0: "high").message
    assert check.ends_high(lambda x0, y0: ...).status == "not done"


def test_strict_mode_raises(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(exercises.CheckFailed):
        check.ends_high(lambda x0, y0: True)
    assert check.ends_high(lambda x0, y0: x0 + y0 > 50)
