"""The normalised units of the simulation (the CCN page's Table 2.1), corrected.

Emergent's ``BioParams``: time 1 ms, voltage 0.1 V with -100 mV at 0, current
10 nA, hence conductance 10 nA / 0.1 V = 100 nS and capacitance
1 ms x 10 nA / 0.1 V = 100 pF (the page's table says 1 nS and 1 pF;
``docs/neuron.md``, "Units").
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import check_bool
from .membrane import _floats, _out

__all__ = ["UNITS", "to_normalized", "to_biological", "UnitRow", "unit_table",
           "format_unit_table"]

UNITS = {
    # quantity: (normalisation unit in SI, SI symbol, offset in SI)
    "time": (1e-3, "s", 0.0),
    "voltage": (0.1, "V", -0.1),
    "current": (1e-8, "A", 0.0),
    "conductance": (1e-7, "S", 0.0),
    "capacitance": (1e-10, "F", 0.0),
}
"""Normalisation of each quantity: ``norm = (SI - offset) / unit``.

Quantity -> ``(unit in SI, SI symbol, offset in SI)``: time 1 ms, voltage
0.1 V with -100 mV at 0, current 10 nA, conductance 100 nS, capacitance 100 pF.
"""

_PREFIX = {"": 1.0, "m": 1e-3, "u": 1e-6, "µ": 1e-6, "n": 1e-9, "p": 1e-12}
_SYMBOL = {"s": "time", "V": "voltage", "A": "current", "S": "conductance", "F": "capacitance"}


def _conversion(unit: str, difference: bool):
    """``(factor, scale, offset)``: ``norm = (value * factor - offset) / scale``."""
    if not isinstance(unit, str) or not unit or unit[-1] not in _SYMBOL or \
            unit[:-1] not in _PREFIX:
        raise ValueError(f"unit must be one of s, ms, V, mV, A, nA, S, nS, F, pF; got {unit!r}")
    quantity = _SYMBOL[unit[-1]]
    scale, _, offset = UNITS[quantity]
    if difference or quantity != "voltage":
        offset = 0.0
    return _PREFIX[unit[:-1]], scale, offset


def to_normalized(value, unit, *, difference=False):
    """Convert a biological value to the simulation's normalised units (Table 2.1).

    Parameters
    ----------
    value : float or array_like
        The value in ``unit``.
    unit : str
        ``"ms"``, ``"s"``, ``"mV"``, ``"V"``, ``"nA"``, ``"A"``, ``"nS"``,
        ``"S"``, ``"pF"``, ``"F"``.
    difference : bool
        For voltages: a voltage difference (like AdEx's slope factor Δ_T),
        which has no offset.

    Returns
    -------
    float or ndarray
        The normalised value.

    Examples
    --------
    >>> to_normalized(-70, "mV"), to_normalized(10, "nS"), to_normalized(281, "pF")
    (0.3, 0.1, 2.81)
    >>> to_normalized(2, "mV", difference=True)
    0.02
    """
    factor, scale, offset = _conversion(unit, check_bool("difference", difference))
    v = _floats("value", value) * factor
    return _out(np.round((v - offset) / scale, 12))


def to_biological(value, unit, *, difference=False):
    """Convert a normalised value back to ``unit`` (the inverse of :func:`to_normalized`).

    Parameters
    ----------
    value : float or array_like
        The normalised value.
    unit : str
        The unit to convert to, as in :func:`to_normalized`.
    difference : bool
        For voltages: a voltage difference, which has no offset.

    Returns
    -------
    float or ndarray
        The value in ``unit``.

    Examples
    --------
    >>> to_biological(0.5, "mV"), to_biological(1.0, "nS"), to_biological(0.00805, "nA")
    (-50.0, 100.0, 0.0805)
    """
    factor, scale, offset = _conversion(unit, check_bool("difference", difference))
    v = _floats("value", value)
    return _out(np.round((v * scale + offset) / factor, 12))


class UnitRow(NamedTuple):
    """One row of :func:`unit_table`.

    Attributes
    ----------
    name : str
        The parameter.
    bio : float
        Its biological value, in ``unit``.
    unit : str
        The biological unit ("mV", "nS", ...).
    norm : float
        The normalised value, :func:`to_normalized` of ``bio``.
    note : str
        Where the page's table differs ("" if it agrees).
    """

    name: str
    bio: float
    unit: str
    norm: float
    note: str


_TABLE_ROWS = (
    # name, bio value, unit, difference, note (where the page differs)
    ("time step (1 cycle)", 1.0, "ms", False, ""),
    ("voltage unit", 100.0, "mV", True, "-100..100 mV maps to 0..2"),
    ("current unit", 10.0, "nA", False, ""),
    ("conductance unit", 100.0, "nS", False, "page: 1 nS"),
    ("capacitance unit", 100.0, "pF", False, "page: 1 pF"),
    ("C (membrane capacitance)", 281.0, "pF", False, "1/C = dt_vm; page: .355"),
    ("g_l (leak)", 10.0, "nS", False, ""),
    ("g_i (inhibition)", 100.0, "nS", False, ""),
    ("g_e (excitation)", 100.0, "nS", False, ""),
    ("e_rev_l (leak) and vm_r", -70.0, "mV", False, ""),
    ("e_rev_i (inhibition)", -75.0, "mV", False, ""),
    ("e_rev_e (excitation)", 0.0, "mV", False, "page leaves it blank"),
    ("θ (act.thr, V_T in AdEx)", -50.0, "mV", False, ""),
    ("spk_thr (exp cutoff in AdEx)", 20.0, "mV", False, ""),
    ("exp_slope (Δ_T in AdEx)", 2.0, "mV", True, "a difference: no offset"),
    ("adapt tau (τ_w in AdEx)", 144.0, "ms", False, "dt = 1/144"),
    ("adapt vm_gain (a in AdEx)", 4.0, "nS", False, ""),
    ("adapt spike_gain (b in AdEx)", 0.0805, "nA", False, ""),
)


def unit_table():
    """The page's Table 2.1, recomputed with :func:`to_normalized` and corrected.

    Returns
    -------
    list of UnitRow
        ``(name, bio, unit, norm, note)``; ``note`` says where the page differs.
        The capacitance row's ``norm`` is C in units of 100 pF; the membrane
        rate constant is ``1/C``.

    Examples
    --------
    >>> rows = {r.name: r for r in unit_table()}
    >>> rows["conductance unit"].norm, rows["C (membrane capacitance)"].norm
    (1.0, 2.81)
    """
    return [UnitRow(name, bio, unit, to_normalized(bio, unit, difference=diff), note)
            for name, bio, unit, diff, note in _TABLE_ROWS]


def format_unit_table() -> str:
    """:func:`unit_table` as aligned text, plus the derived membrane rate ``1/C``.

    Returns
    -------
    str
        One line per row under a header line, then the line ``dt_vm = 1/C``.

    >>> print(format_unit_table().splitlines()[0])
    parameter                        biological  normalised  note
    """
    rows = unit_table()
    lines = [f"{'parameter':<32} {'biological':>10}  {'normalised':>10}  note"]
    for r in rows:
        bio = f"{r.bio:g} {r.unit}"
        lines.append(f"{r.name:<32} {bio:>10}  {r.norm:>10.4g}  {r.note}".rstrip())
    c = {r.name: r for r in rows}["C (membrane capacitance)"].norm
    lines.append(f"{'dt_vm = 1/C':<32} {'':>10}  {1.0 / c:>10.4f}  page: .355 "
                 "(the rate-code simulation uses vm_tau 3.3)")
    return "\n".join(lines)
