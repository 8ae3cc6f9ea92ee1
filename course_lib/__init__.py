"""course_lib: the helper library behind the computational-neuroscience notebooks.

Three layers, imported in one direction:

* models and analysis (numpy/scipy only): :mod:`course_lib.transfer`,
  :mod:`course_lib.integrate`, :mod:`course_lib.self_excited`,
  :mod:`course_lib.two_neuron`, :mod:`course_lib.hopfield`,
  :mod:`course_lib.neuron`;
* plotting (matplotlib): :mod:`course_lib.plotting`;
* interactive apps (ipywidgets): :mod:`course_lib.apps`.

Importing ``course_lib`` or a model module imports neither matplotlib nor
ipywidgets.
"""

__version__ = "0.1.0"


def setup_notebook(backend: str | None = None):
    """Prepare a notebook: live plots if possible, the course style, a status line.

    See :func:`course_lib.notebook.setup_notebook`.
    """
    from .notebook import setup_notebook as _setup

    return _setup(backend)


__all__ = ["__version__", "setup_notebook"]
