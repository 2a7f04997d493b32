#pragma once
// SessionKind: what kind of session an account has in one directory, decided from the sign-in's
// own signals (a pure function, no network). In this order:
// - client_info names the account's home object id and home directory: there it is *home*;
// - elsewhere, a token whose `oid` differs from the home oid is an object of its own in that
//   directory, a *guest* (PAL works as in the home directory);
// - a token carrying the home oid in another directory is a *foreign principal*: a CSP/DAP/GDAP
//   (admin on behalf of) session, which Microsoft refuses to link ("The user does not have an
//   account in this tenant … If you are a CSP partner …");
// - a directory that /tenants lists as ProjectedBy, or whose subscriptions, read with the home
//   directory's token, carry this directory's tenantId and list the home directory in
//   managedByTenants, is reached through Azure Lighthouse (*lighthouse*): the link belongs in the
//   partner's own directory.
// Where the signals disagree, or too few are known, the kind is *unknown*, and `why` says why.

#include <QString>
#include <optional>

namespace pal {

enum class SessionKind { Home, Guest, ForeignPrincipal, Lighthouse, Unknown };

// "home" | "guest" | "foreignPrincipal" | "lighthouse" | "unknown" (palctl's JSON words)
QString sessionKindName(SessionKind kind);

struct SessionSignals
{
    QString homeObjectId;   // client_info uid (the account's object id in its home directory)
    QString homeTenantId;   // client_info utid
    QString tenantId;       // the directory in question
    QString tokenObjectId;  // the `oid` of this directory's token; empty when no token was had
    QString tenantCategory; // /tenants' tenantCategory for this directory (Home | ProjectedBy | ManagedBy), if listed
    // From the home directory's token: does a subscription with this directory's tenantId list the
    // home directory in managedByTenants? nullopt when that was not read.
    std::optional<bool> projectedToHome;
};

struct SessionAssessment
{
    SessionKind kind = SessionKind::Unknown;
    QString why; // a sentence for people: the signals that decided it (or disagreed)
};

SessionAssessment classifySession(const SessionSignals &signals);

} // namespace pal
