"""Plugins for every test the repository runs, notebooks included."""

pytest_plugins = ["treatylens.notebook_pytest"]
