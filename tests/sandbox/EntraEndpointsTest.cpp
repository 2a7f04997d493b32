// Entra ID half of the sandbox over loopback: discovery, the authorize page, authorization code +
// PKCE, refresh tokens across directories (rotation, MFA, revocation, expiry) and device code.
#include "SandboxTestSupport.h"

#include <QRegularExpression>
#include <QThread>

using namespace sandboxtest;

namespace {

const QString kVerifier = QStringLiteral("verifier-0123456789-0123456789-0123456789-abcdef");

class EntraEndpointsTest : public SandboxTest
{
protected:
    QUrlQuery authorizeQuery(const QString &challenge = s256(kVerifier)) const
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("client_id"), scenario::AzureCliClientId);
        q.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
        q.addQueryItem(QStringLiteral("redirect_uri"), msalRedirect);
        q.addQueryItem(QStringLiteral("scope"), QString::fromLatin1(QUrl::toPercentEncoding(armScope())));
        q.addQueryItem(QStringLiteral("state"), QStringLiteral("state-42"));
        q.addQueryItem(QStringLiteral("code_challenge"), challenge);
        q.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
        return q;
    }
    static QUrlQuery with(QUrlQuery q, const QString &name, const QString &value)
    {
        q.removeAllQueryItems(name);
        if (!value.isNull())
            q.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
        return q;
    }
    QString codeFrom(const QUrlQuery &q, const QString &tenant = QStringLiteral("organizations"))
    {
        const Response r = get(authorizePath(tenant, q));
        EXPECT_EQ(r.status, 302) << r.body.constData();
        return queryOf(r.header("Location")).queryItemValue(QStringLiteral("code"));
    }
    Response redeem(const QString &code, const QString &verifier = kVerifier, const QString &redirect = msalRedirect,
                    const QString &clientId = scenario::AzureCliClientId)
    {
        Form form{{QStringLiteral("client_id"), clientId},
                  {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                  {QStringLiteral("code"), code},
                  {QStringLiteral("redirect_uri"), redirect},
                  {QStringLiteral("scope"), armScope()}};
        if (!verifier.isEmpty())
            form.append({QStringLiteral("code_verifier"), verifier});
        return postForm(QStringLiteral("/organizations/oauth2/v2.0/token"), form);
    }
    Response startDeviceCode(const QString &tenant = QStringLiteral("organizations"))
    {
        return postForm(
            QStringLiteral("/%1/oauth2/v2.0/devicecode").arg(tenant),
            {{QStringLiteral("client_id"), scenario::AzureCliClientId}, {QStringLiteral("scope"), armScope()}});
    }
    Response pollDeviceCode(const QString &deviceCode)
    {
        return postForm(QStringLiteral("/organizations/oauth2/v2.0/token"),
                        {{QStringLiteral("client_id"), scenario::AzureCliClientId},
                         {QStringLiteral("grant_type"), QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
                         {QStringLiteral("device_code"), deviceCode}});
    }
};

TEST_F(EntraEndpointsTest, DiscoveryForOrganizationsUsesTheTenantPlaceholder)
{
    const Response r = get(QStringLiteral("/organizations/v2.0/.well-known/openid-configuration"));
    ASSERT_EQ(r.status, 200);
    const QJsonObject o = r.json();
    EXPECT_EQ(o.value(QStringLiteral("issuer")).toString(), m_base + QStringLiteral("/{tenantid}/v2.0"));
    EXPECT_EQ(o.value(QStringLiteral("authorization_endpoint")).toString(),
              m_base + QStringLiteral("/organizations/oauth2/v2.0/authorize"));
    EXPECT_EQ(o.value(QStringLiteral("token_endpoint")).toString(),
              m_base + QStringLiteral("/organizations/oauth2/v2.0/token"));
    EXPECT_EQ(o.value(QStringLiteral("device_authorization_endpoint")).toString(),
              m_base + QStringLiteral("/organizations/oauth2/v2.0/devicecode"));
    EXPECT_EQ(o.value(QStringLiteral("jwks_uri")).toString(),
              m_base + QStringLiteral("/organizations/discovery/v2.0/keys"));
    EXPECT_TRUE(o.value(QStringLiteral("response_types_supported")).toArray().contains(QStringLiteral("code")));
}

TEST_F(EntraEndpointsTest, DiscoveryResolvesDomainsToTheTenantId)
{
    const QJsonObject o = get(QStringLiteral("/woodgrovebank.example/v2.0/.well-known/openid-configuration")).json();
    EXPECT_EQ(o.value(QStringLiteral("issuer")).toString(),
              m_base + QLatin1Char('/') + scenario::WoodgroveBank.tenantId + QStringLiteral("/v2.0"));
    EXPECT_EQ(o.value(QStringLiteral("token_endpoint")).toString(),
              m_base + QLatin1Char('/') + scenario::WoodgroveBank.tenantId + QStringLiteral("/oauth2/v2.0/token"));
    EXPECT_EQ(get(QStringLiteral("/%1/v2.0/.well-known/openid-configuration").arg(scenario::Fabrikam.tenantId)).status,
              200);
}

TEST_F(EntraEndpointsTest, DiscoveryOfUnknownOrMalformedTenantFailsInEntraFormat)
{
    expectEntraError(get(QStringLiteral("/nowhere.example/v2.0/.well-known/openid-configuration")), 400,
                     "invalid_tenant", 90002);
    expectEntraError(get(QStringLiteral("/00000000-0000-0000-0000-000000000001/v2.0/.well-known/openid-configuration")),
                     400, "invalid_tenant", 90002);
    expectEntraError(get(QStringLiteral("/not_a_tenant!/v2.0/.well-known/openid-configuration")), 400,
                     "invalid_request", 900023);
}

TEST_F(EntraEndpointsTest, InstanceDiscoveryPointsAtTheAuthoritysMetadata)
{
    const Response r = get(QStringLiteral("/common/discovery/instance?api-version=1.1&authorization_endpoint=") +
                           QString::fromLatin1(QUrl::toPercentEncoding(
                               m_base + QStringLiteral("/fabrikam.example/oauth2/v2.0/authorize"))));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json().value(QStringLiteral("tenant_discovery_endpoint")).toString(),
              m_base + QStringLiteral("/fabrikam.example/v2.0/.well-known/openid-configuration"));
    const QJsonObject meta = r.json().value(QStringLiteral("metadata")).toArray().at(0).toObject();
    EXPECT_EQ(meta.value(QStringLiteral("preferred_network")).toString(), QUrl(m_base).authority());
}

TEST_F(EntraEndpointsTest, KeysPublishTheSigningKeyOfTheTokens)
{
    const QJsonArray keys =
        get(QStringLiteral("/common/discovery/v2.0/keys")).json().value(QStringLiteral("keys")).toArray();
    ASSERT_EQ(keys.size(), 1);
    const QJsonObject key = keys[0].toObject();
    EXPECT_EQ(key.value(QStringLiteral("kty")).toString(), QStringLiteral("RSA"));
    EXPECT_FALSE(key.value(QStringLiteral("n")).toString().isEmpty());
    EXPECT_EQ(key.value(QStringLiteral("e")).toString(), QStringLiteral("AQAB"));
    const QJsonObject header = jwtHeader(QString::fromLatin1(userToken()));
    EXPECT_EQ(header.value(QStringLiteral("kid")).toString(), key.value(QStringLiteral("kid")).toString());
    EXPECT_EQ(header.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
}

TEST_F(EntraEndpointsTest, InteractiveSignInGivesTokensClaimsAndClientInfo)
{
    const Response r = signInInteractive();
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const QJsonObject o = r.json();
    EXPECT_EQ(o.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
    EXPECT_EQ(o.value(QStringLiteral("expires_in")).toInt(), 3600);
    EXPECT_EQ(o.value(QStringLiteral("ext_expires_in")).toInt(), 3600);
    EXPECT_TRUE(o.value(QStringLiteral("scope")).toString().contains(m_base + QStringLiteral("/.default")));
    EXPECT_FALSE(o.value(QStringLiteral("refresh_token")).toString().isEmpty());

    const QJsonObject at = jwtClaims(o.value(QStringLiteral("access_token")).toString());
    EXPECT_EQ(at.value(QStringLiteral("aud")).toString(), m_base);
    EXPECT_EQ(at.value(QStringLiteral("iss")).toString(),
              m_base + QLatin1Char('/') + scenario::ContosoPartner.tenantId + QStringLiteral("/v2.0"));
    EXPECT_EQ(at.value(QStringLiteral("tid")).toString(), scenario::ContosoPartner.tenantId);
    EXPECT_EQ(at.value(QStringLiteral("oid")).toString(), scenario::Admin.objectId);
    EXPECT_EQ(at.value(QStringLiteral("idtyp")).toString(), QStringLiteral("user"));
    EXPECT_EQ(at.value(QStringLiteral("appid")).toString(), scenario::AzureCliClientId);
    EXPECT_EQ(at.value(QStringLiteral("preferred_username")).toString(), scenario::Admin.username);
    EXPECT_EQ(at.value(QStringLiteral("exp")).toInteger() - at.value(QStringLiteral("iat")).toInteger(), 3600);

    const QJsonObject id = jwtClaims(o.value(QStringLiteral("id_token")).toString());
    EXPECT_EQ(id.value(QStringLiteral("aud")).toString(), scenario::AzureCliClientId);
    EXPECT_EQ(id.value(QStringLiteral("preferred_username")).toString(), scenario::Admin.username);
    EXPECT_EQ(id.value(QStringLiteral("name")).toString(), scenario::Admin.displayName);
    EXPECT_EQ(id.value(QStringLiteral("tid")).toString(), scenario::ContosoPartner.tenantId);

    const QJsonObject info =
        QJsonDocument::fromJson(QByteArray::fromBase64(o.value(QStringLiteral("client_info")).toString().toLatin1(),
                                                       QByteArray::Base64UrlEncoding))
            .object();
    EXPECT_EQ(info.value(QStringLiteral("uid")).toString(), scenario::Admin.objectId);
    EXPECT_EQ(info.value(QStringLiteral("utid")).toString(), scenario::ContosoPartner.tenantId);

    // The token works at ARM.
    EXPECT_EQ(get(QStringLiteral("/tenants?api-version=2022-12-01"),
                  bearer(o.value(QStringLiteral("access_token")).toString().toLatin1()))
                  .status,
              200);
}

TEST_F(EntraEndpointsTest, WithoutOfflineAccessOrOpenidNoRefreshOrIdToken)
{
    const QString code =
        codeFrom(with(authorizeQuery(), QStringLiteral("scope"), m_base + QStringLiteral("/.default")));
    const Response r = redeem(code);
    ASSERT_EQ(r.status, 200);
    EXPECT_FALSE(r.json().contains(QStringLiteral("refresh_token")));
    EXPECT_FALSE(r.json().contains(QStringLiteral("id_token")));
    EXPECT_FALSE(r.json().contains(QStringLiteral("client_info")));
}

TEST_F(EntraEndpointsTest, StateIsEchoedExactly)
{
    const QString state = QStringLiteral("a+b&c=d /é");
    const QString path =
        authorizePath(QStringLiteral("organizations"), with(authorizeQuery(), QStringLiteral("state"), QString())) +
        QStringLiteral("&state=") + QString::fromLatin1(QUrl::toPercentEncoding(state));
    const Response r = get(path);
    ASSERT_EQ(r.status, 302);
    // cpp-httplib's client percent-decodes Location headers, so the whole decoded value is compared.
    EXPECT_TRUE(r.header("Location").contains(QStringLiteral("&state=") + state + QStringLiteral("&session_state=")))
        << qPrintable(r.header("Location"));
    EXPECT_TRUE(r.header("Location").startsWith(msalRedirect + QStringLiteral("?code=")));
}

TEST_F(EntraEndpointsTest, CodeIsSingleUse)
{
    const QString code = codeFrom(authorizeQuery());
    EXPECT_EQ(redeem(code).status, 200);
    expectEntraError(redeem(code), 400, "invalid_grant", 54005);
}

TEST_F(EntraEndpointsTest, PkceVerifierIsChecked)
{
    const QString code = codeFrom(authorizeQuery());
    expectEntraError(redeem(code, QStringLiteral("another-verifier-0123456789-0123456789-0123")), 400, "invalid_grant",
                     501481);
    expectEntraError(redeem(code, QString()), 400, "invalid_grant", 501481);
    EXPECT_EQ(redeem(code).status, 200); // a failed attempt does not burn the code
}

TEST_F(EntraEndpointsTest, CodeIsBoundToRedirectUriAndClient)
{
    const QString code = codeFrom(authorizeQuery());
    expectEntraError(redeem(code, kVerifier, QStringLiteral("http://localhost:9/")), 400, "invalid_grant", 500112);
    // Not registered for the client at all: refused as at /authorize.
    expectEntraError(redeem(code, kVerifier, QStringLiteral("http://127.0.0.1:43210/")), 400, "invalid_request", 50011);
    expectEntraError(redeem(code, kVerifier, msalRedirect, scenario::AzurePowerShellClientId), 400, "invalid_grant",
                     70000);
    expectEntraError(redeem(QStringLiteral("made-up-code")), 400, "invalid_grant", 70000);
}

TEST_F(EntraEndpointsTest, CodeExpires)
{
    startWith(defaultScenarioWith({{QStringLiteral("authorizationCodeLifetimeSeconds"), 1}}));
    const QString code = codeFrom(authorizeQuery());
    QThread::msleep(2100);
    expectEntraError(redeem(code), 400, "invalid_grant", 70008);
}

TEST_F(EntraEndpointsTest, AuthorizeRefusesUnknownClientsAndForeignRedirectsWithoutRedirecting)
{
    const Response unknown = get(
        authorizePath(QStringLiteral("organizations"), with(authorizeQuery(), QStringLiteral("client_id"),
                                                            QStringLiteral("11111111-2222-3333-4444-555555555555"))));
    EXPECT_EQ(unknown.status, 400);
    EXPECT_FALSE(unknown.hasHeader("Location"));
    EXPECT_TRUE(unknown.body.contains("AADSTS700016"));
    // The clients register http://localhost only: 127.0.0.1 is another redirect URI for Entra, and
    // the path counts.
    for (const QString &bad :
         {QStringLiteral("https://evil.example/"), QStringLiteral("http://192.168.1.5:80/"),
          QStringLiteral("http://[::1]:8080/"), QStringLiteral("not a url"), QStringLiteral("http://127.0.0.1:43210/"),
          QStringLiteral("http://localhost:43210/callback"), QStringLiteral("https://localhost:43210/")}) {
        const Response r = get(authorizePath(QStringLiteral("organizations"),
                                             with(authorizeQuery(), QStringLiteral("redirect_uri"), bad)));
        EXPECT_EQ(r.status, 400) << qPrintable(bad);
        EXPECT_FALSE(r.hasHeader("Location")) << qPrintable(bad);
        EXPECT_TRUE(r.body.contains("AADSTS50011")) << qPrintable(bad);
    }
    // Any port on the registered loopback host is fine (RFC 8252), and no path is "/".
    const Response noPath =
        get(authorizePath(QStringLiteral("organizations"), with(authorizeQuery(), QStringLiteral("redirect_uri"),
                                                                QStringLiteral("http://localhost:61234"))));
    EXPECT_EQ(noPath.status, 302);
    EXPECT_TRUE(noPath.header("Location").startsWith(QStringLiteral("http://localhost:61234/?code=")))
        << qPrintable(noPath.header("Location"));
}

TEST_F(EntraEndpointsTest, LoopbackIpRedirectWorksOnlyWhenRegistered)
{
    const QString ip = QStringLiteral("http://127.0.0.1:50123/");
    const Response refused =
        get(authorizePath(QStringLiteral("organizations"), with(authorizeQuery(), QStringLiteral("redirect_uri"), ip)));
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(refused.body.contains("AADSTS50011")) << refused.body.constData();
    EXPECT_TRUE(refused.body.contains("does not match the redirect URIs configured")) << refused.body.constData();

    startWith(defaultScenarioWith(
        {{QStringLiteral("clients"),
          QJsonArray{QJsonObject{{QStringLiteral("clientId"), scenario::AzureCliClientId},
                                 {QStringLiteral("redirectUris"), QJsonArray{QStringLiteral("http://localhost"),
                                                                             QStringLiteral("http://127.0.0.1")}}}}}}));
    const QString code = codeFrom(with(authorizeQuery(), QStringLiteral("redirect_uri"), ip));
    ASSERT_FALSE(code.isEmpty());
    EXPECT_EQ(redeem(code, kVerifier, ip).status, 200);
}

TEST_F(EntraEndpointsTest, ScenarioRedirectUrisAreValidated)
{
    QString error;
    const auto bad = palsandbox::SandboxServer::create(
        defaultScenarioWith({{QStringLiteral("clients"),
                              QJsonArray{QJsonObject{{QStringLiteral("clientId"), scenario::AzureCliClientId},
                                                     {QStringLiteral("redirectUris"),
                                                      QJsonArray{QStringLiteral("http://contoso.example/")}}}}}}),
        &error);
    EXPECT_FALSE(bad);
    EXPECT_TRUE(error.contains(QStringLiteral("$.clients[0].redirectUris"))) << qPrintable(error);
}

TEST_F(EntraEndpointsTest, AuthorizeErrorsRedirectBackWithState)
{
    auto expectRedirectError = [&](const QUrlQuery &q, const char *error, int code) {
        const Response r = get(authorizePath(QStringLiteral("organizations"), q));
        ASSERT_EQ(r.status, 302) << r.body.constData();
        const QUrlQuery back = queryOf(r.header("Location"));
        EXPECT_EQ(back.queryItemValue(QStringLiteral("error")), QLatin1String(error))
            << qPrintable(r.header("Location"));
        EXPECT_TRUE(back.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded)
                        .startsWith(QStringLiteral("AADSTS%1:").arg(code)))
            << qPrintable(r.header("Location"));
        EXPECT_EQ(back.queryItemValue(QStringLiteral("state")), QStringLiteral("state-42"));
        EXPECT_FALSE(back.hasQueryItem(QStringLiteral("code")));
    };
    expectRedirectError(with(authorizeQuery(), QStringLiteral("code_challenge"), QString()), "invalid_request",
                        9002325);
    expectRedirectError(with(authorizeQuery(), QStringLiteral("code_challenge_method"), QStringLiteral("plain")),
                        "invalid_request", 5000102);
    expectRedirectError(with(authorizeQuery(), QStringLiteral("code_challenge"), QStringLiteral("short")),
                        "invalid_request", 501491);
    expectRedirectError(with(authorizeQuery(), QStringLiteral("response_type"), QStringLiteral("token")),
                        "unsupported_response_type", 700054);
    expectRedirectError(
        with(authorizeQuery(), QStringLiteral("scope"), QStringLiteral("https://graph.microsoft.com/.default openid")),
        "invalid_resource", 500011);
    expectRedirectError(with(authorizeQuery(), QStringLiteral("scope"),
                             m_base + QStringLiteral("/.default https://graph.microsoft.com/User.Read")),
                        "invalid_scope", 700022);
    expectRedirectError(
        with(authorizeQuery(), QStringLiteral("scope"), QStringLiteral("openid profile offline_access")),
        "invalid_scope", 70011);
}

TEST_F(EntraEndpointsTest, AccountPickerPageSignsInThePickedAccount)
{
    sandbox->setAutoApproveUser(QString());
    const QUrlQuery q = authorizeQuery();
    const Response page = get(authorizePath(QStringLiteral("organizations"), q));
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(page.header("Content-Type").startsWith(QStringLiteral("text/html")));
    EXPECT_TRUE(page.body.contains(scenario::Admin.username.toUtf8()));
    EXPECT_TRUE(page.body.contains(scenario::Pat.username.toUtf8()));

    // The headless browser submits the form for the guest.
    Form form;
    for (const auto &[name, value] : q.queryItems(QUrl::FullyDecoded))
        form.append({name, value});
    form.append({QStringLiteral("username"), scenario::Pat.username});
    form.append({QStringLiteral("action"), QStringLiteral("approve")});
    const Response picked =
        postForm(authorizePath(QStringLiteral("organizations"), QUrlQuery()).section(QLatin1Char('?'), 0, 0), form);
    ASSERT_EQ(picked.status, 302) << picked.body.constData();
    const QString code = queryOf(picked.header("Location")).queryItemValue(QStringLiteral("code"));
    const Response tokens = redeem(code);
    ASSERT_EQ(tokens.status, 200);
    const QJsonObject at = jwtClaims(tokens.json().value(QStringLiteral("access_token")).toString());
    EXPECT_EQ(at.value(QStringLiteral("preferred_username")).toString(), scenario::Pat.username);
    EXPECT_EQ(at.value(QStringLiteral("tid")).toString(), scenario::TailspinToys.tenantId);

    // Cancel goes back to the app as access_denied.
    form.removeLast();
    form.append({QStringLiteral("action"), QStringLiteral("cancel")});
    const Response cancelled = postForm(QStringLiteral("/organizations/oauth2/v2.0/authorize"), form);
    EXPECT_EQ(queryOf(cancelled.header("Location")).queryItemValue(QStringLiteral("error")),
              QStringLiteral("access_denied"));
}

TEST_F(EntraEndpointsTest, AccountPickerAtATenantListsOnlyItsMembers)
{
    sandbox->setAutoApproveUser(QString());
    const Response page = get(authorizePath(scenario::WoodgroveBank.tenantId, authorizeQuery()));
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(page.body.contains(scenario::Admin.username.toUtf8()));
    EXPECT_FALSE(page.body.contains(scenario::Pat.username.toUtf8()));
}

TEST_F(EntraEndpointsTest, PromptNoneWithoutAutoApproveNeedsLogin)
{
    sandbox->setAutoApproveUser(QString());
    const Response r = get(authorizePath(QStringLiteral("organizations"),
                                         with(authorizeQuery(), QStringLiteral("prompt"), QStringLiteral("none"))));
    EXPECT_EQ(queryOf(r.header("Location")).queryItemValue(QStringLiteral("error")), QStringLiteral("login_required"));
}

TEST_F(EntraEndpointsTest, LoginHintPicksThatAccountWhenAutoApproving)
{
    const Response r = signInInteractive(QStringLiteral("organizations"), scenario::Pat.username);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(jwtClaims(r.json().value(QStringLiteral("access_token")).toString())
                  .value(QStringLiteral("preferred_username"))
                  .toString(),
              scenario::Pat.username);
}

TEST_F(EntraEndpointsTest, SignInAtADirectoryTheUserIsNotInIsDenied)
{
    const Response r = get(authorizePath(scenario::Fabrikam.tenantId,
                                         with(authorizeQuery(), QStringLiteral("login_hint"), scenario::Pat.username)));
    ASSERT_EQ(r.status, 302);
    const QUrlQuery back = queryOf(r.header("Location"));
    EXPECT_EQ(back.queryItemValue(QStringLiteral("error")), QStringLiteral("access_denied"));
    EXPECT_TRUE(back.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded)
                    .startsWith(QStringLiteral("AADSTS50020")));
}

TEST_F(EntraEndpointsTest, RefreshTokenCrossesDirectoriesAndStaysValidAfterRotation)
{
    const QString first = signInInteractive().json().value(QStringLiteral("refresh_token")).toString();
    const Response fabrikam = refresh(scenario::Fabrikam.tenantId, first);
    ASSERT_EQ(fabrikam.status, 200) << fabrikam.body.constData();
    const QString second = fabrikam.json().value(QStringLiteral("refresh_token")).toString();
    EXPECT_NE(second, first);
    // As Entra: the redeemed token still works (parallel refreshes are safe), and so does the new one.
    const Response again = refresh(scenario::NorthwindTraders.tenantId, first);
    ASSERT_EQ(again.status, 200) << again.body.constData();
    EXPECT_EQ(jwtClaims(again.json().value(QStringLiteral("access_token")).toString())
                  .value(QStringLiteral("tid"))
                  .toString(),
              scenario::NorthwindTraders.tenantId);
    EXPECT_EQ(refresh(scenario::Fabrikam.tenantId, second).status, 200);
}

TEST_F(EntraEndpointsTest, ScenarioCanInvalidateRotatedRefreshTokens)
{
    startWith(defaultScenarioWith({{QStringLiteral("invalidateRotatedRefreshTokens"), true}}));
    const QString first = signInInteractive().json().value(QStringLiteral("refresh_token")).toString();
    const Response fabrikam = refresh(scenario::Fabrikam.tenantId, first);
    ASSERT_EQ(fabrikam.status, 200) << fabrikam.body.constData();
    const QJsonObject at = jwtClaims(fabrikam.json().value(QStringLiteral("access_token")).toString());
    EXPECT_EQ(at.value(QStringLiteral("tid")).toString(), scenario::Fabrikam.tenantId);
    EXPECT_NE(at.value(QStringLiteral("oid")).toString(), scenario::Admin.objectId);
    const QString second = fabrikam.json().value(QStringLiteral("refresh_token")).toString();
    EXPECT_NE(second, first);

    expectEntraError(refresh(scenario::NorthwindTraders.tenantId, first), 400, "invalid_grant", 70000); // rotated away
    const Response byDomain = refresh(QStringLiteral("northwindtraders.example"), second);
    ASSERT_EQ(byDomain.status, 200);
    EXPECT_EQ(jwtClaims(byDomain.json().value(QStringLiteral("access_token")).toString())
                  .value(QStringLiteral("tid"))
                  .toString(),
              scenario::NorthwindTraders.tenantId);
    const QString third = byDomain.json().value(QStringLiteral("refresh_token")).toString();
    const Response home = refresh(QStringLiteral("organizations"), third);
    EXPECT_EQ(
        jwtClaims(home.json().value(QStringLiteral("access_token")).toString()).value(QStringLiteral("tid")).toString(),
        scenario::ContosoPartner.tenantId);
}

TEST_F(EntraEndpointsTest, RefreshInADirectoryTheUserIsNotInFails)
{
    const QString rt = signInInteractive(QStringLiteral("organizations"), scenario::Pat.username)
                           .json()
                           .value(QStringLiteral("refresh_token"))
                           .toString();
    expectEntraError(refresh(scenario::Fabrikam.tenantId, rt), 400, "invalid_grant", 50020);
    expectEntraError(refresh(QStringLiteral("nowhere.example"), rt), 400, "invalid_request", 90002);
}

TEST_F(EntraEndpointsTest, MfaDirectoryNeedsAnInteractiveSignInThere)
{
    const QString rt = signInInteractive().json().value(QStringLiteral("refresh_token")).toString();
    const Response mfa = refresh(scenario::WoodgroveBank.tenantId, rt);
    expectEntraError(mfa, 400, "invalid_grant", 50076);
    EXPECT_EQ(mfa.json().value(QStringLiteral("suberror")).toString(), QStringLiteral("basic_action"));

    const Response there = signInInteractive(scenario::WoodgroveBank.tenantId);
    ASSERT_EQ(there.status, 200) << there.body.constData();
    EXPECT_EQ(jwtClaims(there.json().value(QStringLiteral("access_token")).toString())
                  .value(QStringLiteral("tid"))
                  .toString(),
              scenario::WoodgroveBank.tenantId);
    const Response silent =
        refresh(scenario::WoodgroveBank.tenantId, there.json().value(QStringLiteral("refresh_token")).toString());
    ASSERT_EQ(silent.status, 200) << silent.body.constData();
    // The rotated token keeps the MFA it descends from.
    EXPECT_EQ(refresh(scenario::WoodgroveBank.tenantId, silent.json().value(QStringLiteral("refresh_token")).toString())
                  .status,
              200);
}

TEST_F(EntraEndpointsTest, RevokedRefreshTokensFailUntilTheNextSignIn)
{
    const QString rt = signInInteractive().json().value(QStringLiteral("refresh_token")).toString();
    sandbox->revokeRefreshTokens(scenario::Admin.username);
    expectEntraError(refresh(scenario::Fabrikam.tenantId, rt), 400, "invalid_grant", 50173);
    const QString fresh = signInInteractive().json().value(QStringLiteral("refresh_token")).toString();
    const Response again = refresh(scenario::Fabrikam.tenantId, fresh);
    EXPECT_EQ(again.status, 200) << again.body.constData();
}

TEST_F(EntraEndpointsTest, ScenarioCanRevokeAUsersRefreshTokens)
{
    QJsonObject root = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
    QJsonArray users = root.value(QStringLiteral("users")).toArray();
    QJsonObject admin = users[0].toObject();
    admin.insert(QStringLiteral("refreshTokensRevoked"), true);
    users[0] = admin;
    startWith(defaultScenarioWith({{QStringLiteral("users"), users}}));
    const QString rt = signInInteractive().json().value(QStringLiteral("refresh_token")).toString();
    expectEntraError(refresh(scenario::ContosoPartner.tenantId, rt), 400, "invalid_grant", 50173);
}

TEST_F(EntraEndpointsTest, RefreshTokensExpireFromInactivity)
{
    startWith(defaultScenarioWith({{QStringLiteral("refreshTokenLifetimeSeconds"), 1}}));
    const QString rt = signInInteractive().json().value(QStringLiteral("refresh_token")).toString();
    QThread::msleep(2100);
    expectEntraError(refresh(scenario::Fabrikam.tenantId, rt), 400, "invalid_grant", 700082);
}

TEST_F(EntraEndpointsTest, UnknownOrForeignRefreshTokensFail)
{
    expectEntraError(refresh(scenario::Fabrikam.tenantId, QStringLiteral("garbage")), 400, "invalid_grant", 9002313);
    const QString rt = signInInteractive().json().value(QStringLiteral("refresh_token")).toString();
    expectEntraError(refresh(scenario::Fabrikam.tenantId, rt, scenario::AzurePowerShellClientId), 400, "invalid_grant",
                     70000);
}

TEST_F(EntraEndpointsTest, TokenEndpointRequestErrors)
{
    expectEntraError(get(QStringLiteral("/organizations/oauth2/v2.0/token")), 400, "invalid_request", 900561);
    expectEntraError(postForm(QStringLiteral("/organizations/oauth2/v2.0/token"),
                              {{QStringLiteral("client_id"), scenario::AzureCliClientId}}),
                     400, "invalid_request", 900144);
    expectEntraError(postForm(QStringLiteral("/organizations/oauth2/v2.0/token"),
                              {{QStringLiteral("grant_type"), QStringLiteral("password")},
                               {QStringLiteral("client_id"), scenario::AzureCliClientId}}),
                     400, "unsupported_grant_type", 70003);
    expectEntraError(postForm(QStringLiteral("/organizations/oauth2/v2.0/token"),
                              {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                               {QStringLiteral("client_id"), QStringLiteral("11111111-2222-3333-4444-555555555555")},
                               {QStringLiteral("refresh_token"), QStringLiteral("x")}}),
                     400, "unauthorized_client", 700016);
    expectEntraError(postForm(QStringLiteral("/organizations/oauth2/v2.0/token"),
                              {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                               {QStringLiteral("client_id"), scenario::AzureCliClientId},
                               {QStringLiteral("client_secret"), QStringLiteral("s")},
                               {QStringLiteral("refresh_token"), QStringLiteral("x")}}),
                     401, "invalid_client", 700025);
}

TEST_F(EntraEndpointsTest, ErrorsEchoTheClientRequestIdAsCorrelationId)
{
    const Response r = postForm(QStringLiteral("/organizations/oauth2/v2.0/token"),
                                {{QStringLiteral("client_id"), scenario::AzureCliClientId}},
                                {{"client-request-id", "5e1d6c2a-0000-4000-8000-000000000001"}});
    EXPECT_EQ(r.json().value(QStringLiteral("correlation_id")).toString(),
              QStringLiteral("5e1d6c2a-0000-4000-8000-000000000001"));
    EXPECT_EQ(r.header("client-request-id"), QStringLiteral("5e1d6c2a-0000-4000-8000-000000000001"));
    EXPECT_EQ(r.header("x-ms-request-id"), r.json().value(QStringLiteral("trace_id")).toString());
}

TEST_F(EntraEndpointsTest, DeviceCodeFlowThroughTheVerificationPage)
{
    const Response start = startDeviceCode();
    ASSERT_EQ(start.status, 200) << start.body.constData();
    const QJsonObject o = start.json();
    const QString userCode = o.value(QStringLiteral("user_code")).toString();
    const QString deviceCode = o.value(QStringLiteral("device_code")).toString();
    EXPECT_EQ(o.value(QStringLiteral("verification_uri")).toString(), m_base + QStringLiteral("/devicelogin"));
    EXPECT_EQ(o.value(QStringLiteral("interval")).toInt(), 1);
    EXPECT_EQ(o.value(QStringLiteral("expires_in")).toInt(), 900);
    EXPECT_TRUE(o.value(QStringLiteral("message")).toString().contains(userCode));

    expectEntraError(pollDeviceCode(deviceCode), 400, "authorization_pending", 70016);
    expectEntraError(pollDeviceCode(deviceCode), 400, "slow_down", 70016);

    const Response page = get(QStringLiteral("/devicelogin"));
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(page.body.contains("name=\"user_code\""));
    const Response wrong =
        postForm(QStringLiteral("/devicelogin"), {{QStringLiteral("user_code"), QStringLiteral("NOPE")},
                                                  {QStringLiteral("username"), scenario::Admin.username},
                                                  {QStringLiteral("action"), QStringLiteral("approve")}});
    EXPECT_EQ(wrong.status, 400);
    const Response approved =
        postForm(QStringLiteral("/devicelogin"), {{QStringLiteral("user_code"), userCode.toLower()},
                                                  {QStringLiteral("username"), scenario::Admin.username},
                                                  {QStringLiteral("action"), QStringLiteral("approve")}});
    EXPECT_EQ(approved.status, 200);
    EXPECT_TRUE(approved.body.contains("signed in"));

    QThread::msleep(1100);
    const Response tokens = pollDeviceCode(deviceCode);
    ASSERT_EQ(tokens.status, 200) << tokens.body.constData();
    EXPECT_EQ(jwtClaims(tokens.json().value(QStringLiteral("access_token")).toString())
                  .value(QStringLiteral("preferred_username"))
                  .toString(),
              scenario::Admin.username);
    EXPECT_FALSE(tokens.json().value(QStringLiteral("refresh_token")).toString().isEmpty());
    QThread::msleep(1100);
    expectEntraError(pollDeviceCode(deviceCode), 400, "invalid_grant", 70000);
}

TEST_F(EntraEndpointsTest, DeviceCodeDeclinedBadAndExpired)
{
    const QJsonObject o = startDeviceCode().json();
    ASSERT_TRUE(sandbox->declineDeviceCode(o.value(QStringLiteral("user_code")).toString()));
    expectEntraError(pollDeviceCode(o.value(QStringLiteral("device_code")).toString()), 400, "authorization_declined",
                     70000);
    expectEntraError(pollDeviceCode(QStringLiteral("not-a-device-code")), 400, "bad_verification_code", 70018);

    startWith(defaultScenarioWith({{QStringLiteral("deviceCodeLifetimeSeconds"), 1}}));
    const QJsonObject late = startDeviceCode().json();
    QThread::msleep(2100);
    EXPECT_FALSE(
        sandbox->approveDeviceCode(late.value(QStringLiteral("user_code")).toString(), scenario::Admin.username));
    expectEntraError(pollDeviceCode(late.value(QStringLiteral("device_code")).toString()), 400, "expired_token", 70019);
}

TEST_F(EntraEndpointsTest, DeviceCodeAtAnMfaDirectoryCountsAsInteractive)
{
    const QJsonObject o = startDeviceCode(scenario::WoodgroveBank.tenantId).json();
    EXPECT_FALSE(sandbox->approveDeviceCode(o.value(QStringLiteral("user_code")).toString(),
                                            scenario::Pat.username)); // not a member
    ASSERT_TRUE(sandbox->approveDeviceCode(o.value(QStringLiteral("user_code")).toString(), scenario::Admin.username));
    const Response tokens = pollDeviceCode(o.value(QStringLiteral("device_code")).toString());
    ASSERT_EQ(tokens.status, 200) << tokens.body.constData();
    EXPECT_EQ(refresh(scenario::WoodgroveBank.tenantId, tokens.json().value(QStringLiteral("refresh_token")).toString())
                  .status,
              200);
}

TEST_F(EntraEndpointsTest, DeviceCodeRequestErrors)
{
    expectEntraError(postForm(QStringLiteral("/organizations/oauth2/v2.0/devicecode"),
                              {{QStringLiteral("client_id"), scenario::PalAutomation.clientId},
                               {QStringLiteral("scope"), armScope()}}),
                     400, "unauthorized_client", 700016);
    expectEntraError(postForm(QStringLiteral("/organizations/oauth2/v2.0/devicecode"),
                              {{QStringLiteral("client_id"), scenario::AzureCliClientId}}),
                     400, "invalid_request", 900144);
}

} // namespace
