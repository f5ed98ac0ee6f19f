"""The network designer: a form over ``engine.Design``, built from a table of fields.

``fields.py`` declares each field once; ``panel.py`` (``NetworkDesignerPanel``) loops over that
table; ``hidden_layers.py`` edits the hidden layers; ``number_fields.py`` and
``form_widgets.py`` are the widgets; ``texts.py`` holds the words.
"""

from gui.designer.panel import NetworkDesignerPanel

__all__ = ["NetworkDesignerPanel"]
