"""Interactive views of the Hopfield network (notebook 03).

* :class:`HopfieldApp`: recall of a corrupted X or smiley, live: snapshots,
  every neuron over time, overlaps with each memory and the energy
  (Figures 12, 13, 16, 17).
* :class:`PatternEditorApp`: draw your own pattern (click pixels), store or
  forget it, corrupt it and watch the recall step by step.
* :class:`CapacityApp`: the capacity curve (Figure 18) for a protocol you
  choose, computed on a button with a progress bar.
* :class:`EnergyLandscapeApp`: the energy over the plane of overlaps with
  two memories, recall runs rolling downhill, and a spurious mixture state.

The recall of the first, second and fourth app can run *your* asynchronous
sweep: ``HopfieldApp(rule=async_sweep)`` or ``app.use_rule(async_sweep)``
with a function ``async_sweep(W, x, order)`` like
:func:`course_lib.hopfield.async_sweep` (notebook 03, exercise 3;
docs/hopfield.md, "Plug in your own rule").
"""

from __future__ import annotations

import copy
import html
from types import SimpleNamespace
from typing import Callable, NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from .. import hopfield as hf
from .._validate import check_bool, check_choice, check_int
from ..plotting import hopfield as ph
from ..plotting.style import PALETTE
from .base import App, Control

__all__ = ["HopfieldApp", "PatternEditorApp", "CapacityApp", "EnergyLandscapeApp",
           "STORED_SETS"]

LIBRARY = hf.pattern_library()
STORED_SETS = {"X": ("X",), "X + smiley": ("X", "smiley"), "X + smiley + T": ("X", "smiley", "T")}
"""Pattern sets the apps can store, by label."""
NICE = {"smiley": "☺", "X": "X", "T": "T"}


def _name_of(x, names, patterns) -> str:
    """'X', '−smiley' or 'no stored pattern' for an end state."""
    for name, p in zip(names, patterns):
        if np.array_equal(x, p):
            return name
        if np.array_equal(x, -p):
            return "−" + name
    return "no stored pattern"


def _check_rule(rule):
    if rule is not None and not callable(rule):
        raise ValueError(f"rule must be a function rule(W, x, order) that returns the state "
                         f"after one asynchronous sweep (or None for the built-in one), "
                         f"got {rule!r}")
    return rule


# ---------------------------------------------------------------------------
# fixed layouts: every axes placed in inches, so a rebuild gives the same pixels
# ---------------------------------------------------------------------------

TITLE_IN = 0.34
"""Room above an axes for its title (inches)."""
XLABEL_IN = 0.56
"""Room below an axes for its tick labels and x label (inches)."""


def _axes(fig, left: float, top: float, width: float, height: float):
    """An axes ``width`` x ``height`` inches whose top-left corner is ``left``, ``top`` inches
    from the figure's top-left corner."""
    W, H = fig.get_size_inches()
    return fig.add_axes((left / W, 1.0 - (top + height) / H, width / W, height / H))


def _row(width: float, left: float, right: float, gaps, ratios) -> list[tuple[float, float]]:
    """``(x, w)`` (inches) of panels side by side: fixed margins and gaps, widths by ``ratios``."""
    free = width - left - right - sum(gaps)
    out, x = [], left
    for k, r in enumerate(ratios):
        w = free * r / sum(ratios)
        out.append((x, w))
        x += w + (gaps[k] if k < len(gaps) else 0.0)
    return out


# ---------------------------------------------------------------------------
# your own rule
# ---------------------------------------------------------------------------



# A label as wide as its text: at lecture scale (bigger type) a fixed-width label clips it.
_LABEL_STYLE = {"description_width": "initial"}

class _OwnRule:
    """Mixin: the app's asynchronous recall can run the learner's sweep function.

    The function (``own_rule``) is called as ``rule(W, x, order)`` and must
    return the state after one asynchronous sweep over the neurons in
    ``order``, like :func:`course_lib.hopfield.async_sweep`. When it breaks
    that contract (not written yet, a wrong shape, values other than ±1, an
    exception) the picture is drawn with the built-in sweep and the status
    line says what is wrong, in one sentence: never a traceback.
    """

    own_rule: Callable | None = None
    """The learner's sweep function, or ``None`` for the built-in one."""

    def __init__(self, *, live: bool | None = None, rule=None, **values):
        # An app with a control named "rule" (HopfieldApp) takes its values there too; a
        # function is the own rule and runs as that control's "async".
        has_control = any(c.name == "rule" for c in self.controls)
        if has_control and rule is not None and not callable(rule):
            values["rule"] = rule
        else:
            self.own_rule = _check_rule(rule)
            if has_control and self.own_rule is not None:
                values["rule"] = "async"
        super().__init__(live=live, **values)

    def use_rule(self, rule: Callable | None) -> None:
        """Run the asynchronous updates with ``rule(W, x, order)`` (``None``: the built-in sweep).

        Parameters
        ----------
        rule : callable or None
            A function of the weights ``W`` (N, N), one state ``x`` (N,)
            and an order (a permutation of ``0..N-1``) that returns the
            state after updating the neurons one by one in that order, like
            :func:`course_lib.hopfield.async_sweep`.
        """
        self.own_rule = _check_rule(rule)
        self.refresh("own_rule")

    def bench_actions(self) -> dict:
        return {**super().bench_actions(),
                "own rule on/off (use_rule, hf.async_sweep)": self._toggle_rule}

    def _toggle_rule(self):
        self.use_rule(None if self.own_rule is not None else hf.async_sweep)

    def _recall(self, W, x0, rng, **kw) -> hf.Recall:
        """``hopfield.recall`` with the own rule if there is one, else (or if it fails) built in.

        Sets ``rule_note``: a line about the own rule for the readout (empty
        without one). A rule that fails is named in the status line.
        """
        self.rule_note = ""
        rule = self.own_rule
        if rule is None:
            return hf.recall(W, x0, "async", rng, **kw)
        builtin = hf.recall(W, x0, "async", copy.deepcopy(rng), **kw)
        name = html.escape(getattr(rule, "__name__", "your rule"))
        try:
            mine = hf.recall(W, x0, rule, rng, **kw)
        except hf.RuleError as exc:
            if exc.unfinished:
                why = (f"<b>{name}</b> is not written yet (exercise 3): the built-in sweep "
                       "runs instead")
            else:
                why = f"{html.escape(str(exc))}: the built-in sweep runs instead"
            self.info("&#9888; " + why)
            self.rule_note = f"<b>rule:</b> built-in ({name} failed) · "
            return builtin
        how = ("the same run as the built-in sweep" if np.array_equal(mine.states, builtin.states)
               else "not the run of the built-in sweep")
        self.rule_note = f"<b>rule: your {name}</b> ({how}) · "
        return mine


# ---------------------------------------------------------------------------
# recall of the report's patterns
# ---------------------------------------------------------------------------


class HopfieldApp(_OwnRule, App):
    """Recall in the 64-neuron network, live (Figures 12, 13, 16 and 17).

    The cue is the X (or the smiley) with a fraction of its bits flipped
    (0.5: as good as a random start). Top: the cue, the state after one and
    two time units and at the end, and the weights. Bottom: every neuron
    over time (rows: neurons, black -1, white +1), the overlaps ``m_μ(t)``
    with each stored pattern, and the energy ``E(t) = -½ xᵀWx``.

    Update rules: asynchronous sweeps (time in sweeps), synchronous steps,
    or the report's Eq. 5 (``dt = 0.1``, ``σ = 0.1``, time in units of τ)
    with ``f = sign`` or ``f(s) = tanh(βs)``: with β = 1 the network stores
    nothing. For tanh the readout says which stored patterns have a memory
    state at the slider's β (:func:`course_lib.hopfield.tanh_memories`; with
    X and ☺ stored they need β > 1.10) and calls the end "nothing stored"
    where none has; the β slider is greyed out for the other rules.
    "zero diagonal" off keeps ``W_ii = P/N`` as the report's formula does.

    Parameters
    ----------
    rule : str or callable, optional
        A control value ("async", "sync", "sign", "tanh"), or your own
        sweep function ``rule(W, x, order)``: then "async" runs it (see
        :meth:`use_rule`).
    **values
        Other control values, and ``live`` (see :class:`~course_lib.apps.base.App`).

    Examples
    --------
    >>> app = HopfieldApp(rule=my_async_sweep)     # doctest: +SKIP
    """

    controls = (
        Control("flip", "bits flipped", 0.0, 0.5, 0.01, value=0.3,
                help="fraction of the cue's bits flipped (0.5: a random start)"),
        Control("target", "cue", kind="choice", options=(("X", "X"), ("☺", "smiley")),
                value="X", help="which pattern the cue is a corrupted copy of"),
        Control("stored", "stored", kind="choice", options=tuple(STORED_SETS),
                value="X + smiley", live=False, help="patterns in W"),
        Control("rule", "update", kind="choice",
                options=(("async", "async"), ("sync", "sync"), ("Eq. 5: sign", "sign"),
                         ("Eq. 5: tanh(βs)", "tanh")), value="async",
                help="asynchronous, synchronous, or the report's continuous Eq. 5"),
        Control("beta", "β (gain)", 0.5, 6.0, 0.1, value=4.0,
                help="gain of f(s) = tanh(βs); only for 'Eq. 5: tanh(βs)'"),
        Control("seed", "seed", 0, 99, 1, kind="int", value=0,
                help="which bits are flipped, the update order and the noise"),
        Control("zero_diag", "zero diagonal", kind="toggle", value=True, live=False,
                help="W_ii = 0 (off: the report's W_ii = P/N)"),
    )
    figsize = (9.6, 5.6)
    narrow_figsize = (5.9, 7.2)
    T = 10
    SNAP_TIMES = (0.0, 1.0, 2.0, None)

    def build(self, fig):
        fig.set_layout_engine("none")  # placed in inches below: the same pixels on every rebuild
        W, H = fig.get_size_inches()
        N = hf.N_DEFAULT
        if self.narrow:  # pictures; activity | overlaps; weights | energy
            s = (W - 0.43) / 4
            snap_x = [0.08 + k * (s + 0.1) for k in range(4)]
            top2 = TITLE_IN + s + TITLE_IN + 0.1
            h2, h3 = 1.9, 1.75
            (xa, wa), (xm, wm) = _row(W, 0.66, 0.22, (0.8,), (1.3, 1.0))
            top3 = top2 + h2 + XLABEL_IN + TITLE_IN
            w_box = (0.45, top3, h3)
            xe = 0.45 + h3 + 1.03 + 0.66
            boxes = dict(activity=(xa, top2, wa, h2), overlaps=(xm, top2, wm, h2),
                         energy=(xe, top3, W - xe - 0.22, h3))
        else:  # pictures and weights; activity | overlaps | energy
            s = min(1.55, (W - 1.9) / 5)
            snap_x = [0.08 + k * (s + 0.1) for k in range(4)]
            w_box = (snap_x[-1] + s + 0.5, TITLE_IN, s)
            top = TITLE_IN + s + 0.3 + TITLE_IN + 0.05
            h = H - top - XLABEL_IN
            cells = _row(W, 0.66, 0.22, (0.8, 0.8), (1.35, 1.0, 1.0))
            boxes = {k: (x, top, w, h) for k, (x, w) in zip(("activity", "overlaps", "energy"),
                                                            cells)}
        blank = np.zeros(N)
        snaps = []
        for x, title in zip(snap_x, ("cue (t = 0)", "t = 1", "t = 2", f"end (t = {self.T})")):
            snaps.append(ph.plot_pattern(_axes(fig, x, TITLE_IN, s, s), blank, title=title,
                                         animated=True))
        xw, yw, sw = w_box
        ax_w = _axes(fig, xw, yw, sw, sw)
        cax = _axes(fig, xw + sw + 0.1, yw + 0.08 * sw, 0.13, 0.84 * sw)
        # W changes only with 'stored' and 'zero diagonal' (full redraws): not blitted
        weights = ph.plot_weights(ax_w, np.zeros((N, N)), vmax=3 / N, animated=False,
                                  title="weights $W_{ij}$", cax=cax)
        ax_w.set(xlabel="", ylabel="")
        ax_a = _axes(fig, *boxes["activity"])
        act = ph.plot_activity(ax_a, [0.0, self.T], np.zeros((2, N)), animated=True,
                               t_max=self.T)
        ax_a.set_title("every neuron over time (Fig. 12)", fontsize=11.5)
        ax_m = _axes(fig, *boxes["overlaps"])
        ov = ph.plot_overlaps(ax_m, [0.0], np.zeros((1, 3)), animated=True)
        ax_m.set_title("overlap with each memory", fontsize=11.5)
        ax_e = _axes(fig, *boxes["energy"])
        en = ph.plot_energy(ax_e, [0.0], [0.0], animated=True)
        ax_e.set(ylim=(-38, 6))
        ax_e.set_title("energy −½ xᵀWx", fontsize=11.5)
        for ax in (ax_a, ax_m, ax_e):
            ax.set(xlim=(0, self.T), xticks=np.arange(0, self.T + 1, 2))
        return SimpleNamespace(snaps=snaps, weights=weights, activity=act, overlaps=ov,
                               energy=en)

    # -- computing --------------------------------------------------------------
    def run(self, *, flip, target, rule, beta, seed):
        """Recall from the cue with the current weights; returns ``(t, states)`` on an even grid."""
        rng = np.random.default_rng(seed)
        self.cue = hf.corrupt(LIBRARY[target], flip, rng).ravel()
        if rule == "async":
            r = self._recall(self.W, self.cue, rng, max_sweeps=self.T, record="update")
            step = 1.0 / hf.N_DEFAULT
        else:
            self.rule_note = ""
            if rule == "sync":
                r = hf.recall(self.W, self.cue, "sync", max_sweeps=self.T)
                step = 1.0
            else:
                r = hf.recall(self.W, self.cue, "continuous", rng, T=self.T,
                              beta=None if rule == "sign" else beta)
                step = hf.DT_DEFAULT
        self.result = r
        n = int(round(self.T / step)) + 1
        states = r.states[:n]
        if len(states) < n:  # settled (or cycling) early: continue the picture to T
            if rule == "sync" and not r.converged and len(states) >= 2:
                tail = np.array([states[-2], states[-1]])
                extra = tail[np.arange(n - len(states)) % 2]
            else:
                extra = np.repeat(states[-1:], n - len(states), axis=0)
            states = np.concatenate((states, extra))
        return np.arange(n) * step, states

    def update(self, art, changed, *, flip, target, stored, rule, beta, seed, zero_diag):
        full = None
        if changed("stored", "zero_diag"):
            self.names = STORED_SETS[stored]
            self.patterns = hf.as_patterns([LIBRARY[n] for n in self.names])
            self.W = hf.hebbian_weights(self.patterns, zero_diagonal=zero_diag)
            # β·λ_max > 1: x = 0 is unstable, something (a memory or a mixture) remains
            self.lambda_max = float(np.linalg.eigvalsh(self.W)[-1])
            ph.update_weights(art.weights, self.W)
            ph.set_overlap_legend(art.overlaps, [NICE[n] for n in self.names])
            full = "full"
        if changed("rule"):
            # the gain acts on f(s) = tanh(βs) only: its slider is greyed out otherwise
            self.sliders["beta"].disabled = rule != "tanh"
        if changed("stored", "zero_diag", "beta", "rule"):
            # the strength of each memory state Eq. 5 can hold at this gain (tanh only)
            self.memory_strength = (hf.tanh_memories(self.W, self.patterns, beta)
                                    if rule == "tanh" else np.ones(len(self.names)))
        t, states = self.run(flip=flip, target=target, rule=rule, beta=beta, seed=seed)
        self.t, self.states = t, states
        for snap, when in zip(art.snaps, self.SNAP_TIMES):
            k = len(t) - 1 if when is None else int(round(when / (t[1] - t[0])))
            ph.update_pattern(snap, states[k])
        # the raster at 1/8 sweep is as readable and 3x cheaper to draw than every update
        every = 8 if rule == "async" else 1
        ph.update_activity(art.activity, t[::every], states[::every])
        ph.update_overlaps(art.overlaps, t, hf.overlap(states, self.patterns))
        self.energies = hf.energy(self.W, states)
        ph.update_energy(art.energy, t, self.energies)
        self.set_readout(self.rule_note + self._summary(flip, target, rule, beta))
        return full

    def _summary(self, flip, target, rule, beta) -> str:
        r = self.result
        N = hf.N_DEFAULT
        end = _name_of(r.final, self.names, self.patterns)
        k_flip = int(round(flip * N))
        how = {"async": "asynchronous sweeps", "sync": "synchronous steps",
               "sign": "Eq. 5 with f = sign", "tanh": f"Eq. 5 with f = tanh({beta:g} s)"}[rule]
        if rule == "async":
            when = (f"settled after {r.t[-1]:g} sweeps" if r.converged
                    else f"not settled after {self.T} sweeps")
        elif rule == "sync":
            when = (f"settled after {len(r.t) - 1} steps" if r.converged
                    else "still changing (a 2-cycle)")
        else:
            size = np.abs(self.states).mean(axis=-1)  # mean |x| per frame
            when = f"read out as sign(x) at t = {self.T}, mean |x| = {size[-1]:.2f}"
            if rule == "tanh":
                when, end = self._gain_note(beta, size, end)
        # the overlaps the panel ends with (of x itself, for Eq. 5: not of its sign)
        m_end = np.atleast_1d(hf.overlap(self.states[-1], self.patterns))
        mtxt = ", ".join(f"m<sub>{html.escape(NICE[n])}</sub> = {v:+.2f}"
                         for n, v in zip(self.names, m_end))
        return (f"<b>cue:</b> {html.escape(NICE[target])} with {k_flip} of {N} bits flipped · "
                f"<b>{html.escape(how)}:</b> {html.escape(when)} → <b>{html.escape(end)}</b> "
                f"({mtxt}) · E: {self.energies[0]:.1f} → {self.energies[-1]:.1f}")

    def _gain_note(self, beta, size, end) -> tuple[str, str]:
        """What the gain allows (from :func:`hopfield.tanh_memories`), and the end's name."""
        strength = self.memory_strength
        held = [NICE[n] for n, a in zip(self.names, strength) if a > 0]
        k1 = int(round(1.0 / hf.DT_DEFAULT))
        if len(held) == len(self.names):
            note = (f"at β = {beta:g} every stored pattern has a memory state "
                    f"(of strength mean |x| ≥ {strength.min():.2f})")
        elif held:
            note = (f"at β = {beta:g} only {', '.join(held)} "
                    f"{'has a memory state' if len(held) == 1 else 'have memory states'}")
        else:
            where = ("a weak mixture of the patterns, no memory"
                     if beta * self.lambda_max > 1 else "0")
            note = (f"at β = {beta:g} no stored pattern has a memory state: x fades towards "
                    f"{where} (mean |x| {size[k1]:.2f} at t = 1, {size[-1]:.2f} at "
                    f"t = {self.T})")
        name = end.lstrip("−")
        if name in self.names and strength[self.names.index(name)] == 0:
            end = f"nothing stored (sign(x) still shows {end}, fading)"
        return f"read out as sign(x) at t = {self.T}; {note}", end

    def controls_box(self):
        s = self.sliders
        return self.rows((s["flip"], s["target"], s["seed"], s["zero_diag"]),
                         (s["stored"],), (s["rule"], s["beta"]))


# ---------------------------------------------------------------------------
# draw, store, corrupt, recall
# ---------------------------------------------------------------------------


class PatternEditorApp(_OwnRule, App):
    """Draw your own memories: a pixel editor, a store, and animated recall.

    Click pixels of the left grid to toggle them (live plots, ipympl); with
    static pictures, use the grid of toggle buttons under the figure. Load a
    ready pattern from the library, **Store** the drawing as a memory (up to
    six) or **Forget** one. The cue is the drawing with a fraction of its
    bits flipped (slider; **Corrupt** picks other bits). **Recall** plays the
    asynchronous recall from the cue, eight neuron updates per frame;
    **Step** advances one frame, the play control replays it. Right: the
    overlap with each memory over time.

    Parameters
    ----------
    rule : callable, optional
        Your own sweep function ``rule(W, x, order)`` for the recall (see
        :meth:`use_rule`); by default the built-in one.
    **values
        Control values, and ``live`` (see :class:`~course_lib.apps.base.App`).
    """

    controls = (
        Control("flip", "bits flipped", 0.0, 0.5, 0.01, value=0.3,
                help="fraction of the drawing's bits flipped in the cue"),
    )
    figsize = (9.6, 4.3)
    narrow_figsize = (5.9, 7.8)
    SIDE = hf.SIDE
    MAX_MEMORIES = 6
    UPDATES_PER_FRAME = 8
    THUMB_TITLE_IN = 0.26

    def setup(self):
        self.drawing = LIBRARY["X"].copy()
        self.memories: list[tuple[str, np.ndarray]] = [("X", LIBRARY["X"].ravel()),
                                                       ("smiley", LIBRARY["smiley"].ravel())]
        self.cue_seed = 0
        self.frame = 0
        self._n_drawn = 0
        self._syncing = False  # True while the app sets widgets itself: observers stay quiet
        self.pixel_buttons = []
        for _ in range(self.SIDE * self.SIDE):
            b = widgets.ToggleButton(value=False, layout=widgets.Layout(
                width="26px", height="26px", padding="0", margin="0"))
            b.add_class("course-pixel")
            b.observe(self.guard(self._on_pixel_button), names="value")
            self.pixel_buttons.append(b)
        self.play = widgets.Play(value=0, min=0, max=1, step=1, interval=120,
                                 description="play", show_repeat=False)
        self.play.add_class("course-play")
        self.play.observe(self.guard(self._on_play), names="value")
        self.library_choice = widgets.Dropdown(options=list(LIBRARY), value="X",
                                               description="library", style=_LABEL_STYLE,
                                               layout=widgets.Layout(width="190px"))
        self.forget_choice = widgets.Dropdown(options=[], description="memory",
                                              style=_LABEL_STYLE,
                                              layout=widgets.Layout(width="210px"))
        self.name_box = widgets.Text(value="", placeholder="name (optional)",
                                     layout=widgets.Layout(width="140px"))
        b = self.button
        self.store_button = b("Store", self.store, icon="save", style="success",
                              tooltip="store the drawing as a memory", css="course-store")
        self.forget_button = b("Forget", self.forget, icon="trash", css="course-forget")
        self.load_button = b("Load", self.load, icon="folder-open", css="course-load",
                             tooltip="put the library pattern into the editor")
        self.clear_button = b("Clear", self.clear, icon="eraser", css="course-clear")
        self.invert_button = b("Invert", self.invert, icon="adjust", css="course-invert")
        self.corrupt_button = b("Corrupt", self.corrupt_again, icon="random", style="warning",
                                tooltip="flip other random bits", css="course-corrupt")
        self.recall_button = b("Recall", self.recall, icon="play", style="info",
                               tooltip="run the network from the cue", css="course-recall")
        self.step_button = b("Step", self.step, icon="step-forward", css="course-step",
                             tooltip="eight more single-neuron updates")
        self.end_button = b("End", self.show_end, icon="fast-forward", css="course-end")
        self.pixel_grid = None
        if not self.live:  # without clicks on the figure: a grid of buttons to draw with
            grid = widgets.GridBox(self.pixel_buttons, layout=widgets.Layout(
                grid_template_columns=f"repeat({self.SIDE}, 26px)", grid_gap="1px"))
            grid.add_class("course-pixel-grid")
            note = widgets.HTML("<i>Draw here: each button is a pixel (blue = black pixel, "
                                "grey = white pixel).</i>")
            self.pixel_grid = widgets.VBox([note, grid])
        self._sync_buttons()
        self._sync_forget()

    def build(self, fig):
        fig.set_layout_engine("none")  # placed in inches: the same pixels on every rebuild
        W, H = fig.get_size_inches()
        small = self.THUMB_TITLE_IN
        if self.narrow:  # the drawing beside the cue and the network; overlaps; memories
            c = (W - 0.79) / 3
            e = 2 * c + TITLE_IN
            x2 = 0.05 + e + 0.3
            top = TITLE_IN + e + TITLE_IN
            overlap_box = (0.8, top, W - 1.02, 1.6)
            t = (W - 0.1 - 5 * 0.1) / 6
            thumbs = [(0.05 + k * (t + 0.1), top + 1.6 + XLABEL_IN + small)
                      for k in range(self.MAX_MEMORIES)]
        else:  # the drawing; the cue over the network; overlaps over the memories
            e = min(H - TITLE_IN - 0.1, 0.35 * W)
            c = min((H - 0.1 - 2 * TITLE_IN) / 2, 0.17 * W)
            x2 = 0.05 + e + 0.3
            x3 = x2 + c + 0.3 + 0.8
            ho = 1.6
            overlap_box = (x3, TITLE_IN, W - x3 - 0.22, ho)
            t = min((W - x3 + 0.6) / 3 - 0.1,
                    (H - 0.15 - TITLE_IN - ho - XLABEL_IN - 0.1 - 2 * small) / 2)
            top_t = TITLE_IN + ho + XLABEL_IN + 0.1 + small
            thumbs = [(x3 - 0.8 + (k % 3) * (t + 0.1), top_t + (k // 3) * (t + small + 0.05))
                      for k in range(self.MAX_MEMORIES)]
        boxes = dict(edit=(0.05, TITLE_IN, e), cue=(x2, TITLE_IN, c),
                     now=(x2, 2 * TITLE_IN + c, c))
        ax_edit = _axes(fig, boxes["edit"][0], boxes["edit"][1], boxes["edit"][2],
                        boxes["edit"][2])
        edit = ph.plot_pattern(ax_edit, self.drawing, animated=True)
        ax_edit.set_title("your drawing (click)" if self.live else "your drawing",
                          fontsize=11.5)
        cue = ph.plot_pattern(_axes(fig, *boxes["cue"], boxes["cue"][2]), self.drawing,
                              title="cue", animated=True)
        now = ph.plot_pattern(_axes(fig, *boxes["now"], boxes["now"][2]), self.drawing,
                              title="network", animated=True)
        ax_m = _axes(fig, *overlap_box)
        ov = ph.plot_overlaps(ax_m, [0.0], np.zeros((1, 0)), n_max=self.MAX_MEMORIES,
                              animated=True, lw=1.8)
        ax_m.set_xlabel("time (sweeps)", labelpad=1)
        ax_m.set_title("overlap with the memories", fontsize=11.5)
        (cursor,) = ax_m.plot([0, 0], [-1.08, 1.08], color=PALETTE["black"], lw=1.2, ls=":",
                              animated=True)
        thumb_art = []
        nan = np.full(self.SIDE * self.SIDE, np.nan)
        for k, (x, y) in enumerate(thumbs):
            ax = _axes(fig, x, y, t, t)
            thumb_art.append(ph.plot_pattern(ax, nan, animated=True, grid=False))
            for spine in ax.spines.values():
                spine.set_color(ph.PATTERN_COLORS[k])
                spine.set_linewidth(2)
        return SimpleNamespace(edit=edit, cue=cue, now=now, overlaps=ov, cursor=cursor,
                               thumbs=thumb_art)

    # -- the network --------------------------------------------------------------
    @property
    def patterns(self) -> np.ndarray:
        """The stored memories, shape ``(P, N)`` (``(0, N)`` when none)."""
        if not self.memories:
            return np.zeros((0, self.SIDE * self.SIDE))
        return np.stack([p for _, p in self.memories])

    @property
    def W(self) -> np.ndarray:
        """Hebbian weights of the memories (zero diagonal); zeros when none are stored."""
        if not self.memories:
            return np.zeros((self.SIDE * self.SIDE,) * 2)
        return hf.hebbian_weights(self.patterns)

    def _compute(self, flip):
        """The cue and the recall from it (``recall_result``, ``frames``, ``frames_t``)."""
        self.cue = hf.corrupt(self.drawing, flip, np.random.default_rng(self.cue_seed)).ravel()
        r = self._recall(self.W, self.cue, np.random.default_rng(self.cue_seed + 1),
                         max_sweeps=20, record="update")
        self.recall_result = r
        idx = np.arange(0, len(r.t), self.UPDATES_PER_FRAME)
        if idx[-1] != len(r.t) - 1:
            idx = np.append(idx, len(r.t) - 1)
        self.frames_t, self.frames = r.t[idx], r.states[idx]

    def update(self, art, changed, *, flip):
        full = None
        if "flip" in changed.names:  # a new cue: the replay starts again (not on a rebuild)
            self._restart()
        if changed("flip", "drawing", "memories", "cue", "own_rule"):
            self._compute(flip)
            ph.update_pattern(art.edit, self.drawing)
            ph.update_pattern(art.cue, self.cue)
            pats = self.patterns
            nan = np.full(pats.shape[1], np.nan)
            for k, th in enumerate(art.thumbs):
                ph.update_pattern(th, pats[k] if k < len(pats) else nan)
            r = self.recall_result
            m = hf.overlap(r.states, pats) if len(pats) else np.zeros((len(r.t), 0))
            ph.update_overlaps(art.overlaps, r.t, m)
            ax_m = art.overlaps.lines[0].axes
            t_max = max(4.0, float(np.ceil(r.t[-1])))  # the whole recall, at least 4 sweeps
            if ax_m.get_xlim() != (0.0, t_max):
                ax_m.set_xlim(0.0, t_max)
                full = "full"
        if changed("memories"):  # the colour key of the overlaps: named slots, empty ones say so
            names = [n for n, _ in self.memories]
            for k, th in enumerate(art.thumbs):
                ax = th.image.axes
                ax.set_title(names[k] if k < len(names) else "(empty)", fontsize=10,
                             color=ph.PATTERN_COLORS[k] if k < len(names) else "0.45", pad=3)
            full = "full"
        self.frame = min(self.frame, len(self.frames) - 1)
        self._sync_play()
        self._show_frame(art)
        return full

    def _show_frame(self, art):
        k = self.frame
        ph.update_pattern(art.now, self.frames[k])
        tk = self.frames_t[k]
        art.cursor.set_xdata([tk, tk])
        r = self.recall_result
        names = [n for n, _ in self.memories]
        done = k == len(self.frames) - 1
        if not self.memories:
            msg = "<b>No memories stored:</b> draw a pattern and press <b>Store</b>."
        else:
            where = (f"frame {k} of {len(self.frames) - 1} (t = {tk:.3g} sweeps)" if not done
                     else f"end (t = {r.t[-1]:.3g} sweeps)")
            what = _name_of(self.frames[k], names, self.patterns)
            k_flip = int(round(self.params["flip"] * self.cue.size))
            msg = (f"<b>Memories:</b> {html.escape(', '.join(names))} · <b>cue:</b> drawing "
                   f"with {k_flip} bits flipped · <b>{where}:</b> "
                   f"{'recalled ' if done else 'now '}<b>{html.escape(what)}</b>")
        self.set_readout(self.rule_note + msg)

    # -- actions ----------------------------------------------------------------
    def toggle(self, row: int, col: int) -> None:
        """Flip one pixel of the drawing (row 0 is the top)."""
        row = check_int("row", row, 0, self.SIDE - 1)
        col = check_int("col", col, 0, self.SIDE - 1)
        self.drawing[row, col] *= -1
        self._sync_buttons()
        self._restart()
        self.refresh("drawing")

    def set_drawing(self, pattern) -> None:
        """Replace the drawing by a pattern of ±1 (flat or a picture)."""
        p = hf.as_patterns(pattern, name="pattern")
        if p.shape != (1, self.SIDE * self.SIDE):
            raise ValueError(f"pattern must have {self.SIDE * self.SIDE} pixels, got "
                             f"{p.size}")
        self.drawing = p[0].reshape(self.SIDE, self.SIDE).copy()
        self._sync_buttons()
        self._restart()
        self.refresh("drawing")

    def load(self, name: str | None = None) -> None:
        """Put a library pattern into the editor (default: the one chosen in the menu)."""
        name = self.library_choice.value if name is None else name
        self.set_drawing(LIBRARY[check_choice("name", name, tuple(LIBRARY))])

    def clear(self) -> None:
        """An empty drawing (all pixels -1)."""
        self.set_drawing(-np.ones(self.SIDE * self.SIDE))

    def invert(self) -> None:
        """Swap black and white."""
        self.set_drawing(-self.drawing)

    def store(self, name: str | None = None) -> None:
        """Store the drawing as a memory (the oldest is dropped beyond six)."""
        if name is not None and not isinstance(name, str):
            raise ValueError(f"name must be a text (or None for a name of its own), got "
                             f"{name!r}")
        name = (name or self.name_box.value).strip()[:40]
        taken = [n for n, _ in self.memories]
        if name in taken:
            raise ValueError(f"name {name!r} is taken by a stored memory; the memories are "
                             f"{', '.join(taken)}")
        p = self.drawing.ravel().copy()
        if any(np.array_equal(p, q) for _, q in self.memories):
            self.info("This pattern is already stored.")
            return
        self._n_drawn += 1
        name = name or self._guess_name(p, taken)
        self.memories.append((name, p))
        if len(self.memories) > self.MAX_MEMORIES:
            self.memories.pop(0)
        self.name_box.value = ""
        self._sync_forget()
        self._restart()
        self.refresh("memories")

    def _guess_name(self, p, taken) -> str:
        for name, q in LIBRARY.items():
            if np.array_equal(p, q.ravel()) and name not in taken:
                return name
        n = self._n_drawn
        while f"drawing {n}" in taken:
            n += 1
        return f"drawing {n}"

    def forget(self, name: str | None = None) -> None:
        """Remove a memory (default: the one chosen in the menu)."""
        name = self.forget_choice.value if name is None else name
        names = [n for n, _ in self.memories]
        if not names:
            raise ValueError("name: no memory is stored, there is nothing to forget")
        self.memories.pop(names.index(check_choice("name", name, tuple(names))))
        self._sync_forget()
        self._restart()
        self.refresh("memories")

    def corrupt_again(self) -> None:
        """Flip another random set of bits for the cue."""
        self.cue_seed += 2
        self._restart()
        self.refresh("cue")

    def recall(self) -> None:
        """Play the recall from the cue (jumps to the end where nothing animates)."""
        self.frame = 0
        self.refresh("frame")
        self.play.playing = True

    def step(self) -> None:
        """Advance the recall by one frame (eight single-neuron updates)."""
        if self.frame < len(self.frames) - 1:
            self.frame += 1
            self.refresh("frame")

    def show_end(self) -> None:
        """Jump to the end of the recall."""
        self.frame = len(self.frames) - 1
        self.refresh("frame")

    def on_press(self, event):
        """A click on the drawing toggles the pixel under the mouse."""
        if event.inaxes is not self.artists.edit.image.axes or event.button != 1:
            return
        self.toggle(int(round(event.ydata)), int(round(event.xdata)))

    # -- widgets ------------------------------------------------------------------
    def _restart(self) -> None:
        """Back to the first frame of the replay, which stops."""
        self.frame = 0
        self.play.playing = False

    def _on_play(self, change):
        if self._syncing:
            return
        self.frame = int(change["new"])
        self.refresh("frame")

    def _on_pixel_button(self, change):
        if self._syncing:
            return
        k = self.pixel_buttons.index(change["owner"])
        self.toggle(k // self.SIDE, k % self.SIDE)

    def _sync_play(self):
        """The Play widget shows the recall's frames and the current one."""
        self._syncing = True
        try:
            with self.play.hold_sync():
                self.play.max = max(1, len(self.frames) - 1)
                self.play.value = self.frame
        finally:
            self._syncing = False

    def _sync_buttons(self):
        self._syncing = True
        try:
            for b, v in zip(self.pixel_buttons, self.drawing.ravel()):
                b.value = bool(v > 0)
                b.button_style = "" if v > 0 else "primary"
                b.icon = ""
        finally:
            self._syncing = False

    def _sync_forget(self):
        names = [n for n, _ in self.memories]
        self.forget_choice.options = names
        if names:
            self.forget_choice.value = names[-1]

    def controls_box(self):
        return self.rows((self.library_choice, self.load_button, self.clear_button,
                          self.invert_button, self.name_box, self.store_button),
                         (self.forget_choice, self.forget_button, self.sliders["flip"],
                          self.corrupt_button),
                         (self.recall_button, self.play, self.step_button, self.end_button))

    def extra_widgets(self):
        return [] if self.pixel_grid is None else [self.pixel_grid]

    def bench_actions(self):
        return {"toggle a pixel (click)": lambda: self.toggle(3, 4),
                "store + forget": lambda: (self.store("bench"), self.forget("bench")),
                "one frame of the recall (play)": self._bench_frame,
                "step": self.step_button.click,
                "end": self.end_button.click,
                "recall (play from the start)": self.recall_button.click,
                "corrupt (other bits)": self.corrupt_button.click,
                "invert": self.invert_button.click,
                "load a library pattern": lambda: self.load("T"),
                **super().bench_actions()}

    def _bench_frame(self):
        self.play.value = (self.play.value + 1) % (self.play.max + 1)


# ---------------------------------------------------------------------------
# capacity
# ---------------------------------------------------------------------------


CRITERIA = (("exact (m = 1)", 1.0), ("m ≥ 0.97", 0.97), ("m ≥ 0.9", 0.9))
P_MAX = {36: 14, 64: 20, 100: 30}


def protocol_text(*, flip, rule, criterion, trials, N, seed, lines: int = 1) -> str:
    """The protocol of a capacity run in words, on one, two or three lines."""
    crit = "exact recall (−p fails)" if criterion >= 1 else f"overlap ≥ {criterion:g}"
    parts = [f"{rule} updates", f"{flip:.0%} of bits flipped", crit, f"{trials} sets per P",
             f"N = {N}", f"pattern seed {seed}", "zero diagonal"]
    breaks = {1: (), 2: (3,), 3: (2, 4)}[lines]  # a line break before these parts
    return "".join(("\n" if k in breaks else " · ") + p if k else p for k, p in enumerate(parts))


def run_label(*, flip, rule, criterion, N, seed, **_) -> str:
    """The legend label of a capacity run."""
    crit = "exact" if criterion >= 1 else f"m ≥ {criterion:g}"
    return f"{rule} · {flip:.0%} flipped · {crit} · N {N} · seed {seed}"


class CapacityRun(NamedTuple):
    """One computed capacity curve of :class:`CapacityApp`.

    Attributes
    ----------
    P : ndarray, shape (k,)
        Numbers of stored patterns.
    fraction : ndarray, shape (k,)
        Fraction recalled at each.
    label : str
        Legend label.
    settings : dict
        The control values it was computed for.
    """

    P: np.ndarray
    fraction: np.ndarray
    label: str
    settings: dict


class CapacityApp(App):
    """Figure 18 for a protocol you choose: how many patterns can be recalled?

    Set the protocol (bits flipped in each cue, update rule, what counts as
    recalled, pattern sets per ``P``, the number of neurons, which random
    pattern sets) and press **Run**: for each number ``P`` of stored random
    patterns, every pattern of every set is corrupted and recalled, in one
    vectorised batch; a progress bar follows the ``P`` values. Earlier runs
    stay as faint curves, listed in the legend below the plot; the newest is
    bold, with triangles where it crosses 95% and 50%. Vertical lines:
    ``0.138 N`` (large-N retrieval with ~1.6% wrong bits, not perfect
    recall), ``N / (2 ln N)`` and ``N / (4 ln N)`` (exact recall at finite
    ``N``).

    Every run with the same pattern seed uses the same pattern sets and cues
    (common random numbers, see :func:`course_lib.hopfield.capacity_curve`):
    two protocols differ only by the protocol, and a looser criterion never
    scores lower. The defaults (200 sets, seed 0) are notebook 03's curve.

    Parameters
    ----------
    run : bool
        Compute the curve of the default protocol at the start.
    **values
        Control values, and ``live`` (see :class:`~course_lib.apps.base.App`).
    """

    controls = (
        Control("flip", "bits flipped", 0.0, 0.5, 0.05, value=0.1, live=False,
                help="fraction of each cue's bits flipped"),
        Control("trials", "sets per P", 10, 200, 10, kind="int", value=200, live=False,
                help="random pattern sets for each number of patterns"),
        Control("rule", "update", kind="choice", options=(("async", "async"), ("sync", "sync")),
                value="async", live=False),
        Control("criterion", "recalled if", kind="choice", options=CRITERIA, value=1.0,
                live=False, help="exact recall, or an overlap threshold"),
        Control("N", "neurons", kind="choice",
                options=(("36 (6×6)", 36), ("64 (8×8)", 64), ("100 (10×10)", 100)), value=64,
                live=False),
        Control("seed", "pattern seed", 0, 99, 1, kind="int", value=0, live=False,
                help="which random pattern sets and cues (the same for every protocol)"),
    )
    figsize = (9.6, 5.6)
    narrow_figsize = (5.9, 6.8)
    MAX_RUNS = 4

    def __init__(self, *, live: bool | None = None, run: bool = True, **values):
        self._run_at_start = check_bool("run", run)
        super().__init__(live=live, **values)

    def setup(self):
        self.runs: list[CapacityRun] = []
        self.repeated = False  # the last compute() found its protocol among the runs
        self.progress = widgets.IntProgress(value=0, min=0, max=20, description="progress",
                                            style=_LABEL_STYLE,
                                            layout=widgets.Layout(width="auto",
                                                                  min_width="220px",
                                                                  max_width="360px"))
        self.progress.add_class("course-progress")
        self.run_button = self.button("Run", self.run, icon="play", style="info",
                                      tooltip="compute the capacity curve for this protocol",
                                      css="course-run")
        self.clear_button = self.button("Keep newest only", self.clear, icon="trash",
                                        css="course-clear")
        if self._run_at_start:
            self.compute(**self.params)

    def build(self, fig):
        W = fig.get_size_inches()[0]
        ax = fig.add_subplot()
        cap = ph.plot_capacity(ax, 64, P_MAX[64], animated=True, n_curves=self.MAX_RUNS)
        # the protocol on two or three lines above the plot (the title's pad keeps their
        # room): out of the layout, whose width it would otherwise drive
        protocol = ax.text(0.5, 1.02, "", transform=ax.transAxes, ha="center", va="bottom",
                           fontsize=10.5, color="0.25", animated=True, linespacing=1.3)
        protocol.set_in_layout(False)
        lines = 2 if W >= 8.0 else 3
        ax.set_title("Capacity (Fig. 18): fraction of stored patterns recalled", fontsize=12.5,
                     pad=12 + 14 * lines)
        return SimpleNamespace(ax=ax, capacity=cap, protocol=protocol, lines=lines,
                               legend_cols=2 if W >= 8.0 else 1)

    def update(self, art, changed, *, flip, rule, criterion, trials, N, seed):
        full = None
        if changed("N"):
            ph.update_capacity_lines(art.capacity, N)
            art.ax.set_xlim(0, P_MAX[N] + 0.5)
            full = "full"
        if changed("runs"):
            ph.update_capacity(art.capacity, [r[:3] for r in self.runs])
            self._readout()
            full = "full"
        if changed("N", "runs"):
            ph.set_capacity_legend(art.capacity, ncols=art.legend_cols)
        settings = dict(flip=flip, rule=rule, criterion=criterion, trials=trials, N=N, seed=seed)
        current = bool(self.runs) and self.runs[0].settings == settings
        art.protocol.set_text(("protocol: " if current else "next run (press Run): ")
                              + protocol_text(**settings, lines=art.lines))
        art.protocol.set_color("0.15" if current else PALETTE["vermillion"])
        return full

    def _readout(self):
        if not self.runs:
            self.set_readout("")
            return
        run = self.runs[0]
        x95, x50 = (hf.crossing(run.P, run.fraction, lv) for lv in (0.95, 0.5))
        fmt = lambda x: "never" if np.isnan(x) else f"P ≈ {x:.1f}"  # noqa: E731
        lines = hf.capacity_lines(run.settings["N"])
        self.set_readout(
            f"<b>{html.escape(protocol_text(**run.settings))}:</b> ≥ 95% recalled up to "
            f"{fmt(x95)}, 50% at {fmt(x50)} · reference: "
            + ", ".join(f"{html.escape(k)} = {v:.2f}" for k, v in lines.items()))

    def compute(self, **settings) -> CapacityRun:
        """Compute the capacity curve for ``settings`` (the controls' names) and keep it.

        The newest run comes first in ``runs``; beyond four the oldest is
        dropped. A protocol computed before (same settings, same pattern
        seed: the same curve) is moved to the front, not computed again.
        Draws nothing: :meth:`run` computes and shows.
        """
        for k, old in enumerate(self.runs):
            if old.settings == settings:
                self.runs.insert(0, self.runs.pop(k))
                self.repeated = True
                return old
        self.repeated = False
        N = settings["N"]
        P = np.arange(1, P_MAX[N] + 1)
        self.progress.max = len(P)
        self.progress.value = 0

        def tick(done, total):
            self.progress.value = done

        with self.busy("computing the capacity curve…"):
            f = hf.capacity_curve(N, P, trials=settings["trials"],
                                  flip_fraction=settings["flip"], rule=settings["rule"],
                                  rng=settings["seed"], min_overlap=settings["criterion"],
                                  progress=tick)
        run = CapacityRun(P, f, run_label(**settings), dict(settings))
        self.runs.insert(0, run)
        del self.runs[self.MAX_RUNS:]
        return run

    def run(self) -> np.ndarray:
        """The Run button: compute the curve for the current controls and show it.

        Returns
        -------
        ndarray
            The fraction recalled for ``P = 1, 2, ...``.
        """
        run = self.compute(**self.params)
        self.refresh("runs")
        if self.repeated:
            self.info("This protocol was computed already (the same pattern sets give the same "
                      "curve): it is the newest again. Another pattern seed draws other sets.")
        return run.fraction

    def clear(self) -> None:
        """Forget every run but the newest."""
        del self.runs[1:]
        self.refresh("runs")

    def controls_box(self):
        s = self.sliders
        return self.rows((s["flip"], s["trials"], s["rule"]), (s["criterion"], s["N"], s["seed"]),
                         (self.run_button, self.progress, self.clear_button))

    def bench_actions(self):
        return {"Run (default curve, N = 64, P = 1..20, 200 sets, a new seed)": self._bench_run,
                "Keep newest only": self.clear_button.click}

    def _bench_run(self):
        seed = self.sliders["seed"]
        seed.value = (seed.value + 1) % (seed.max + 1)  # a protocol not computed yet
        self.run()


# ---------------------------------------------------------------------------
# the energy landscape
# ---------------------------------------------------------------------------


class EnergyLandscapeApp(_OwnRule, App):
    """The energy over the plane of overlaps with X and ☺, and runs rolling downhill.

    Left: every ±1 state has overlaps ``(m_X, m_☺)`` inside the tilted
    rectangle; there its energy is ``-(N/2)(m_X² + m_☺²) + P/2`` (for the
    third pattern T, when stored, the map shows states with ``m_T = 0``).
    The corners ``±X``, ``±☺`` are the minima. Orange: recall runs from
    random starts (×), projected onto the plane. Right: the energy along a
    path of single bit flips from X to ☺ (over a barrier) and from X to the
    mixture ``sgn(X + ☺ + T)``, which with three stored patterns is a
    spurious minimum: a valley that is no memory.

    Parameters
    ----------
    rule : callable, optional
        Your own sweep function ``rule(W, x, order)`` for the runs (see
        :meth:`use_rule`); by default the built-in one.
    **values
        Control values, and ``live`` (see :class:`~course_lib.apps.base.App`).
    """

    controls = (
        Control("n_starts", "random starts", 1, 30, 1, kind="int", value=8,
                help="recall runs from random states"),
        Control("seed", "seed", 0, 99, 1, kind="int", value=0, help="random starts and order"),
        Control("stored", "stored", kind="choice", options=("X + smiley", "X + smiley + T"),
                value="X + smiley"),
    )
    figsize = (9.6, 4.8)
    narrow_figsize = (5.9, 8.2)
    LEGEND_IN = 0.5
    """Room under the landscape's x label for its two-line legend (inches)."""

    def setup(self):
        self.mixture = hf.mixture_state([LIBRARY[n] for n in STORED_SETS["X + smiley + T"]])

    def build(self, fig):
        fig.set_layout_engine("none")  # placed in inches: the same pixels on every rebuild
        W, H = fig.get_size_inches()
        bar = 0.1 + 0.13 + 0.6  # colour bar: gap, bar, tick labels
        below = XLABEL_IN + self.LEGEND_IN
        if self.narrow:  # the landscape above the paths
            L = min(W - 0.75 - bar - 0.1, 3.9)
            land = (0.75, TITLE_IN, L, 0.92 * L)
            top = TITLE_IN + 0.92 * L + below + TITLE_IN
            path = (0.75, top, W - 1.0, H - top - XLABEL_IN)
        else:
            L = min((H - TITLE_IN - below - 0.05) / 0.92, 0.5 * (W - 2.45))
            land = (0.75, TITLE_IN, L, 0.92 * L)
            xp = 0.75 + L + bar + 0.8
            path = (xp, TITLE_IN, W - xp - 0.25, H - TITLE_IN - XLABEL_IN)
        ax_l = _axes(fig, *land)
        cax = _axes(fig, land[0] + L + 0.1, TITLE_IN + 0.1 * land[3], 0.13, 0.8 * land[3])
        X, S = LIBRARY["X"], LIBRARY["smiley"]
        land_art = ph.plot_landscape(ax_l, X, S, n_patterns=2, animated=True, names=("X", "☺"),
                                     cax=cax)
        ax_l.set_title("energy over the overlap plane", fontsize=12)
        runs = ph.plot_projected_runs(ax_l, np.zeros((0, 0, 2)), animated=True)
        mix_xy = hf.overlap(self.mixture, [X, S])
        (mix,) = ax_l.plot([mix_xy[0]], [mix_xy[1]], linestyle="none", marker="D",
                           markersize=9, markerfacecolor="white",
                           markeredgecolor=PALETTE["purple"], markeredgewidth=2.2, zorder=6,
                           animated=True)
        # under the x label, outside the data: it never covers a run
        ax_l.legend([Line2D([], [], color=PALETTE["orange"], marker="x", lw=1.6),
                     Line2D([], [], color=PALETTE["purple"], marker="D", lw=0,
                            markerfacecolor="white", markeredgewidth=2)],
                    ["recall runs (× start)", "mixture sgn(X+☺+T)"], loc="upper center",
                    bbox_to_anchor=(0.5, 0.0), borderaxespad=3.4, fontsize=10,
                    ncols=2 if L >= 3.3 else 1, frameon=False, handlelength=1.6,
                    columnspacing=1.2, labelspacing=0.3)
        ax_p = _axes(fig, *path)
        (p1,) = ax_p.plot([], [], color=PALETTE["blue"], lw=2.2, label="X → ☺", animated=True)
        (p2,) = ax_p.plot([], [], color=PALETTE["purple"], lw=2.2, ls="--",
                          label="X → mixture", animated=True)
        ax_p.set(xlim=(0, 1), ylim=(-36, 4), xlabel="fraction of the way (bits flipped)",
                 ylabel="energy E")
        ax_p.legend(loc="upper left", fontsize=10.5)
        ax_p.set_title("energy along a path of bit flips", fontsize=12)
        return SimpleNamespace(land=land_art, runs=runs, mix=mix, path=p1, path_mix=p2)

    def update(self, art, changed, *, n_starts, seed, stored):
        X, S = LIBRARY["X"], LIBRARY["smiley"]
        if changed("stored"):
            self.names = STORED_SETS[stored]
            self.patterns = hf.as_patterns([LIBRARY[n] for n in self.names])
            self.W = hf.hebbian_weights(self.patterns)
            ph.update_landscape(art.land, X, S, len(self.names))
            for line, end in ((art.path, S), (art.path_mix, self.mixture)):
                k, E = hf.energy_along_path(self.W, X, end, rng=1)
                line.set_data(k / k[-1], E)
        rng = np.random.default_rng(seed)
        starts = hf.random_state(hf.N_DEFAULT, rng, n=n_starts)
        r = self._recall(self.W, starts, rng, record="update")
        self.result = r
        frames = r.states[::4]  # (frames, runs, N)
        m = hf.overlap(frames.reshape(-1, frames.shape[-1]), self.patterns[:2])
        ph.update_projected_runs(art.runs, m.reshape(len(frames), n_starts, 2))
        pats = self.patterns
        ends = [_name_of(x, [NICE[n] for n in self.names], pats) for x in r.final]
        fixed = hf.is_fixed_point(self.W, self.mixture)
        counts = {e: ends.count(e) for e in dict.fromkeys(ends)}
        summary = ", ".join(f"{v}× {html.escape(k)}" for k, v in counts.items())
        mix_note = (f"mixture sgn(X+☺+T): {'a fixed point' if fixed else 'not a fixed point'}, "
                    f"E = {hf.energy(self.W, self.mixture):.1f} (memories: "
                    f"{hf.energy(self.W, pats[0]):.1f})")
        self.set_readout(f"{self.rule_note}<b>{n_starts} random starts end in:</b> {summary} · "
                         f"<b>{html.escape(mix_note)}</b>")

    def controls_box(self):
        s = self.sliders
        return self.rows((s["n_starts"], s["seed"], s["stored"]))
