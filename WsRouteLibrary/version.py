# The package version, read by pyproject.toml (build) and the library (libdoc).
__version__ = "0.2.0"
