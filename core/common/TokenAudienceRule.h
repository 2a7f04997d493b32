#pragma once
// TokenAudienceRule: the one rule for where a cloud may send the tokens it asks for.
//
// The danger is narrow: a token minted by Microsoft's own sign-in (a Microsoft login host) for a
// well-known Microsoft resource (a public or sovereign cloud's Resource Manager, Power Apps/BAP,
// Power Automate, Power BI, Microsoft Graph) carries the user's access to that service; sent to a
// host that is not that service's, whoever runs the host can act as the user there. Everything else
// is the user's setup to make and is accepted: a sign-in of its own (a sandbox, an emulator or test
// double behind a loopback sign-in) mints tokens no Microsoft service takes, and an audience of the
// user's own (Azure Stack Hub's app ID URI, an app registered in the user's directory) grants
// nothing at Microsoft's services. CloudEnvironment applies the rule to its ARM scope and its Power
// Platform endpoints; a host the user trusts anyway (palctl's --force) is listed in the cloud.

#include "AzureError.h"
#include "Expected.h"

#include <QString>
#include <QUrl>

namespace pal {

// A host Entra's instance discovery lists as Microsoft's (login.microsoftonline.com and its
// aliases, the China, US Government and Germany sign-ins). Case-insensitive; a trailing dot aside.
bool isMicrosoftLoginHost(const QString &host);

// The resource (token audience) a scope names: "{resource}/.default" or "{resource}/{permission}"
// gives {resource}; an error (InvalidInput) says what is wrong with a scope of another shape.
Expected<QString> scopeResource(const QString &scope);

// Done when tokens for `audience` (a resource, or a scope naming one) from the sign-in at
// `loginEndpoint` may be sent to `destination`. Otherwise InvalidInput with code
// "ForeignTokenAudience"; its message names the destination's host, the service whose tokens
// those are and the host(s) that service answers on.
Expected<Done> checkTokenAudience(const QUrl &loginEndpoint, const QString &audience, const QUrl &destination);

} // namespace pal
