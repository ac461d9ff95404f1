"""``python -m storeops`` runs the same CLI as the ``storeops`` command."""

from storeops.cli import main

if __name__ == "__main__":
    main()
