#pragma once
// Helpers for driving the sandbox over real loopback HTTP with cpp-httplib's client: nothing from
// core/, so these tests check the sandbox against the wire contract, not against PAL Desk's parser.

#include "SandboxFixture.h"
#include "ScenarioIds.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstring>
#include <memory>
#include <utility>

namespace sandboxtest {

namespace scenario = pal::test::scenario;
inline const QString msalRedirect = QStringLiteral("http://localhost:43210/"); // as MSAL sends it

struct Response
{
    int status = -1; // -1: the connection failed
    httplib::Headers headers;
    QByteArray body;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString header(const char *name) const
    {
        const auto it = headers.find(name);
        return it == headers.end() ? QString() : QString::fromStdString(it->second);
    }
    bool hasHeader(const char *name) const { return headers.find(name) != headers.end(); }
    // For Entra errors: the first AADSTS code.
    int aadsts() const { return json().value(QStringLiteral("error_codes")).toArray().at(0).toInt(); }
    QString error() const { return json().value(QStringLiteral("error")).toString(); }
    QString armCode() const
    {
        return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
};

using Form = QList<std::pair<QString, QString>>;

inline std::string encodeForm(const Form &form)
{
    QByteArray out;
    for (const auto &[name, value] : form) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return out.toStdString();
}

inline QJsonObject jwtClaims(const QString &jwt)
{
    const QList<QString> parts = jwt.split(QLatin1Char('.'));
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts[1].toLatin1(), QByteArray::Base64UrlEncoding)).object();
}

inline QJsonObject jwtHeader(const QString &jwt)
{
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(jwt.section(QLatin1Char('.'), 0, 0).toLatin1(), QByteArray::Base64UrlEncoding))
        .object();
}

inline QString s256(const QString &verifier)
{
    return QString::fromLatin1(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

inline QUrlQuery queryOf(const QString &location)
{
    return QUrlQuery(QUrl(location));
}

// A started sandbox with the default scenario (or the given one) and an HTTP client for it.
class SandboxTest : public pal::test::SandboxFixture
{
protected:
    void SetUp() override
    {
        SandboxFixture::SetUp();
        if (sandbox)
            m_base = sandbox->baseUrl().toString();
    }
    // Replaces the running sandbox with one that serves `scenario`.
    void startWith(const QByteArray &scenario)
    {
        startSandbox(scenario);
        if (sandbox)
            m_base = sandbox->baseUrl().toString();
    }

    httplib::Client client() const
    {
        httplib::Client c("127.0.0.1", sandbox->baseUrl().port());
        c.set_read_timeout(10, 0);
        return c;
    }

    static Response toResponse(const httplib::Result &result)
    {
        Response r;
        if (!result)
            return r;
        r.status = result->status;
        r.headers = result->headers;
        r.body = QByteArray::fromStdString(result->body);
        return r;
    }

    Response get(const QString &path, httplib::Headers headers = {}) const
    {
        auto c = client();
        return toResponse(c.Get(path.toStdString(), headers));
    }
    Response send(const char *method, const QString &path, httplib::Headers headers = {}, const std::string &body = {},
                  const char *type = "application/json") const
    {
        auto c = client();
        const std::string p = path.toStdString();
        if (std::strcmp(method, "PUT") == 0)
            return toResponse(body.empty() ? c.Put(p, headers, "", 0, "") : c.Put(p, headers, body, type));
        if (std::strcmp(method, "PATCH") == 0)
            return toResponse(body.empty() ? c.Patch(p, headers, "", 0, "") : c.Patch(p, headers, body, type));
        if (std::strcmp(method, "DELETE") == 0)
            return toResponse(c.Delete(p, headers));
        if (std::strcmp(method, "POST") == 0)
            return toResponse(c.Post(p, headers, body, type));
        return toResponse(c.Get(p, headers));
    }
    Response postForm(const QString &path, const Form &form, httplib::Headers headers = {}) const
    {
        auto c = client();
        return toResponse(c.Post(path.toStdString(), headers, encodeForm(form), "application/x-www-form-urlencoded"));
    }

    static httplib::Headers bearer(const QByteArray &token)
    {
        return {{"Authorization", "Bearer " + token.toStdString()}};
    }

    QString armScope() const { return m_base + QStringLiteral("/.default openid profile offline_access"); }

    // Authorization code + PKCE through the (auto-approving) authorize endpoint; returns the token response.
    Response signInInteractive(const QString &tenant = QStringLiteral("organizations"), const QString &loginHint = {},
                               const QString &clientId = scenario::AzureCliClientId)
    {
        const QString verifier = QStringLiteral("verifier-0123456789-0123456789-0123456789-abcdef");
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("client_id"), clientId);
        q.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
        q.addQueryItem(QStringLiteral("redirect_uri"), msalRedirect);
        q.addQueryItem(QStringLiteral("scope"), armScope());
        q.addQueryItem(QStringLiteral("state"), QStringLiteral("s1"));
        q.addQueryItem(QStringLiteral("code_challenge"), s256(verifier));
        q.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
        if (!loginHint.isEmpty())
            q.addQueryItem(QStringLiteral("login_hint"), loginHint);
        const Response page = get(authorizePath(tenant, q));
        const QString code = queryOf(page.header("Location")).queryItemValue(QStringLiteral("code"));
        EXPECT_EQ(page.status, 302);
        EXPECT_FALSE(code.isEmpty()) << qPrintable(page.header("Location"));
        return postForm(QStringLiteral("/%1/oauth2/v2.0/token").arg(tenant),
                        {{QStringLiteral("client_id"), clientId},
                         {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                         {QStringLiteral("code"), code},
                         {QStringLiteral("redirect_uri"), msalRedirect},
                         {QStringLiteral("code_verifier"), verifier},
                         {QStringLiteral("scope"), armScope()},
                         {QStringLiteral("client_info"), QStringLiteral("1")}});
    }

    static QString authorizePath(const QString &tenant, const QUrlQuery &query)
    {
        return QStringLiteral("/%1/oauth2/v2.0/authorize?%2").arg(tenant, query.toString(QUrl::FullyEncoded));
    }

    Response refresh(const QString &tenant, const QString &refreshToken,
                     const QString &clientId = scenario::AzureCliClientId)
    {
        return postForm(QStringLiteral("/%1/oauth2/v2.0/token").arg(tenant),
                        {{QStringLiteral("client_id"), clientId},
                         {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                         {QStringLiteral("refresh_token"), refreshToken},
                         {QStringLiteral("scope"), armScope()}});
    }

    Response clientSecret(const QString &tenant, const QString &secret,
                          const QString &clientId = scenario::PalAutomation.clientId, const QString &scope = {})
    {
        return postForm(QStringLiteral("/%1/oauth2/v2.0/token").arg(tenant),
                        {{QStringLiteral("client_id"), clientId},
                         {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                         {QStringLiteral("client_secret"), secret},
                         {QStringLiteral("scope"), scope.isEmpty() ? m_base + QStringLiteral("/.default") : scope}});
    }

    QByteArray userToken(const QString &tenant = scenario::ContosoPartner.tenantId,
                         const QString &user = scenario::Admin.username)
    {
        return sandbox->issueArmToken(user, tenant);
    }

    QString m_base;
};

// The Entra error format, checked in one place.
inline void expectEntraError(const Response &r, int status, const char *error, int code)
{
    EXPECT_EQ(r.status, status) << r.body.constData();
    const QJsonObject o = r.json();
    EXPECT_EQ(o.value(QStringLiteral("error")).toString(), QLatin1String(error)) << r.body.constData();
    EXPECT_EQ(o.value(QStringLiteral("error_codes")).toArray().at(0).toInt(), code) << r.body.constData();
    const QString description = o.value(QStringLiteral("error_description")).toString();
    EXPECT_TRUE(description.startsWith(QStringLiteral("AADSTS%1: ").arg(code))) << qPrintable(description);
    EXPECT_TRUE(description.contains(QStringLiteral("\r\nTrace ID: "))) << qPrintable(description);
    EXPECT_TRUE(description.contains(QStringLiteral("\r\nCorrelation ID: ")));
    EXPECT_TRUE(description.contains(QStringLiteral("\r\nTimestamp: ")));
    EXPECT_FALSE(o.value(QStringLiteral("trace_id")).toString().isEmpty());
    EXPECT_FALSE(o.value(QStringLiteral("correlation_id")).toString().isEmpty());
    EXPECT_FALSE(o.value(QStringLiteral("timestamp")).toString().isEmpty());
    EXPECT_TRUE(o.value(QStringLiteral("error_uri")).toString().endsWith(QStringLiteral("?code=%1").arg(code)));
}

inline void expectArmError(const Response &r, int status, const char *code)
{
    EXPECT_EQ(r.status, status) << r.body.constData();
    EXPECT_EQ(r.armCode(), QLatin1String(code)) << r.body.constData();
    EXPECT_FALSE(
        r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().isEmpty());
    EXPECT_EQ(r.header("Content-Type"), QStringLiteral("application/json; charset=utf-8"));
    EXPECT_FALSE(r.header("x-ms-request-id").isEmpty());
}

} // namespace sandboxtest
