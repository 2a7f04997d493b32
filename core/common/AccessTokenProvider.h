#pragma once
// AccessTokenProvider: the port through which clients get a bearer token for a directory and a
// resource (ARM by default; Power Platform and Power BI name their scope).
// core/auth implements it per signed-in account; tests implement it with fixed tokens.
// A provider answers from its cache when it can, refreshes silently when it must, and reports
// AzureError::Kind::InteractionRequired (with tenantId and the AADSTS code) when Entra wants the user.

#include "AzureError.h"
#include "Expected.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>

namespace pal {

struct AccessToken
{
    QByteArray token;    // the bearer token; never logged
    QDateTime expiresOn; // UTC
    QString tenantId;    // the directory the token is for (its tid)
    QString objectId;    // the signed-in principal's object id in that directory (its oid)
};

struct TokenRequest
{
    QString tenantId;          // directory GUID; empty means the account's home/default directory
    bool forceRefresh = false; // set after the resource answered 401 with this provider's token
    QString scope;             // the resource's scope, e.g. "https://service.powerapps.com/.default";
                               // empty means the cloud's ARM scope (CloudEnvironment::armScope)
};

class AccessTokenProvider
{
public:
    virtual ~AccessTokenProvider() = default;
    // Calls `done` exactly once, on `context`'s thread, unless `context` is destroyed first.
    virtual void requestToken(const TokenRequest &request, QObject *context, Completion<AccessToken> done) = 0;
};

} // namespace pal
