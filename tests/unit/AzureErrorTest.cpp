#include "AzureError.h"

#include <gtest/gtest.h>

using pal::AzureError;
using K = AzureError::Kind;

TEST(AzureError, UserMessageCarriesServiceTextCodeAdviceAndIds)
{
    AzureError e = AzureError::make(K::Conflict, QStringLiteral("This identity is already linked to 1234567."),
                                    QStringLiteral("PartnerIdAlreadyLinked"));
    e.requestId = QStringLiteral("req-1");
    e.correlationId = QStringLiteral("corr-1");
    EXPECT_EQ(e.userMessage(), QStringLiteral("This identity is already linked to 1234567. (PartnerIdAlreadyLinked) "
                                              "Request id: req-1. Correlation id: corr-1."));
}

TEST(AzureError, ThrottledSaysWhenToRetry)
{
    AzureError e = AzureError::make(K::Throttled, QStringLiteral("Too many requests."));
    e.retryAfter = std::chrono::seconds(30);
    EXPECT_TRUE(e.userMessage().contains(QStringLiteral("try again in 30 s"))) << qPrintable(e.userMessage());
    e.retryAfter.reset();
    EXPECT_TRUE(e.userMessage().contains(QStringLiteral("try again in a minute")));
}

TEST(AzureError, InteractionRequiredNamesTheDirectory)
{
    AzureError e =
        AzureError::make(K::InteractionRequired, QStringLiteral("MFA is required."), QStringLiteral("AADSTS50076"));
    e.tenantId = QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1");
    EXPECT_TRUE(e.userMessage().contains(QStringLiteral("Sign in interactively to directory a70a1586")));
}

TEST(AzureError, EmptyMessageFallsBackToTheKindAndIdsAreNotRepeated)
{
    AzureError e;
    e.kind = K::Timeout;
    e.requestId = e.correlationId = QStringLiteral("same");
    const QString m = e.userMessage();
    EXPECT_TRUE(m.startsWith(QStringLiteral("timeout"))) << qPrintable(m);
    EXPECT_EQ(m.count(QStringLiteral("same")), 1);
}

TEST(AzureError, EveryKindHasAStableName)
{
    QStringList names;
    for (K k : {K::Network, K::Timeout, K::Unauthorized, K::Forbidden, K::NotFound, K::Conflict, K::Throttled,
                K::Server, K::BadResponse, K::Cancelled, K::InvalidInput, K::InteractionRequired, K::SignInFailed,
                K::Keychain, K::BadRequest}) {
        const QString n = AzureError::kindName(k);
        EXPECT_FALSE(n.isEmpty());
        EXPECT_FALSE(names.contains(n)) << qPrintable(n);
        names << n;
    }
    EXPECT_EQ(AzureError::kindName(K::NotFound), QStringLiteral("not found"));
    EXPECT_EQ(AzureError::kindName(K::BadResponse), QStringLiteral("bad response"));
}
