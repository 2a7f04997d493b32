#!/usr/bin/python3
"""Conformance: the official Azure SDK for Python (Debian python3-azure,
azure.mgmt.managementpartner ACEProvisioningManagementPartnerAPI) against a running pal-sandbox.

The sandbox must satisfy the official client, not only PAL Desk's. Tokens come from the sandbox's
own Entra endpoints: client credentials for the scenario's service principal, and a user signed in
with authorization code + PKCE, then refreshed into a customer directory.

Usage: managementpartner_sdk.py BASE_URL      exit 0 pass, 1 fail, 77 SDK not installed (skip)
"""
import base64
import datetime
import hashlib
import json
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request

try:
    from azure.core.credentials import AccessToken
    from azure.core.exceptions import (ClientAuthenticationError, HttpResponseError, ResourceExistsError,
                                       ResourceNotFoundError)
    from azure.core.pipeline.policies import SansIOHTTPPolicy
    from azure.mgmt.managementpartner import ACEProvisioningManagementPartnerAPI
except ImportError as error:  # pragma: no cover
    print(f"SKIP: the Azure SDK for Python is not installed ({error}); apt-get install python3-azure")
    sys.exit(77)

SP_TENANT = "7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d"
SP_CLIENT = "8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11"
SP_OBJECT = "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e"
SP_SECRET = "sandbox-secret-not-for-production"  # the default scenario's documented sandbox secret
PUBLIC_CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
FABRIKAM = "2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01"

failures = []


def check(condition, what):
    if condition:
        print(f"  ok   {what}")
    else:
        print(f"  FAIL {what}")
        failures.append(what)


def expect_error(kind, call, what, status=None, code=None):
    try:
        call()
    except kind as error:
        ok = (status is None or error.status_code == status)
        if code is not None:
            ok = ok and error.error is not None and error.error.code == code
        check(ok, f"{what} -> {kind.__name__} {error.status_code} {getattr(error.error, 'code', None)}")
        return
    except Exception as error:  # noqa: BLE001 - report anything else as a failure
        check(False, f"{what} raised {type(error).__name__}: {error}")
        return
    check(False, f"{what} did not raise {kind.__name__}")


def post_form(url, fields):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def app_token(base):
    return post_form(f"{base}/{SP_TENANT}/oauth2/v2.0/token", {
        "client_id": SP_CLIENT, "grant_type": "client_credentials", "client_secret": SP_SECRET,
        "scope": f"{base}/.default"})["access_token"]


def user_token_in(base, tenant):
    """Interactive sign-in (auto-approved by the default scenario), then a refresh into `tenant`."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = "http://localhost:8400/"  # what MSAL sends; the client registers http://localhost
    scope = f"{base}/.default openid profile offline_access"
    query = urllib.parse.urlencode({
        "client_id": PUBLIC_CLIENT, "response_type": "code", "redirect_uri": redirect, "scope": scope,
        "state": "conformance", "code_challenge": challenge, "code_challenge_method": "S256"})
    try:
        urllib.request.build_opener(NoRedirect).open(f"{base}/organizations/oauth2/v2.0/authorize?{query}")
        raise RuntimeError("authorize did not redirect")
    except urllib.error.HTTPError as answer:
        location = answer.headers["Location"]
    params = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    assert params["state"] == ["conformance"], location
    tokens = post_form(f"{base}/organizations/oauth2/v2.0/token", {
        "client_id": PUBLIC_CLIENT, "grant_type": "authorization_code", "code": params["code"][0],
        "redirect_uri": redirect, "code_verifier": verifier, "scope": scope})
    switched = post_form(f"{base}/{tenant}/oauth2/v2.0/token", {
        "client_id": PUBLIC_CLIENT, "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
        "scope": scope})
    return switched["access_token"]


def claims_of(jwt):
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class StaticCredential:
    def __init__(self, token):
        self.token = token

    def get_token(self, *scopes, **kwargs):
        return AccessToken(self.token, int(claims_of(self.token)["exp"]))


class PlainHttpBearer(SansIOHTTPPolicy):
    """azure-core refuses bearer tokens over http; the sandbox is loopback http (platform-notes.md)."""

    def __init__(self, token):
        super().__init__()
        self.token = token

    def on_request(self, request):
        request.http_request.headers["Authorization"] = f"Bearer {self.token}"


def client_for(base, token):
    return ACEProvisioningManagementPartnerAPI(StaticCredential(token), base_url=base,
                                               credential_scopes=[f"{base}/.default"],
                                               authentication_policy=PlainHttpBearer(token),
                                               retry_total=0)


def is_seven_digit_time(raw):
    return isinstance(raw, str) and raw.endswith("Z") and len(raw.split(".")[-1]) == 8


def run_lifecycle(base, token, tenant, object_id, who):
    print(f"{who}: tenant {tenant}, object {object_id}")
    client = client_for(base, token)
    expect_error(ResourceNotFoundError, lambda: client.partners.get(), "partners.get() with no link", 404, "NotFound")
    expect_error(ResourceNotFoundError, lambda: client.partner.get(""), "partner.get('') with no link", 404)

    captured = {}

    def keep_raw(pipeline_response, deserialized, headers):
        captured["headers"] = pipeline_response.http_response.headers
        captured["body"] = pipeline_response.http_response.text()
        return deserialized

    created = client.partner.create("1234567", cls=keep_raw)
    check(created.partner_id == "1234567", "create: partner_id")
    check(created.partner_name == "Contoso Partner Services", "create: partner_name from the partner table")
    check(created.tenant_id == tenant, "create: tenant_id is the caller's directory")
    check(created.object_id == object_id, "create: object_id is the caller")
    check(created.version == 1 and created.etag == 1, "create: version and etag 1")
    check(str(created.state) in ("Active", "ManagementPartnerState.ACTIVE"), f"create: state Active ({created.state})")
    check(isinstance(created.created_time, datetime.datetime), "create: created_time is a datetime")
    check(isinstance(created.updated_time, datetime.datetime), "create: updated_time is a datetime")
    check(created.name == "1234567", "create: name")
    check(created.type == "Microsoft.ManagementPartner/partners", "create: type")
    check(created.id == "/providers/microsoft.managementpartner/partners/1234567", "create: id")
    raw = json.loads(captured["body"])
    check(is_seven_digit_time(raw["properties"]["createdTime"]), "create: createdTime has 7 fractional digits")
    check(bool(captured["headers"].get("x-ms-request-id")), "create: x-ms-request-id header")
    check(captured["headers"].get("Content-Type") == "application/json; charset=utf-8", "create: content type")

    expect_error(ResourceExistsError, lambda: client.partner.create("1234567"), "create again", 409, "Conflict")
    got = client.partner.get("1234567")
    check(got.partner_id == "1234567" and got.version == 1, "get by id")
    expect_error(ResourceNotFoundError, lambda: client.partner.get("4977985"), "get another id", 404, "NotFound")
    current = client.partners.get()
    check(current.partner_id == "1234567" and current.object_id == object_id, "partners.get(): the current link")
    empty_id = client.partner.get("")
    check(empty_id.partner_id == "1234567", "partner.get(''): the current link, as the CLI asks")

    updated = client.partner.update("4977985")
    check(updated.partner_id == "4977985", "update: the link moves to the path's id")
    check(updated.partner_name == "Fabrikam Cloud Solutions Ltd", "update: partner_name")
    check(updated.version == 2 and updated.etag == 2, "update: version and etag +1")
    check(updated.created_time == created.created_time, "update: created_time kept")
    check(updated.updated_time >= created.updated_time, "update: updated_time moves on")
    expect_error(ResourceNotFoundError, lambda: client.partner.get("1234567"), "get the old id", 404)

    operations = list(client.operation.list())
    check(len(operations) == 4, f"operation.list(): {len(operations)} operations")
    check([o.name for o in operations] == [
        "Microsoft.ManagementPartner/partners/read", "Microsoft.ManagementPartner/partners/write",
        "Microsoft.ManagementPartner/partners/action", "Microsoft.ManagementPartner/partners/delete"],
        "operation.list(): names as the spec example")
    check(all(o.display and o.display.provider == "Microsoft ManagementPartner" and o.display.resource ==
              "ManagementPartner" for o in operations), "operation.list(): display provider/resource")
    check(operations[0].display.operation == "Get ManagementPartner", "operation.list(): display operation")

    expect_error(ResourceNotFoundError, lambda: client.partner.delete("1234567"), "delete an id not linked", 404)
    check(client.partner.delete("4977985") is None, "delete: 200, nothing returned")
    expect_error(ResourceNotFoundError, lambda: client.partners.get(), "partners.get() after delete", 404)
    expect_error(ResourceNotFoundError, lambda: client.partner.update("1234567"), "update with no link", 404)
    expect_error(HttpResponseError, lambda: client.partner.create("12ab"), "create a non-numeric id", 400, "BadRequest")
    expect_error(HttpResponseError, lambda: client.partner.create("9999999"), "create an unknown id", 400,
                 "BadRequest")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    base = sys.argv[1].rstrip("/")
    app = app_token(base)
    run_lifecycle(base, app, SP_TENANT, SP_OBJECT, "service principal")
    user = user_token_in(base, FABRIKAM)
    run_lifecycle(base, user, FABRIKAM, claims_of(user)["oid"], "partner admin in Fabrikam")

    print("unauthenticated")
    expect_error(ClientAuthenticationError, lambda: client_for(base, "not-a-token").partners.get(),
                 "garbage token", 401, "InvalidAuthenticationToken")

    if failures:
        print(f"{len(failures)} conformance check(s) failed")
        return 1
    print("all conformance checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
