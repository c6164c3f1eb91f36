"""The HTTP server: app, webhooks, the web chat, metrics, rate limits, forwarded headers."""
