"""Head office: every store's exports in one Parquet warehouse, queried with DuckDB.

An optional extra (``pip install storeops[hq]``): DuckDB is imported only here, and only
when an ``hq`` command runs, so the store's commands keep their start-up budget.
"""
