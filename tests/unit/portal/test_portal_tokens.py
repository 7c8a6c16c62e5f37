import hashlib

import pytest

from job_portal.tokens import hash_token, new_token, token_matches


def test_new_tokens_are_long_url_safe_and_unique() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(token) == 43 and token.replace("-", "").replace("_", "").isalnum() for token in tokens)


def test_the_hash_is_sha256_hex_and_not_the_token() -> None:
    token = new_token()
    assert hash_token(token) == hashlib.sha256(token.encode()).hexdigest()
    assert token not in hash_token(token)


def test_only_the_right_token_matches() -> None:
    token = new_token()
    stored = hash_token(token)
    assert token_matches(token, stored)
    assert not token_matches(new_token(), stored)
    assert not token_matches(token[:-1], stored)
    assert not token_matches(token.upper(), stored)


@pytest.mark.parametrize("token,stored", [(None, hash_token("")), ("", hash_token("")), ("abc", "")])
def test_missing_tokens_or_hashes_never_match(token: str | None, stored: str) -> None:
    assert not token_matches(token, stored)


def test_odd_input_does_not_raise() -> None:
    assert not token_matches("\ud800 broken surrogate", hash_token(new_token()))
