# The class hub's configuration (deploy/jupyterhub_config.py) with two test-only swaps,
# for tests/test_hub.py and benchmarks/bench_class.py: any user name logs in
# (DummyAuthenticator) and servers run as the current user, each with a home folder under
# COURSE_HUB_HOMES (SimpleLocalProcessSpawner), so no system users are created. Everything
# else (proxy, idle culler, course copied into ~/course, server arguments) is the real thing.
# Never use this file for a class: it has no passwords and no isolation.

import os
from pathlib import Path

c = get_config()  # noqa: F821
load_subconfig(str(Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub_config.py"))  # noqa: F821

c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = set()
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(os.environ["COURSE_HUB_HOMES"],
                                                             "{username}")
if os.geteuid() == 0:  # CI runs as root; Jupyter servers refuse that without the flag
    c.Spawner.args = [*c.Spawner.args, "--allow-root"]
# Keep the test's servers and kernels out of the real home and config folders.
# (The local spawner's default list, plus the test's own Jupyter/IPython/matplotlib folders
# and COURSE_BACKEND.)
c.Spawner.env_keep = ["CONDA_DEFAULT_ENV", "CONDA_ROOT", "JUPYTERHUB_SINGLEUSER_APP", "LANG",
                      "LC_ALL", "LD_LIBRARY_PATH", "PATH", "PYTHONPATH", "VIRTUAL_ENV",
                      "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR", "MPLCONFIGDIR",
                      "COURSE_BACKEND"]
