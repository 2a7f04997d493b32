#include "AttributionPage.h"

#include "Accessibility.h"
#include "AccountManager.h"
#include "AttributionCheck.h"
#include "AttributionProductView.h"
#include "Interaction.h"
#include "StateStyle.h"
#include "ValueLabel.h"
#include "Workspace.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTime>
#include <QVBoxLayout>

namespace pal {

namespace {
constexpr std::array<AttributedProduct, 4> kProducts{AttributedProduct::PowerApps, AttributedProduct::PowerAutomate,
                                                     AttributedProduct::PowerBI, AttributedProduct::CustomerInsights};
}

AttributionPage::AttributionPage(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("attributionPage"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("attributionScroll"));
    nameScrollArea(scroll, tr("Attribution"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto *body = new QWidget(scroll);
    scroll->setWidget(body);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(24, 16, 24, 16);

    auto *title = new QLabel(tr("Attribution"), body);
    title->setTextFormat(Qt::PlainText);
    styleTitle(title);
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Which of the apps, flows and datasets you can see in this directory count for your "
                                "partner ID, by the rules of Microsoft's article (see the Attribution guide). PAL "
                                "Desk only reads; it changes nothing."),
                             body);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    // Values a user quotes (the directory's id, the identity): reached by Tab, copied with Ctrl+C.
    m_directory = new ValueLabel(QStringLiteral("attributionDirectory"), tr("Directory"), m_ui.interaction, body);
    m_identity = new ValueLabel(QStringLiteral("attributionIdentity"), tr("Identity"), m_ui.interaction, body);
    layout->addWidget(m_directory);
    layout->addWidget(m_identity);

    auto *buttons = new QHBoxLayout;
    m_again = new QPushButton(tr("&Check again"), body);
    m_again->setObjectName(QStringLiteral("attributionCheckAgain"));
    m_again->setAccessibleName(tr("Check the attribution again"));
    m_copy = new QPushButton(tr("Cop&y report"), body);
    m_copy->setObjectName(QStringLiteral("attributionCopy"));
    m_copy->setAccessibleName(tr("Copy the attribution report with its ids"));
    m_progress = new QProgressBar(body);
    m_progress->setObjectName(QStringLiteral("attributionProgress"));
    m_progress->setAccessibleName(tr("Reading"));
    m_progress->setRange(0, 0); // busy: the number of requests is not known in advance
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_status = new QLabel(body);
    m_status->setObjectName(QStringLiteral("attributionStatus"));
    m_status->setTextFormat(Qt::PlainText);
    buttons->addWidget(m_again);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_progress);
    buttons->addWidget(m_status, 1);
    layout->addLayout(buttons);

    for (size_t i = 0; i < kProducts.size(); ++i) {
        m_views[i] = new AttributionProductView(kProducts[i], m_ui.interaction, body);
        layout->addWidget(m_views[i]);
    }
    layout->addStretch(1);

    connect(m_again, &QPushButton::clicked, this, &AttributionPage::check);
    connect(m_copy, &QPushButton::clicked, this, [this] { m_ui.interaction->copyToClipboard(plainText()); });
    connect(m_ui.workspace, &Workspace::currentDirectoryChanged, this, &AttributionPage::onContextChanged);
    connect(m_ui.workspace, &Workspace::accountChanged, this, &AttributionPage::onContextChanged);
    setChecking(false);
    onContextChanged();
}

AttributionPage::~AttributionPage()
{
    m_call.cancel();
}

void AttributionPage::setTokenSource(TokenSource source)
{
    m_tokenSource = std::move(source);
    m_check.reset();
    m_checkAccount.clear();
}

void AttributionPage::onContextChanged()
{
    m_call.cancel();
    m_report.reset();
    m_checkedTenant.clear();
    const std::optional<Directory> d = m_ui.workspace->currentDirectory();
    const std::optional<Account> &account = m_ui.workspace->account();
    m_directory->setValue(
        d ? tr("Directory: %1 (%2)").arg(d->displayName.isEmpty() ? d->tenantId : d->displayName, d->tenantId)
          : tr("Directory: none yet. Sign in and choose a directory."),
        d ? d->tenantId : QString());
    m_identity->setValue(account ? tr("Identity: %1").arg(account->username) : QString(),
                         account ? account->username : QString());
    for (AttributionProductView *v : m_views)
        v->showChecking();
    m_status->setText(d ? tr("Not read yet.") : QString());
    m_again->setEnabled(d.has_value());
    m_copy->setEnabled(false);
    if (isVisible() && d)
        check();
}

void AttributionPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    const QString current = m_ui.workspace->currentDirectoryId();
    if (!current.isEmpty() && current != m_checkedTenant && !isChecking())
        check();
}

void AttributionPage::check()
{
    const std::optional<Account> &account = m_ui.workspace->account();
    const std::optional<CloudEnvironment> cloud = m_ui.workspace->cloud();
    const std::optional<Directory> directory = m_ui.workspace->currentDirectory();
    if (!account || !cloud || !directory) {
        m_status->setText(tr("Sign in and choose a directory first."));
        return;
    }
    m_call.cancel();
    const QString key = account->id + QLatin1Char('|') + cloud->name;
    if (!m_check || m_checkAccount != key) {
        AccessTokenProvider *tokens =
            m_tokenSource ? m_tokenSource(*account) : m_ui.accounts->tokenProvider(account->id);
        m_check = std::make_unique<AttributionCheck>(m_ui.network, tokens, *cloud);
        m_checkAccount = key;
        connect(m_check.get(), &AttributionCheck::productChecked, this, &AttributionPage::onProduct);
        connect(m_check.get(), &AttributionCheck::progress, this, [this](const QString &tenantId, const QString &text) {
            if (tenantId == m_checkedTenant)
                m_status->setText(text);
        });
    }
    AttributionIdentity identity;
    identity.username = account->username;
    identity.servicePrincipal = account->isServicePrincipal();
    identity.clientId = account->clientId;
    const std::optional<DirectoryIdentity> me = m_ui.workspace->currentIdentity();
    identity.objectId = me && !me->objectId.isEmpty() ? me->objectId : account->objectId;

    m_checkedTenant = directory->tenantId;
    m_report.reset();
    for (AttributionProductView *v : m_views)
        v->showChecking();
    setChecking(true);
    const QString tenant = m_checkedTenant;
    m_call = m_check->run(tenant, directory->displayName, identity, this,
                          [this, tenant](const Expected<AttributionReport> &report) { onDone(tenant, report); });
}

void AttributionPage::onProduct(const QString &tenantId, const ProductAttribution &result)
{
    if (tenantId != m_checkedTenant)
        return;
    for (AttributionProductView *v : m_views)
        if (v->product() == result.product)
            v->showResult(result);
}

void AttributionPage::onDone(const QString &tenantId, const Expected<AttributionReport> &report)
{
    if (tenantId != m_checkedTenant)
        return;
    setChecking(false);
    if (!report) {
        if (report.error().kind != AzureError::Kind::Cancelled)
            m_status->setText(report.error().userMessage());
        return;
    }
    m_report = report.value();
    m_copy->setEnabled(true);
    int failed = 0;
    for (const ProductAttribution &p : m_report->products)
        failed += p.state == ProductAttribution::State::Error || p.state == ProductAttribution::State::SignInNeeded;
    m_status->setText(failed ? tr("Read at %1; %2 product(s) could not be read, see below.")
                                   .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat))
                                   .arg(failed)
                             : tr("Read at %1.").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
}

void AttributionPage::setChecking(bool checking)
{
    m_progress->setVisible(checking);
    if (checking) {
        m_status->setText(tr("Reading…"));
        m_copy->setEnabled(false);
    }
}

QString AttributionPage::plainText() const
{
    QStringList parts{m_directory->text(), m_identity->text()};
    if (m_report)
        parts << tr("Object id: %1").arg(m_report->objectId);
    for (const AttributionProductView *v : m_views)
        parts << QString() << v->plainText();
    return parts.join(QLatin1Char('\n'));
}

} // namespace pal
