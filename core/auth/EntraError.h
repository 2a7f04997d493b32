#pragma once
// EntraError: turns Entra ID's error answers ({"error","error_description","error_codes",
// "trace_id","correlation_id",...}) into AzureError. It reacts to `error` and `error_codes`, never
// to the description text, which is kept only to show the user.
//
// Mapping:
//  - interaction_required / consent_required, or MFA and conditional-access codes (50076, 50079,
//    50078, 50074, 50158, 53000-53003, 530035, 65001, 65002, 65004, 90094, 70043) -> InteractionRequired
//    with tenantId, naming the directory and the reason;
//  - an expired or revoked grant (700082, 70008, 50173, 50132, 50133, 50055, invalid_grant without
//    a more precise code) -> InteractionRequired as well: a full sign-in is needed
//    (needsFullSignIn() tells them apart);
//  - not a member or guest (50020, 50034, 16003, 90072) -> SignInFailed saying so; unknown tenant
//    (90002) -> InvalidInput;
//  - everything else Entra refuses -> SignInFailed; 429 -> Throttled; 5xx -> Server;
//  - a body that is not Entra's error JSON -> BadResponse.

#include "AzureError.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace pal {

struct EntraErrorBody
{
    QString error;       // e.g. "invalid_grant"
    QString description; // first line of error_description, for people
    QList<int> codes;    // AADSTS numbers
    QString traceId;
    QString correlationId;
    QString suberror;
    bool valid = false; // a JSON object with an "error" string
};

EntraErrorBody parseEntraErrorBody(const QByteArray &body);

// `tenantId`: the directory the request was for (shown to the user); `httpStatus`: 0 if none.
AzureError entraError(int httpStatus, const QByteArray &body, const QString &tenantId);

// True when the error means the whole sign-in must be redone (grant expired or revoked, the
// account signed out elsewhere, its saved sign-in damaged), as
// opposed to a directory-specific MFA/conditional-access/consent requirement.
bool needsFullSignIn(const AzureError &error);

} // namespace pal
