"""Plot helpers: ``plot_x(ax, ...) -> artists`` and ``update_x(artists, ...)``.

One module per topic (``plotting.self_excited``, ``plotting.two_neuron``, ...)
plus :mod:`course_lib.plotting.style`. Helpers never create figures, never
call ``plt.show()`` / ``plt.gca()`` and never change rcParams.
"""

from .style import PALETTE, fixed_point_style, style_context, use_style

__all__ = ["PALETTE", "fixed_point_style", "style_context", "use_style"]
