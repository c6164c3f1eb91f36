"""AES-CBC with PKCS#7, and the two encrypted-callback schemes built on it.

- WeCom and WeChat Official Account safe mode share "WXBizMsgCrypt"
  (https://developer.work.weixin.qq.com/document/path/91144): SHA-1 over the sorted strings
  `token, timestamp, nonce, encrypt`; AES-256-CBC with key = base64(EncodingAESKey + "="),
  IV = key[:16], PKCS#7 padding to 32-byte blocks; plaintext
  `16 random bytes | 4-byte big-endian length | message | receive id`.
- Feishu/Lark "Encrypt Key": AES-256-CBC with key = SHA-256(encrypt key), IV = the first 16
  bytes of the base64-decoded blob, PKCS#7.

Checked against wechatpy's and the Feishu docs' published vectors in the tests.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from adapters.base import constant_time_equal


class CryptoError(ValueError):
    """Ciphertext that does not decrypt to a well-formed message."""


def pkcs7_pad(data: bytes, block: int) -> bytes:
    n = block - len(data) % block
    return data + bytes([n]) * n


def pkcs7_unpad(data: bytes, block: int) -> bytes:
    if not data or len(data) % 16:
        raise CryptoError("bad ciphertext length")
    n = data[-1]
    if not 1 <= n <= block or data[-n:] != bytes([n]) * n:
        raise CryptoError("bad padding")
    return data[:-n]


def aes_cbc_encrypt(key: bytes, iv: bytes, plaintext: bytes) -> bytes:
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return enc.update(plaintext) + enc.finalize()


def aes_cbc_decrypt(key: bytes, iv: bytes, ciphertext: bytes) -> bytes:
    if not ciphertext or len(ciphertext) % 16:
        raise CryptoError("bad ciphertext length")
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return dec.update(ciphertext) + dec.finalize()


def _b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise CryptoError("not base64") from None


# --------------------------------------------------------------------------- WeCom / WeChat

def sha1_signature(*parts: str) -> str:
    """WeChat's signature: SHA-1 of the strings sorted and joined without a separator."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


class WxCrypto:
    """WXBizMsgCrypt for one (token, EncodingAESKey, receive id)."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        if len(encoding_aes_key) != 43:
            raise ValueError("EncodingAESKey must be 43 characters")
        self.token = token
        self.key = _b64decode(encoding_aes_key + "=")
        self.receive_id = receive_id

    def check(self, signature: str, timestamp: str, nonce: str, encrypt: str) -> bool:
        return bool(signature) and constant_time_equal(
            signature, sha1_signature(self.token, timestamp, nonce, encrypt))

    def decrypt(self, encrypt: str) -> bytes:
        plain = pkcs7_unpad(aes_cbc_decrypt(self.key, self.key[:16], _b64decode(encrypt)), 32)
        if len(plain) < 20:
            raise CryptoError("message too short")
        (length,) = struct.unpack(">I", plain[16:20])
        message, receive_id = plain[20:20 + length], plain[20 + length:]
        if len(message) != length:
            raise CryptoError("bad length prefix")
        if not constant_time_equal(receive_id, self.receive_id.encode()):
            raise CryptoError("receive id mismatch")
        return message

    def encrypt(self, message: bytes, prefix: bytes | None = None) -> str:
        prefix = prefix if prefix is not None else os.urandom(16)
        plain = prefix + struct.pack(">I", len(message)) + message + self.receive_id.encode()
        return base64.b64encode(aes_cbc_encrypt(self.key, self.key[:16], pkcs7_pad(plain, 32))).decode()


# --------------------------------------------------------------------------- Feishu / Lark

def feishu_decrypt(encrypt_key: str, encrypt: str) -> bytes:
    raw = _b64decode(encrypt)
    if len(raw) < 32:
        raise CryptoError("ciphertext too short")
    key = hashlib.sha256(encrypt_key.encode()).digest()
    return pkcs7_unpad(aes_cbc_decrypt(key, raw[:16], raw[16:]), 16)


def feishu_signature(timestamp: str, nonce: str, encrypt_key: str, body: bytes) -> str:
    """Feishu signs with a plain SHA-256 (not HMAC) of ts + nonce + key + raw body."""
    return hashlib.sha256((timestamp + nonce + encrypt_key).encode() + body).hexdigest()
