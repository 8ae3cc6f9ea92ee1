"""The Hopfield network: Hebbian memories, energy, recall and capacity.

``N`` binary neurons ``x_i = ±1`` (an 8 x 8 picture for ``N = 64``) store
``P`` patterns ``p^μ`` in the Hebbian weights

.. math::

    W = \\frac{1}{N} \\sum_{\\mu=1}^{P} p^\\mu (p^\\mu)^T, \\qquad W_{ii} = 0 .

A neuron's input is its local field ``h_i = Σ_j W_ij x_j``. Recall updates
``x_i <- sgn(h_i)``:

* **asynchronously** (one neuron at a time, each neuron once per *sweep* in
  a random order): the energy ``E = -½ xᵀ W x`` never rises, so every run
  ends in a fixed point;
* **synchronously** (all neurons at once): fast, but it can oscillate
  between two states;
* **continuously** (the report's Eq. 5): ``x <- x + dt (-x + f(W x)) +
  sigma sqrt(dt) eta`` with ``f = sign`` or ``f(s) = tanh(beta s)``; the
  state is read out as ``sign(x)``;
* with **a rule function of your own**: ``recall(W, x0, rule=my_sweep)``
  for any ``my_sweep(W, x, order)`` that does one asynchronous sweep, like
  :func:`async_sweep`.

Three choices the report leaves open, fixed here (derived in
docs/hopfield.md):

* **The diagonal is zero.** With ``W_ii = P/N`` kept, a neuron partly holds
  itself in place and discrete updates freeze in states that are no memory
  (X + smiley then ends in hundreds of distinct states instead of four).
* **Ties keep the current state.** ``np.sign(0)`` is ``0``, which is no
  neuron state; with one stored pattern about 10% of random states have
  ``p · x = 0`` exactly. On ``h_i = 0`` the neuron keeps its value.
* **Gain.** With ``f = tanh`` (gain 1) a memory ``x = a p`` needs
  ``a = tanh(beta a (N-1)/N)``, which has a solution ``a != 0`` only for
  ``beta (N-1)/N > 1``: ``beta = 1`` stores nothing. Two patterns need
  ``beta (1 - |c| - 2/N) > 1`` (``c`` their overlap), not
  ``beta lambda_max > 1``; :func:`tanh_memories` computes it for any
  patterns. Use ``sign`` or ``beta >= 2``.

Sizes and durations have limits a class server can afford, stated in the
errors: ``N <= MAX_NEURONS`` (1024), ``P <= MAX_PATTERNS`` (1024), and per call
at most 2 million steps, 20 million recorded numbers and 1e10 multiply-adds.

The package has one module per topic: :mod:`.patterns` (pictures, random
patterns, corruption), :mod:`.network` (weights, fields, energy, overlaps),
:mod:`.dynamics` (the update rules and :func:`recall`) and
:mod:`.capacity`; every name is also available here, as ``hopfield.recall``.
Randomness comes in as a ``numpy.random.Generator`` (``rng``); ``None``
means a fresh, unseeded one.

References
----------
The report (Saeedpour 2025), "Firing rate models and dynamical systems",
§3 (Figures 10-18, Eqs. 4-6); docs/hopfield.md. Hopfield (1982), PNAS
79:2554; Amit, Gutfreund & Sompolinsky (1987), Ann. Phys. 173:30
(``0.138 N``); McEliece et al. (1987), IEEE Trans. Inf. Theory 33:461
(``N / (2 ln N)``, ``N / (4 ln N)``).
"""

from __future__ import annotations

from .capacity import ALPHA_C, capacity_curve, capacity_lines, crossing
from .dynamics import (
    DT_DEFAULT,
    MAX_BETA,
    MAX_SIGMA,
    RULES,
    SIGMA_DEFAULT,
    Recall,
    RuleError,
    async_sweep,
    distinct_states,
    is_fixed_point,
    recall,
    sync_step,
    tanh_memories,
)
from .network import (
    energy,
    energy_along_path,
    energy_from_overlaps,
    hebbian_weights,
    local_field,
    overlap,
    overlap_region,
)
from .patterns import (
    MAX_NEURONS,
    MAX_PATTERNS,
    MAX_SIDE,
    N_DEFAULT,
    SIDE,
    as_patterns,
    corrupt,
    mixture_state,
    pattern_library,
    pattern_smiley,
    pattern_x,
    random_patterns,
    random_state,
)

__all__ = [
    "SIDE",
    "N_DEFAULT",
    "MAX_SIDE",
    "MAX_NEURONS",
    "MAX_PATTERNS",
    "DT_DEFAULT",
    "SIGMA_DEFAULT",
    "MAX_BETA",
    "MAX_SIGMA",
    "ALPHA_C",
    "RULES",
    "Recall",
    "RuleError",
    "pattern_x",
    "pattern_smiley",
    "pattern_library",
    "as_patterns",
    "random_patterns",
    "hebbian_weights",
    "local_field",
    "energy",
    "energy_from_overlaps",
    "overlap",
    "corrupt",
    "random_state",
    "async_sweep",
    "sync_step",
    "is_fixed_point",
    "recall",
    "tanh_memories",
    "distinct_states",
    "mixture_state",
    "energy_along_path",
    "overlap_region",
    "capacity_curve",
    "capacity_lines",
    "crossing",
]
