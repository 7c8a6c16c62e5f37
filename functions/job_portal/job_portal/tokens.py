"""The private feed link's token: random, shown once, stored only as a hash."""

import hashlib
import hmac
import secrets


def new_token() -> str:
    """A 256-bit random URL-safe token for the candidate's feed link."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # A plain SHA-256 is enough: the token has 256 bits of randomness, so there is no dictionary to try and
    # brute force is hopeless with or without a slow KDF (bcrypt/scrypt exist to protect low-entropy passwords).
    # A fast hash also keeps every feed page view cheap.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(token: str | None, stored_hash: str) -> bool:
    """True when token hashes to stored_hash; compared in constant time. None or empty never matches."""
    if not token or not stored_hash:
        return False
    return hmac.compare_digest(hash_token(token), stored_hash)
