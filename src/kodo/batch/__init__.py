"""Batch and scale: rosters and populations in the flat form (CSV, Excel, Parquet) or the
nested form, read as columns, validated as columns, scored by the one engine, written as
they go; on one process or a Dask cluster; with rule what-ifs.

polars and pyarrow come with the ``batch`` extra (``pip install 'kodo[batch]'``); Dask with
the ``dask`` extra.
"""
