"""One module per platform; each defines an Adapter class and `from_settings(settings)`."""
