"""Interactive views of the self-connected neuron (notebook 01)."""

from __future__ import annotations

import itertools
from functools import partial
from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np

from .. import self_excited as se
from ..plotting import self_excited as pse
from .base import App, Control

__all__ = ["SelfExcitedApp", "NoiseApp", "BifurcationApp"]

W_CONTROL = Control("w", "w", 0.0, 0.2, 0.001, value=se.W_DEFAULT, unit="1/Hz",
                    help="self-coupling: how strongly the neuron excites itself")
I_CONTROL = Control("I", "I", -8.0, 1.0, 0.01, value=se.I_DEFAULT,
                    help="external input")


def _no_rates(n: int, T: float):
    """Times and rates of ``n`` empty traces over ``[0, T]``, until the first update."""
    return np.array([0.0, T]), np.full((n, 2), np.nan)


class SelfExcitedApp(App):
    """Figures 2 and 4 live: rate traces, flux with fixed points, and the potential.

    Sliders ``w`` and ``I``. Top: ``r(t)`` from ``r(0) = 59, 60, 61`` (and,
    in grey, from 0, 10, ..., 120). Below it the flux ``dr/dt`` against
    ``r`` with stable (filled) and unstable (open) fixed points and arrows
    showing which way the rate moves, and the potential ``U(r)``, the
    ball-in-a-double-well picture: side by side, or all three panels stacked
    in a narrow column. The readout lists the fixed points (with their
    symbols) and the barrier heights.

    Attributes
    ----------
    fixed_points : list of FixedPoint
        The fixed points at the drawn ``w``, ``I``.

    Examples
    --------
    >>> app = SelfExcitedApp()                     # doctest: +SKIP
    >>> app.sliders["I"].value = -1.5              # doctest: +SKIP
    """

    controls = (W_CONTROL, I_CONTROL)
    figsize = (9.6, 7.8)
    narrow_figsize = (6.4, 10.2)
    T = 20.0
    r0_main = (59.0, 60.0, 61.0)
    r0_fan = tuple(float(r) for r in range(0, 121, 10))

    def setup(self):
        self.fixed_points: list[se.FixedPoint] = []

    def build(self, fig):
        if self.narrow:
            axd = fig.subplot_mosaic([["t"], ["f"], ["u"]])
        else:
            axd = fig.subplot_mosaic([["t", "t"], ["f", "u"]], height_ratios=[1, 1.1])
        ax_t, ax_f, ax_u = axd["t"], axd["f"], axd["u"]
        w, I = self.params["w"], self.params["I"]
        n_fan = len(self.r0_fan)
        fan = pse.plot_rates(ax_t, *_no_rates(n_fan, self.T), colors=["0.75"] * n_fan,
                             animated=True, lw=1.2,
                             labels=["r(0) = 0, 10, …, 120"] + [None] * (n_fan - 1))
        main = pse.plot_rates(ax_t, *_no_rates(len(self.r0_main), self.T), animated=True,
                              labels=[f"r(0) = {r0:g}" for r0 in self.r0_main])
        ax_t.set(xlabel="time t (τ)", ylabel="rate r (Hz)", xlim=(0, self.T), ylim=(-5, 125),
                 title="Rate over time (Fig. 2)")
        # Legends outside the panels: traces, fixed points and the flux fill them all.
        fig.legend(handles=[*main.lines, fan.lines[0]], loc="outside upper center",
                   ncols=2 if self.narrow else 4, fontsize=11)
        flux = pse.plot_flux(ax_f, w, I, animated=True)
        ax_f.set_title("Flux (Fig. 4)")
        pot = pse.plot_potential(ax_u, w, I, animated=True, show_barriers=False)
        ax_u.set_title("Potential: ball in a well")
        fig.legend(handles=[flux.right, flux.left], loc="outside lower center", ncols=2,
                   fontsize=11)
        return SimpleNamespace(fan=fan, main=main, flux=flux, potential=pot)

    def update(self, art, changed, *, w, I):
        # Both controls feed every panel: whatever changed, everything is recomputed.
        self.fixed_points = fps = se.fixed_points(w, I)
        sim = se.simulate([*self.r0_fan, *self.r0_main], w, I, T=self.T)
        n_fan = len(self.r0_fan)
        pse.update_rates(art.fan, sim.t, sim.r[:n_fan])
        pse.update_rates(art.main, sim.t, sim.r[n_fan:])
        pse.update_flux(art.flux, w, I, fps)
        pse.update_potential(art.potential, w, I, fps)
        # The readout is the legend of the fixed points: it lists exactly those drawn.
        self.set_readout(pse.fixed_point_html(fps) + "<br>" + pse.barrier_summary(w, I))


class NoiseApp(App):
    """Figure 3 live: noise-driven switching between the low and the high state.

    Three runs of ``T = 1000`` time constants from ``r(0) = 59, 60, 61`` at the
    default ``w, I``, with Euler–Maruyama noise of intensity ``sigma``. Preset
    buttons give the report's values (0.1, 1, 5, 20) and the values that tell
    its story with correctly scaled noise (16: occasional, 63: frequent). The
    readout counts the switches of each run and gives the exact expectation.

    Attributes
    ----------
    switches : ndarray of int, shape (3,)
        Switches counted in each drawn run.
    expected : float
        Expected switches per run at the drawn ``sigma`` (exact, without clipping).
    expected_text : str
        The same in words: how often noise of this ``sigma`` switches the
        neuron ("never, in practice" with the number where it is tiny).
    preset_buttons : list of ipywidgets.Button
        One button per preset, in the order of :attr:`PRESETS`.
    """

    controls = (
        Control("sigma", "σ", 0.0, 80.0, 0.1, value=20.0, live=False,
                help="noise intensity (each step adds σ·sqrt(dt)·N(0,1))"),
        Control("seed", "seed", 0, 999, 1, value=0, kind="int", live=False,
                help="random seed: same seed, same noise"),
        Control("clip", "clip rates at 0", kind="toggle", value=False, live=False,
                help="keep rates non-negative (a modelling choice)"),
    )
    figsize = (9.6, 7.0)
    T = 1000.0
    r0 = (59.0, 60.0, 61.0)
    PRESETS = (("report: 0.1", 0.1), ("report: 1", 1.0), ("report: 5", 5.0),
               ("report: 20", 20.0), ("story: 16", 16.0), ("story: 63", 63.0))

    def setup(self):
        self.switches = np.zeros(len(self.r0), dtype=int)
        self.expected = 0.0
        self.expected_text = ""
        self.preset_label = widgets.Label("presets:")
        self.preset_buttons = [
            self.button(label, partial(self.set, sigma=value), tooltip=f"set σ = {value:g}",
                        css="course-preset")
            for label, value in self.PRESETS
        ]

    def build(self, fig):
        axes = fig.subplots(len(self.r0), 1, sharex=True)
        runs = []
        for k, ax in enumerate(axes):
            run = pse.plot_noise_run(ax, *_no_rates(1, self.T), animated=True, labels=None,
                                     colors=[pse.IC_COLORS[k]])
            ax.set_ylabel("r (Hz)")
            ax.label_outer()
            # above the panel, not on the traces (they fill it)
            ax.set_title(f"from r(0) = {self.r0[k]:g}", loc="left", fontsize=11.5, pad=3)
            runs.append(run)
        guides = [g for g in runs[0].guides if not g.get_label().startswith("_")]
        fig.legend(handles=guides, loc="outside lower center", ncols=2, fontsize=11)
        return SimpleNamespace(runs=runs)

    def update(self, art, changed, *, sigma, seed, clip):
        if "sigma" in changed:
            self.expected = se.expected_switches(self.T, sigma) if sigma > 0 else 0.0
            self.expected_text = pse.switch_time_text(sigma, self.T)
        sim = se.simulate(self.r0, T=self.T, sigma=sigma, rng=np.random.default_rng(seed),
                          clip_at_zero=clip)
        self.switches = se.count_switches(sim.r)
        for run, r in zip(art.runs, sim.r):
            pse.update_noise_run(run, sim.t, r)
        counts = ", ".join(f"{k} from r(0) = {r0:g}" for r0, k in zip(self.r0, self.switches))
        clip_txt = ", rates clipped at 0" if clip else ""
        model = " (without clipping)" if clip and sigma > 0 else ""
        self.set_readout(f"σ = {sigma:g}, seed {seed}{clip_txt}: switches in T = {self.T:g} τ: "
                         f"{counts}<br>exact{model}: {self.expected_text}")

    def extra_widgets(self):
        return [self.rows([self.preset_label, *self.preset_buttons])]

    def bench_actions(self):
        presets = itertools.cycle(self.preset_buttons)  # each call a new sigma
        return {"preset buttons, each in turn": lambda: next(presets).click()}


class BifurcationApp(App):
    """Figure 5 live: the (w, I) plane, the S-shaped curve, and hysteresis.

    First panel: the plane coloured by the number of fixed points, with the
    exact saddle-node curves, the cusp and the current ``(w, I)``. Second:
    fixed points ``r*`` against ``I`` at the current ``w`` (stable solid,
    unstable dashed, saddle-nodes as squares) with the current ``I`` marked.
    Side by side, or stacked in a narrow column; each legend sits under its
    panel and lists only what is drawn. The button sweeps ``I`` slowly up and
    then down and draws the rate; the readout says what the sweep shows:
    jumps at two different inputs (hysteresis) where there are two
    saddle-nodes on the way, none below the cusp (the two ramps then differ
    only by the ramp's lag). A sweep belongs to the ``w`` it ran at: moving
    ``w`` clears it, a rebuild of the figure keeps it.

    Attributes
    ----------
    sweep : HysteresisSweep or None
        The last sweep (its ``w`` is the current one), or None.
    fixed_points : list of FixedPoint
        The fixed points at the drawn ``w``, ``I``.
    sweep_button : ipywidgets.Button
        Runs :meth:`run_sweep`.
    """

    controls = (W_CONTROL, I_CONTROL)
    figsize = (9.6, 5.9)
    narrow_figsize = (6.4, 10.8)
    I_LIM = (I_CONTROL.min, I_CONTROL.max)
    T_RAMP = 3000.0
    """Duration of each ramp of the sweep (time constants)."""

    def setup(self):
        self.sweep: se.HysteresisSweep | None = None
        self.fixed_points: list[se.FixedPoint] = []
        self.sweep_button = self.button(
            "Sweep I up, then down", self.run_sweep, icon="exchange", style="info",
            css="course-sweep", tooltip="ramp I slowly across the panel and back at this w")

    def build(self, fig):
        if self.narrow:
            gs = fig.add_gridspec(4, 1, height_ratios=[3.3, 1.5, 3.3, 0.75])
            ax_p, leg_p, ax_b, leg_b = (fig.add_subplot(gs[k]) for k in range(4))
        else:
            gs = fig.add_gridspec(2, 2, height_ratios=[3.5, 1.45])
            ax_p, ax_b = fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[0, 1])
            leg_p, leg_b = fig.add_subplot(gs[1, 0]), fig.add_subplot(gs[1, 1])
        w, I = self.params["w"], self.params["I"]
        plane = pse.plot_bifurcation_plane(ax_p, w_max=W_CONTROL.max, I_lim=self.I_LIM, w=w, I=I,
                                           animated=True)
        ax_p.set_title("Number of fixed points")
        pse.legend_panel(leg_p, [plane.one, plane.region, plane.low, plane.high, plane.cusp,
                                 plane.marker])
        branch = pse.plot_branch(ax_b, w, I, I_lim=self.I_LIM, animated=True)
        hyst = pse.plot_hysteresis(ax_b, None, animated=True)
        ax_b.set_title("Fixed points against I")
        leg_b.set_axis_off()  # its legend follows what is drawn (update)
        return SimpleNamespace(plane=plane, branch=branch, hyst=hyst, legend_axes=leg_b)

    def update(self, art, changed, *, w, I):
        if self.sweep is not None and self.sweep.w != w:
            self.sweep = None  # a sweep belongs to the w it ran at
        if "w" in changed:  # the S-curve depends on w only
            pse.update_branch(art.branch, w)
        if changed("w", "I"):
            self.fixed_points = se.fixed_points(w, I)
            pse.update_plane_marker(art.plane, w, I)
            pse.update_branch_input(art.branch, w, I, self.fixed_points)
        if changed("w", "sweep"):
            pse.update_hysteresis(art.hyst, self.sweep)
        lo, hi = se.bistable_range(w)
        if np.isnan(lo):
            text = f"w = {w:g} &le; 1/60: one fixed point for every I (no memory)"
        else:
            text = f"w = {w:g}: bistable for {lo:.3f} &lt; I &lt; {hi:.3f}"
        n = len(self.fixed_points)
        text += f"; at I = {I:g}: {n} fixed point{'s' if n > 1 else ''}"
        if self.sweep is not None:
            text += "<br>" + pse.sweep_summary(self.sweep)
        self.set_readout(text)
        return self._branch_legend(art)

    def _branch_legend(self, art):
        """Make the legend of the S-curve list what is drawn; "full" if it changed."""
        handles = pse.drawn_handles(art.branch, art.hyst)
        legend = art.legend_axes.get_legend()
        if legend is not None:
            if [t.get_text() for t in legend.get_texts()] == [h.get_label() for h in handles]:
                return None
            legend.remove()
        # two columns fit under a full-width panel (narrow layout), one under half the width
        pse.legend_panel(art.legend_axes, handles, ncols=2 if self.narrow else 1)
        return "full"

    def run_sweep(self) -> se.HysteresisSweep:
        """Sweep ``I`` up and down across the panel at the current ``w``; draw the loop.

        Returns
        -------
        HysteresisSweep
            The sweep, also kept in :attr:`sweep`.
        """
        w = self.params["w"]
        with self.busy("sweeping I up and down…"):
            self.sweep = se.hysteresis_sweep(w, *self.I_LIM, T_ramp=self.T_RAMP)
        self.refresh("sweep")
        return self.sweep

    def extra_widgets(self):
        return [self.sweep_button]

    def bench_actions(self):
        return {"hysteresis sweep (button)": self.sweep_button.click}
