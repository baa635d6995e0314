"""Messages as data: ``Message(code, params)`` rendered through one catalogue per language."""

from kodo.i18n.catalogue import (
    CatalogueError,
    add_catalogue_dir,
    catalogue,
    catalogue_dir,
    check,
    generation,
    languages,
    placeholders,
    remove_catalogue_dir,
    render,
    sentences,
)
from kodo.i18n.message import Count, Message, Num, Param, Span, Yen, label

__all__ = [
    "CatalogueError",
    "Count",
    "Message",
    "Num",
    "Param",
    "Span",
    "Yen",
    "add_catalogue_dir",
    "catalogue",
    "catalogue_dir",
    "check",
    "generation",
    "label",
    "languages",
    "placeholders",
    "remove_catalogue_dir",
    "render",
    "sentences",
]
