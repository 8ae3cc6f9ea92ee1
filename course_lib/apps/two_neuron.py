"""Interactive views of the two-neuron network (notebook 02)."""

from __future__ import annotations

import html
from collections import deque
from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D

from .. import two_neuron as tn
from .._validate import check_finite
from ..plotting import two_neuron as ptn
from ..plotting.style import PALETTE
from .base import App, Control

__all__ = ["PhasePlaneApp", "NullclineBifurcationApp", "fixed_point_html", "summarize"]

FIG7_STARTS = ((5.0, 5.0), (45.0, 45.0), (10.0, 38.0), (38.0, 10.0), (15.0, 37.0),
               (37.0, 15.0), (24.0, 24.0))
"""Seven starting points like the report's Figure 7: both sides of the separatrix."""


def summarize(fps) -> str:
    """One line for the readout: how many fixed points of which kind, and what it means.

    Parameters
    ----------
    fps : list of FixedPoint
        From :func:`course_lib.two_neuron.fixed_points`.

    Returns
    -------
    str
        E.g. ``"2 stable nodes, 1 saddle: bistable"``.

    Raises
    ------
    ValueError
        If ``fps`` is not a list of FixedPoint.
    """
    fps = tn._check_fps("fps", fps)
    kinds: dict[str, int] = {}
    for fp in fps:
        kinds[fp.kind] = kinds.get(fp.kind, 0) + 1
    parts = [f"{n} {k}{'s' if n > 1 and not k.endswith(')') else ''}" for k, n in kinds.items()]
    n_stable = sum(fp.stable for fp in fps)
    verdict = "bistable" if n_stable == 2 else ("one attractor" if n_stable == 1 else
                                                f"{n_stable} attractors")
    return f"{', '.join(parts)}: {verdict}"


def fixed_point_html(fps) -> str:
    """The live Table 1: position, eigenvalues, trace, determinant, kind.

    Parameters
    ----------
    fps : list of FixedPoint
        From :func:`course_lib.two_neuron.fixed_points`.

    Returns
    -------
    str
        An HTML table, one row per fixed point (unstable kinds in vermillion).

    Raises
    ------
    ValueError
        If ``fps`` is not a list of FixedPoint.
    """
    fps = tn._check_fps("fps", fps)

    def ev(z):
        if abs(z.imag) < 1e-12:
            return f"{z.real:+.4g}"
        return f"{z.real:+.3g} {'+' if z.imag >= 0 else '−'} {abs(z.imag):.3g}i"

    rows = []
    for fp in fps:
        color = PALETTE["black"] if fp.stable else PALETTE["vermillion"]
        rows.append(
            f"<tr><td>({fp.x:.4g}, {fp.y:.4g})</td>"
            f"<td>{', '.join(ev(z) for z in fp.eigenvalues)}</td>"
            f"<td>{fp.trace:.3g}</td><td>{fp.det:.4g}</td>"
            f"<td style='color:{color}'><b>{html.escape(fp.kind)}</b></td></tr>")
    head = ("<tr><th>fixed point (x*, y*) Hz</th><th>eigenvalues</th><th>trace</th>"
            "<th>det</th><th>kind</th></tr>")
    return ("<table class='course-fp-table' style='border-collapse:collapse;font-size:95%'>"
            "<style>.course-fp-table td,.course-fp-table th{padding:2px 14px;"
            "text-align:left;border-bottom:1px solid #ddd}</style>"
            f"{head}{''.join(rows)}</table>")


def _start_layout(fig) -> None:
    """Lay out the panels a build is about to make with the constrained layout engine."""
    fig.set_layout_engine("constrained")


def _keep_layout(fig) -> None:
    """Lay the panels out once, now, and keep that layout until the next build.

    Only static things decide the layout (titles, tick labels, the legend cells;
    the legends themselves are pictures in their cells, see
    :func:`~course_lib.plotting.two_neuron.plot_legend_panel`). Without this, the
    layout engine would run again on every full redraw and creep by a pixel or
    two each time until it settles (three passes): a rebuild would not show the
    same picture, and every full redraw would cost a layout pass for nothing.
    """
    engine = fig.get_layout_engine()
    for _ in range(3):  # measured: the first pass places nothing, the third is settled
        engine.execute(fig)
    fig.set_layout_engine("none")


W_RANGE = dict(min=-1.0, max=1.0, step=0.01)
I_CONTROL = Control("I", "I", -25.0, 5.0, 0.1, value=tn.I_DEFAULT,
                    help="common input to both neurons")


class PhasePlaneApp(App):
    """Figures 6-8 and Table 1 live: the phase plane of two coupled neurons.

    Sliders ``w1`` (x to y), ``w2`` (y to x) and ``I``. Left: the phase plane
    with the direction field, the two nullclines, the fixed points (stable
    filled, saddles open diamonds), the separatrix with the two basins
    shaded, and trajectories with direction arrows. Right: ``x(t)`` and
    ``y(t)`` of the same trajectories (Figure 6) and a legend naming what is
    drawn now (and only that). In a column below ~690 px the plane is on top,
    the time courses and the legend under it. Below the figure: the live
    table of fixed points (Table 1).

    Launch trajectories by clicking on the plane (live plots, ipympl), or
    with the ``x0``, ``y0`` sliders, which move a dashed black preview,
    and the "Launch" button (works everywhere).

    Attributes
    ----------
    starts : collections.deque of (float, float)
        Starts of the launched trajectories (Hz), oldest first; at most
        :attr:`MAX_LAUNCHED`, the report's seven Figure 7 starts at first.
    fixed_points : list of FixedPoint
        The fixed points for the current ``w1, w2, I``.
    separatrix : Separatrix or None
        The separatrix drawn (None without a saddle).
    basins : list of Basin
        The shaded basins.
    simulation : Simulation
        The launched trajectories, one row per start.
    preview : Simulation
        The dashed preview from ``(x0, y0)``, one row.
    table : ipywidgets.HTML
        The live fixed-point table (Table 1) under the figure.

    Examples
    --------
    >>> app = PhasePlaneApp()                  # doctest: +SKIP
    >>> app.set(w1=0.6, I=-12)                 # doctest: +SKIP
    >>> app.launch(20, 31)                     # doctest: +SKIP
    """

    controls = (
        Control("w1", "w₁ (x→y)", value=tn.W_DEFAULT, unit="1/Hz",
                help="coupling from x to y; negative = inhibition", **W_RANGE),
        Control("w2", "w₂ (y→x)", value=tn.W_DEFAULT, unit="1/Hz",
                help="coupling from y to x; negative = inhibition", **W_RANGE),
        I_CONTROL,
        Control("x0", "x₀", 0.0, 50.0, 0.5, value=30.0, unit="Hz",
                help="start of the dashed preview trajectory"),
        Control("y0", "y₀", 0.0, 50.0, 0.5, value=21.5, unit="Hz",
                help="start of the dashed preview trajectory"),
    )
    figsize = (9.6, 5.7)
    narrow_figsize = (6.9, 9.4)
    """Below ~690 px: the phase plane on top, the time courses and the legend under it."""
    T = 15.0
    MAX_LAUNCHED = 12

    def setup(self):
        self.starts = deque(FIG7_STARTS, maxlen=self.MAX_LAUNCHED)
        self.table = widgets.HTML()
        self.table.add_class("course-fp-table")
        self.launch_button = self.button(
            "Launch", lambda: self.launch(self.params["x0"], self.params["y0"]), icon="play",
            style="info", tooltip="keep the trajectory from (x₀, y₀)", css="course-launch")
        self.clear_button = self.button("Clear", self.clear, icon="trash",
                                        tooltip="remove every launched trajectory",
                                        css="course-clear")
        self.reset_button = self.button("Fig. 7 starts", self.reset_starts, icon="undo",
                                        tooltip="the seven starts of the report's Figure 7",
                                        css="course-reset")
        self.hint = widgets.HTML("<i>or click on the plane</i>" if self.live else "")

    def build(self, fig):
        _start_layout(fig)
        if self.narrow:  # stacked: the plane on top, time courses and legend under it
            gs = fig.add_gridspec(3, 2, width_ratios=[1.3, 1.0], height_ratios=[5.2, 1.5, 1.5])
            ax = fig.add_subplot(gs[0, :])
            ax_x = fig.add_subplot(gs[1, 0])
            ax_y = fig.add_subplot(gs[2, 0], sharex=ax_x)
            ax_leg = fig.add_subplot(gs[1:, 1])
        else:
            gs = fig.add_gridspec(3, 2, width_ratios=[1.5, 1.0], height_ratios=[1, 1, 1.8])
            ax = fig.add_subplot(gs[:, 0])
            ax_x = fig.add_subplot(gs[0, 1])
            ax_y = fig.add_subplot(gs[1, 1], sharex=ax_x)
            ax_leg = fig.add_subplot(gs[2, 1])
        legend = ptn.plot_legend_panel(ax_leg, fontsize=9.5, handlelength=2.0,
                                       labelspacing=0.35)
        p = self.params
        w1, w2, I = p["w1"], p["w2"], p["I"]

        ptn.setup_phase_axes(ax)
        field = ptn.plot_vector_field(ax, w1, w2, I, n=14, animated=True)
        sep = ptn.plot_separatrix(ax, animated=True)
        null = ptn.plot_nullclines(ax, w1, w2, I, animated=True)
        empty = np.zeros((0, 2))
        traj = ptn.plot_trajectories(ax, empty, empty, n_max=self.MAX_LAUNCHED, animated=True,
                                     label="launched trajectory")
        (probe,) = ax.plot([], [], color=PALETTE["black"], lw=2.2, ls=(0, (4, 2)), zorder=5.2,
                           animated=True, label="preview from (x₀, y₀)")
        (probe_start,) = ax.plot([], [], marker="X", markersize=11, color=PALETTE["black"],
                                 markeredgecolor="white", linestyle="none", zorder=7,
                                 animated=True)
        fpa = ptn.plot_fixed_points(ax, [], animated=True)
        ax.set_title("Phase plane (Figs. 7, 8)", fontsize=12.5)

        tc = ptn.plot_time_courses(ax_x, ax_y, [0.0], empty, empty, animated=True, lw=1.8)
        (probe_x,) = ax_x.plot([], [], color=PALETTE["black"], lw=2, ls=(0, (4, 2)),
                               animated=True)
        (probe_y,) = ax_y.plot([], [], color=PALETTE["black"], lw=2, ls=(0, (4, 2)),
                               animated=True)
        for a, name in ((ax_x, "x"), (ax_y, "y")):
            a.set(xlim=(0, self.T), ylim=(-3, 53), ylabel=f"{name} (Hz)", yticks=[0, 25, 50],
                  xticks=np.arange(0.0, self.T + 0.1, 5.0))
        ax_x.tick_params(labelbottom=False)
        ax_y.set_xlabel("time t (τ)")
        ax_x.set_title("Rates over time (Fig. 6)", fontsize=12.5)
        _keep_layout(fig)
        return SimpleNamespace(phase=ax, field=field, sep=sep, null=null, traj=traj,
                               probe=probe, probe_start=probe_start, fp=fpa, tc=tc,
                               probe_x=probe_x, probe_y=probe_y, legend=legend)

    def update(self, art, changed, *, w1, w2, I, x0, y0):
        plane = changed("w1", "w2", "I")
        if plane:
            fps = tn.fixed_points(w1, w2, I)
            saddles = [fp for fp in fps if fp.kind == "saddle"]
            sep = tn.separatrix(w1, w2, I, saddles[0], box=ptn.BOX) if saddles else None
            self.fixed_points, self.separatrix = fps, sep
            self.basins = tn.basin_polygons(fps, sep, box=ptn.BOX)
            ptn.update_vector_field(art.field, w1, w2, I)
            ptn.update_nullclines(art.null, w1, w2, I)
            ptn.update_separatrix(art.sep, sep, self.basins)
            ptn.update_fixed_points(art.fp, fps)
            # Text outside the figure: re-rendering glyphs would cost more than the plot.
            self.set_readout(f"<b>w₁ = {w1:g}, w₂ = {w2:g}, I = {I:g}:</b> "
                             f"{html.escape(summarize(fps))}")
            self.table.value = fixed_point_html(fps)
        # One run for every trajectory that changed: the preview and/or the launched ones.
        redo_preview = plane or changed("x0", "y0")
        redo_launched = plane or "starts" in changed
        if not (redo_preview or redo_launched):
            return None
        starts = [(x0, y0)] if redo_preview else []
        if redo_launched:
            starts.extend(self.starts)
        xy = np.array(starts, dtype=float).reshape(-1, 2)  # no launched ones: maybe empty
        sim = tn.simulate(xy[:, 0], xy[:, 1], w1, w2, I, T=self.T)
        if redo_preview:
            self.preview = tn.Simulation(sim.t, sim.x[:1], sim.y[:1])
            art.probe.set_data(sim.x[0], sim.y[0])
            art.probe_start.set_data([x0], [y0])
            art.probe_x.set_data(sim.t, sim.x[0])
            art.probe_y.set_data(sim.t, sim.y[0])
        if redo_launched:
            k = 1 if redo_preview else 0
            self.simulation = tn.Simulation(sim.t, sim.x[k:], sim.y[k:])
            ptn.update_trajectories(art.traj, sim.x[k:], sim.y[k:])
            ptn.update_time_courses(art.tc, sim.t, sim.x[k:], sim.y[k:])
        if plane or redo_launched:  # the legend names what is drawn now, and only that
            ptn.update_legend_panel(art.legend, ptn.phase_plane_entries(
                art.null, art.fp, art.sep, art.traj, art.probe, art.probe_start))
        return None

    # -- launching ------------------------------------------------------------
    def launch(self, x0: float, y0: float) -> None:
        """Add a trajectory from ``(x0, y0)`` and draw it.

        Parameters
        ----------
        x0, y0 : float
            The start (Hz), clipped to the rates 0..50 Hz. Beyond
            :attr:`MAX_LAUNCHED` trajectories the oldest is dropped.

        Raises
        ------
        ValueError
            If ``x0`` or ``y0`` is not a finite number.
        """
        x0 = float(np.clip(check_finite("x0", x0), 0.0, tn.R_MAX))
        y0 = float(np.clip(check_finite("y0", y0), 0.0, tn.R_MAX))
        self.starts.append((x0, y0))
        self.refresh("starts")

    def clear(self) -> None:
        """Remove every launched trajectory."""
        self.starts.clear()
        self.refresh("starts")

    def reset_starts(self) -> None:
        """Back to the seven starting points of the report's Figure 7."""
        self.starts.clear()
        self.starts.extend(FIG7_STARTS)
        self.refresh("starts")

    def on_press(self, event):
        """A left click on the phase plane launches a trajectory from there."""
        if event.inaxes is self.artists.phase and event.button == 1:
            self.launch(event.xdata, event.ydata)

    def controls_box(self):
        sl = self.sliders
        return self.rows([sl["w1"], sl["w2"], sl["I"]],
                         [sl["x0"], sl["y0"], self.launch_button, self.hint, self.clear_button,
                          self.reset_button])

    def extra_widgets(self):
        return [self.table]

    def bench_actions(self):
        return {"clear the trajectories": self.clear,
                "back to the Fig. 7 starts": self.reset_starts,
                "launch a trajectory (click/button)": lambda: self.launch(31.0, 12.0)}


class NullclineBifurcationApp(App):
    """Figure 9 live: the bifurcation in ``I`` and the nullclines that make it.

    For ``w1 = w2 = w``. Top left, on one ``I`` axis: the number of fixed
    points, and the fixed points ``x* = y*`` against ``I`` (exact branch:
    stable solid, saddles dashed, saddle-nodes as grey squares) with the
    current ``I`` marked. Top right: the nullclines at the current ``I`` (bold)
    among those for other inputs (faint): as ``I`` grows, the curves slide and
    intersections are born and die in pairs. Bottom (an extension): the
    ``(w, I)`` plane, drawn as in notebook 01, with the two saddle-node curves
    meeting at the cusp, bistable between them, and the current ``(w, I)``.
    In a narrow column the panels stack, each legend beside its panel.

    Attributes
    ----------
    fixed_points : list of FixedPoint
        The fixed points for the current ``w`` and ``I``.
    """

    controls = (
        Control("w", "w = w₁ = w₂", 0.0, 1.0, 0.01, value=tn.W_DEFAULT, unit="1/Hz",
                help="coupling of both connections"),
        I_CONTROL,
    )
    figsize = (9.6, 7.4)
    narrow_figsize = (6.9, 11.6)
    I_LIM = (I_CONTROL.min, I_CONTROL.max)
    W_LIM = (0.0, 1.05)
    FAMILY = (-20.0, -16.0, -12.0, -8.0, -4.0, 0.0)

    def build(self, fig):
        _start_layout(fig)
        if self.narrow:
            gs = fig.add_gridspec(5, 2, height_ratios=[0.55, 2.2, 0.5, 3.3, 2.6],
                                  width_ratios=[1.3, 1.0])
            ax_n, ax_lb = fig.add_subplot(gs[0, :]), fig.add_subplot(gs[2, :])
            ax_b = fig.add_subplot(gs[1, :], sharex=ax_n)
            ax_p, ax_lp = fig.add_subplot(gs[3, 0]), fig.add_subplot(gs[3, 1])
            ax_c, ax_lc = fig.add_subplot(gs[4, 0]), fig.add_subplot(gs[4, 1])
        else:
            gs = fig.add_gridspec(4, 2, height_ratios=[0.55, 2.3, 0.75, 2.4])
            ax_n, ax_lb = fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[2, 0])
            ax_b = fig.add_subplot(gs[1, 0], sharex=ax_n)
            ax_p, ax_lp = fig.add_subplot(gs[:2, 1]), fig.add_subplot(gs[2, 1])
            ax_c, ax_lc = fig.add_subplot(gs[3, 0]), fig.add_subplot(gs[3, 1])
        ax_lc.axis("off")
        tuples = {tuple: HandlerTuple(ndivide=None)}
        legend_branch = ptn.plot_legend_panel(ax_lb, ncols=2, fontsize=9.5)
        legend_null = ptn.plot_legend_panel(ax_lp, loc="center left" if self.narrow else "center",
                                            fontsize=9.5, handler_map=tuples)
        w, I = self.params["w"], self.params["I"]
        count = ptn.plot_count(ax_n, w, self.I_LIM, animated=True)
        ax_n.set_title("Bifurcation in I (Fig. 9a)", fontsize=12.5)
        ax_n.tick_params(labelbottom=False)
        branch = ptn.plot_branch(ax_b, w, I_lim=self.I_LIM, animated=True)
        fig.align_ylabels([ax_n, ax_b])
        ptn.setup_phase_axes(ax_p)
        family = ptn.plot_nullcline_family(ax_p, w, self.FAMILY, animated=True)
        null = ptn.plot_nullclines(ax_p, w, w, I, animated=True)
        fpa = ptn.plot_fixed_points(ax_p, [], animated=True, labels=False)
        ax_p.set_title("Nullclines at I (Fig. 9b)", fontsize=12.5)
        cusp = ptn.plot_cusp(ax_c, w_lim=self.W_LIM, I_lim=self.I_LIM, animated=True)
        ax_c.set_title("Extension: the (w, I) plane", fontsize=12.5)
        labels = [h.get_label() for h in cusp.handles]
        if self.narrow:  # a narrow legend column: the long labels on two lines
            labels = [lab.replace(": ", ":\n").replace("e (", "e\n(") for lab in labels]
        ax_lc.legend(cusp.handles, labels, loc="center left", fontsize=9.5,
                     labelspacing=0.6).set_in_layout(False)
        _keep_layout(fig)
        return SimpleNamespace(cusp=cusp, count=count, branch=branch, family=family,
                               null=null, fp=fpa, legend_branch=legend_branch,
                               legend_null=legend_null)

    def _family_entry(self, art):
        """The legend entry of the faint nullclines: both colours side by side."""
        def faint():
            return tuple(Line2D([], [], color=lc.get_color()[0], alpha=lc.get_alpha(), lw=1.4)
                         for lc in (art.family.x, art.family.y))

        values = f"I = {self.FAMILY[0]:g}, {self.FAMILY[1]:g}, …, {self.FAMILY[-1]:g}"
        return faint, f"the same at{chr(10) if self.narrow else ' '}{values}"

    def update(self, art, changed, *, w, I):
        if "w" in changed:  # what depends on w alone
            ptn.update_count(art.count, w)
            ptn.update_nullcline_family(art.family, w, self.FAMILY)
            ptn.update_branch(art.branch, w)
        if not changed("w", "I"):
            return None
        fps = tn.fixed_points(w, w, I)
        self.fixed_points = fps
        ptn.update_cusp(art.cusp, w, I)
        ptn.mark_branch_input(art.branch, I, fps)
        ptn.update_nullclines(art.null, w, w, I)
        ptn.update_fixed_points(art.fp, fps)
        sns = tn.saddle_node_values(w)
        if sns.size == 2:
            rng = f"bistable for {sns[0]:.3f} < I < {sns[1]:.3f}"
        elif sns.size == 1:
            rng = f"w = {tn.W_CUSP:g}, the cusp: the two saddle-nodes meet at I = {sns[0]:g}"
        else:
            rng = f"w < {tn.W_CUSP:g}: one fixed point for every I"
        self.set_readout(f"<b>w = {w:g}:</b> {html.escape(rng)} &nbsp;·&nbsp; "
                         f"<b>at I = {I:g}:</b> {html.escape(summarize(fps))}")
        # The legends name what is drawn now, and only that. Side by side, 9a's legend
        # names the markers of both panels; stacked, each panel's legend its own.
        null_entries = ptn.phase_plane_entries(art.null, art.fp)  # nullclines, fixed points
        null_entries.insert(2, self._family_entry(art))
        if not self.narrow:
            null_entries = null_entries[:3]
        ptn.update_legend_panel(art.legend_branch, ptn.branch_entries(art.branch))
        ptn.update_legend_panel(art.legend_null, null_entries)
        return None
