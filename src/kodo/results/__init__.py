"""The result contract: typed dataclasses of every result (schemas via ``kodo schema``)."""
