"""After-sales customer-service bot: dialogue core, server and CLI."""
