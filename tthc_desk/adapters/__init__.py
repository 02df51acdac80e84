"""Adapters to the outside world: file store, scanning, signing, fonts, printing."""
