"""Interactive views of the conductance-based neuron and the NXX1 rate code (notebook 04)."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .. import neuron as nrn
from ..plotting import neuron as pn
from ..plotting.style import PALETTE
from .base import App, Control

__all__ = ["TugOfWarApp", "NXX1App", "NeuronApp", "SpikeVsRateApp"]


def _controls_rows(sliders, rows):
    layout = widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="2px 16px")
    return widgets.VBox([widgets.HBox([sliders[n] for n in row], layout=layout) for row in rows])


class TugOfWarApp(App):
    """The tug-of-war: currents and ``V_m`` over time, and where ``V_m`` settles.

    Excitation and inhibition switch on at cycle 10 (``g_e(t)`` rises to 1
    with the input time constant, ``g_i(t) = 1``); leak is always on. Top:
    ``V_m`` without spiking (the "flag", the simulation's ``v_m_eq``), the
    spiking ``V_m`` in grey, the reversal potentials (the tuggers' positions)
    and the equilibrium formula. Bottom: the three currents and their sum.
    The readout compares the formula with the simulated steady state and
    gives ``g_e^θ``, the excitation at which ``V_eq`` reaches θ.
    """

    controls = (
        Control("g_bar_e", "ḡ_e", 0.0, 1.0, 0.01, value=0.3, help="excitatory conductance"),
        Control("g_bar_i", "ḡ_i", 0.0, 1.0, 0.01, value=0.1, help="inhibitory conductance"),
        Control("g_bar_l", "ḡ_l", 0.0, 1.0, 0.01, value=0.3, help="leak conductance"),
        Control("e_rev_e", "E_e", 0.6, 1.2, 0.01, value=nrn.E_REV_E,
                help="excitatory reversal potential"),
        Control("e_rev_i", "E_i", 0.0, 0.45, 0.01, value=nrn.E_REV_I,
                help="inhibitory reversal potential"),
        Control("e_rev_l", "E_l", 0.0, 0.45, 0.01, value=nrn.E_REV_L,
                help="leak reversal potential"),
    )
    figsize = (9.6, 6.4)
    n_cycles = 120

    def build(self, fig):
        ax_v, ax_i = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1.25, 1]})
        t = np.arange(self.n_cycles)
        zeros = np.zeros(self.n_cycles)
        ax_v.set(ylim=(0.0, 1.25), xlim=(0, self.n_cycles - 1), ylabel="$V_m$ (normalised)",
                 title="The tug-of-war: where does the flag $V_m$ settle?")
        ax_v.axvline(nrn.ON_CYCLE - 0.5, color=PALETTE["grey"], lw=1, ls="-", alpha=0.6)
        ax_v.text(nrn.ON_CYCLE + 1, 1.2, "input on →", fontsize=10.5, va="top",
                  color=PALETTE["grey"])
        (spk,) = ax_v.plot(t, zeros, color="0.72", lw=1.0, label="$V_m$ with spiking",
                           animated=True)
        (v,) = ax_v.plot(t, zeros, color=pn.COLORS["v_m"], lw=2.6,
                         label="$V_m$ (no spiking)", animated=True)
        refs = {}
        for key, color, lab in (("e_rev_e", pn.COLORS["i_e"], "$E_e$"),
                                ("e_rev_i", pn.COLORS["i_i"], "$E_i$"),
                                ("e_rev_l", pn.COLORS["i_l"], "$E_l$")):
            refs[key] = ax_v.axhline(0, color=color, lw=1.3, ls="--", label=lab, animated=True)
        (veq,) = ax_v.plot([self.n_cycles * 0.55, self.n_cycles - 1], [0, 0], color="k", lw=1.5,
                           ls=(0, (1, 1.5)), label="$V_{eq}$ formula", animated=True)
        ax_v.axhline(nrn.THETA, color=pn.COLORS["theta"], lw=1.0, ls=":")
        ax_v.text(1, nrn.THETA + 0.015, "θ", color=pn.COLORS["theta"], fontsize=12)
        ax_v.legend(loc="upper right", ncol=3, fontsize=10)
        ax_i.set(ylim=(-0.45, 0.45), xlabel="time (cycles = ms)",
                 ylabel="current (normalised)")
        ax_i.axhline(0, color="0.6", lw=0.8)
        cur = pn.plot_traces(ax_i, t, {"i_e": zeros, "i_i": zeros, "i_l": zeros, "i_net": zeros},
                             labels={"i_e": "$I_e$ excitatory", "i_i": "$I_i$ inhibitory",
                                     "i_l": "$I_l$ leak", "i_net": "$I_{net}$ sum"},
                             colors={"i_net": PALETTE["black"]}, animated=True)
        cur["i_net"].set_linestyle("--")
        ax_i.legend(loc="upper right", ncol=4, fontsize=10)
        self.result = None
        return {"v": v, "spk": spk, "refs": refs, "veq": veq, "cur": cur, "t": t}

    def update(self, art, **params):
        p = nrn.UnitParams(**params)
        tw = nrn.tug_of_war(p, self.n_cycles)
        self.result = tw
        t = art["t"]
        art["v"].set_data(t, tw.v)
        art["spk"].set_data(t, tw.run.v_m)
        for key, line in art["refs"].items():
            line.set_ydata([params[key]] * 2)
        art["veq"].set_ydata([tw.v_eq] * 2)
        pn.update_traces(art["cur"], t, tw.currents._asdict())
        fires = params["g_bar_e"] > tw.g_e_theta
        self.set_readout(
            f"<b>V<sub>eq</sub></b> formula = {tw.v_eq:.4f} &nbsp;·&nbsp; simulated V<sub>m</sub> "
            f"at cycle {self.n_cycles - 1} = {tw.v[-1]:.4f} &nbsp;·&nbsp; "
            f"<b>g<sub>e</sub><sup>θ</sup></b> = {tw.g_e_theta:.4f}: ḡ<sub>e</sub> = "
            f"{params['g_bar_e']:.2f} is {'above' if fires else 'not above'} it, so the neuron "
            f"{'fires' if fires else 'stays silent'} ({int(tw.run.spike.sum())} spikes)")

    def controls_box(self):
        return _controls_rows(self.sliders, (("g_bar_e", "g_bar_i", "g_bar_l"),
                                             ("e_rev_e", "e_rev_i", "e_rev_l")))


class NXX1App(App):
    """The page's Fig. 2.7 live: XX1 and noisy XX1 with gain and noise sliders.

    The NXX1 table for each ``(gain, nvar)`` is computed once (emergent's
    convolution) and cached; the curve is read from it by interpolation.
    ``nvar = 0`` gives XX1 back.
    """

    controls = (
        Control("gain", "gain γ", 10.0, 200.0, 5.0, value=100.0, help="XX1 gain"),
        Control("nvar", "noise nvar", 0.0, 0.05, 0.001, value=0.005,
                help="width of the noise kernel exp(-z²/nvar²)"),
    )
    figsize = (9.0, 5.2)
    x = np.linspace(-0.05, 0.15, 801)

    def build(self, fig):
        ax = fig.subplots()
        ax.set(xlim=(self.x[0], self.x[-1]), ylim=(-0.02, 1.02),
               xlabel=r"$x = g_e - g_e^\theta$", ylabel="activation $y^*$",
               title="XX1 and noisy XX1 (Fig. 2.7)")
        ax.axvline(0, color="0.7", lw=0.8)
        art = pn.plot_xx1_nxx1(ax, self.x, self.params["gain"], self.params["nvar"],
                               animated=True)
        ax.legend(loc="lower right")
        return art

    def update(self, art, *, gain, nvar):
        pn.update_xx1_nxx1(art, gain, nvar)
        y0 = nrn.nxx1(0.0, gain, nvar)
        gap = float(np.max(np.abs(nrn.nxx1(self.x, gain, nvar) - nrn.xx1(self.x, gain))))
        self.set_readout(f"NXX1(0) = {y0:.4f} (XX1(0) = 0) &nbsp;·&nbsp; largest gap to XX1 "
                              f"on this axis: {gap:.4f} &nbsp;·&nbsp; kernel: |z| ≤ 3·nvar = "
                              f"{3 * nvar:.3f}, standard deviation nvar/√2 = "
                              f"{nvar / math.sqrt(2):.4f}")


class NeuronApp(App):
    """The CCN "Neuron" simulation live: 200 cycles, input on for cycles 10-159.

    Top: ``V_m`` with spikes (and ``v_m_eq``, used by the rate code).
    Middle: ``net`` (= ``g_bar_e g_e``), ``I_net`` and the adaptation current.
    Bottom: the activation, as the rate code (NXX1) or as spikes with the
    simulation's running spike-rate estimate ``act_eq``.

    ``noise`` is the simulation's ``noise_var``: Gaussian noise (this
    standard deviation) added to the excitatory input ``g_e`` on every cycle.
    It is not NXX1's ``nvar`` (fixed at 0.01 here). The same noise sample is
    kept while you move the other sliders; "new noise sample" draws another.
    """

    controls = (
        Control("g_bar_e", "ḡ_e", 0.0, 1.0, 0.01, value=0.3, help="excitatory conductance"),
        Control("g_bar_l", "ḡ_l", 0.0, 1.0, 0.01, value=0.3, help="leak conductance"),
        Control("e_rev_e", "E_e", 0.6, 1.2, 0.01, value=nrn.E_REV_E,
                help="excitatory reversal potential"),
        Control("e_rev_l", "E_l", 0.0, 0.45, 0.01, value=nrn.E_REV_L,
                help="leak reversal potential"),
        Control("noise", "noise_var", 0.0, 0.5, 0.01, value=0.0,
                help="standard deviation of the Gaussian noise added to g_e every cycle"),
        Control("act_fun", "act_fun", kind="choice",
                options=(("SPIKE", "spike"), ("NOISY_XX1 (rate code)", "rate")), value="spike",
                help="what the activation panel shows"),
        Control("adapt", "adaptation", kind="toggle", value=False,
                help="spike-rate adaptation (AdEx adaptation current)"),
    )
    figsize = (9.6, 6.6)

    def build(self, fig):
        axes = fig.subplots(3, 1, sharex=True, gridspec_kw={"height_ratios": [1.2, 1, 1]})
        ax_v, ax_n, ax_a = axes
        p = nrn.UnitParams()
        t = np.arange(nrn.N_CYCLES)
        run0 = nrn.run_unit(p)
        for k, ax in enumerate(axes):
            pn.plot_input_window(ax, label="input on" if k == 0 else None)
            ax.set_xlim(0, nrn.N_CYCLES - 1)
        ax_v.set(ylim=(0.0, 1.05), ylabel="$V_m$")
        vm = pn.plot_vm(ax_v, t, run0, animated=True)
        out = dict(loc="upper right", ncol=3, fontsize=9.5, borderaxespad=0.2)
        ax_v.legend(**out)
        ax_n.set(ylim=(-0.15, 1.2), ylabel="conductance,\ncurrent")
        ax_n.axhline(0, color="0.7", lw=0.8)
        tr = pn.plot_traces(ax_n, t, {"net": run0.net, "i_net": run0.i_net,
                                      "adapt": run0.adapt},
                            labels={"net": r"net = $\bar g_e g_e$", "i_net": "$I_{net}$",
                                    "adapt": "adapt"}, animated=True, lw=1.8)
        ax_n.legend(**out)
        ax_a.set(ylim=(-0.02, 1.32), yticks=[0, 0.25, 0.5, 0.75, 1.0], ylabel="activation",
                 xlabel="cycle (ms)")
        (act,) = ax_a.plot(t, run0.act, color=pn.COLORS["act"], lw=2.2,
                           label="act (NXX1)", animated=True)
        spikes = pn.plot_spikes(ax_a, t, run0.spike, y0=0.0, y1=1.0, animated=True, lw=0.9,
                                color="0.45", label="act = spike")
        (act_eq,) = ax_a.plot(t, nrn.spike_rate_estimate(run0.spike),
                              color=pn.COLORS["act_eq"], lw=2.2,
                              label="act_eq", animated=True)
        marker = ax_a.axvline(nrn.CHECK_CYCLE, color="0.5", lw=0.8, ls=":", label="cycle 155")
        # one static legend for both modes (animated text would be re-rendered every frame)
        ax_a.legend(handles=[act, spikes, act_eq, marker], **dict(out, ncol=4))
        if not hasattr(self, "seed"):  # render_full builds a second figure: keep the sample
            self.seed = 0
        self.run = run0
        return {"vm": vm, "traces": tr, "act": act, "spikes": spikes, "act_eq": act_eq,
                "t": t, "marker": marker}

    def simulate(self, **params):
        """One trial for the given control values (the noise from the app's seed)."""
        fun = params.pop("act_fun", None)  # noqa: F841  (display only)
        p = nrn.UnitParams(**params)
        return p, nrn.run_unit(p, rng=np.random.default_rng(self.seed))

    def update(self, art, *, act_fun, **params):
        p, run = self.simulate(**params)
        self.run = run
        t = art["t"]
        pn.update_vm(art["vm"], t, run)
        pn.update_traces(art["traces"], t, {"net": run.net, "i_net": run.i_net,
                                            "adapt": run.adapt})
        spiking = act_fun == "spike"
        art["act"].set_data(t, run.act)
        art["act"].set_visible(not spiking)
        pn.update_spikes(art["spikes"], t, run.spike)
        art["spikes"].set_visible(spiking)
        act_eq = nrn.spike_rate_estimate(run.spike)
        art["act_eq"].set_data(t, act_eq)
        art["act_eq"].set_visible(spiking)
        n_spk = int(run.spike.sum())
        hz = nrn.firing_rate(run.spike, nrn.ON_CYCLE, nrn.OFF_CYCLE)
        g_thr = nrn.ge_threshold(0.0, p.g_bar_l, p.theta, p.e_rev_e, p.e_rev_i, p.e_rev_l)
        v_eq = nrn.vm_equilibrium(p.g_bar_e, 0.0, p.g_bar_l, p.e_rev_e, p.e_rev_i, p.e_rev_l) \
            if p.g_bar_e + p.g_bar_l > 0 else float("nan")
        act155 = (act_eq if spiking else run.act)[nrn.CHECK_CYCLE]
        what = "act" if not spiking else "act_eq"
        self.set_readout(
            f"<b>{n_spk} spikes</b> ({hz:.0f} Hz during the input) &nbsp;·&nbsp; "
            f"<b>{what} at cycle 155 = {act155:.6f}</b> &nbsp;·&nbsp; "
            f"V<sub>eq</sub> (input on, no spiking) = {v_eq:.4f} &nbsp;·&nbsp; "
            f"g<sub>e</sub><sup>θ</sup> = {g_thr:.4f} vs net = ḡ<sub>e</sub> = {p.g_bar_e:.2f}"
            f" &nbsp;·&nbsp; noise: {'σ = %.2f on g_e per cycle, sample %d' % (p.noise, self.seed) if p.noise > 0 else 'off'}")
        return None

    def new_noise(self):
        """Draw a new noise sample and rerun."""
        self.seed += 1
        self.refresh()
        return self.run

    def extra_widgets(self):
        b = widgets.Button(description="new noise sample", icon="random",
                           layout=widgets.Layout(width="auto"),
                           tooltip="rerun with another noise sample (noise_var > 0)")
        b.add_class("course-new-noise")
        b.on_click(self.guard(lambda _b: self.new_noise()))
        self.noise_button = b
        return [b]

    def controls_box(self):
        return _controls_rows(self.sliders, (("g_bar_e", "g_bar_l", "noise"),
                                             ("e_rev_e", "e_rev_l"), ("act_fun", "adapt")))

    def bench_actions(self):
        return {"new noise sample (button)": self.new_noise}


class SpikeVsRateApp(App):
    """The page's Fig. 2.6: the simulation's "SpikeVsRate" sweep over ``g_bar_e``.

    ``g_bar_e`` from 0.1 to 0.7 in steps of 0.025, ``n_samples`` noisy trials
    each (input noise ``noise_var``, the sweep's default 0.1), all values and
    a chunk of samples run as one vectorised batch; the progress bar follows
    the chunks. Left: the rate code's activation at cycle 159 and the
    simulation's spike-rate estimate at cycle 162. Right: the spike rate in Hz.
    """

    controls = (
        Control("noise", "noise_var", 0.0, 0.5, 0.01, value=0.1, live=False,
                help="standard deviation of the noise added to g_e every cycle"),
        Control("n_samples", "samples", 1, 40, 1, value=20, kind="int", live=False,
                help="noisy trials per g_bar_e value"),
        Control("adapt", "adaptation", kind="toggle", value=False, live=False,
                help="spike-rate adaptation on"),
        Control("seed", "seed", 0, 99, 1, value=0, kind="int", live=False,
                help="random seed of the noise"),
    )
    figsize = (9.6, 4.4)

    def build(self, fig):
        ax_a, ax_h = fig.subplots(1, 2)
        g_thr = nrn.ge_threshold(0.0, nrn.UnitParams().g_bar_l)
        if not hasattr(self, "progress"):
            self.progress = widgets.IntProgress(value=0, min=0, max=1, description="sweep",
                                                layout=widgets.Layout(width="420px"))
            self.progress.add_class("course-progress")
        empty = nrn.SpikeVsRate(np.zeros(1), np.zeros((1, 1)), np.zeros((1, 1)),
                                np.zeros((1, 1)))
        art = pn.plot_spike_vs_rate(ax_a, ax_h, empty, g_thr, animated=True)
        ax_a.set(xlim=(0.08, 0.72), ylim=(-0.03, 1.06), xlabel=r"$\bar g_e$",
                 ylabel="activation", title="Rate code vs spiking (Fig. 2.6)")
        ax_h.set(xlim=(0.08, 0.72), ylim=(-10, 560), xlabel=r"$\bar g_e$",
                 ylabel="spike rate (Hz)", title="Spike rate during the input")
        ax_a.legend(loc="lower right", fontsize=10)
        ax_h.legend(loc="upper left", fontsize=10)
        self.result = None
        return art

    def sweep(self, *, noise, n_samples, adapt, seed):
        """Run the sweep with the progress bar; returns the SpikeVsRate result."""
        self.progress.max = 25 * n_samples
        self.progress.value = 0

        def tick(done, total):
            self.progress.max = total
            self.progress.value = done

        return nrn.spike_vs_rate(nrn.UnitParams(adapt=adapt), n_samples=n_samples, noise=noise,
                                 rng=np.random.default_rng(seed), progress=tick)

    def update(self, art, **params):
        self.result = self.sweep(**params)
        pn.update_spike_vs_rate(art, self.result)

    def rerun(self):
        """Run the sweep again with the current controls (the benchmark's action)."""
        self.refresh(slow=True)
        return self.result

    def extra_widgets(self):
        return [self.progress]
