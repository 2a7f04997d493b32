#pragma once
// UnusableAccount: the token provider AccountManager hands out for an account that cannot get
// tokens here (not signed in, or its saved cloud no longer validates), so that no caller is ever
// given a null provider. Every request answers the reason, which says what to do, on the next turn
// of the event loop. The manager keeps it (callers may hold it) and may update the reason.

#include "AccessTokenProvider.h"

#include <QMetaObject>

namespace pal {

class UnusableAccount final : public AccessTokenProvider
{
public:
    explicit UnusableAccount(AzureError why)
        : m_why(std::move(why))
    {}
    void setReason(AzureError why) { m_why = std::move(why); }
    void requestToken(const TokenRequest &, QObject *context, Completion<AccessToken> done) override
    {
        QMetaObject::invokeMethod(
            context, [done = std::move(done), why = m_why] { done(why); }, Qt::QueuedConnection);
    }

private:
    AzureError m_why;
};

} // namespace pal
