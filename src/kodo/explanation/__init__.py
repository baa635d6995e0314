"""Explanations: the engine's codes and details -> messages, rendered in any language."""
