"""Interactive views of the conductance-based neuron and the NXX1 rate code (notebook 04)."""

from __future__ import annotations

import math
from dataclasses import replace
from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np

from .. import neuron as nrn
from ..plotting import neuron as pn
from ..plotting.style import PALETTE
from .base import App, Control

__all__ = ["TugOfWarApp", "NXX1App", "NeuronApp", "SpikeVsRateApp"]

# The controls that several apps share, defined once.
G_BAR_E = Control("g_bar_e", "ḡ_e", 0.0, 1.0, 0.01, value=0.3, help="excitatory conductance")
G_BAR_L = Control("g_bar_l", "ḡ_l", 0.0, 1.0, 0.01, value=0.3, help="leak conductance")
E_REV_E = Control("e_rev_e", "E_e", 0.6, 1.2, 0.01, value=nrn.E_REV_E,
                  help="excitatory reversal potential")
E_REV_L = Control("e_rev_l", "E_l", 0.0, 0.45, 0.01, value=nrn.E_REV_L,
                  help="leak reversal potential")
NOISE_VAR = Control("noise", "noise_var", 0.0, 0.5, 0.01, value=0.0,
                    help="standard deviation of the Gaussian noise added to g_e every cycle")
ADAPT = Control("adapt", "adaptation", kind="toggle", value=False,
                help="spike-rate adaptation (AdEx adaptation current)")


class TugOfWarApp(App):
    """The tug-of-war: currents and ``V_m`` over time, and where ``V_m`` settles.

    Excitation and inhibition switch on at cycle 10 (``g_e(t)`` rises to 1
    with the input time constant, ``g_i(t) = 1``); leak is always on. Top:
    ``V_m`` without spiking (the "flag", the simulation's ``v_m_eq``), the
    spiking ``V_m`` in grey, the reversal potentials (the tuggers' positions)
    and the equilibrium formula. Bottom: the three currents and their sum.
    The readout compares the formula with the simulated steady state and
    gives ``g_e^θ``, the excitation at which ``V_eq`` reaches θ. With all
    three conductances at 0 nothing pulls: the readout says so.

    Attributes
    ----------
    result : TugOfWar or None
        The run drawn last (:func:`course_lib.neuron.tug_of_war`); None while
        all conductances are 0.
    """

    controls = (
        G_BAR_E,
        Control("g_bar_i", "ḡ_i", 0.0, 1.0, 0.01, value=0.1, help="inhibitory conductance"),
        G_BAR_L,
        E_REV_E,
        Control("e_rev_i", "E_i", 0.0, 0.45, 0.01, value=nrn.E_REV_I,
                help="inhibitory reversal potential"),
        E_REV_L,
    )
    figsize = (9.6, 6.8)
    n_cycles = 120
    I_LIMITS = (-0.45, 0.45)
    """The current axis's limits while the currents fit (it widens when they do not)."""
    _REVERSALS = (("e_rev_e", "i_e", "$E_e$"), ("e_rev_i", "i_i", "$E_i$"),
                  ("e_rev_l", "i_l", "$E_l$"))

    def setup(self):
        self.result = None

    def build(self, fig):
        ax_v, ax_i = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1.25, 1]})
        wide = fig.get_size_inches()[0] >= 7.0
        n = self.n_cycles
        fig.suptitle("The tug-of-war: where does the flag $V_m$ settle?")
        ax_v.set(ylim=(0.0, 1.25), xlim=(0, n - 1), ylabel="$V_m$ (normalised)")
        on = ax_v.axvline(nrn.ON_CYCLE - 0.5, color=PALETTE["grey"], lw=1, ls="-", alpha=0.6,
                          label="input on")
        (spiking,) = ax_v.plot([], [], color="0.72", lw=1.0, label="$V_m$ with spiking",
                               animated=True)
        (v,) = ax_v.plot([], [], color=pn.COLORS["v_m"], lw=2.6, label="$V_m$ (no spiking)",
                         animated=True)
        reversals = {key: ax_v.axhline(0, color=pn.COLORS[color], lw=1.3, ls="--", label=label,
                                       animated=True)
                     for key, color, label in self._REVERSALS}
        (v_eq,) = ax_v.plot([n * 0.55, n - 1], [0, 0], color="k", lw=1.5, ls=(0, (1, 1.5)),
                            label="$V_{eq}$ formula", animated=True)
        theta = ax_v.axhline(nrn.THETA, color=pn.COLORS["theta"], lw=1.0, ls=":",
                             label="θ")
        self._legend_v(ax_v, [v, spiking, v_eq, theta, *reversals.values(), on])
        ax_i.set(ylim=self.I_LIMITS, xlabel="time (cycles = ms)", ylabel="current (normalised)")
        ax_i.axhline(0, color="0.6", lw=0.8)
        empty = dict.fromkeys(nrn.Currents._fields, [])
        cur = pn.plot_traces(ax_i, [], empty,
                             labels={"i_e": "$I_e$ excitatory", "i_i": "$I_i$ inhibitory",
                                     "i_l": "$I_l$ leak", "i_net": "$I_{net}$ sum"},
                             colors={"i_net": PALETTE["black"]}, animated=True)
        cur["i_net"].set_linestyle("--")
        pn.legend_above(ax_i, ncol=4 if wide else 2)
        return SimpleNamespace(ax_v=ax_v, ax_i=ax_i, v=v, spiking=spiking, reversals=reversals,
                               v_eq=v_eq, theta=theta, on=on, currents=cur)

    @staticmethod
    def _legend_v(ax, handles):
        pn.legend_above(ax, [h for h in handles if h.get_visible()], ncol=4)

    def update(self, art, changed, **params):
        # every control moves V_m: each change runs the (fast, 120-cycle) simulation
        p = nrn.UnitParams(**params)
        for key, line in art.reversals.items():
            if key in changed:
                line.set_ydata([params[key]] * 2)
        pulled = p.g_bar_e + p.g_bar_i + p.g_bar_l > 0
        if pulled:
            tw = nrn.tug_of_war(p, self.n_cycles)
            t, v, v_m, cur = tw.t, tw.v, tw.run.v_m, tw.currents._asdict()
        else:  # nothing pulls: V_m stays where it starts and V_eq = 0/0 is undefined
            tw = None
            t = np.arange(self.n_cycles)
            v = v_m = np.full(t.size, p.vm_init)
            cur = dict.fromkeys(nrn.Currents._fields, np.zeros(t.size))
        self.result = tw
        art.v.set_data(t, v)
        art.spiking.set_data(t, v_m)
        full = False
        if pulled:
            art.v_eq.set_ydata([tw.v_eq] * 2)
        if art.v_eq.get_visible() != pulled:   # the legend lists only what is drawn
            art.v_eq.set_visible(pulled)
            self._legend_v(art.ax_v, [art.v, art.spiking, art.v_eq, art.theta,
                                      *art.reversals.values(), art.on])
            full = True
        pn.update_traces(art.currents, t, cur)
        values = np.concatenate(list(cur.values()))
        limits = pn.span_limits(values.min(), values.max(), self.I_LIMITS, step=0.15)
        if limits != tuple(art.ax_i.get_ylim()):
            art.ax_i.set_ylim(*limits)
            full = True
        self.set_readout(self._readout(p, tw))
        return "full" if full else None

    def _readout(self, p, tw):
        if tw is None:
            return (f"<b>All three conductances are 0</b>: nothing pulls V<sub>m</sub>, so it "
                    f"stays where it starts ({p.vm_init:.2f}), and V<sub>eq</sub> = 0/0 is "
                    "undefined. Give any tugger a conductance above 0.")
        fires = p.g_bar_e > tw.g_e_theta
        return (f"<b>V<sub>eq</sub></b> formula = {tw.v_eq:.4f} &nbsp;·&nbsp; simulated "
                f"V<sub>m</sub> at cycle {self.n_cycles - 1} = {tw.v[-1]:.4f} &nbsp;·&nbsp; "
                f"<b>g<sub>e</sub><sup>θ</sup></b> = {tw.g_e_theta:.4f}: ḡ<sub>e</sub> = "
                f"{p.g_bar_e:.2f} is {'above' if fires else 'not above'} it, so the neuron "
                f"{'fires' if fires else 'stays silent'} ({int(tw.run.spike.sum())} spikes)")

    def controls_box(self):
        s = self.sliders
        return self.rows([s["g_bar_e"], s["g_bar_i"], s["g_bar_l"]],
                         [s["e_rev_e"], s["e_rev_i"], s["e_rev_l"]])


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
    """The inputs ``g_e - g_e^θ`` the curves are drawn at."""

    def build(self, fig):
        ax = fig.subplots()
        fig.suptitle("XX1 and noisy XX1 (Fig. 2.7)")
        ax.set(xlim=(self.x[0], self.x[-1]), ylim=(-0.02, 1.02),
               xlabel=r"$x = g_e - g_e^\theta$", ylabel="activation $y^*$")
        ax.axvline(0, color="0.7", lw=0.8)
        art = pn.plot_xx1_nxx1(ax, self.x, self.params["gain"], self.params["nvar"],
                               animated=True)
        # The legend is static (not redrawn per frame): no slider value in it; nvar is in
        # the readout.
        art.nxx1.set_label("NXX1 (noise from the slider)")
        pn.legend_above(ax, ncol=3 if fig.get_size_inches()[0] >= 7.0 else 2)
        return art

    def update(self, art, changed, *, gain, nvar):
        pn.update_xx1_nxx1(art, gain, nvar)   # both controls change the NXX1 curve
        gap = float(np.max(np.abs(art.nxx1.get_ydata() - art.xx1.get_ydata())))
        self.set_readout(f"NXX1(0) = {nrn.nxx1(0.0, gain, nvar):.4f} (XX1(0) = 0) &nbsp;·&nbsp; "
                         f"largest gap to XX1 on this axis: {gap:.4f} &nbsp;·&nbsp; kernel: "
                         f"|z| ≤ 3·nvar = {3 * nvar:.3f}, standard deviation nvar/√2 = "
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

    Attributes
    ----------
    seed : int
        The noise sample shown (the seed of its random numbers).
    run : UnitRun or None
        The run drawn last.
    act_eq : ndarray or None
        Its spike-rate estimate, shape (200,).
    noise_button : ipywidgets.Button
        "new noise sample".
    """

    controls = (
        G_BAR_E,
        G_BAR_L,
        E_REV_E,
        E_REV_L,
        NOISE_VAR,
        # A switch redraws the static legend (it lists only what is drawn): a full draw, so
        # it updates on release with the busy indicator, like a button.
        Control("act_fun", "act_fun", kind="choice", live=False,
                options=(("SPIKE", "spike"), ("NOISY_XX1 (rate code)", "rate")), value="spike",
                help="what the activation panel shows"),
        ADAPT,
    )
    figsize = (9.6, 7.2)
    SIMULATED = ("g_bar_e", "g_bar_l", "e_rev_e", "e_rev_l", "noise", "adapt", "seed")
    """What the run depends on (controls and the noise sample); ``act_fun`` only shows."""
    V_LIMITS = (0.0, 1.05)
    """``V_m`` axis limits while the potentials fit (they widen when not)."""
    G_LIMITS = (-0.15, 1.2)
    """Conductance and current axis limits while the traces fit."""

    def setup(self):
        self.seed = 0
        self.run = None
        self.act_eq = None
        self.noise_button = self.button(
            "new noise sample", self.new_noise, icon="random", css="course-new-noise",
            tooltip="rerun with another noise sample (noise_var > 0)")

    def build(self, fig):
        axes = fig.subplots(3, 1, sharex=True, gridspec_kw={"height_ratios": [1.2, 1, 1]})
        ax_v, ax_n, ax_a = axes
        wide = fig.get_size_inches()[0] >= 8.0
        t = np.arange(nrn.N_CYCLES)
        blank = nrn.UnitRun(*np.zeros((len(nrn.UnitRun._fields), t.size)))
        for k, ax in enumerate(axes):
            pn.plot_input_window(ax, label="input on" if k == 0 else None)
            ax.set_xlim(0, nrn.N_CYCLES - 1)
        ax_v.set(ylim=self.V_LIMITS, ylabel="$V_m$")
        vm = pn.plot_vm(ax_v, t, blank, animated=True)
        pn.legend_above(ax_v, ncol=5 if wide else 3)
        ax_n.set(ylim=self.G_LIMITS, ylabel="conductance,\ncurrent")
        ax_n.axhline(0, color="0.7", lw=0.8)
        traces = pn.plot_traces(ax_n, t, {"net": blank.net, "i_net": blank.i_net,
                                          "adapt": blank.adapt},
                                labels={"net": r"net = $\bar g_e g_e$", "i_net": "$I_{net}$",
                                        "adapt": "adapt"}, animated=True, lw=1.8)
        pn.legend_above(ax_n, ncol=3)
        ax_a.set(ylim=(-0.02, 1.05), yticks=[0, 0.25, 0.5, 0.75, 1.0], ylabel="activation",
                 xlabel="cycle (ms)")
        (act,) = ax_a.plot(t, blank.act, color=pn.COLORS["act"], lw=2.2,
                           label="act (rate code, NXX1)", animated=True)
        spikes = pn.plot_spikes(ax_a, t, blank.spike, y0=0.0, y1=1.0, animated=True, lw=0.9,
                                color="0.6", label="act = spike")
        (act_eq,) = ax_a.plot(t, blank.act, color=pn.COLORS["act_eq"], lw=2.2,
                              label="act_eq (rate estimate)", animated=True)
        marker = ax_a.axvline(nrn.CHECK_CYCLE, color="0.35", lw=0.9, ls=":", label="cycle 155")
        return SimpleNamespace(ax_v=ax_v, ax_n=ax_n, ax_a=ax_a, vm=vm, traces=traces, act=act,
                               spikes=spikes, act_eq=act_eq, marker=marker, wide=wide)

    def simulate(self, **params):
        """One trial for the given control values, with the app's noise sample.

        Parameters
        ----------
        **params
            Control values (``act_fun``, display only, is ignored).

        Returns
        -------
        p : UnitParams
        run : UnitRun
        """
        params.pop("act_fun", None)
        p = nrn.UnitParams(**params)
        return p, nrn.run_unit(p, rng=np.random.default_rng(self.seed))

    def update(self, art, changed, *, act_fun, **params):
        p = nrn.UnitParams(**params)
        full = False
        if changed(*self.SIMULATED):
            _, self.run = self.simulate(**params)
            self.act_eq = nrn.spike_rate_estimate(self.run.spike)
            run, t = self.run, np.arange(nrn.N_CYCLES)
            pn.update_vm(art.vm, t, run)
            pn.update_traces(art.traces, t, {"net": run.net, "i_net": run.i_net,
                                             "adapt": run.adapt})
            art.act.set_ydata(run.act)
            pn.update_spikes(art.spikes, t, run.spike, y0=0.0, y1=1.0)
            art.act_eq.set_ydata(self.act_eq)
            # the axes widen when a trace would leave them (E_e up to 1.2, noise on g_e)
            for ax, base, lo, hi in (
                    (art.ax_v, self.V_LIMITS, 0.0, max(run.v_m.max(), run.v_m_eq.max())),
                    (art.ax_n, self.G_LIMITS, min(run.i_net.min(), run.net.min()),
                     max(run.net.max(), run.i_net.max(), run.adapt.max()))):
                limits = pn.span_limits(lo, hi, base)
                if limits != tuple(ax.get_ylim()):
                    ax.set_ylim(*limits)
                    full = True
        spiking = act_fun == "spike"
        if "act_fun" in changed:
            art.act.set_visible(not spiking)
            art.spikes.set_visible(spiking)
            art.act_eq.set_visible(spiking)
            # the legend lists only what is drawn
            shown = [art.spikes, art.act_eq] if spiking else [art.act]
            pn.legend_above(art.ax_a, [*shown, art.marker], ncol=3 if art.wide else 2)
            full = True
        self.set_readout(self._readout(p, spiking))
        return "full" if full else None

    def _readout(self, p, spiking):
        run = self.run
        hz = nrn.firing_rate(run.spike, nrn.ON_CYCLE, nrn.OFF_CYCLE)
        g_thr = nrn.ge_threshold(0.0, p.g_bar_l, p.theta, p.e_rev_e, p.e_rev_i, p.e_rev_l)
        if p.g_bar_e + p.g_bar_l > 0:
            v_eq = nrn.vm_equilibrium(p.g_bar_e, 0.0, p.g_bar_l, p.e_rev_e, p.e_rev_i,
                                      p.e_rev_l)
            eq = f"V<sub>eq</sub> (input on, no spiking) = {v_eq:.4f}"
        else:
            eq = (f"V<sub>eq</sub> is undefined: ḡ<sub>e</sub> and ḡ<sub>l</sub> are both 0, "
                  f"so nothing pulls V<sub>m</sub> (it stays at {p.vm_init:.2f})")
        what, act = ("act_eq", self.act_eq) if spiking else ("act", run.act)
        noise = (f"σ = {p.noise:.2f} on g_e per cycle, sample {self.seed}" if p.noise > 0
                 else "off")
        return (f"<b>{int(run.spike.sum())} spikes</b> ({hz:.0f} Hz during the input) "
                f"&nbsp;·&nbsp; <b>{what} at cycle 155 = {act[nrn.CHECK_CYCLE]:.6f}</b> "
                f"&nbsp;·&nbsp; {eq} "
                f"&nbsp;·&nbsp; g<sub>e</sub><sup>θ</sup> = {g_thr:.4f} vs net = "
                f"ḡ<sub>e</sub> = {p.g_bar_e:.2f} &nbsp;·&nbsp; noise: {noise}")

    def new_noise(self):
        """Draw a new noise sample and rerun (the "new noise sample" button)."""
        self.seed += 1
        self.refresh("seed")

    def controls_box(self):
        s = self.sliders
        return self.rows([s["g_bar_e"], s["g_bar_l"], s["noise"], self.noise_button],
                         [s["e_rev_e"], s["e_rev_l"]], [s["act_fun"], s["adapt"]])

    def bench_actions(self):
        return {"new noise sample (button)": self.new_noise}


class SpikeVsRateApp(App):
    """The page's Fig. 2.6: the simulation's "SpikeVsRate" sweep over ``g_bar_e``.

    ``g_bar_e`` from 0.1 to 0.7 in steps of 0.025, ``n_samples`` noisy trials
    each (input noise ``noise_var``, the sweep's default 0.1), all values and
    a chunk of samples run as one vectorised batch; the progress bar follows
    the chunks. Left: the rate code's activation at cycle 159 and the
    simulation's spike-rate estimate at cycle 162. Right: the spike rate in
    Hz. ``spiking`` chooses the spiking neuron: the page's threshold and
    reset, or AdEx with the page's Table 2.1 values
    (:meth:`course_lib.neuron.UnitParams.adex`). In a narrow column the two
    panels stack.

    Attributes
    ----------
    result : SpikeVsRate or None
        The sweep drawn last.
    progress : ipywidgets.IntProgress
        Trials done in the current sweep.
    """

    controls = (
        replace(NOISE_VAR, value=0.1, live=False),
        Control("n_samples", "samples", 1, 40, 1, value=20, kind="int", live=False,
                help="noisy trials per g_bar_e value"),
        replace(ADAPT, live=False),
        Control("spiking", "spiking", kind="choice", live=False,
                options=(("threshold and reset", "reset"), ("AdEx (Table 2.1)", "adex")),
                value="reset", help="the spiking neuron: the page's equations or AdEx"),
        Control("seed", "seed", 0, 99, 1, value=0, kind="int", live=False,
                help="random seed of the noise"),
    )
    figsize = (9.6, 4.6)
    narrow_figsize = (6.0, 7.6)

    def setup(self):
        self.result = None
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="sweep",
                                            layout=widgets.Layout(width="auto",
                                                                  max_width="420px"))
        self.progress.add_class("course-progress")

    def build(self, fig):
        ax_a, ax_h = fig.subplots(2, 1) if self.narrow else fig.subplots(1, 2)
        g_thr = nrn.ge_threshold(0.0, nrn.UnitParams().g_bar_l)
        empty = nrn.SpikeVsRate(np.zeros(0), *np.zeros((3, 0, 1)))
        art = pn.plot_spike_vs_rate(ax_a, ax_h, empty, g_thr, animated=True)
        art.theta_act.set_label(f"$g_e^θ$ = {g_thr:g}")
        ax_a.set(xlim=(0.08, 0.72), ylim=(-0.03, 1.06), xlabel=r"$\bar g_e$",
                 ylabel="activation", title="Rate code vs spiking (Fig. 2.6)")
        ax_h.set(xlim=(0.08, 0.72), ylim=(-10, 560), xlabel=r"$\bar g_e$",
                 ylabel="spike rate (Hz)", title="Spike rate during the input")
        art.spike.mean.set_label("spiking: act_eq at cycle 162 (right: its rate)")
        # one legend for both panels, above them: it never covers the trials' dots
        fig.legend(handles=[art.rate.mean, art.spike.mean, art.rate.trials, art.theta_act],
                   loc="outside upper center", ncol=1 if self.narrow else 2, fontsize=10.5,
                   frameon=False, columnspacing=1.2, handlelength=1.6)
        return art

    def sweep(self, *, noise, n_samples, adapt, spiking, seed):
        """Run the sweep, moving the progress bar.

        Parameters
        ----------
        noise, n_samples, adapt, spiking, seed
            The control values.

        Returns
        -------
        SpikeVsRate
        """
        self.progress.value = 0

        def tick(done, total):
            self.progress.max = total
            self.progress.value = done

        p = nrn.UnitParams.adex(adapt=adapt) if spiking == "adex" else nrn.UnitParams(
            adapt=adapt)
        return nrn.spike_vs_rate(p, n_samples=n_samples, noise=noise,
                                 rng=np.random.default_rng(seed), progress=tick)

    def update(self, art, changed, **params):
        self.result = self.sweep(**params)   # every control changes the sweep
        pn.update_spike_vs_rate(art, self.result)
        res = self.result
        gap = np.abs(res.rate.mean(axis=1) - res.spike.mean(axis=1))
        k = int(np.argmax(gap))
        self.set_readout(
            f"largest gap between the means: {gap[k]:.2f} at ḡ<sub>e</sub> = "
            f"{res.g_bar_e[k]:.3f} (rate code {res.rate[k].mean():.2f}, spiking "
            f"{res.spike[k].mean():.2f}) &nbsp;·&nbsp; spike rate at ḡ<sub>e</sub> = "
            f"{res.g_bar_e[-1]:.1f}: {res.spike_hz[-1].mean():.0f} Hz")

    def controls_box(self):
        s = self.sliders
        return self.rows([s["noise"], s["n_samples"], s["seed"]], [s["spiking"], s["adapt"]])

    def extra_widgets(self):
        return [self.progress]
