#include "TokenCache.h"

#include "AzureError.h"
#include "Logging.h"

#include <QJsonDocument>
#include <QSet>
#include <algorithm>

namespace pal {

namespace {
constexpr const char *kSections[] = {"AccessToken", "RefreshToken", "IdToken", "Account", "AppMetadata"};

QString join(std::initializer_list<QString> parts)
{
    QStringList list(parts);
    return list.join(QLatin1Char('-')).toLower();
}

QString secs(const QDateTime &t)
{
    return QString::number(t.toSecsSinceEpoch());
}
} // namespace

TokenCache::TokenCache()
{
    for (const char *name : kSections)
        m_root.insert(QString::fromLatin1(name), QJsonObject());
}

Expected<TokenCache> TokenCache::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject()) {
        // Damaged or half-written: what was there is lost, but a new sign-in replaces it.
        AzureError e = AzureError::make(AzureError::Kind::InteractionRequired,
                                        QStringLiteral("The saved sign-in in the keychain is damaged (%1); sign in "
                                                       "again.")
                                            .arg(error.errorString()),
                                        QStringLiteral("damaged_cache"));
        return e;
    }
    TokenCache cache;
    cache.m_root = doc.object();
    for (const char *name : kSections) {
        const QString key = QString::fromLatin1(name);
        if (!cache.m_root.value(key).isObject())
            cache.m_root.insert(key, QJsonObject());
    }
    cache.indexAccessTokens();
    return cache;
}

QByteArray TokenCache::toJson() const
{
    return QJsonDocument(m_root).toJson(QJsonDocument::Indented);
}

bool TokenCache::hasCredentials() const
{
    return !section("AccessToken").isEmpty() || !section("RefreshToken").isEmpty();
}

qsizetype TokenCache::accessTokenCount() const
{
    return section("AccessToken").size();
}

QJsonObject TokenCache::section(const char *name) const
{
    return m_root.value(QString::fromLatin1(name)).toObject();
}

template <typename Edit> void TokenCache::editSection(const QString &name, Edit edit)
{
    QJsonObject s = m_root.take(name).toObject();
    edit(s);
    m_root.insert(name, s);
}

void TokenCache::setEntry(const char *sectionName, const QString &key, const QJsonObject &entry)
{
    editSection(QString::fromLatin1(sectionName), [&](QJsonObject &s) {
        // Keep fields written by other MSAL-compatible tools.
        QJsonObject merged = s.value(key).toObject();
        for (auto it = entry.begin(); it != entry.end(); ++it)
            merged.insert(it.key(), it.value());
        s.insert(key, merged);
    });
}

void TokenCache::indexAccessTokens()
{
    m_accessTokensByRealm.clear();
    m_earliestExpiry = std::numeric_limits<qint64>::max();
    const QJsonObject ats = section("AccessToken");
    for (auto it = ats.begin(); it != ats.end(); ++it) {
        const QJsonObject e = it.value().toObject();
        m_accessTokensByRealm[e.value(QLatin1String("realm")).toString().toCaseFolded()].append(it.key());
        m_earliestExpiry = std::min(m_earliestExpiry, e.value(QLatin1String("expires_on")).toString().toLongLong());
    }
}

void TokenCache::purgeExpiredAccessTokens(qint64 nowSecs)
{
    if (nowSecs < m_earliestExpiry)
        return; // none has expired yet
    editSection(QStringLiteral("AccessToken"), [nowSecs](QJsonObject &ats) {
        for (auto it = ats.begin(); it != ats.end();) {
            if (it.value().toObject().value(QLatin1String("expires_on")).toString().toLongLong() <= nowSecs)
                it = ats.erase(it);
            else
                ++it;
        }
    });
    indexAccessTokens();
}

QString TokenCache::target(QStringList scopes)
{
    scopes.removeAll(QString());
    scopes.sort();
    scopes.removeDuplicates();
    return scopes.join(QLatin1Char(' '));
}

QString TokenCache::accessTokenKey(const QString &homeAccountId, const QString &environment, const QString &clientId,
                                   const QString &realm, const QString &target)
{
    return join({homeAccountId, environment, QStringLiteral("accesstoken"), clientId, realm, target});
}

QString TokenCache::refreshTokenKey(const QString &homeAccountId, const QString &environment, const QString &clientId,
                                    const QString &target)
{
    return join({homeAccountId, environment, QStringLiteral("refreshtoken"), clientId, QString(), target});
}

QString TokenCache::idTokenKey(const QString &homeAccountId, const QString &environment, const QString &clientId,
                               const QString &realm)
{
    return join({homeAccountId, environment, QStringLiteral("idtoken"), clientId, realm, QString()});
}

QString TokenCache::accountKey(const QString &homeAccountId, const QString &environment, const QString &realm)
{
    return join({homeAccountId, environment, realm});
}

QString TokenCache::appMetadataKey(const QString &environment, const QString &clientId)
{
    return QStringLiteral("appmetadata-%1-%2").arg(environment, clientId);
}

void TokenCache::add(const TokenResponse &response, const Context &c)
{
    const QString home = c.identity.homeAccountId;
    const QString now = secs(c.now);
    // Like MSAL, the target is what was asked for (Entra answers .default with the permissions
    // behind it, which a later lookup for .default would not match); the answer is the fallback.
    const QStringList granted = c.scopes.isEmpty() ? response.scope.split(QLatin1Char(' ')) : c.scopes;
    const QString tgt = target(granted);

    QJsonObject at{
        {QStringLiteral("credential_type"), QStringLiteral("AccessToken")},
        {QStringLiteral("secret"), QString::fromUtf8(response.accessToken)},
        {QStringLiteral("home_account_id"), home},
        {QStringLiteral("environment"), c.environment},
        {QStringLiteral("client_id"), c.clientId},
        {QStringLiteral("target"), tgt},
        {QStringLiteral("realm"), c.realm},
        {QStringLiteral("token_type"), response.tokenType.isEmpty() ? QStringLiteral("Bearer") : response.tokenType},
        {QStringLiteral("cached_at"), now},
        {QStringLiteral("expires_on"), secs(c.now.addSecs(response.expiresIn))},
        {QStringLiteral("extended_expires_on"),
         secs(c.now.addSecs(response.extExpiresIn > 0 ? response.extExpiresIn : response.expiresIn))}};
    if (response.refreshIn > 0)
        at.insert(QStringLiteral("refresh_on"), secs(c.now.addSecs(response.refreshIn)));
    // One AT per (account, realm, resource): drop older ones of the realm for the same resource.
    removeAccessTokens(c.realm, granted);
    const QString atKey = accessTokenKey(home, c.environment, c.clientId, c.realm, tgt);
    setEntry("AccessToken", atKey, at);
    QStringList &ofRealm = m_accessTokensByRealm[c.realm.toCaseFolded()];
    if (!ofRealm.contains(atKey))
        ofRealm.append(atKey);
    m_earliestExpiry = std::min(m_earliestExpiry, c.now.addSecs(response.expiresIn).toSecsSinceEpoch());

    if (!response.refreshToken.isEmpty()) {
        // Rotation: the new RT replaces every RT of this account and client.
        removeRefreshTokens(home, c.clientId);
        QJsonObject rt{{QStringLiteral("credential_type"), QStringLiteral("RefreshToken")},
                       {QStringLiteral("secret"), QString::fromUtf8(response.refreshToken)},
                       {QStringLiteral("home_account_id"), home},
                       {QStringLiteral("environment"), c.environment},
                       {QStringLiteral("client_id"), c.clientId},
                       {QStringLiteral("target"), tgt},
                       {QStringLiteral("last_modification_time"), now}};
        if (!response.familyId.isEmpty())
            rt.insert(QStringLiteral("family_id"), response.familyId);
        setEntry("RefreshToken", refreshTokenKey(home, c.environment, c.clientId, tgt), rt);
    }
    if (!response.idToken.isEmpty()) {
        setEntry("IdToken", idTokenKey(home, c.environment, c.clientId, c.realm),
                 QJsonObject{{QStringLiteral("credential_type"), QStringLiteral("IdToken")},
                             {QStringLiteral("secret"), QString::fromUtf8(response.idToken)},
                             {QStringLiteral("home_account_id"), home},
                             {QStringLiteral("environment"), c.environment},
                             {QStringLiteral("realm"), c.realm},
                             {QStringLiteral("client_id"), c.clientId}});
    }
    if (!home.isEmpty() && !response.idToken.isEmpty()) {
        QJsonObject account{{QStringLiteral("home_account_id"), home},
                            {QStringLiteral("environment"), c.environment},
                            {QStringLiteral("realm"), c.realm},
                            {QStringLiteral("local_account_id"), c.identity.objectId},
                            {QStringLiteral("username"), c.identity.username},
                            {QStringLiteral("authority_type"), QStringLiteral("MSSTS")}};
        if (!c.accountSource.isEmpty())
            account.insert(QStringLiteral("account_source"), c.accountSource);
        setEntry("Account", accountKey(home, c.environment, c.realm), account);
    }
    QJsonObject app{{QStringLiteral("client_id"), c.clientId}, {QStringLiteral("environment"), c.environment}};
    if (!response.familyId.isEmpty())
        app.insert(QStringLiteral("family_id"), response.familyId);
    setEntry("AppMetadata", appMetadataKey(c.environment, c.clientId), app);
}

std::optional<CachedAccessToken> TokenCache::findAccessToken(const QString &homeAccountId, const QString &environment,
                                                             const QString &clientId, const QString &realm,
                                                             const QStringList &scopes, const QDateTime &now,
                                                             int minValiditySeconds)
{
    const qint64 nowSecs = now.toSecsSinceEpoch();
    purgeExpiredAccessTokens(nowSecs);
    const QJsonObject ats = section("AccessToken");
    const QSet<QString> wanted(scopes.begin(), scopes.end());
    QStringList candidates = m_accessTokensByRealm.value(realm.toCaseFolded());
    candidates.sort(); // the last match in key order wins, as in the section itself
    std::optional<CachedAccessToken> found;
    for (const QString &key : std::as_const(candidates)) {
        const QJsonObject e = ats.value(key).toObject();
        const qint64 expiresOn = e.value(QLatin1String("expires_on")).toString().toLongLong();
        if (e.value(QLatin1String("home_account_id")).toString() != homeAccountId ||
            e.value(QLatin1String("environment")).toString().compare(environment, Qt::CaseInsensitive) != 0 ||
            e.value(QLatin1String("client_id")).toString() != clientId ||
            e.value(QLatin1String("realm")).toString().compare(realm, Qt::CaseInsensitive) != 0)
            continue;
        const QStringList have = e.value(QLatin1String("target")).toString().split(QLatin1Char(' '));
        QSet<QString> haveSet;
        for (const QString &s : have)
            haveSet.insert(s.toLower());
        bool covers = true;
        for (const QString &s : wanted)
            covers = covers && haveSet.contains(s.toLower());
        if (!covers)
            continue;
        if (expiresOn - nowSecs < minValiditySeconds)
            continue;
        found = CachedAccessToken{e.value(QLatin1String("secret")).toString().toUtf8(),
                                  QDateTime::fromSecsSinceEpoch(expiresOn, Qt::UTC), realm};
    }
    return found;
}

std::optional<QByteArray> TokenCache::findRefreshToken(const QString &homeAccountId, const QString &environment,
                                                       const QString &clientId) const
{
    const QJsonObject rts = section("RefreshToken");
    std::optional<QByteArray> newest;
    qint64 newestTime = -1;
    for (auto it = rts.begin(); it != rts.end(); ++it) {
        const QJsonObject e = it.value().toObject();
        if (e.value(QLatin1String("home_account_id")).toString() != homeAccountId ||
            e.value(QLatin1String("environment")).toString().compare(environment, Qt::CaseInsensitive) != 0 ||
            e.value(QLatin1String("client_id")).toString() != clientId)
            continue;
        const qint64 t = e.value(QLatin1String("last_modification_time")).toString().toLongLong();
        if (t > newestTime) {
            newestTime = t;
            newest = e.value(QLatin1String("secret")).toString().toUtf8();
        }
    }
    return newest;
}

void TokenCache::removeRefreshTokens(const QString &homeAccountId, const QString &clientId)
{
    editSection(QStringLiteral("RefreshToken"), [&](QJsonObject &rts) {
        for (auto it = rts.begin(); it != rts.end();) {
            const QJsonObject e = it.value().toObject();
            if (e.value(QLatin1String("home_account_id")).toString() == homeAccountId &&
                e.value(QLatin1String("client_id")).toString() == clientId)
                it = rts.erase(it);
            else
                ++it;
        }
    });
}

QSet<QString> TokenCache::resourceScopes(const QStringList &scopes)
{
    QSet<QString> out;
    for (const QString &s : scopes) {
        const QString scope = s.trimmed().toLower();
        if (!scope.isEmpty() && scope != QLatin1String("openid") && scope != QLatin1String("profile") &&
            scope != QLatin1String("offline_access"))
            out.insert(scope);
    }
    return out;
}

void TokenCache::removeAccessTokens(const QString &realm, const QStringList &scopes)
{
    const auto ofRealm = m_accessTokensByRealm.find(realm.toCaseFolded());
    if (ofRealm == m_accessTokensByRealm.end())
        return;
    const QSet<QString> resource = resourceScopes(scopes);
    editSection(QStringLiteral("AccessToken"), [&](QJsonObject &ats) {
        for (auto key = ofRealm->begin(); key != ofRealm->end();) {
            const QString target = ats.value(*key).toObject().value(QLatin1String("target")).toString();
            if (resourceScopes(target.split(QLatin1Char(' '))).intersects(resource)) {
                ats.remove(*key);
                key = ofRealm->erase(key);
            } else {
                ++key;
            }
        }
    });
    if (ofRealm->isEmpty())
        m_accessTokensByRealm.erase(ofRealm);
}

namespace {

qint64 number(const QJsonObject &entry, const char *field)
{
    return entry.value(QLatin1String(field)).toString().toLongLong();
}

// For a key both copies have: true when this process's entry is to be kept.
bool mineWins(const QString &sectionName, const QJsonObject &disk, const QJsonObject &mine)
{
    if (sectionName == QLatin1String("RefreshToken"))
        return number(mine, "last_modification_time") >= number(disk, "last_modification_time");
    if (sectionName == QLatin1String("AccessToken")) {
        if (number(mine, "cached_at") != number(disk, "cached_at"))
            return number(mine, "cached_at") > number(disk, "cached_at");
        return number(mine, "expires_on") >= number(disk, "expires_on");
    }
    return true;
}

} // namespace

TokenCache TokenCache::merged(const TokenCache &onDisk, const TokenCache &mine, const QDateTime &now)
{
    TokenCache out = mine;
    out.absorb(onDisk, now);
    return out;
}

TokenCache TokenCache::absorb(const TokenCache &other, const QDateTime &now)
{
    TokenCache taken;
    for (auto it = other.m_root.begin(); it != other.m_root.end(); ++it) {
        const QString name = it.key();
        const QJsonValue here = m_root.value(name);
        if (here.isUndefined()) { // a section or field only the other copy has
            m_root.insert(name, it.value());
            taken.m_root.insert(name, it.value());
            if (name == QLatin1String("AccessToken"))
                indexAccessTokens();
            continue;
        }
        if (!here.isObject() || !it.value().isObject())
            continue; // a field of another tool: this copy's
        QJsonObject newer;
        {
            const QJsonObject ours = here.toObject();
            const QJsonObject theirs = it.value().toObject();
            for (auto e = theirs.begin(); e != theirs.end(); ++e) {
                const QJsonValue own = ours.value(e.key());
                if (own.isUndefined() ||
                    (e.value().isObject() && !mineWins(name, e.value().toObject(), own.toObject())))
                    newer.insert(e.key(), e.value());
            }
        }
        if (newer.isEmpty())
            continue;
        editSection(name, [&newer](QJsonObject &section) {
            for (auto e = newer.begin(); e != newer.end(); ++e)
                section.insert(e.key(), e.value());
        });
        taken.m_root.insert(name, newer);
        if (name == QLatin1String("AccessToken")) {
            for (auto e = newer.begin(); e != newer.end(); ++e) {
                const QJsonObject at = e.value().toObject();
                QStringList &ofRealm =
                    m_accessTokensByRealm[at.value(QLatin1String("realm")).toString().toCaseFolded()];
                if (!ofRealm.contains(e.key()))
                    ofRealm.append(e.key());
                m_earliestExpiry = std::min(m_earliestExpiry, number(at, "expires_on"));
            }
        }
    }
    taken.indexAccessTokens();
    taken.purgeExpiredAccessTokens(now.toSecsSinceEpoch());
    purgeExpiredAccessTokens(now.toSecsSinceEpoch());
    return taken;
}

} // namespace pal
