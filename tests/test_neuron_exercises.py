"""Exercise checks of notebook 04: right answers pass, common mistakes get specific feedback."""

import pytest

from course_lib.exercises import CheckFailed
from course_lib.exercises import neuron as check


def vm_right(g_e, g_i, g_l, e_e, e_i, e_l):
    return (g_e * e_e + g_i * e_i + g_l * e_l) / (g_e + g_i + g_l)


def ge_right(g_i, g_l, th, e_e, e_i, e_l):
    return (g_i * (e_i - th) + g_l * (e_l - th)) / (th - e_e)


@pytest.mark.parametrize("fn,status,text", [
    (vm_right, "correct", "V_eq = 0.65"),
    (None, "not done", "not done"),
    (lambda *a: ..., "not done", "not done"),
    (lambda g_e, g_i, g_l, e_e, e_i, e_l: g_e * e_e + g_i * e_i + g_l * e_l, "wrong",
     "divide it by the total conductance"),
    (lambda g_e, g_i, g_l, e_e, e_i, e_l: (e_e + e_i + e_l) / 3, "wrong", "plain mean"),
    (lambda g_e, g_i, g_l, e_e, e_i, e_l: (g_e * e_e + g_l * e_l) / (g_e + g_i + g_l), "wrong",
     "inhibitory term"),
    (lambda *a: 0.5, "wrong", "net current"),
])
def test_vm_eq_check(fn, status, text):
    fb = check.vm_eq(fn)
    assert fb.status == status and text in fb.message


@pytest.mark.parametrize("fn,status,text", [
    (ge_right, "correct", "g_e^θ = 0.12"),
    (lambda *a: -ge_right(*a), "wrong", "sign is flipped"),
    (lambda g_i, g_l, th, e_e, e_i, e_l: (g_i * (e_i - th) + g_l * (e_l - th)) / (e_e - th),
     "wrong", "sign is flipped"),
    (lambda g_i, g_l, th, e_e, e_i, e_l: g_i * (e_i - th) + g_l * (e_l - th), "wrong",
     "denominator"),
    (lambda *a: 0.3, "wrong", "then V_eq ="),
    (..., "not done", "not done"),
])
def test_ge_theta_check(fn, status, text):
    fb = check.ge_theta(fn)
    assert fb.status == status and text in fb.message


@pytest.mark.parametrize("value,status,text", [
    (0.75, "correct", "V_eq is exactly θ"),
    (0.8, "wrong", "the first silent value in steps of 0.1"),  # the slider steps by 0.01
    (0.7, "wrong", "too small"),
    (0.12, "wrong", "upside down"),
    (-0.75, "wrong", "negative"),
    (0.5, "wrong", "still fires"),
    ("abc", "wrong", "expected a number"),
    (..., "not done", "not done"),
])
def test_leak_to_stop_check(value, status, text):
    fb = check.leak_to_stop(value)
    assert fb.status == status and text in fb.message


def test_strict_mode_raises(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(CheckFailed):
        check.leak_to_stop(0.8)
    assert check.leak_to_stop(0.75)
