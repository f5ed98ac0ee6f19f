"""Shared test set-up: Qt runs offscreen, before any QApplication exists."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One BLAS thread, as the app uses: the digits networks' small products run slower when
# OpenBLAS splits them across threads (must be set before NumPy is imported).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
