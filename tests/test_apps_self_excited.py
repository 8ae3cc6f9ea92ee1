"""Notebook 01's apps: wiring, in-place updates, every slider across its range."""

from unittest import mock

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import self_excited as se
from course_lib.apps import BifurcationApp, NoiseApp, SelfExcitedApp


def test_self_excited_app_follows_the_sliders():
    app = SelfExcitedApp()
    assert set(app.sliders) == {"w", "I"}
    assert [round(fp.r, 4) for fp in app.fixed_points] == [1.0659, 60.0, 118.9341]
    flux_before = app.artists["flux"]["curve"].get_ydata().copy()
    app.sliders["I"].value = -1.5  # past the upper saddle-node: one high state
    assert len(app.fixed_points) == 1
    assert not np.allclose(flux_before, app.artists["flux"]["curve"].get_ydata())
    st = app.artists["flux"]["stable"].get_xdata()
    assert len(st) == 1 and st[0] > 100
    assert len(app.artists["flux"]["unstable"].get_xdata()) == 0
    # every trace now ends high
    for line in app.artists["main"]["lines"]:
        assert line.get_ydata()[-1] > 100
    assert "unstable" not in app.readout.value and "118" not in app.readout.value


def test_self_excited_app_redraws_in_place_with_ipympl(ipympl_backend):
    app = SelfExcitedApp()
    canvas = app.fig.canvas
    canvas.draw()
    with mock.patch.object(canvas, "blit") as blit, \
            mock.patch.object(Figure, "__init__", side_effect=AssertionError("new figure")):
        app.sliders["w"].value = 0.05
        blit.assert_called_once()
    assert app.last_error is None
    app.close()


@pytest.mark.parametrize("cls", [SelfExcitedApp, BifurcationApp])
def test_every_slider_position_is_safe(cls):
    app = cls()
    for name, ctl in zip(app.sliders, cls.controls):
        for v in np.linspace(ctl.min, ctl.max, 9):
            app.sliders[name].value = float(v)
            assert app.last_error is None, (name, v, app.last_error)
        app.sliders[name].value = ctl.value


def test_noise_app_counts_switches_and_presets_set_sigma():
    app = NoiseApp()
    assert app.params["sigma"] == 20.0
    first = app.switches.copy()
    assert first.sum() > 0
    preset_box = app.extra_widgets()[0]
    buttons = [b for b in preset_box.children if hasattr(b, "click")]
    labels = [b.description for b in buttons]
    assert "story: 63" in labels
    buttons[labels.index("report: 5")].click()
    assert app.params["sigma"] == 5.0
    assert app.switches.sum() == 0  # the report's "medium" noise never switches
    assert "switch" in app.artists["title"].get_text()
    app.set(sigma=63.0)
    assert app.switches.min() > 50
    app.set(seed=1, clip=True)
    assert app.last_error is None
    lines = [row[0]["lines"][0] for row in app.artists["rows"]]
    assert min(line.get_ydata().min() for line in lines) >= 0


def test_bifurcation_app_marks_current_point_and_runs_sweep():
    app = BifurcationApp()
    app.set(w=0.08, I=-4.0)
    assert list(app.artists["plane"]["marker"].get_xdata()) == [0.08]
    lo, hi = se.bistable_range(0.08)
    assert f"{lo:.3f}" in app.readout.value
    sweep = app.run_sweep()
    assert len(app.artists["hyst"]["up"].get_xdata()) == len(sweep.I_up)
    assert sweep.I_jump_up > sweep.I_jump_down
    app.sliders["w"].value = 0.09  # a sweep belongs to its w: cleared
    assert len(app.artists["hyst"]["up"].get_xdata()) == 0


def test_apps_reject_out_of_range_start_values():
    with pytest.raises(ValueError, match=r"w must be a number in \[0, 0.2\]"):
        SelfExcitedApp(w=0.5)
    with pytest.raises(ValueError, match="sigma must be a number"):
        NoiseApp(sigma=-1)
