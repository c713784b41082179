"""The campaign front page, one per language, and the demo-content loader for the whole site."""
