"""The conductance-based point neuron, its spikes and the NXX1 rate code (notebook 04).

This package reproduces the CCN textbook's "Neuron" simulation (emergent 8),
which the textbook page 2.5 "Mathematical Formulations" (O'Reilly, Munakata
et al.) describes, cycle for cycle. By topic:

* :mod:`~course_lib.neuron.membrane`: the parameters :class:`UnitParams`, the
  tug-of-war of excitatory, inhibitory and leak currents (:func:`currents`,
  :func:`net_current`), :func:`vm_equilibrium` and the thresholds
  :func:`ge_threshold` and :func:`gl_threshold`, and where a spiking neuron
  starts to fire (:func:`ge_spike_onset`);
* :mod:`~course_lib.neuron.rate_code`: the rate code :func:`xx1` and its
  noise-convolved version :func:`nxx1`, computed once per ``(gain, nvar)``
  into emergent's lookup table (:func:`nxx1_table`);
* :mod:`~course_lib.neuron.simulation`: discrete spiking (threshold and
  reset, or the AdEx model of the page's Table 2.1,
  :meth:`UnitParams.adex`) with spike-rate adaptation and the rate code,
  cycle by cycle (:func:`run_unit`, one run or a batch), the CCN protocol
  (:func:`ccn_input`), and the page's experiments (:func:`tug_of_war`,
  :func:`rate_vs_vm_eq` for Fig. 2.5, :func:`rate_vs_excess` for what
  ``g_e - g_e^θ`` predicts, :func:`spike_vs_rate` for Fig. 2.6);
* :mod:`~course_lib.neuron.units`: the normalised units of the page's
  Table 2.1 (:func:`to_normalized`, :func:`to_biological`,
  :func:`unit_table`), corrected.

Every name is available from ``course_lib.neuron`` itself
(``from course_lib import neuron; neuron.run_unit()``). Everything is in
normalised units: one cycle is 1 ms, voltages map -100..100 mV to 0..2,
conductances are in units of 100 nS. What the page gets wrong or leaves out,
and why, is in ``docs/neuron.md``.

Importing this package imports neither matplotlib nor ipywidgets.
"""

from . import membrane, rate_code, simulation, units
from .membrane import (
    E_REV_E,
    E_REV_I,
    E_REV_L,
    MAX_EXP_SLOPE,
    MAX_GAIN,
    MAX_NVAR,
    THETA,
    Currents,
    UnitParams,
    currents,
    ge_spike_onset,
    ge_threshold,
    gl_threshold,
    net_current,
    vm_equilibrium,
)
from .rate_code import NXX1_RES, nxx1, nxx1_table, xx1
from .simulation import (
    CHECK_CYCLE,
    EQ_GAIN,
    EQ_TAU,
    N_CYCLES,
    OFF_CYCLE,
    ON_CYCLE,
    STABLE_STEP,
    RateVsExcess,
    SpikeVsRate,
    TugOfWar,
    UnitRun,
    ccn_input,
    firing_rate,
    rate_vs_excess,
    rate_vs_vm_eq,
    run_ccn,
    run_unit,
    spike_rate_estimate,
    spike_vs_rate,
    tug_of_war,
)
from .units import UNITS, UnitRow, format_unit_table, to_biological, to_normalized, unit_table

__all__ = [*membrane.__all__, *rate_code.__all__, *simulation.__all__, *units.__all__]
