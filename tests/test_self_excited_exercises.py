"""Exercise checks of notebook 01: right answers pass, common mistakes are named."""

import numpy as np
import pytest

from course_lib import exercises
from course_lib import self_excited as se
from course_lib.exercises import self_excited as check
from course_lib.transfer import tanh_rate


def f(s):
    return 60 * (1 + np.tanh(s))


def test_euler_step_feedback():
    assert check.euler_step(lambda r, w, I, dt: r + dt * (-r + f(w * r + I)))
    fb = check.euler_step(lambda r, w, I, dt: r + dt * f(w * r + I))
    assert fb.status == "wrong" and "leak term" in fb.message
    fb = check.euler_step(lambda r, w, I, dt: dt * (-r + f(w * r + I)))
    assert "instead of the new rate" in fb.message
    assert check.euler_step(lambda r, w, I, dt: ...).status == "not done"


def test_noisy_step_feedback():
    def good(r, w, I, dt, sigma, rng):
        return r + dt * (-r + f(w * r + I)) + sigma * np.sqrt(dt) * rng.standard_normal(np.shape(r))

    def no_sqrt(r, w, I, dt, sigma, rng):
        return r + dt * (-r + f(w * r + I)) + sigma * rng.standard_normal(np.shape(r))

    def times_dt(r, w, I, dt, sigma, rng):
        return r + dt * (-r + f(w * r + I)) + sigma * dt * rng.standard_normal(np.shape(r))

    assert check.noisy_step(good)
    assert "forgot the sqrt(dt)" in check.noisy_step(no_sqrt).message
    assert "instead of sqrt(dt)" in check.noisy_step(times_dt).message
    assert check.noisy_step(lambda *a: ...).status == "not done"


def test_fixed_points_feedback():
    assert check.fixed_points(lambda w, I: [fp.r for fp in se.fixed_points(w, I)])
    fb = check.fixed_points(lambda w, I: [59.2])
    assert "59.2 does not make the flux zero" in fb.message
    fb = check.fixed_points(lambda w, I: [fp.r for fp in se.fixed_points(w, I)][:1])
    assert "missing" in fb.message


def test_stability_feedback():
    def good(r, w, I):
        return bool(-1 + w * 60 * (1 - np.tanh(w * r + I) ** 2) < 0)

    assert check.stability(good)
    fb = check.stability(lambda r, w, I: not good(r, w, I))
    assert "flux slope" in fb.message
    assert check.stability(lambda r, w, I: 1.0).status == "wrong"


def test_learner_code_that_raises_is_reported_not_raised():
    def broken(r, w, I, dt):
        return r + undefined_name  # noqa: F821

    fb = check.euler_step(broken)
    assert fb.status == "wrong" and "NameError" in fb.message


def test_strict_mode_raises_on_anything_but_correct(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(exercises.CheckFailed):
        check.euler_step(lambda r, w, I, dt: ...)
    assert check.euler_step(lambda r, w, I, dt: r + dt * (-r + tanh_rate(w * r + I)))
