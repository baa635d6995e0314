"""YAML text read safely, with libyaml's C loader where it is installed (one place for the
loader every reader uses: rule data, catalogues, applicant files)."""

from __future__ import annotations

from typing import Any


def safe_loader() -> Any:
    """The fastest safe loader available (``yaml.CSafeLoader``, else ``yaml.SafeLoader``)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """Parse YAML ``text`` with the safe loader (raises ``yaml.YAMLError`` on bad syntax)."""
    import yaml

    return yaml.load(text, Loader=safe_loader())
