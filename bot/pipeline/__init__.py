"""One turn's stages (runner) and what a running bot holds (runtime)."""
