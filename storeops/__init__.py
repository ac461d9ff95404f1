"""storeops: store-operations checklists for the back-office PC.

The package root imports nothing heavy so that ``storeops --help`` starts fast;
Textual is only imported by :mod:`storeops.tui`.
"""

__version__ = "0.1.0"
