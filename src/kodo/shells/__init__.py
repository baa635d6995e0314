"""Shells: thin front ends over the library (the command line; later the web API and batch)."""
