#pragma once
// Every logging category of PAL Desk's core, declared in one place.
// Rules: URLs are logged without their query; tokens, codes, states, secrets and the
// Authorization header are never logged.

#include <QLoggingCategory>
#include <QUrl>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)     // paldesk.http: the ARM pipeline
Q_DECLARE_LOGGING_CATEGORY(lcArm)      // paldesk.arm: ManagementPartner and tenants clients
Q_DECLARE_LOGGING_CATEGORY(lcAuth)     // paldesk.auth: sign-in flows
Q_DECLARE_LOGGING_CATEGORY(lcCache)    // paldesk.cache: token cache and keychain
Q_DECLARE_LOGGING_CATEGORY(lcServices) // paldesk.services: workspace, fleet, config

namespace pal {
// The URL as it may appear in a log: scheme, host, port and path only.
QString loggableUrl(const QUrl &url);
} // namespace pal
