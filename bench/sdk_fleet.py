#!/usr/bin/python3
"""The naive script a partner would write with the official Python SDK (Debian python3-azure):
one ACEProvisioningManagementPartnerAPI per directory, partners.get() in a plain sequential loop.

    sdk_fleet.py BASE_URL USERNAME TENANT...      prints {"tokensMs": ..., "loopMs": ..., "linked": ...}

Tokens are fetched first (sign-in auto-approved by the bench scenario, then one refresh per
directory) and timed apart: "before its own token work" is what the issue compares with.
Exit 77 when the SDK is not installed.
"""
import base64
import hashlib
import json
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

try:
    from azure.core.credentials import AccessToken
    from azure.core.exceptions import ResourceNotFoundError
    from azure.core.pipeline.policies import SansIOHTTPPolicy
    from azure.mgmt.managementpartner import ACEProvisioningManagementPartnerAPI
except ImportError:
    sys.exit(77)

CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"


def post_form(url, fields):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def refresh_token(base):
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = "http://localhost:8400/"
    scope = f"{base}/.default openid profile offline_access"
    query = urllib.parse.urlencode({"client_id": CLIENT, "response_type": "code", "redirect_uri": redirect,
                                    "scope": scope, "state": "bench", "code_challenge": challenge,
                                    "code_challenge_method": "S256"})
    try:
        urllib.request.build_opener(NoRedirect).open(f"{base}/organizations/oauth2/v2.0/authorize?{query}")
        raise SystemExit("authorize did not redirect")
    except urllib.error.HTTPError as answer:
        location = answer.headers["Location"]
    code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["code"][0]
    return post_form(f"{base}/organizations/oauth2/v2.0/token", {
        "client_id": CLIENT, "grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
        "code_verifier": verifier, "scope": scope})["refresh_token"]


class StaticCredential:
    def __init__(self, token):
        self.token = token

    def get_token(self, *scopes, **kwargs):
        return AccessToken(self.token, int(time.time()) + 3600)


class PlainHttpBearer(SansIOHTTPPolicy):
    """azure-core refuses bearer tokens over http; the sandbox is loopback http (platform-notes.md)."""

    def __init__(self, token):
        super().__init__()
        self.token = token

    def on_request(self, request):
        request.http_request.headers["Authorization"] = f"Bearer {self.token}"


def main():
    base, tenants = sys.argv[1], sys.argv[3:]
    t0 = time.perf_counter()
    rt = refresh_token(base)
    tokens = {}
    for t in tenants:
        answer = post_form(f"{base}/{t}/oauth2/v2.0/token", {
            "client_id": CLIENT, "grant_type": "refresh_token", "refresh_token": rt,
            "scope": f"{base}/.default openid profile offline_access"})
        rt = answer.get("refresh_token", rt)
        tokens[t] = answer["access_token"]
    t1 = time.perf_counter()
    linked = 0
    for t in tenants:
        client = ACEProvisioningManagementPartnerAPI(StaticCredential(tokens[t]), base_url=base,
                                                     credential_scopes=[f"{base}/.default"],
                                                     authentication_policy=PlainHttpBearer(tokens[t]))
        try:
            client.partners.get()
            linked += 1
        except ResourceNotFoundError:
            pass
    t2 = time.perf_counter()
    print(json.dumps({"tokensMs": (t1 - t0) * 1000, "loopMs": (t2 - t1) * 1000, "linked": linked}))


if __name__ == "__main__":
    main()
