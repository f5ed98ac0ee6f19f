"""The digit lab: the drawing, the forward pass on it, and the views that look inside."""
