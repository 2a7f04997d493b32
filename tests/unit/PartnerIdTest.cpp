#include "PartnerId.h"

#include <gtest/gtest.h>

using pal::AzureError;
using pal::PartnerId;

TEST(PartnerId, AcceptsDigitsWithinTheRangeAndTrimsSpaces)
{
    for (const char *text : {"12345", "123456", "4977985", "1234567890", "  5127255  ", "\t123456\n"}) {
        const auto id = PartnerId::parse(QString::fromLatin1(text));
        ASSERT_TRUE(id) << text;
        EXPECT_EQ(id->toString(), QString::fromLatin1(text).trimmed());
        EXPECT_TRUE(PartnerId::problem(QString::fromLatin1(text)).isEmpty());
    }
}

TEST(PartnerId, EmptyInputAsksForAnId)
{
    for (const char *text : {"", "   "}) {
        const auto id = PartnerId::parse(QString::fromLatin1(text));
        ASSERT_FALSE(id);
        EXPECT_EQ(id.error().kind, AzureError::Kind::InvalidInput);
        EXPECT_TRUE(id.error().message.startsWith(QStringLiteral("Enter a partner ID")))
            << qPrintable(id.error().message);
    }
}

TEST(PartnerId, NamesTheCharacterThatIsNotADigit)
{
    auto id = PartnerId::parse(QStringLiteral("12a456"));
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().message, QStringLiteral("A partner ID holds digits only; \"12a456\" contains \"a\"."));

    id = PartnerId::parse(QStringLiteral("123 456"));
    ASSERT_FALSE(id);
    EXPECT_TRUE(id.error().message.contains(QStringLiteral("contains a space"))) << qPrintable(id.error().message);

    id = PartnerId::parse(QStringLiteral("-123456"));
    ASSERT_FALSE(id);
    EXPECT_TRUE(id.error().message.contains(QStringLiteral("\"-\""))) << qPrintable(id.error().message);

    // Digits of other scripts are digits to Unicode but not to Partner Center.
    id = PartnerId::parse(QString::fromUtf8("١٢٣٤٥٦"));
    ASSERT_FALSE(id);
    EXPECT_TRUE(id.error().message.contains(QStringLiteral("digits only")));
}

TEST(PartnerId, TooShortAndTooLongSayHowMany)
{
    auto id = PartnerId::parse(QStringLiteral("1234"));
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().message,
              QStringLiteral("The partner ID \"1234\" is too short: it has 4 digits, at least 5 are needed."));
    id = PartnerId::parse(QStringLiteral("12345678901"));
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().message,
              QStringLiteral("The partner ID \"12345678901\" is too long: it has 11 digits, at most 10 are allowed."));
}

TEST(PartnerId, ProblemMatchesParse)
{
    EXPECT_EQ(PartnerId::problem(QStringLiteral("12")), PartnerId::parse(QStringLiteral("12")).error().message);
    EXPECT_EQ(PartnerId::parse(QStringLiteral("123456")).value(), PartnerId::parse(QStringLiteral(" 123456")).value());
}
