"""zh/en language cues and reply templates."""
