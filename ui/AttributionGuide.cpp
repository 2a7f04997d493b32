#include "AttributionGuide.h"

#include "Accessibility.h"
#include "Interaction.h"

#include <QTextBrowser>
#include <QVBoxLayout>

namespace pal {

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
    m_text->setHtml(html());
    layout->addWidget(m_text);
    connect(m_text, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) { m_ui.interaction->openUrl(url); });
}

QString AttributionGuide::html()
{
    return tr(R"(
<h1>How partner credit reaches you</h1>
<p>A partner link says <i>who</i> you are. Microsoft still has to see that your linked account did the work.
For Azure that happens through the roles your linked identity holds on the customer's resources. For Power
Platform and Dynamics 365 Customer Insights it happens in three steps.</p>

<h2>1. Initiation: link the account that does the work</h2>
<p>Sign in to the customer's directory with the account (or service principal) you build and run the
customer's solutions with, and link your <b>Associated Partner ID</b> (your partner location ID, not the
global one) on the <i>Link to a partner ID</i> page. Do it in every customer directory: a guest account has a
different identity in each one.</p>

<h2>2. Registration: let that account own the resources</h2>
<p>Credit is computed per resource: an app, a flow, a semantic model, a Customer Insights environment. The
linked account must be the one that creates, imports or last updates that resource, so that Microsoft can
tie the resource to your partner ID.</p>

<h2>3. Attribution: usage is counted for you</h2>
<p>Once a resource is tied to your partner ID, the customer's use of it (for example its monthly active users)
is attributed to you. Nothing changes for the customer, and the link grants you no access.</p>

<h2>What counts, product by product</h2>
<table border="1" cellspacing="0" cellpadding="6">
<tr><th align="left">Product</th><th align="left">Metric</th><th align="left">Resource</th>
<th align="left">Whose link counts</th></tr>
<tr><td><b>Power Apps</b></td><td>Monthly active users of the app</td><td>The app (canvas or model-driven)</td>
<td>The account that created the app or last published it, or that imported or updated the Solution that holds it</td></tr>
<tr><td><b>Power Automate</b></td><td>Monthly active users of the flow</td><td>The flow</td>
<td>The account that created or last modified the flow, or imported or updated its Solution</td></tr>
<tr><td><b>Power BI</b></td><td>Monthly active users of the content</td><td>The semantic model (dataset)</td>
<td>The account that published or last republished the semantic model</td></tr>
<tr><td><b>Dynamics 365 Customer Insights</b></td><td>Unified customer profiles</td><td>The Customer Insights environment</td>
<td>The account that created or last updated the environment</td></tr>
</table>

<h2>Solutions</h2>
<p>Package the apps and flows you deliver in a <b>Solution</b> and import it into the customer's environment with
the linked account. The import, and every later update, then ties all the components inside it to your
partner ID at once, and a customer admin editing one item by hand is less likely to move the credit away.</p>

<h2>Service accounts</h2>
<p>People change jobs; a link on a person's account leaves with them. Many partners create a dedicated
<b>service account</b> (or service principal) in each customer directory, link it once, and do every
import and publish with it, for example from a deployment pipeline. PAL Desk signs in as a service principal
with a client secret or a certificate for exactly this. Keep the account's credentials in a vault, and check
the link now and then on the <i>All directories</i> page.</p>

<h2>Things that break attribution</h2>
<ul>
<li>Linking the global partner ID instead of the partner location (Associated) ID.</li>
<li>Building with one account and importing with another that is not linked.</li>
<li>A customer user republishing or editing the resource after you: the last editor may take over.</li>
<li>A link removed or changed in one directory: check them all at once on <i>All directories</i>.</li>
</ul>
<p>Microsoft's own pages describe the programme in full:
<a href="https://learn.microsoft.com/azure/cost-management-billing/manage/link-partner-id-power-apps-accounts">Link a
partner ID to your Power Platform and Dynamics Customer Insights accounts</a>.</p>
)");
}

} // namespace pal
