"""TTHC Desk: the one-stop-shop counter application of a Vietnamese commune office."""

__version__ = "0.1.0"
