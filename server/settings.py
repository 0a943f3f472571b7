"""The server reads the one frozen Settings object of the project; it never reads the environment."""

from graphbuild.settings import SETTINGS_HELP, Settings

__all__ = ["SETTINGS_HELP", "Settings"]
