"""Admin views of the translation workflow."""
