"""Staff roles and the account error, apart from the store so that `aftersales users --help`
names the roles without importing SQLAlchemy (issue #17, start-up)."""
from __future__ import annotations

ROLES = ("agent", "reviewer", "privacy", "admin")


class UserError(ValueError):
    """A refused account operation (unknown user, weak password, bad role)."""
