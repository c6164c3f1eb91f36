"""The agent console: hand-offs queued for people, taken over, answered and handed back."""
