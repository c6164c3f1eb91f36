"""The core: messages, errors, trace, settings, logs, progress. Imports nothing else of ours."""
