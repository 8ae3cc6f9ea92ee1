"""Apps and exercise checks of notebook 04: wiring, both backends, feedback."""

from unittest import mock

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import neuron as nrn
from course_lib.apps import NeuronApp, NXX1App, SpikeVsRateApp, TugOfWarApp
from course_lib.apps.base import App
from course_lib.exercises import CheckFailed
from course_lib.exercises import neuron as check

FAST = [TugOfWarApp, NXX1App, NeuronApp]


def _sweep_values(c):
    if c.kind == "float":
        return [c.snap(v) for v in np.linspace(c.min, c.max, 7)]
    if c.kind == "int":
        return [c.min, c.max]
    if c.kind == "choice":
        return c.option_values
    return [True, False]


@pytest.mark.parametrize("cls", FAST)
def test_every_control_across_its_range(cls):
    app = cls()
    for c in cls.controls:
        for v in _sweep_values(c):
            app.sliders[c.name].value = v
            assert app.last_error is None, (c.name, v, app.last_error)


@pytest.mark.parametrize("cls", FAST)
def test_no_figure_per_update(cls):
    import matplotlib.pyplot as plt

    app = cls()
    n = len(plt.get_fignums())
    c = cls.controls[0]
    with mock.patch.object(Figure, "__init__", side_effect=AssertionError("new figure")):
        for v in _sweep_values(c):
            app.sliders[c.name].value = v
    assert app.last_error is None
    assert len(plt.get_fignums()) == n


def test_neuron_app_shows_the_checkpoint_and_changes_the_data():
    app = NeuronApp(act_fun="rate")
    assert "0.877903" in app.readout.value
    y0 = app.artists["act"].get_ydata().copy()
    png = app._canvas_view.value
    app.sliders["adapt"].value = True
    assert "0.438318" in app.readout.value
    assert not np.allclose(app.artists["act"].get_ydata(), y0)
    assert app._canvas_view.value != png
    app.set(adapt=False, g_bar_l=0.75)
    assert app.run.spike.sum() == 0 and "0 spikes" in app.readout.value


def test_neuron_app_modes_and_noise_sample():
    app = NeuronApp()
    assert app.artists["spikes"].get_visible() and not app.artists["act"].get_visible()
    app.sliders["act_fun"].value = "rate"
    assert app.artists["act"].get_visible() and not app.artists["spikes"].get_visible()
    app.sliders["noise"].value = 0.2
    a = app.run.v_m.copy()
    app.sliders["g_bar_e"].value = 0.31
    app.sliders["g_bar_e"].value = 0.3
    np.testing.assert_array_equal(app.run.v_m, a)  # same noise sample while sliding
    app.new_noise()
    assert not np.array_equal(app.run.v_m, a)


def test_tug_of_war_readout_compares_formula_and_simulation():
    app = TugOfWarApp(g_bar_i=0.0)
    assert "0.6500" in app.readout.value and "0.1200" in app.readout.value
    assert app.result.v[-1] == pytest.approx(app.result.v_eq, abs=1e-6)
    app.sliders["g_bar_e"].value = 0.1
    assert "stays silent" in app.readout.value


def test_nxx1_app_tends_to_xx1():
    app = NXX1App()
    assert "NXX1(0) = 0.0992" in app.readout.value
    app.sliders["nvar"].value = 0.0
    x, y = app.artists["nxx1"].get_data()
    np.testing.assert_allclose(y, nrn.xx1(x, 100.0), atol=0.05)


def test_spike_vs_rate_app_progress_and_rerun():
    app = SpikeVsRateApp(n_samples=2)
    assert app.progress.value == app.progress.max == 50
    line, dots = app.artists["rate"]
    assert line.get_xdata().size == 25 and dots.get_offsets().shape == (50, 2)
    before = app.result.rate.copy()
    app.sliders["seed"].value = 5
    assert not np.array_equal(app.result.rate, before)
    assert app.last_error is None and "bench" not in app.status.value


def test_ipympl_mode(ipympl_backend):
    app = NeuronApp()
    assert app.live
    canvas = app.fig.canvas
    canvas.draw()
    with mock.patch.object(canvas, "blit") as blit, mock.patch.object(canvas, "draw_idle") as idle:
        app.sliders["g_bar_e"].value = 0.5
        assert blit.call_count + idle.call_count == 1
    assert app.run.net.max() == pytest.approx(0.5, abs=1e-3)
    app.close()


def test_apps_are_registered():
    from course_lib.apps import all_app_classes

    names = {c.__name__ for c in all_app_classes()}
    assert {"NeuronApp", "TugOfWarApp", "NXX1App", "SpikeVsRateApp"} <= names
    assert all(issubclass(c, App) for c in (NeuronApp, TugOfWarApp, NXX1App, SpikeVsRateApp))


# ---------------------------------------------------------------- exercises


def vm_right(g_e, g_i, g_l, e_e, e_i, e_l):
    return (g_e * e_e + g_i * e_i + g_l * e_l) / (g_e + g_i + g_l)


def ge_right(g_i, g_l, th, e_e, e_i, e_l):
    return (g_i * (e_i - th) + g_l * (e_l - th)) / (th - e_e)


@pytest.mark.parametrize("fn,status,text", [
    (vm_right, "correct", "V_eq = 0.65"),
    (None, "not done", "not done"),
    (lambda *a: ..., "not done", "not done"),
    (lambda g_e, g_i, g_l, e_e, e_i, e_l: g_e * e_e + g_i * e_i + g_l * e_l, "wrong",
     "divide it by the total conductance"),
    (lambda g_e, g_i, g_l, e_e, e_i, e_l: (e_e + e_i + e_l) / 3, "wrong", "plain mean"),
    (lambda g_e, g_i, g_l, e_e, e_i, e_l: (g_e * e_e + g_l * e_l) / (g_e + g_i + g_l), "wrong",
     "inhibitory term"),
    (lambda *a: 0.5, "wrong", "net current"),
])
def test_vm_eq_check(fn, status, text):
    fb = check.vm_eq(fn)
    assert fb.status == status and text in fb.message


@pytest.mark.parametrize("fn,status,text", [
    (ge_right, "correct", "g_e^θ = 0.12"),
    (lambda *a: -ge_right(*a), "wrong", "sign is flipped"),
    (lambda g_i, g_l, th, e_e, e_i, e_l: (g_i * (e_i - th) + g_l * (e_l - th)) / (e_e - th),
     "wrong", "sign is flipped"),
    (lambda g_i, g_l, th, e_e, e_i, e_l: g_i * (e_i - th) + g_l * (e_l - th), "wrong",
     "denominator"),
    (lambda *a: 0.3, "wrong", "then V_eq ="),
    (..., "not done", "not done"),
])
def test_ge_theta_check(fn, status, text):
    fb = check.ge_theta(fn)
    assert fb.status == status and text in fb.message


@pytest.mark.parametrize("value,status,text", [
    (0.75, "correct", "V_eq is exactly θ"),
    (0.8, "wrong", "the first silent value in steps of 0.1"),  # the slider steps by 0.01
    (0.7, "wrong", "too small"),
    (0.12, "wrong", "upside down"),
    (-0.75, "wrong", "negative"),
    (0.5, "wrong", "still fires"),
    ("abc", "wrong", "expected a number"),
    (..., "not done", "not done"),
])
def test_leak_to_stop_check(value, status, text):
    fb = check.leak_to_stop(value)
    assert fb.status == status and text in fb.message


def test_strict_mode_raises(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(CheckFailed):
        check.leak_to_stop(0.8)
    assert check.leak_to_stop(0.75)
