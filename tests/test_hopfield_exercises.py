"""Exercise checks of notebook 03: right answers pass, common mistakes are named."""

import numpy as np
import pytest

from course_lib.exercises import hopfield as check


def good_hebbian(patterns):
    N = patterns.shape[1]
    W = patterns.T @ patterns / N
    np.fill_diagonal(W, 0)
    return W


@pytest.mark.parametrize("wrong, phrase", [
    (lambda p: p.T @ p / p.shape[1], "kept the diagonal"),
    (lambda p: good_hebbian(p) * p.shape[1], "factor 1/N"),
    (lambda p: good_hebbian(p) * p.shape[1] / p.shape[0], "instead of the number of neurons"),
    (lambda p: p.T @ p, "both the factor 1/N and the zero diagonal"),
    (lambda p: p @ p.T / p.shape[1], "p pᵀ over the patterns"),
    (lambda p: np.triu(good_hebbian(p)), "not symmetric"),
    (lambda p: good_hebbian(p) + 0.01 * (1 - np.eye(p.shape[1])), "W[0, 1] should be"),
    (lambda p: good_hebbian(p)[:2], "shape"),
])
def test_hebbian_feedback(wrong, phrase):
    assert check.hebbian(good_hebbian)
    assert check.hebbian(lambda p: sum(np.outer(q, q) for q in p) / p.shape[1]
                         * (1 - np.eye(p.shape[1])))
    fb = check.hebbian(wrong)
    assert fb.status == "wrong" and phrase in fb.message, fb.message
    assert check.hebbian(lambda p: ...).status == "not done"


def good_energy(W, x):
    return -0.5 * x @ W @ x


@pytest.mark.parametrize("wrong, phrase", [
    (lambda W, x: -x @ W @ x, "factor ½"),
    (lambda W, x: 0.5 * x @ W @ x, "sign the wrong way round"),
    (lambda W, x: x @ W @ x, "both the minus sign"),
    (lambda W, x: -0.5 * W @ x, "one number"),
    (lambda W, x: -0.5 * x @ x, "energy is"),
])
def test_energy_feedback(wrong, phrase):
    assert check.energy(good_energy)
    fb = check.energy(wrong)
    assert fb.status == "wrong" and phrase in fb.message, fb.message
    assert check.energy(lambda W, x: ...).status == "not done"


def good_sweep(W, x, order):
    x = x.copy()
    for i in order:
        h = W[i] @ x
        if h > 0:
            x[i] = 1
        elif h < 0:
            x[i] = -1
    return x


def sync_sweep(W, x, order):
    h = W @ x
    return np.where(h > 0, 1.0, np.where(h < 0, -1.0, x))


def sign_sweep(W, x, order):
    x = x.copy()
    for i in order:
        x[i] = np.sign(W[i] @ x)
    return x


def in_index_order(W, x, order):
    return good_sweep(W, x, range(len(x)))


@pytest.mark.parametrize("wrong, phrase", [
    (sync_sweep, "synchronously"),
    (sign_sweep, "np.sign(0) is 0"),
    (in_index_order, "order 0, 1, 2"),
    (lambda W, x, o: -good_sweep(W, x, o), "wrong sign"),
    (lambda W, x, o: good_sweep(W, x, o[::-1]), "neuron"),
    (lambda W, x, o: good_sweep(W, x, o)[:10], "shape"),
])
def test_async_sweep_feedback(wrong, phrase):
    assert check.async_sweep(good_sweep)
    fb = check.async_sweep(wrong)
    assert fb.status == "wrong" and phrase in fb.message, fb.message
    assert check.async_sweep(lambda W, x, o: ...).status == "not done"


def test_in_place_solution_passes():
    def in_place(W, x, order):
        for i in order:
            h = W[i] @ x
            x[i] = 1 if h > 0 else (-1 if h < 0 else x[i])
        return x
    assert check.async_sweep(in_place)
