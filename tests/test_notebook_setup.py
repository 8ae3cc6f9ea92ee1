"""setup_notebook and plot_status: a clear message about live plots, and an override."""

import matplotlib
import pytest

from course_lib import notebook


def test_status_outside_jupyter_explains_how_to_get_live_plots(monkeypatch):
    monkeypatch.delenv("COURSE_BACKEND", raising=False)
    status = notebook.setup_notebook()
    assert not status.live  # Agg in the tests
    assert "Live plots are off" in str(status)
    assert "setup_notebook()" in status.reason
    assert repr(status) == str(status)
    assert matplotlib.rcParams["font.size"] == 13  # the course style was applied


def test_forced_inline_is_reported(monkeypatch):
    monkeypatch.setenv("COURSE_BACKEND", "inline")
    assert "COURSE_BACKEND=inline" in notebook.plot_status().reason


def test_missing_ipympl_points_to_colab_steps(monkeypatch):
    monkeypatch.setattr(notebook.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(notebook, "_in_colab", lambda: True)
    reason = notebook.plot_status().reason
    assert "ipympl is not installed" in reason and "enable_custom_widget_manager" in reason


def test_bad_backend_name_is_rejected():
    with pytest.raises(ValueError, match="backend must be 'widget' or 'inline'"):
        notebook.setup_notebook("qt")


def test_rerunning_a_cell_closes_the_pyplot_figures_it_made(request):
    from types import SimpleNamespace

    import matplotlib.pyplot as plt
    from IPython.core.interactiveshell import InteractiveShell

    from course_lib import _cells

    shell = InteractiveShell.instance()
    request.addfinalizer(InteractiveShell.clear_instance)  # no global shell for later tests
    _cells.install(shell, figures=True)
    cell = SimpleNamespace(cell_id="fig-cell", raw_cell="plt.subplots()")
    shell.events.trigger("pre_run_cell", cell)
    fig1, _ = plt.subplots()
    shell.events.trigger("post_run_cell", None)
    shell.events.trigger("pre_run_cell", SimpleNamespace(cell_id="other", raw_cell=""))
    other, _ = plt.subplots()
    shell.events.trigger("post_run_cell", None)
    shell.events.trigger("pre_run_cell", cell)  # the first cell again: its old figure goes
    fig2, _ = plt.subplots()
    shell.events.trigger("post_run_cell", None)
    open_figs = [plt.figure(n) for n in plt.get_fignums()]
    assert fig1 not in open_figs
    assert other in open_figs and fig2 in open_figs


def test_in_a_kernel_static_figures_are_pictures_and_apps_are_live(monkeypatch):
    """Static figures inline at 2x pixels (they shrink to the column), apps on ipympl canvases."""
    from IPython.core.events import EventManager

    from course_lib.apps import base

    class Shell:  # what setup_notebook asks of the kernel's shell
        def __init__(self):
            self.magics = []
            self.events = EventManager(self, {"pre_run_cell": None, "post_run_cell": None})

        def run_line_magic(self, name, line):
            self.magics.append((name, line))

    monkeypatch.delenv("COURSE_BACKEND", raising=False)
    shell = Shell()
    monkeypatch.setattr(notebook, "_ipython", lambda: shell)
    try:
        status = notebook.setup_notebook()
        assert status.live and "Live plots are on" in str(status)
        assert ("matplotlib", "inline") in shell.magics
        assert ("config", "InlineBackend.figure_formats = ['retina']") in shell.magics
        assert base.live_default()
        notebook.setup_notebook("inline")
        assert not base.live_default() and not notebook.plot_status().live
    finally:
        base.set_live_default(None)


def test_making_a_live_app_leaves_pyplot_on_the_inline_backend():
    """`import ipympl` switches pyplot to ipympl; the apps must not drag the notebook along."""
    import subprocess
    import sys

    code = (
        "import matplotlib\n"
        "matplotlib.use('module://matplotlib_inline.backend_inline')\n"
        "import matplotlib.pyplot as plt\n"
        "from course_lib.apps.base import set_live_default\n"
        "set_live_default(True)\n"
        "from course_lib.apps import TugOfWarApp\n"
        "app = TugOfWarApp()\n"
        "print(app.live, matplotlib.get_backend())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**__import__("os").environ, "MPLBACKEND": ""})
    assert out.stdout.split() == ["True", "module://matplotlib_inline.backend_inline"]


def test_a_shown_and_closed_figure_kept_in_a_variable_lets_its_pixels_go(request):
    """``fig, ax = plt.subplots()`` in a cell: the inline backend draws it at 2x and
    closes it, ``fig`` lives on. Its former Agg canvas (with a full-size renderer,
    12 MB at 9.6 x 7.5 in) must not: matplotlib's closed figure manager keeps it
    through the figure's axes observers. Showing the figure again still works."""
    import gc
    import io
    import weakref
    from types import SimpleNamespace

    import matplotlib.pyplot as plt
    from IPython.core.interactiveshell import InteractiveShell

    from course_lib import _cells

    shell = InteractiveShell.instance()
    request.addfinalizer(InteractiveShell.clear_instance)
    _cells.install(shell)
    shell.events.trigger("pre_run_cell", SimpleNamespace(cell_id="fig", raw_cell=""))
    fig, ax = plt.subplots(figsize=(9.6, 7.5))
    ax.plot(range(10))
    ax.set_title("a title")
    canvas = fig.canvas
    canvas.print_figure(io.BytesIO(), format="png", dpi=200)  # what the inline backend does
    assert vars(canvas).get("renderer") is not None
    plt.close(fig)  # ... and then it closes the figure
    shell.user_ns.update(fig=fig, ax=ax)
    old_canvas = weakref.ref(canvas)
    del canvas
    gc.collect()
    assert old_canvas() is not None  # matplotlib keeps it (the reason for this test)
    shell.events.trigger("post_run_cell", None)
    gc.collect()
    assert old_canvas() is None
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=100)  # the learner's figure still saves
    assert png.getvalue().startswith(b"\x89PNG")
