"""Interactive views of the self-connected neuron (notebook 01)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import self_excited as se
from ..plotting import self_excited as pse
from ..plotting.style import PALETTE
from .base import App, Control

__all__ = ["SelfExcitedApp", "NoiseApp", "BifurcationApp"]

W_CONTROL = Control("w", "w", 0.0, 0.2, 0.001, value=se.W_DEFAULT, unit="1/Hz",
                    help="self-coupling: how strongly the neuron excites itself")
I_CONTROL = Control("I", "I", -8.0, 1.0, 0.01, value=se.I_DEFAULT,
                    help="external input")


def _fp_summary(fps) -> str:
    parts = [f"{fp.r:.2f} ({'stable' if fp.stable else 'unstable'})" for fp in fps]
    return "fixed points r* = " + ", ".join(parts) + " Hz"


def _barrier_summary(w, I, fps) -> str:
    if len(fps) != 3:
        return "one well: no barrier, no memory"
    u = se.potential(np.array([fp.r for fp in fps]), w, I)
    return (f"potential barriers: {u[1] - u[0]:.3g} to leave the low state, "
            f"{u[1] - u[2]:.3g} to leave the high state")


class SelfExcitedApp(App):
    """Figures 2 and 4 live: rate traces, flux with fixed points, and the potential.

    Sliders ``w`` and ``I``. Left: ``r(t)`` from ``r(0) = 59, 60, 61`` (and,
    in grey, from 0, 10, ..., 120). Middle: the flux ``dr/dt`` against ``r``
    with stable (filled) and unstable (open) fixed points. Right: the
    potential ``U(r)``, the ball-in-a-double-well picture.

    Examples
    --------
    >>> app = SelfExcitedApp()                     # doctest: +SKIP
    >>> app.sliders["I"].value = -1.5              # doctest: +SKIP
    """

    controls = (W_CONTROL, I_CONTROL)
    figsize = (9.6, 7.6)
    T = 20.0
    r0_main = np.array([59.0, 60.0, 61.0])
    r0_fan = np.arange(0.0, 121.0, 10.0)

    def build(self, fig):
        axd = fig.subplot_mosaic([["t", "t"], ["f", "u"]], height_ratios=[1, 1.1])
        ax_t, ax_f, ax_u = axd["t"], axd["f"], axd["u"]
        w, I = self.params["w"], self.params["I"]
        sim = se.simulate(np.concatenate([self.r0_fan, self.r0_main]), w, I, T=self.T)
        n_fan = self.r0_fan.size
        fan = pse.plot_rates(ax_t, sim.t, sim.r[:n_fan], colors=["0.75"] * n_fan, animated=True,
                             lw=1.2)
        main = pse.plot_rates(ax_t, sim.t, sim.r[n_fan:], animated=True,
                              labels=["r(0) = 59", "r(0) = 60", "r(0) = 61"])
        ax_t.set(xlabel="time t (τ)", ylabel="rate r (Hz)", xlim=(0, self.T), ylim=(-5, 125),
                 title="Rate over time (Fig. 2)")
        ax_t.legend(loc="center right", bbox_to_anchor=(1.0, 0.7), fontsize=10.5)
        flux = pse.plot_flux(ax_f, w, I, animated=True)
        ax_f.set_title("Flux (Fig. 4)")
        pot = pse.plot_potential(ax_u, w, I, animated=True, show_barriers=False)
        ax_u.set_title("Potential: ball in a well")
        return {"fan": fan, "main": main, "flux": flux, "potential": pot}

    def update(self, art, *, w, I):
        fps = se.fixed_points(w, I)
        sim = se.simulate(np.concatenate([self.r0_fan, self.r0_main]), w, I, T=self.T)
        n_fan = self.r0_fan.size
        pse.update_rates(art["fan"], sim.t, sim.r[:n_fan])
        pse.update_rates(art["main"], sim.t, sim.r[n_fan:])
        pse.update_flux(art["flux"], w, I, fps)
        pse.update_potential(art["potential"], w, I, fps)
        self.set_readout(_fp_summary(fps) + "<br>" + _barrier_summary(w, I, fps))
        self.fixed_points = fps


class NoiseApp(App):
    """Figure 3 live: noise-driven switching between the low and the high state.

    Three runs of ``T = 1000`` time constants from ``r(0) = 59, 60, 61`` at the
    default ``w, I``, with Euler–Maruyama noise of intensity ``sigma``. Preset
    buttons give the report's values (0.1, 1, 5, 20) and the values that tell
    its story with correctly scaled noise (16: occasional, 63: frequent). The
    panel's title counts the switches and compares with the exact expectation.
    """

    controls = (
        Control("sigma", "σ", 0.0, 80.0, 0.1, value=20.0, live=False,
                help="noise intensity (each step adds σ·sqrt(dt)·N(0,1))"),
        Control("seed", "seed", 0, 999, 1, value=0, kind="int", live=False,
                help="random seed: same seed, same noise"),
        Control("clip", "clip rates at 0", kind="toggle", value=False, live=False,
                help="keep rates non-negative (a modelling choice)"),
    )
    figsize = (9.6, 6.6)
    T = 1000.0
    r0 = (59.0, 60.0, 61.0)
    PRESETS = (("report: 0.1", 0.1), ("report: 1", 1.0), ("report: 5", 5.0),
               ("report: 20", 20.0), ("story: 16", 16.0), ("story: 63", 63.0))

    def build(self, fig):
        axes = fig.subplots(3, 1, sharex=True)
        t = np.array([0.0, self.T])
        rows = []
        for k, (ax, r0) in enumerate(zip(axes, self.r0)):
            art = pse.plot_noise_run(ax, t, np.zeros((1, 2)), animated=True, labels=None,
                                     colors=[pse.IC_COLORS[k]])
            art["title"].set_visible(False)
            ax.set_ylabel("r (Hz)")
            ax.label_outer()
            label = ax.text(0.005, 0.96, "", transform=ax.transAxes, va="top", fontsize=11.5,
                            animated=True, bbox=dict(fc="white", ec="none", alpha=0.85, pad=1.5))
            rows.append((art, label))
        title = fig.suptitle(" ", fontsize=13)
        title.set_animated(True)
        return {"rows": rows, "title": title}

    def update(self, art, *, sigma, seed, clip):
        rng = np.random.default_rng(seed)
        sim = se.simulate(self.r0, T=self.T, sigma=sigma, rng=rng, clip_at_zero=clip)
        n = se.count_switches(sim.r)
        self.switches = n
        tau = se.mean_switch_time(sigma) if sigma > 0 else np.inf
        if tau == np.inf:
            exp_txt = "expected 0 (one switch would take longer than 1e308 τ)"
        elif self.T / tau >= 0.01:
            exp_txt = f"expected {se.expected_switches(self.T, sigma):.3g}"
        else:
            exp_txt = f"expected {self.T / tau:.1e} (one every {tau:.1e} τ)"
        clip_txt = ", rates clipped at 0" if clip else ""
        art["title"].set_text(f"σ = {sigma:g}, seed {seed}: switches in T = {self.T:g} τ, "
                              f"{exp_txt} per run{clip_txt}")
        for (row, label), r0, r, k in zip(art["rows"], self.r0, sim.r, n):
            pse.update_noise_run(row, sim.t, r[None, :])
            label.set_text(f"r(0) = {r0:g}: {k} switch{'es' if k != 1 else ''}")

    def extra_widgets(self):
        buttons = []
        for label, value in self.PRESETS:
            b = widgets.Button(description=label, layout=widgets.Layout(width="auto"),
                               tooltip=f"set σ = {value}")
            b.add_class("course-preset")
            b.on_click(self.guard(lambda _b, v=value: self.set(sigma=v)))
            buttons.append(b)
        return [widgets.HBox([widgets.Label("presets:"), *buttons],
                             layout=widgets.Layout(flex_flow="row wrap"))]


class BifurcationApp(App):
    """Figure 5 live: the (w, I) plane, the S-shaped curve, and hysteresis.

    Left: the plane coloured by the number of fixed points, with the exact
    saddle-node curves, the cusp and the current ``(w, I)``. Right: fixed
    points ``r*`` against ``I`` at the current ``w`` (stable solid, unstable
    dashed) with the current ``I`` marked. The button sweeps ``I`` slowly up
    and then down and draws the rate: it jumps at the saddle-nodes, and the
    two jumps are at different inputs (hysteresis).
    """

    controls = (W_CONTROL, I_CONTROL)
    figsize = (9.6, 4.8)
    I_LIM = (I_CONTROL.min, I_CONTROL.max)

    def build(self, fig):
        ax_p, ax_b = fig.subplots(1, 2)
        w, I = self.params["w"], self.params["I"]
        plane = pse.plot_bifurcation_plane(ax_p, w_max=W_CONTROL.max, I_lim=self.I_LIM, w=w, I=I,
                                           animated=True)
        ax_p.set_title("Number of fixed points")
        branch = pse.plot_branch(ax_b, w, I, I_lim=self.I_LIM, animated=True)
        hyst = pse.plot_hysteresis(ax_b, None, animated=True)
        ax_b.legend(loc="upper left", fontsize=10)
        ax_b.set_title("Fixed points against the input")
        self.sweep = None
        self._sweep_w = None
        return {"plane": plane, "branch": branch, "hyst": hyst}

    def update(self, art, *, w, I):
        pse.update_plane_marker(art["plane"], w, I)
        pse.update_branch(art["branch"], w, I)
        if self._sweep_w != w:  # a sweep belongs to the w it was run at
            self.sweep = None
        pse.update_hysteresis(art["hyst"], self.sweep)
        lo, hi = se.bistable_range(w)
        if np.isnan(lo):
            text = f"w = {w:g} &le; 1/60: one fixed point for every I (no memory)"
        else:
            text = f"w = {w:g}: bistable for {lo:.3f} &lt; I &lt; {hi:.3f}"
        n = len(se.fixed_points(w, I))
        text += f"; at I = {I:g}: {n} fixed point{'s' if n > 1 else ''}"
        if self.sweep is not None and not np.isnan(self.sweep.I_jump_up):
            text += (f"; the sweep jumped up at I &asymp; {self.sweep.I_jump_up:.2f} and down at "
                     f"I &asymp; {self.sweep.I_jump_down:.2f}")
        self.set_readout(text)

    def run_sweep(self):
        """Sweep ``I`` up and down across the panel at the current ``w``; draw the loop."""
        w = self.params["w"]
        with self.busy("sweeping I up and down…"):
            self.sweep = se.hysteresis_sweep(w, *self.I_LIM, T_ramp=3000.0)
            self._sweep_w = w
        self.refresh()
        return self.sweep

    def extra_widgets(self):
        b = widgets.Button(description="Sweep I up, then down", icon="exchange",
                           button_style="info", layout=widgets.Layout(width="auto"))
        b.add_class("course-sweep")
        b.on_click(self.guard(lambda _b: self.run_sweep()))
        self.sweep_button = b
        return [b]

    def bench_actions(self):
        return {"hysteresis sweep (button)": self.run_sweep}
