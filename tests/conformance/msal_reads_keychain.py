#!/usr/bin/python3
"""Conformance: the real MSAL for Python (Debian python3-msal) loads the token cache PAL Desk keeps
in the keychain, exactly as a Secret Service client reads it, and finds the account, its refresh
token and its access tokens.

    msal_reads_keychain.py CACHE_FILE ACCOUNT_ID CLIENT_ID ENVIRONMENT ARM_SCOPE MIN_DIRECTORIES

CACHE_FILE holds what `secret-tool lookup` printed for the item. Exit 0 when MSAL finds everything,
1 with the reason otherwise, 77 (skip) when MSAL is not installed.
"""
import sys
import time

try:
    import msal
    from msal.token_cache import TokenCache
except ImportError as error:
    print(f"SKIP: MSAL for Python is not installed ({error}); apt-get install python3-msal")
    sys.exit(77)


def fail(why):
    print(f"FAIL: {why}")
    sys.exit(1)


def main():
    path, account_id, client_id, environment, arm_scope, min_directories = sys.argv[1:7]
    with open(path, encoding="utf-8") as f:  # UTF-8 text: not base64, not pieces
        text = f.read()
    cache = msal.SerializableTokenCache()
    cache.deserialize(text)  # as-is: what MSAL-based tools do with a cache they are given

    accounts = cache.find(TokenCache.CredentialType.ACCOUNT, query={"home_account_id": account_id})
    if not accounts:
        fail(f"no account {account_id} in the cache")
    if accounts[0].get("environment") != environment or not accounts[0].get("username"):
        fail(f"the account entry is not what MSAL writes: {accounts[0]}")

    rts = cache.find(TokenCache.CredentialType.REFRESH_TOKEN,
                     query={"home_account_id": account_id, "environment": environment, "client_id": client_id})
    if not rts or not rts[0].get("secret"):
        fail("MSAL finds no refresh token for the account and client")

    # MSAL's own lookup for a silent token: by account, environment, client and realm, target as a
    # subset of the entry's scopes; unexpired.
    now = time.time()
    ats = cache.find(TokenCache.CredentialType.ACCESS_TOKEN, target=[arm_scope],
                     query={"home_account_id": account_id, "environment": environment, "client_id": client_id})
    live = [at for at in ats if int(at["expires_on"]) > now]
    realms = {at["realm"] for at in live}
    if len(realms) < int(min_directories):
        fail(f"MSAL finds access tokens for {len(realms)} directories, expected at least {min_directories}")
    for at in live:
        key = cache.key_makers[TokenCache.CredentialType.ACCESS_TOKEN](**at)
        if key not in cache._cache["AccessToken"]:
            fail(f"an access token is not under the key MSAL computes for it: {key}")

    # MSAL serializes it back and reads its own output: nothing PAL Desk wrote confuses it.
    again = msal.SerializableTokenCache()
    again.deserialize(cache.serialize())
    if len(again.find(TokenCache.CredentialType.ACCESS_TOKEN)) != len(cache.find(TokenCache.CredentialType.ACCESS_TOKEN)):
        fail("the cache does not survive MSAL's own round trip")
    print(f"OK: MSAL {msal.__version__} found the account, {len(rts)} refresh token(s) and access tokens for "
          f"{len(realms)} directories")


if __name__ == "__main__":
    main()
