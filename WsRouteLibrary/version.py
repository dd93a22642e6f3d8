"""The package's version, in one place: pyproject.toml (the build) and libdoc read it."""

__version__ = "0.2.0"
