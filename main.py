"""Neuron Lab: ``python main.py`` opens the window (see ``gui/app.py`` for the options)."""

import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main())
