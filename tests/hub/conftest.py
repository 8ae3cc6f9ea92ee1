# jupyterhub_test_config.py is a JupyterHub config file (it calls get_config()), not a module
# for pytest's --doctest-modules to import.
collect_ignore = ["jupyterhub_test_config.py"]
