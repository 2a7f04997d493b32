#include "UiFixture.h"

#include "InlineMessage.h"

#include <QLineEdit>
#include <QPushButton>

using namespace sandboxids;

namespace {

struct ErrorCase
{
    const char *name;
    palsandbox::Fault::Kind kind;
    int status;
    const char *expected; // words the user must see
    bool requestId;       // the sandbox answered, so a request id can be quoted
    bool applied = false; // the sandbox made the change before its answer broke
};

class ErrorRendering : public UiFixture, public ::testing::WithParamInterface<ErrorCase>
{};

} // namespace

TEST_P(ErrorRendering, LinkFailureIsShownInlineWithWhatToDo)
{
    const ErrorCase c = GetParam();
    signInToSandbox();
    palsandbox::Fault fault;
    fault.kind = c.kind;
    fault.status = c.status;
    fault.method = QStringLiteral("PUT");
    fault.pathPrefix = QStringLiteral("/providers/Microsoft.ManagementPartner/partners");
    if (c.status == 429)
        fault.retryAfterSeconds = 7;
    sandbox->addFault(fault);

    QTest::keyClicks(find<QLineEdit>("partnerIdField"), QStringLiteral("1234567"));
    QTest::mouseClick(find<QPushButton>("linkButton"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return !messageText("linkResult").isEmpty(); }, 15000));
    const QString text = messageText("linkResult");
    if (c.applied) {
        // The answer was lost after the change was made: PAL Desk reads the link and says what is true.
        EXPECT_TRUE(text.contains(QStringLiteral("is now linked"))) << qPrintable(text);
        EXPECT_TRUE(text.contains(QLatin1String(c.expected), Qt::CaseInsensitive)) << qPrintable(text);
        ASSERT_TRUE(waitSettled());
        EXPECT_TRUE(find<QWidget>("currentLink")->isVisible());
        EXPECT_EQ(labelText("linkedPartnerId"), QStringLiteral("1234567"));
        EXPECT_EQ(sandbox->requestCount(QStringLiteral("/providers/Microsoft.ManagementPartner/partners/1234567")), 1)
            << "the PUT was not sent again";
        return;
    }
    EXPECT_TRUE(text.startsWith(QStringLiteral("The partner ID was not linked.")) ||
                text.contains(QStringLiteral("already linked")))
        << qPrintable(text);
    EXPECT_TRUE(text.contains(QLatin1String(c.expected), Qt::CaseInsensitive)) << qPrintable(text);
    auto *result = find<pal::InlineMessage>("linkResult");
    auto *id = result->findChild<QLineEdit *>(QStringLiteral("messageRequestId"));
    ASSERT_NE(id, nullptr);
    if (c.requestId) {
        EXPECT_FALSE(id->text().isEmpty()) << "the request id can be copied";
        EXPECT_TRUE(id->isVisible());
        QTest::mouseClick(result->findChild<QPushButton *>(QStringLiteral("messageCopy")), Qt::LeftButton);
        EXPECT_EQ(interaction.clipboard, id->text());
    }
    ASSERT_TRUE(waitSettled());
    // The user can act again: try once more, or (when the cut-off call did link) see the link.
    EXPECT_TRUE(find<QPushButton>("linkButton")->isEnabled() || find<QWidget>("currentLink")->isVisible());
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, ErrorRendering,
    ::testing::Values(ErrorCase{"server", palsandbox::Fault::Kind::Status, 500, "Azure had a problem", true},
                      ErrorCase{"unavailable", palsandbox::Fault::Kind::Status, 503, "Azure had a problem", true},
                      ErrorCase{"throttled", palsandbox::Fault::Kind::Status, 429, "try again in 7", true},
                      ErrorCase{"forbidden", palsandbox::Fault::Kind::Status, 403, "not allowed", true},
                      ErrorCase{"unauthorized", palsandbox::Fault::Kind::Status, 401, "sign in again", true},
                      ErrorCase{"conflict", palsandbox::Fault::Kind::Status, 409, "already linked", true},
                      ErrorCase{"badRequest", palsandbox::Fault::Kind::Status, 400, "", true},
                      ErrorCase{"malformed", palsandbox::Fault::Kind::MalformedJson, 200, "read the link again", true,
                                true},
                      ErrorCase{"dropped", palsandbox::Fault::Kind::Drop, 0, "read the link again", false, true}),
    [](const ::testing::TestParamInfo<ErrorCase> &p) { return std::string(p.param.name); });

TEST_F(UiFixture, ReadingTheLinkFailsVisiblyInBladeAndValidation)
{
    signInToSandbox();
    palsandbox::Fault fault;
    fault.kind = palsandbox::Fault::Kind::Status;
    fault.status = 500;
    fault.method = QStringLiteral("GET");
    fault.pathPrefix = QStringLiteral("/providers/Microsoft.ManagementPartner/partners");
    sandbox->addFault(fault);
    workspace->refreshLink();
    ASSERT_TRUE(waitSettled());
    EXPECT_EQ(workspace->currentLinkState().kind, pal::LinkState::Kind::Failed);
    EXPECT_TRUE(messageText("linkResult").contains(QStringLiteral("Could not read the current link")));
    EXPECT_TRUE(labelText("validationState").contains(QStringLiteral("COULD NOT CHECK")));
    EXPECT_TRUE(messageText("validationError").contains(QStringLiteral("Azure had a problem")));
}
