#include "SessionKind.h"

namespace pal {

namespace {

bool same(const QString &a, const QString &b)
{
    return !a.isEmpty() && a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

QString sessionKindName(SessionKind kind)
{
    switch (kind) {
    case SessionKind::Home:
        return QStringLiteral("home");
    case SessionKind::Guest:
        return QStringLiteral("guest");
    case SessionKind::ForeignPrincipal:
        return QStringLiteral("foreignPrincipal");
    case SessionKind::Lighthouse:
        return QStringLiteral("lighthouse");
    case SessionKind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

SessionAssessment classifySession(const SessionSignals &s)
{
    auto unknown = [](const QString &why) { return SessionAssessment{SessionKind::Unknown, why}; };
    if (s.homeTenantId.isEmpty() || s.homeObjectId.isEmpty())
        return unknown(QStringLiteral("The sign-in did not say which directory and object are the account's home "
                                      "(no client_info)."));
    if (s.tenantId.isEmpty())
        return unknown(QStringLiteral("No directory was named."));

    const bool projectedByTenants = s.tenantCategory.compare(QLatin1String("ProjectedBy"), Qt::CaseInsensitive) == 0;
    const bool projectedBySubscriptions = s.projectedToHome.value_or(false);
    const bool lighthouse = projectedByTenants || projectedBySubscriptions;
    const QString lighthouseWhy =
        projectedByTenants
            ? QStringLiteral("Azure lists this directory as projected into the account's home directory "
                             "(tenantCategory ProjectedBy)")
            : QStringLiteral("its subscriptions, read from the account's home directory, are managed by that "
                             "directory (Azure Lighthouse)");

    if (same(s.tenantId, s.homeTenantId)) {
        if (!s.tokenObjectId.isEmpty() && !same(s.tokenObjectId, s.homeObjectId))
            return unknown(QStringLiteral("This is the account's home directory, but its token names object %1, not "
                                          "the home object %2.")
                               .arg(s.tokenObjectId, s.homeObjectId));
        if (lighthouse)
            return unknown(QStringLiteral("This is the account's home directory, yet %1.").arg(lighthouseWhy));
        return {SessionKind::Home, QStringLiteral("This is the account's home directory.")};
    }

    if (s.tokenObjectId.isEmpty()) {
        if (lighthouse)
            return {SessionKind::Lighthouse,
                    QStringLiteral("The account has no object of its own here, and %1.").arg(lighthouseWhy)};
        return unknown(QStringLiteral("No token for this directory was had, so PAL Desk cannot tell who the "
                                      "account is here."));
    }
    if (same(s.tokenObjectId, s.homeObjectId)) {
        if (lighthouse)
            return unknown(QStringLiteral("The token carries the home object id (a CSP/GDAP session), yet %1.")
                               .arg(lighthouseWhy));
        return {SessionKind::ForeignPrincipal,
                QStringLiteral("The token carries the account's home object id %1 in another directory: a "
                               "CSP/GDAP (admin on behalf of) session.")
                    .arg(s.homeObjectId)};
    }
    if (lighthouse)
        return unknown(QStringLiteral("The account has an object of its own here (%1, a guest), yet %2.")
                           .arg(s.tokenObjectId, lighthouseWhy));
    return {SessionKind::Guest, QStringLiteral("The account has an object of its own here (%1), a guest of this "
                                               "directory.")
                                    .arg(s.tokenObjectId)};
}

} // namespace pal
