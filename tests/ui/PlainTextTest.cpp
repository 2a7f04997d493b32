// Names from a server are shown as the server spelled them, never rendered as markup: a
// directory called "<b>…</b> <a href=…>" shows its tags, on every page that names it.

#include "UiFixture.h"

#include "MainWindow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>

using namespace sandboxids;

namespace {
const QString hostileName = QStringLiteral("<b>Contoso</b> <a href=\"https://evil.example\">Partner</a><img src=x>");

class PlainTextUi : public UiFixture
{
protected:
    QByteArray scenario() const override
    {
        QJsonObject root = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
        QJsonArray directories = root.value(QLatin1String("directories")).toArray();
        for (qsizetype i = 0; i < directories.size(); ++i) {
            QJsonObject d = directories.at(i).toObject();
            if (d.value(QLatin1String("tenantId")).toString() == Home)
                d.insert(QStringLiteral("displayName"), hostileName);
            directories[i] = d;
        }
        root.insert(QStringLiteral("directories"), directories);
        return QJsonDocument(root).toJson();
    }
    // Every label now showing the name shows it as text.
    void expectPlainWherever(const char *page)
    {
        int shown = 0;
        for (QLabel *label : window->findChildren<QLabel *>()) {
            if (!label->isVisible() || !label->text().contains(QStringLiteral("<b>Contoso</b>")))
                continue;
            ++shown;
            EXPECT_EQ(label->textFormat(), Qt::PlainText)
                << page << ": " << qPrintable(label->objectName()) << " " << qPrintable(label->text());
        }
        EXPECT_GT(shown, 0) << page << ": the name is shown somewhere";
    }
};
} // namespace

TEST_F(PlainTextUi, ADirectoryNamedWithMarkupShowsItsTagsOnEveryPage)
{
    signInToSandbox();
    EXPECT_EQ(labelText("currentDirectoryName"), hostileName);
    expectPlainWherever("link");
    window->showPage(pal::MainWindow::Validation);
    ASSERT_TRUE(waitFor([this] { return labelText("validationDirectoryName") == hostileName; }));
    expectPlainWherever("validation");
}
