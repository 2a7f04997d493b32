#pragma once
// A token provider for unit tests: hands out "token-N" (N counts refreshes) or a scripted error,
// and remembers every request it got.

#include "AccessTokenProvider.h"

#include <QList>
#include <QPointer>
#include <QTimer>
#include <optional>

namespace pal::test {

class FakeTokens final : public pal::AccessTokenProvider
{
public:
    std::optional<pal::AzureError> error;
    QList<pal::TokenRequest> requests;
    int refreshes = 0;
    bool tokenNamesTenant = false; // "token-N@tenant", so a fake server can tell directories apart
    QString objectId;              // the principal's object id every token names (empty: none)

    void requestToken(const pal::TokenRequest &request, QObject *context,
                      pal::Completion<pal::AccessToken> done) override
    {
        requests.append(request);
        if (request.forceRefresh)
            ++refreshes;
        QPointer<QObject> guard(context);
        const std::optional<pal::AzureError> failure = error;
        QByteArray token = "token-" + QByteArray::number(refreshes);
        if (tokenNamesTenant)
            token += '@' + request.tenantId.toLatin1();
        QTimer::singleShot(0, context, [guard, done, failure, token, request, oid = objectId] {
            if (!guard)
                return;
            if (failure)
                return done(*failure);
            pal::AccessToken t;
            t.token = token;
            t.tenantId = request.tenantId;
            t.objectId = oid;
            t.expiresOn = QDateTime::currentDateTimeUtc().addSecs(3600);
            done(t);
        });
    }
};

} // namespace pal::test
