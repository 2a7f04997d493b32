#include "AttributionGuide.h"

#include "Accessibility.h"
#include "AttributionFacts.h"
#include "Interaction.h"
#include "Workspace.h"

#include <QTextBrowser>
#include <QVBoxLayout>

namespace pal {

namespace {
QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}
} // namespace

AttributionGuide::AttributionGuide(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("attributionGuide"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 8, 16, 8);
    m_text = new QTextBrowser(this);
    m_text->setObjectName(QStringLiteral("attributionText"));
    nameScrollArea(m_text, tr("Attribution guide"));
    showFocusFrame(m_text, false);
    m_text->setFrameShape(QFrame::NoFrame);
    m_text->setOpenLinks(false);
    m_text->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_text);
    connect(m_text, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) { m_ui.interaction->openUrl(url); });
    if (m_ui.workspace)
        connect(m_ui.workspace, &Workspace::accountChanged, this, &AttributionGuide::refresh);
    refresh();
}

void AttributionGuide::refresh()
{
    const std::optional<CloudEnvironment> cloud = m_ui.workspace ? m_ui.workspace->cloud() : std::nullopt;
    m_text->setHtml(html(cloud ? cloud->partnerLinkBladeUrl() : QUrl()));
}

QString AttributionGuide::html(const QUrl &portalBlade)
{
    namespace a = attribution;
    const QString blade = portalBlade.isEmpty() ? a::articlePortalLink() : portalBlade.toString();
    QString h;
    h += QStringLiteral("<h1>%1</h1>").arg(esc(tr("How partner credit reaches you")));
    h += QStringLiteral("<p>%1</p>")
             .arg(esc(tr("For Power Platform and Dynamics 365 Customer Insights, Microsoft attributes usage to your "
                         "organization through the account you link to your partner ID, and through what that account "
                         "owns. It takes three steps:")));
    for (const AttributionStep &step : a::steps()) {
        h += QStringLiteral("<h2>%1. %2: %3</h2><p>%4</p>")
                 .arg(step.number)
                 .arg(esc(step.name), esc(step.title), esc(step.summary));
        if (step.number == 2)
            h += QStringLiteral("<p>%1 <a href=\"%2\">%2</a></p>")
                     .arg(esc(tr("The portal's page for this step:")), esc(blade));
    }
    h += QStringLiteral("<p>%1</p>").arg(esc(a::stepsOrder()));

    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("What counts, product by product")));
    h += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"6\"><tr><th align=\"left\">%1</th>"
                        "<th align=\"left\">%2</th><th align=\"left\">%3</th><th align=\"left\">%4</th></tr>")
             .arg(esc(tr("Product")), esc(tr("Primary metric")), esc(tr("Resource")), esc(tr("Attributed user")));
    for (const ProductFacts &p : a::products())
        h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td><td>%3</td><td>%4 %5</td></tr>")
                 .arg(esc(p.name), esc(p.metric), esc(p.resource), esc(p.rule), esc(p.severalPartners));
    h += QStringLiteral("</table>");

    h += QStringLiteral("<h2>%1</h2><p>%2</p><p><b>%3</b></p>")
             .arg(esc(tr("Solutions")), esc(a::solutionsAdvice()), esc(a::solutionsNotAvailable()));

    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Product notes")));
    for (const ProductNote &note : a::productNotes()) {
        h += QStringLiteral("<h3>%1</h3><ul>").arg(esc(note.title));
        for (const QString &point : note.points)
            h += QStringLiteral("<li>%1</li>").arg(esc(point));
        h += QStringLiteral("</ul>");
    }

    h += QStringLiteral("<h2>%1</h2><p>%2</p>")
             .arg(esc(tr("User accounts instead of a service account")), esc(a::userAccountAlternative()));
    h += QStringLiteral("<h2>%1</h2><p>%2</p>").arg(esc(tr("Validation")), esc(a::validation()));
    h += QStringLiteral("<p>%1</p>")
             .arg(esc(tr("PAL Desk's Attribution page checks step 3 for the current directory: which apps, flows and "
                         "datasets are credited to you, and which belong to someone else.")));
    h += QStringLiteral("<p>%1 <a href=\"%2\">%3</a> (%4).</p>")
             .arg(esc(tr("Source:")), esc(a::articleUrl()),
                  esc(tr("Link a partner ID to your Power Platform and Dynamics Customer Insights accounts")),
                  esc(tr("Microsoft Learn, %1").arg(a::articleDate())));
    return h;
}

} // namespace pal
