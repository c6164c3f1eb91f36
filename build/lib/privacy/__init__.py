"""Privacy layer: PII redaction, pseudonym vault, encryption and the audit log."""
