"""Recall: the asynchronous sweep, the synchronous step, the report's Eq. 5, and rules of your own.

Every discrete update in the package, for one state, a batch of states or
a stack of networks (the capacity curve), goes through :func:`_sweep`
(asynchronous) or :func:`_step` (synchronous), both built on one tie rule,
:func:`_sgn_keep`; :func:`_settle` runs either until the network settles.

A *rule function* is anything called as ``rule(W, x, order)`` that returns
the state after one asynchronous sweep over the neurons in ``order``, like
:func:`async_sweep` (and like the learner's function of notebook 03's
exercise 3). :func:`recall` accepts one in place of ``"async"``: it draws the
same random orders as the built-in rule, so a correct rule function gives
exactly the built-in run (docs/hopfield.md, "Plug in your own rule").
"""

from __future__ import annotations

import inspect
import math
from typing import Callable, NamedTuple

import numpy as np

from .._validate import MAX_ELEMENTS, MAX_STEPS, check_choice, check_finite_array, check_int, \
    check_positive, check_range, check_rng, check_steps
from .network import _check_state, _check_W, _field
from .patterns import as_patterns

__all__ = [
    "DT_DEFAULT",
    "SIGMA_DEFAULT",
    "RULES",
    "RuleError",
    "Recall",
    "async_sweep",
    "sync_step",
    "is_fixed_point",
    "recall",
    "distinct_states",
    "tanh_memories",
    "MAX_BETA",
    "MAX_SIGMA",
]

DT_DEFAULT = 0.1
"""Euler step of the continuous update (Eq. 5), in units of the time constant."""
SIGMA_DEFAULT = 0.1
"""Noise amplitude of the continuous update (Eq. 5)."""
RULES = ("async", "sync", "continuous")
"""Update rules of :func:`recall` given by name (a rule function is the fourth kind)."""
MAX_BETA = 100.0
"""Largest gain of ``f(s) = tanh(beta s)``: at ``beta = 4`` it already behaves like the sign."""
MAX_SIGMA = 10.0
"""Largest noise amplitude of Eq. 5 (the states live in [-1, 1]; 10 drowns any memory)."""
MAX_MULTIPLY_ADDS = 10_000_000_000
"""Most multiply-adds one call may do (about ten seconds of work on a class server)."""


# ---------------------------------------------------------------------------
# the update equations (stacks of networks: W3 (K, N, N), states x3 (K, M, N))
# ---------------------------------------------------------------------------


def _tie_tol(W: np.ndarray) -> float:
    """Fields with ``|h| <= tol`` count as ties: rounding noise of ``W``'s precision.

    Hebbian fields are multiples of ``1/N``; ``sqrt(eps) max|W|`` is far
    below that and far above the rounding of a sum of ``N`` weights.
    """
    if not W.size:
        return 0.0
    return math.sqrt(np.finfo(W.dtype).eps) * float(np.max(np.abs(W)))


def _sgn_keep(h, x, tol: float):
    """``sgn(h)``, keeping ``x`` where ``|h| <= tol``: the tie rule (docs/hopfield.md, "Ties")."""
    return np.where(h > tol, 1.0, np.where(h < -tol, -1.0, x)).astype(x.dtype, copy=False)


def _sweep(W3: np.ndarray, x3: np.ndarray, order, tol: float) -> np.ndarray:
    """One asynchronous sweep, in place: ``x_i <- sgn(Σ_j W_ij x_j)`` for each ``i`` in ``order``.

    Neuron ``i`` sees the current state, including the neurons already
    updated in this sweep. ``x3`` (K, M, N): M states in each of K networks
    ``W3`` (K, N, N); every state goes through the neurons in the same
    ``order`` (N,).
    """
    for i in order:
        h = np.matmul(x3, W3[:, i, :, None])[..., 0]  # (K, M): the field of neuron i
        x3[..., i] = _sgn_keep(h, x3[..., i], tol)
    return x3


def _step(W, x, tol: float) -> np.ndarray:
    """One synchronous update: ``x <- sgn(W x)`` for every neuron at once (a new array)."""
    return _sgn_keep(_field(W, x), x, tol)


def _fixed(W, x, tol: float) -> np.ndarray:
    """True for each state (..., N) that no single-neuron update changes."""
    return np.all(_step(W, x, tol) == x, axis=-1)


def _settle(W3, x3, rule: str, rng, max_sweeps: int, tol: float,
            sweep: Callable = _sweep, on_step: Callable | None = None) -> np.ndarray:
    """Run the discrete dynamics on ``x3`` in place until every run settles.

    ``"async"``: one sweep per iteration, the neurons in one random order
    ``rng.permutation(N)`` shared by every run of the batch (each run alone
    is an asynchronous recall with a fresh random order every sweep); stop
    after a sweep that changes no run. ``"sync"``: every neuron at once;
    stop when every run is at a fixed point or in a 2-cycle. ``sweep`` does
    the asynchronous sweep (:func:`_sweep`, or a learner's rule function
    wrapped by :func:`_rule_sweep`); ``on_step(k, before, after, order)``
    runs after each iteration.

    Returns
    -------
    ndarray of bool, shape (K, M)
        The runs that reached a fixed point.
    """
    N = x3.shape[-1]
    converged = np.zeros(x3.shape[:-1], dtype=bool)
    prev = None
    for k in range(max_sweeps):
        before = x3.copy()
        if rule == "sync":
            order = None
            x3[...] = _step(W3, before, tol)
        else:
            order = rng.permutation(N)
            sweep(W3, x3, order, tol)
        still = np.all(x3 == before, axis=-1)
        converged |= still
        if on_step is not None:
            on_step(k, before, x3, order)
        if rule == "sync":
            cycle = np.all(x3 == prev, axis=-1) if prev is not None else still
            prev = before
            if np.all(still | cycle):
                break
        elif still.all():
            break
    return converged


def _euler_step(W, x, dt: float, noise: float, beta, rng) -> np.ndarray:
    """One step of the report's Eq. 5, ``x + dt (-x + f(W x)) + sigma sqrt(dt) eta``.

    ``noise`` is ``sigma sqrt(dt)``; ``beta`` None means ``f = sign``.
    """
    h = _field(W, x)
    f = np.sign(h) if beta is None else np.tanh(beta * h)
    x = x + dt * (-x + f)
    if noise:
        x = x + noise * rng.standard_normal(x.shape)
    return x


# ---------------------------------------------------------------------------
# rule functions of your own
# ---------------------------------------------------------------------------


class RuleError(ValueError):
    """A rule function given to :func:`recall` broke its contract; the message says how.

    Attributes
    ----------
    rule_name : str
        The function's name, as the message calls it.
    unfinished : bool
        The function is still an exercise's stub (it returns ``...`` or
        raises ``NotImplementedError``).
    """

    def __init__(self, message: str, rule_name: str = "", unfinished: bool = False):
        super().__init__(message)
        self.rule_name = rule_name
        self.unfinished = unfinished


def _rule_name(rule) -> str:
    return getattr(rule, "__name__", None) or type(rule).__name__


def _check_signature(rule, name: str) -> None:
    try:
        sig = inspect.signature(rule)
    except (TypeError, ValueError):  # a builtin without a signature: find out when called
        return
    try:
        sig.bind(None, None, None)
    except TypeError:
        raise RuleError(
            f"{name} cannot be called as {name}(W, x, order): it takes "
            f"({', '.join(sig.parameters)}). "
            "A rule takes the weights, one state and the order of the sweep, like "
            "hopfield.async_sweep", name) from None


def _call_rule(rule, name: str, W, x: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``rule(W, x, order)`` for one state, its result checked: shape ``(N,)``, values ±1."""
    try:
        out = rule(W, x.copy(), order.copy())
    except NotImplementedError:
        raise RuleError(f"{name} is not written yet (it raises NotImplementedError)", name,
                        unfinished=True) from None
    except Exception as exc:  # the learner's code: say what it raised, in one sentence
        if isinstance(exc, ValueError) and "read-only" in str(exc):
            raise RuleError(f"{name} tried to change W: a rule may read the weights, not "
                            "change them", name) from exc
        raise RuleError(f"{name} raised {type(exc).__name__}: {exc}", name) from exc
    if out is ...:
        raise RuleError(f"{name} is not written yet (it returns ...)", name, unfinished=True)
    if out is None:
        raise RuleError(f"{name} returned None instead of the new state: is a `return x` "
                        "missing?", name)
    try:
        arr = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise RuleError(f"{name} returned {type(out).__name__} {str(out)[:40]!r}, not an array "
                        f"of {x.size} numbers", name) from None
    if arr.shape != x.shape:
        raise RuleError(f"{name} returned an array of shape {arr.shape}; the new state must "
                        f"have shape {x.shape}, one value per neuron", name)
    bad = np.flatnonzero((arr != 1.0) & (arr != -1.0))
    if bad.size:
        i = int(bad[0])
        hint = ("np.sign(0) is 0: on a tie (h = 0) the neuron keeps its state" if arr[i] == 0
                else "a neuron is either -1 or +1")
        raise RuleError(f"{name} set neuron {i} to {arr[i]:g}: {hint}", name)
    return arr


def _rule_sweep(rule) -> Callable:
    """A learner's rule function as a :func:`_sweep`: called once per state, its result checked.

    The function sees a read-only ``W`` and copies of the state and the order.
    """
    name = _rule_name(rule)
    _check_signature(rule, name)

    def sweep(W3, x3, order, tol):
        for k in range(x3.shape[0]):
            Wk = W3[k].view()
            Wk.flags.writeable = False
            for m in range(x3.shape[1]):
                x3[k, m] = _call_rule(rule, name, Wk, x3[k, m], order)
        return x3

    return sweep


# ---------------------------------------------------------------------------
# public
# ---------------------------------------------------------------------------


def async_sweep(W, x, order=None, rng=None) -> np.ndarray:
    """One asynchronous sweep: each neuron in turn takes the sign of its field.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights.
    x : array_like, shape (N,), (side, side) or (n, N)
        State(s) of ±1; several states each go through the same order.
    order : array_like of int, shape (N,), optional
        The order in which neurons are updated (a permutation of
        ``0..N-1``); by default ``rng.permutation(N)``.
    rng : numpy.random.Generator, int or None
        Source of the random order.

    Returns
    -------
    ndarray, same shape as ``x``
        The state after all ``N`` single-neuron updates. A neuron whose
        field is exactly 0 keeps its state.

    Notes
    -----
    Neuron ``i`` sees the *current* state, including the neurons already
    updated in this sweep: ``x_i <- sgn(Σ_j W_ij x_j)``. Called as
    ``async_sweep(W, x, order)`` it is a rule function for :func:`recall`.

    Examples
    --------
    >>> from course_lib.hopfield import hebbian_weights, pattern_x
    >>> p = pattern_x().ravel()
    >>> W = hebbian_weights(p)
    >>> bool(np.array_equal(async_sweep(W, p, order=np.arange(64)), p))   # a fixed point
    True
    """
    W = _check_W(W)
    N = W.shape[0]
    shape = np.shape(x)
    xs, single = _check_state("x", x, N)
    rng = check_rng("rng", rng)
    if order is None:
        order = rng.permutation(N)
    else:
        order = _check_order(order, N)
    out = _sweep(W[None], xs[None].copy(), order, _tie_tol(W))[0]
    return out[0].reshape(shape) if single else out


def _check_order(order, N: int) -> np.ndarray:
    """``order`` as an int array if it is a permutation of ``0..N-1``, else a ValueError."""
    try:
        arr = np.asarray(order)
    except (TypeError, ValueError):
        arr = np.asarray([])
    if (arr.dtype.kind not in "iu" or arr.shape != (N,)
            or not np.array_equal(np.sort(arr), np.arange(N))):
        shown = repr(order) if len(repr(order)) <= 40 else repr(order)[:37] + "..."
        raise ValueError(f"order must be a permutation of 0..{N - 1} (integers, each once), "
                         f"got {shown}")
    return arr


def sync_step(W, x) -> np.ndarray:
    """One synchronous update: every neuron takes the sign of its field at once.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights.
    x : array_like, shape (N,), (side, side) or (n, N)
        State(s) of ±1.

    Returns
    -------
    ndarray, same shape as ``x``
        ``sgn(W x)``; ties (``h_i = 0``) keep the current state.
    """
    W = _check_W(W)
    shape = np.shape(x)
    xs, single = _check_state("x", x, W.shape[0])
    out = _step(W, xs, _tie_tol(W))
    return out[0].reshape(shape) if single else out


def is_fixed_point(W, x) -> bool | np.ndarray:
    """True where no single-neuron update changes the state: ``x_i h_i >= 0`` for all ``i``.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights.
    x : array_like, shape (N,), (side, side) or (n, N)
        State(s) of ±1.

    Returns
    -------
    bool, or ndarray of bool of shape (n,)

    Examples
    --------
    >>> from course_lib.hopfield import hebbian_weights, pattern_x, pattern_smiley
    >>> W = hebbian_weights([pattern_x(), pattern_smiley()])
    >>> bool(is_fixed_point(W, pattern_smiley())), bool(is_fixed_point(W, -pattern_x()))
    (True, True)
    """
    W = _check_W(W)
    xs, single = _check_state("x", x, W.shape[0])
    ok = _fixed(W, xs, _tie_tol(W))
    return bool(ok[0]) if single else ok


class Recall(NamedTuple):
    """Result of :func:`recall`.

    Attributes
    ----------
    t : ndarray, shape (n_frames,)
        Time of each frame: sweeps (async; ``1/N`` per single update with
        ``record="update"``), steps (sync) or time constants (continuous).
    states : ndarray, shape (n_frames, N) or (n_frames, n, N)
        The state at each frame, the start first. Continuous runs hold the
        real-valued ``x``.
    final : ndarray, shape of ``x0``: (N,), (side, side) or (n, N)
        The end state read out as ±1 (``sign(x)``, zeros as ``+1``, for
        the continuous rule).
    converged : bool or ndarray of bool, shape (n,)
        Discrete rules: the run reached a fixed point (a sync run in a
        2-cycle has not). Continuous: ``final`` is a fixed point of the
        discrete dynamics.
    """

    t: np.ndarray
    states: np.ndarray
    final: np.ndarray
    converged: bool | np.ndarray


def recall(W, x0, rule="async", rng=None, *, max_sweeps: int = 100,
           record: str = "sweep", T: float = 10.0, dt: float = DT_DEFAULT,
           sigma: float = SIGMA_DEFAULT, beta: float | None = None) -> Recall:
    """Run the network from ``x0`` until it settles; return the trajectory and end state.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights (e.g. from :func:`~course_lib.hopfield.hebbian_weights`).
    x0 : array_like, shape (N,), (side, side) or (n, N)
        Start state(s) of ±1 (continuous rule: any real values). Several
        starts run together.
    rule : {"async", "sync", "continuous"} or callable
        Asynchronous sweeps in a random order, synchronous steps, the
        report's Euler update (Eq. 5), or a rule function
        ``rule(W, x, order) -> x`` that does one asynchronous sweep of one
        state ``x`` (N,) over the neurons in ``order``, like
        :func:`async_sweep`: it replaces the built-in sweep of ``"async"``.
    rng : numpy.random.Generator, int or None
        Update order (async) and noise (continuous): a Generator, a seed
        (an integer >= 0) or ``None``.
    max_sweeps : int
        Discrete rules: stop after this many sweeps / steps at the latest
        (1 to ``MAX_STEPS``; async: ``max_sweeps · N`` single-neuron updates
        at most ``MAX_STEPS``).
    record : {"sweep", "update"}
        Async only: one frame per sweep, or one per single-neuron update
        (for animations).
    T : float
        Continuous rule: duration, in time constants (> 0; ``T / dt`` steps).
    dt : float
        Continuous rule: Euler step, in time constants, in ``(0, 1]``.
    sigma : float
        Continuous rule: noise amplitude in ``[0, MAX_SIGMA]``; each step adds
        ``sigma sqrt(dt) N(0, 1)``.
    beta : float or None
        Continuous rule only: ``f = sign`` (``None``) or
        ``f(s) = tanh(beta s)`` with ``0 < beta <= MAX_BETA``.

    Returns
    -------
    Recall
        ``t``, ``states``, ``final``, ``converged``.

    Raises
    ------
    RuleError
        A rule function that cannot be called as ``rule(W, x, order)``,
        raises, or returns anything but a state of ±1 of shape ``(N,)``;
        the message says which, in one sentence.
    ValueError
        Any other bad argument, naming it; and a run a class server cannot
        afford: more than ``MAX_STEPS`` (2 million) steps or single-neuron
        updates, a record of more than ``MAX_ELEMENTS`` (20 million)
        numbers, more than ``MAX_MULTIPLY_ADDS`` multiply-adds.

    Notes
    -----
    Async: every sweep draws one order ``rng.permutation(N)`` (shared by
    all starts of a batch) and updates ``x_i <- sgn(h_i)`` one neuron at a
    time; a run stops after a sweep without change (a fixed point; the
    energy never rose). With ``record="update"`` the frame after ``j``
    updates of a sweep holds the first ``j`` neurons of the order at their
    new values, the rest at their old ones: exactly the single-neuron
    updates, for the built-in sweep and for a correct rule function. Sync:
    ``x <- sgn(W x)``; stops at a fixed point or a 2-cycle. Ties keep the
    current state. Continuous (Eq. 5):
    ``x <- x + dt (-x + f(W x)) + sigma sqrt(dt) eta``.

    References
    ----------
    The report (Saeedpour 2025), §3.2 (Eq. 5, Figure 12), §3.3
    (Figure 13), §3.4.1 (Figure 16), §3.5 (Figure 17).

    Examples
    --------
    >>> from course_lib.hopfield import corrupt, hebbian_weights, overlap, pattern_x, \
pattern_smiley
    >>> W = hebbian_weights([pattern_x(), pattern_smiley()])
    >>> cue = corrupt(pattern_x(), 0.3, np.random.default_rng(0))
    >>> r = recall(W, cue, rng=np.random.default_rng(1))
    >>> float(overlap(r.final, pattern_x())), bool(r.converged)
    (1.0, True)
    >>> mine = recall(W, cue, rule=async_sweep, rng=np.random.default_rng(1))
    >>> bool(np.array_equal(mine.states, r.states))   # a rule function: the same run
    True
    """
    W = _check_W(W)
    N = W.shape[0]
    if callable(rule):
        sweep, rule = _rule_sweep(rule), "async"
    else:
        try:
            sweep, rule = _sweep, check_choice("rule", rule, RULES)
        except ValueError as exc:
            raise ValueError(f"{exc} (or a rule function rule(W, x, order))") from None
    record = check_choice("record", record, ("sweep", "update"))
    max_sweeps = check_int("max_sweeps", max_sweeps, 1, MAX_STEPS)
    rng = check_rng("rng", rng)
    shape = np.shape(x0)
    xs, single = _check_state("x0", x0, N, pm1=rule != "continuous")
    n = xs.shape[0]
    T = check_positive("T", T)
    dt = check_range("dt", dt, 0.0, 1.0, low_inclusive=False)
    sigma = check_range("sigma", sigma, 0.0, MAX_SIGMA)
    if rule == "continuous":
        if beta is not None:
            beta = check_range("beta", beta, 0.0, MAX_BETA, low_inclusive=False)
        n_steps = check_steps("T", max(1, round(min(T / dt, 1e18))), "steps (T / dt)")
        _check_cost("T", n_steps + 1, n, N, n_steps * n * N * N)
    else:
        if beta is not None:
            raise ValueError(f"beta is the gain of f(s) = tanh(beta s) in rule='continuous'; "
                             f"rule={rule!r} has none (leave beta=None)")
        per_sweep = N if rule == "async" else 1
        check_steps("max_sweeps", max_sweeps * per_sweep,
                    "single-neuron updates" if rule == "async" else "steps")
        n_frames = 1 + max_sweeps * (N if rule == "async" and record == "update" else 1)
        _check_cost("max_sweeps", n_frames, n, N, max_sweeps * n * N * N)
    tol = _tie_tol(W)
    frames = [xs[None].copy()]
    times = [np.zeros(1)]

    if rule == "continuous":
        noise = sigma * math.sqrt(dt)
        for k in range(n_steps):
            xs = _euler_step(W, xs, dt, noise, beta, rng)
            frames.append(xs[None])
        times.append(np.arange(1, n_steps + 1) * dt)
        final = np.where(xs >= 0.0, 1.0, -1.0)
        converged = _fixed(W, final, tol)
    else:
        x3 = xs[None].copy()

        def on_step(k, before, after, order):
            if rule == "async" and record == "update":
                pos = np.empty(N, dtype=int)
                pos[order] = np.arange(N)
                done = pos[None, :] < np.arange(1, N + 1)[:, None]  # (update j, neuron i)
                frames.append(np.where(done[:, None, :], after[0][None], before[0][None]))
                times.append(k + np.arange(1, N + 1) / N)
            else:
                frames.append(after.copy())
                times.append(np.array([k + 1.0]))

        converged = _settle(W[None], x3, rule, rng, max_sweeps, tol, sweep, on_step)[0]
        final = x3[0]
    states = np.concatenate(frames)
    t = np.concatenate(times)
    if single:
        return Recall(t, states[:, 0, :], final[0].reshape(shape), bool(converged[0]))
    return Recall(t, states, final, converged)


def tanh_memories(W, patterns, beta) -> np.ndarray:
    """How strong a memory of each pattern Eq. 5 with ``f(s) = tanh(beta s)`` can hold (0: none).

    For each pattern ``p``, the noiseless Eq. 5, ``dx/dt = -x + tanh(beta W x)``,
    runs from ``x = p`` to its fixed point ``x*``. If ``x*`` still has the
    signs of ``p`` (no entry faded to 0), it is a *memory state* of ``p``,
    and its strength is the mean ``|x*_i|``; otherwise (the state faded to 0,
    or into a mixture of several patterns) the pattern has no memory state
    at this gain and the result is 0.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights.
    patterns : array_like
        The patterns to test (see :func:`~course_lib.hopfield.as_patterns`),
        ``N`` neurons each.
    beta : float
        Gain, in ``(0, MAX_BETA]``.

    Returns
    -------
    ndarray, shape (P,)
        Mean ``|x*|`` of each pattern's memory state, in ``(0, 1)``; 0 where
        there is none.

    Notes
    -----
    With one stored pattern, ``x = a p`` and ``a = tanh(beta a (N-1)/N)``: a
    memory needs ``beta (N-1)/N > 1``. With two, ``p`` and ``q`` (overlap
    ``c``), ``W`` has the eigenvalues ``1 ± c - 2/N`` on ``p ± q``, and the
    fixed points split exactly along these directions: a memory of ``p``
    (not only the mixture ``p + q``) needs ``beta (1 - |c| - 2/N) > 1``
    (docs/hopfield.md, "The gain of Eq. 5"). Within about 0.001 of such a
    threshold the dynamics slow down so much that the answer may be either.
    The fixed point is found by the damped iteration
    ``x <- x + h (-x + tanh(beta W x))`` (``h = 1`` unless ``W`` has large
    negative eigenvalues), which has the fixed points and the stability of
    Eq. 5, polished by Newton's method (kept only if the point it finds is
    stable). Costs about a millisecond for ``N = 64``, up to ~20 ms at a
    threshold.

    Examples
    --------
    >>> from course_lib.hopfield import hebbian_weights, pattern_x, pattern_smiley
    >>> W = hebbian_weights([pattern_x(), pattern_smiley()])
    >>> [round(float(tanh_memories(W, pattern_x(), b)[0]), 2) for b in (1.0, 1.1, 1.2, 4.0)]
    [0.0, 0.0, 0.59, 1.0]
    """
    W = _check_W(W)
    N = W.shape[0]
    p = as_patterns(patterns)
    if p.shape[1] != N:
        raise ValueError(f"patterns must have N = {N} neurons (the size of W), got {p.shape[1]}")
    beta = check_range("beta", beta, 0.0, MAX_BETA, low_inclusive=False)
    lam_min = float(np.linalg.eigvalsh(0.5 * (W + W.T))[0])
    h = 1.0 / (1.0 + beta * max(0.0, -lam_min))  # no period-2 swing on negative eigenvalues
    n_iter = int(min(_TANH_ITER, max(100, MAX_MULTIPLY_ADDS // 10 // (N * N))))
    out = np.zeros(p.shape[0])
    for k, start in enumerate(p):
        x = _tanh_fixed_point(W, start.copy(), beta, h, n_iter)
        if np.all((np.sign(x) == start) & (np.abs(x) > 1e-6)):
            out[k] = np.mean(np.abs(x))
    return out


_TANH_ITER = 20_000
"""Most iterations of the slow path of :func:`tanh_memories`."""


def _tanh_fixed_point(W, x, beta: float, h: float, n_iter: int) -> np.ndarray:
    """The fixed point of ``dx/dt = -x + tanh(beta W x)`` that the flow from ``x`` reaches.

    A few hundred damped steps bring ``x`` near its attractor; Newton's method
    then finds the fixed point there, which is kept if it is stable (a
    marginal one, at a threshold, counts: the flow reaches it too). Otherwise
    (Newton went to a saddle, or did not converge) the damped steps go on.
    """
    N = x.size

    def steps(x, n):
        for _ in range(n):
            step = h * (np.tanh(beta * (W @ x)) - x)
            x = x + step
            if np.max(np.abs(step)) < 1e-13:
                return x, True
        return x, False

    x, done = steps(x, 300)
    if done:
        return x
    y = x.copy()
    eye = np.eye(N)
    try:
        for _ in range(80):
            t = np.tanh(beta * (W @ y))
            F = t - y
            if np.max(np.abs(F)) < 1e-13:
                break
            y = y - np.linalg.solve((1.0 - t * t)[:, None] * (beta * W) - eye, F)
        else:
            raise np.linalg.LinAlgError("no convergence")
        t = np.tanh(beta * (W @ y))
        grow = np.max(np.linalg.eigvals((1.0 - t * t)[:, None] * (beta * W)).real)
        if grow < 1.0 + 1e-9:
            return y
    except np.linalg.LinAlgError:
        pass
    return steps(x, n_iter)[0]


def _check_cost(name: str, frames: int, n: int, N: int, multiply_adds: int) -> None:
    """A recall recording ``frames`` frames of ``n`` states within the limits, or a ValueError."""
    numbers = frames * n * N
    if numbers > MAX_ELEMENTS:
        raise ValueError(f"{name} asks for a record of {numbers:,} numbers ({frames:,} frames of "
                         f"{n} state(s) of {N} neurons); at most {MAX_ELEMENTS:,} are allowed: "
                         f"lower {name}, run fewer states at once, or record='sweep'")
    if multiply_adds > MAX_MULTIPLY_ADDS:
        raise ValueError(f"{name} asks for {multiply_adds:,} multiply-adds; at most "
                         f"{MAX_MULTIPLY_ADDS:,} are allowed (about 10 s of work)")


def distinct_states(states) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``states`` and how often each occurs, most frequent first.

    Parameters
    ----------
    states : array_like, shape (n, N)

    Returns
    -------
    (ndarray of shape (k, N), ndarray of int of shape (k,))

    Examples
    --------
    >>> u, c = distinct_states([[1, -1], [1, -1], [-1, 1]])
    >>> u.tolist(), c.tolist()
    ([[1.0, -1.0], [-1.0, 1.0]], [2, 1])
    """
    s = check_finite_array("states", states, ndim=2)
    u, counts = np.unique(s, axis=0, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    return u[order], counts[order]
