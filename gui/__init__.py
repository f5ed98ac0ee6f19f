"""The Neuron Lab window: PySide6 + pyqtgraph widgets over the NumPy engine."""

import os

# One BLAS thread: the digits networks' matrix products are small, and with two OpenBLAS threads
# beside the training thread and the GUI thread on a 2-core machine an epoch of 64-128-64-10
# took 19 ms instead of 14 ms. It must be set before NumPy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
