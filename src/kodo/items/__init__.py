"""The item registry: every scored item, fact column and rule the engine evaluates."""

from kodo.items.check import check_book
from kodo.items.registry import DEFAULT, ITEMS, Item, Registry

__all__ = ["DEFAULT", "ITEMS", "Item", "Registry", "check_book"]
