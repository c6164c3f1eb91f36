"""The seam between the store and the key ring: field-level encryption per scope.

The scope is the customer id for everything that belongs to a customer, so destroying that
customer's data key (crypto-shredding) makes their name, phone, addresses and transcripts
unreadable everywhere at once. privacy/keys.py provides the production implementation.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

ERASED = "[erased]"


@runtime_checkable
class FieldCipher(Protocol):
    async def encrypt(self, scope: str, plaintext: str) -> str: ...

    async def decrypt(self, scope: str, token: str) -> str: ...

    async def blind_index(self, value: str, purpose: str = "index") -> str:
        """A keyed hash of `value`, for looking records up without storing the value."""
        ...


def customer_scope(customer_id: str) -> str:
    return customer_id


def identity_scope(identity: str) -> str:
    """Scope for data of someone not (yet) known as a customer, e.g. a stranger's ticket."""
    return f"identity:{identity}"


def conversation_scope(conversation_key: str) -> str:
    return f"conversation:{conversation_key}"
