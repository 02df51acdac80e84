"""Subcommands of the command line, one module each, each with ``register(subparsers)``."""
