#pragma once
// TokenCache: one account's tokens in MSAL's unified cache schema (the JSON MSAL Python and the
// Azure CLI keep in msal_token_cache.json): five sections AccessToken, RefreshToken, IdToken,
// Account, AppMetadata; MSAL's key format; timestamps as strings of Unix seconds. Sections and
// fields PAL Desk does not know are kept as they are. The whole cache is a secret: it is stored
// only through the SecretStore (see CacheSecret), never in a file.

#include "Expected.h"
#include "TokenResponse.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <limits>
#include <optional>

namespace pal {

struct CachedAccessToken
{
    QByteArray secret;
    QDateTime expiresOn; // UTC
    QString realm;
};

class TokenCache
{
public:
    TokenCache();
    static Expected<TokenCache> fromJson(const QByteArray &json);
    QByteArray toJson() const; // indented like MSAL's json.dumps(indent=4)
    const QJsonObject &json() const { return m_root; }
    bool hasCredentials() const;
    qsizetype accessTokenCount() const; // about one per directory and resource used

    struct Context
    {
        QString environment; // login host, e.g. login.microsoftonline.com
        QString clientId;
        QString realm;         // tenant segment of the token endpoint used
        QStringList scopes;    // what was requested
        Identity identity;     // empty homeAccountId for client credentials
        QString accountSource; // "authorization_code", "urn:ietf:params:oauth:grant-type:device_code", ...
        QDateTime now;
    };
    // Adds an AT (always), RT/IdToken/Account (when present) and AppMetadata, replacing entries
    // with the same key (the RT is thereby rotated).
    void add(const TokenResponse &response, const Context &context);

    // Another process's copy and this one's, entry by entry (see README "Merge rules"): every key
    // of either is kept; for a key in both, the newer refresh token (last_modification_time) and
    // the newer access token (cached_at, then expires_on) win, and this process's copy of other
    // entries. Access tokens expired at `now` are dropped.
    static TokenCache merged(const TokenCache &onDisk, const TokenCache &mine, const QDateTime &now);
    // The same rules in place: `other`'s entries are taken where this copy has none or an older
    // one; access tokens expired at `now` are dropped. Returns what was taken, so another copy can
    // take the same (the copy in memory, after a save merged the stored one into a snapshot of it).
    TokenCache absorb(const TokenCache &other, const QDateTime &now);

    // An AT for (account, environment, client, realm) whose target covers `scopes` and that is
    // valid at least `minValiditySeconds` beyond `now`. Expired ATs are purged, as MSAL does.
    std::optional<CachedAccessToken> findAccessToken(const QString &homeAccountId, const QString &environment,
                                                     const QString &clientId, const QString &realm,
                                                     const QStringList &scopes, const QDateTime &now,
                                                     int minValiditySeconds = 300);
    // The newest RT for the account and client, whatever the realm (AAD RTs are cross-tenant).
    std::optional<QByteArray> findRefreshToken(const QString &homeAccountId, const QString &environment,
                                               const QString &clientId) const;
    // Drops every RT of the account and client (another copy's RT is to be taken instead).
    void removeRefreshTokens(const QString &homeAccountId, const QString &clientId);
    // Drops the realm's ATs for the resource of `scopes` (e.g. after the resource refused one);
    // ATs of other resources stay.
    void removeAccessTokens(const QString &realm, const QStringList &scopes);
    // The scopes of a target that name a resource (openid, profile, offline_access removed), lower case.
    static QSet<QString> resourceScopes(const QStringList &scopes);

    static QString target(QStringList scopes); // sorted, space-joined
    static QString accessTokenKey(const QString &homeAccountId, const QString &environment, const QString &clientId,
                                  const QString &realm, const QString &target);
    static QString refreshTokenKey(const QString &homeAccountId, const QString &environment, const QString &clientId,
                                   const QString &target);
    static QString idTokenKey(const QString &homeAccountId, const QString &environment, const QString &clientId,
                              const QString &realm);
    static QString accountKey(const QString &homeAccountId, const QString &environment, const QString &realm);
    static QString appMetadataKey(const QString &environment, const QString &clientId);

private:
    QJsonObject section(const char *name) const;
    // Changes one section where it is (taken out of the root meanwhile, so it is not copied first).
    template <typename Edit> void editSection(const QString &name, Edit edit);
    void setEntry(const char *sectionName, const QString &key, const QJsonObject &entry);
    void indexAccessTokens();
    void purgeExpiredAccessTokens(qint64 nowSecs);

    QJsonObject m_root;
    // The AccessToken section's keys by realm (case-folded), and the soonest expires_on among them:
    // a lookup or a replacement reads one directory's tokens, not the whole cache (a fleet of
    // thousands of directories is thousands of tokens, asked for one directory at a time).
    QHash<QString, QStringList> m_accessTokensByRealm;
    qint64 m_earliestExpiry = std::numeric_limits<qint64>::max();
};

} // namespace pal
