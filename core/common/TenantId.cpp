#include "TenantId.h"

#include <QRegularExpression>

namespace pal {

// Weak until core/auth/OidcDiscovery.cpp drops its own copy of this function (same contract for
// brace-less GUIDs); then this is the one definition.
__attribute__((weak)) bool isTenantGuid(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^(?:\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}"
                       "|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"));
    return re.match(text).hasMatch();
}

} // namespace pal
