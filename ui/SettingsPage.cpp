#include "SettingsPage.h"

#include "WatchSettings.h"

#include "Accessibility.h"
#include "AccountManager.h"
#include "AppConfig.h"
#include "InlineMessage.h"
#include "Interaction.h"
#include "PartnerId.h"
#include "PlainText.h"
#include "StateStyle.h"
#include "ValueLabel.h"
#include "Workspace.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace pal {

namespace {

QLineEdit *field(const QString &name, const QString &accessible, const QString &placeholder, QWidget *parent)
{
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    e->setAccessibleName(accessible);
    e->setPlaceholderText(placeholder);
    return e;
}

QPushButton *button(const QString &text, const QString &name, const QString &accessible, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessible);
    return b;
}

} // namespace

SettingsPage::SettingsPage(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("settingsPage"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    nameScrollArea(scroll, tr("Settings"));
    scroll->setFocusPolicy(Qt::NoFocus); // a Tab stop that shows nothing; a focused field scrolls into view
    outer->addWidget(scroll);
    auto *content = new QWidget(scroll);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(24, 16, 24, 16);
    auto *title = new QLabel(tr("Settings"), content);
    styleTitle(title);
    layout->addWidget(title);
    m_message = new InlineMessage(QStringLiteral("settingsMessage"), m_ui.interaction, content);
    layout->addWidget(m_message);
    layout->addWidget(buildPartnerId());
    layout->addWidget(buildAccounts());
    layout->addWidget(buildClouds());
    layout->addWidget(buildClientId());
    layout->addWidget(new WatchSettings(m_ui, content));
    layout->addStretch(1);
    // The page follows the configuration, whoever changed it (this page, another one, palctl).
    connect(m_ui.config, &AppConfig::cloudsChanged, this, &SettingsPage::refreshClouds);
    connect(m_ui.config, &AppConfig::clientIdChanged, this,
            [this](const QString &clientId) { m_clientId->setText(clientId); });
    connect(m_ui.config, &AppConfig::partnerIdChanged, this, &SettingsPage::refreshPartnerIds);
    refresh();
}

QWidget *SettingsPage::buildPartnerId()
{
    auto *box = new QGroupBox(tr("My partner ID"), this);
    box->setObjectName(QStringLiteral("myPartnerIdBox"));
    auto *layout = new QVBoxLayout(box);
    auto *note = new ValueLabel(QStringLiteral("myPartnerIdNote"), tr("About my partner ID"), m_ui.interaction, box);
    note->setValue(tr("The Associated Partner ID shown on your Partner Center profile, typically known as your "
                      "partner location ID. PAL Desk compares every link with it, offers it when you link, and "
                      "checks all directories against it. An account that works for another partner location "
                      "can have its own."));
    note->setWordWrap(true);
    layout->addWidget(note);

    auto *form = new QFormLayout;
    auto *allRow = new QHBoxLayout;
    m_partnerId =
        field(QStringLiteral("myPartnerIdField"), tr("My partner ID for all accounts"), tr("e.g. 1234567"), box);
    m_partnerId->setMinimumWidth(220); // the placeholders read whole
    m_partnerId->setMaximumWidth(240);
    auto *save = button(tr("Save &partner ID"), QStringLiteral("saveMyPartnerId"), tr("Save my partner ID"), box);
    auto *clear = button(tr("Cl&ear"), QStringLiteral("clearMyPartnerId"), tr("Clear my partner ID"), box);
    allRow->addWidget(m_partnerId);
    allRow->addWidget(save);
    allRow->addWidget(clear);
    allRow->addStretch(1);
    form->addRow(tr("For all accounts:"), allRow);

    auto *accountRow = new QHBoxLayout;
    m_accountPartnerId = field(QStringLiteral("accountPartnerIdField"), tr("Partner ID for the selected account only"),
                               tr("the one for all accounts"), box);
    m_accountPartnerId->setMinimumWidth(220);
    m_accountPartnerId->setMaximumWidth(240);
    m_saveAccountPartnerId = button(tr("Save for this &account"), QStringLiteral("saveAccountPartnerId"),
                                    tr("Save the partner ID for the selected account"), box);
    m_clearAccountPartnerId = button(tr("Use the o&ne for all"), QStringLiteral("clearAccountPartnerId"),
                                     tr("Use the partner ID for all accounts for the selected account"), box);
    accountRow->addWidget(m_accountPartnerId);
    accountRow->addWidget(m_saveAccountPartnerId);
    accountRow->addWidget(m_clearAccountPartnerId);
    accountRow->addStretch(1);
    m_accountPartnerIdLabel = plainText(new QLabel(tr("For the selected account:"), box));
    form->addRow(m_accountPartnerIdLabel, accountRow);
    layout->addLayout(form);
    m_partnerIdProblem = plainText(new QLabel(box));
    m_partnerIdProblem->setObjectName(QStringLiteral("myPartnerIdProblem"));
    m_partnerIdProblem->setWordWrap(true);
    m_partnerIdProblem->hide();
    layout->addWidget(m_partnerIdProblem);

    // As you type: why it is not a partner ID (the same rule as the link blade's).
    const auto check = [this](const QString &text) {
        const QString problem = text.trimmed().isEmpty() ? QString() : PartnerId::problem(text);
        m_partnerIdProblem->setText(problem.isEmpty() ? QString()
                                                      : QStringLiteral("%1 %2").arg(toneSymbol(Tone::Error), problem));
        m_partnerIdProblem->setAccessibleName(m_partnerIdProblem->text());
        m_partnerIdProblem->setVisible(!problem.isEmpty());
    };
    connect(m_partnerId, &QLineEdit::textEdited, this, check);
    connect(m_accountPartnerId, &QLineEdit::textEdited, this, check);
    connect(save, &QPushButton::clicked, this, [this] { savePartnerId(QString(), m_partnerId->text()); });
    connect(clear, &QPushButton::clicked, this, [this] { savePartnerId(QString(), QString()); });
    connect(m_saveAccountPartnerId, &QPushButton::clicked, this,
            [this] { savePartnerId(selectedAccountId(), m_accountPartnerId->text()); });
    connect(m_clearAccountPartnerId, &QPushButton::clicked, this,
            [this] { savePartnerId(selectedAccountId(), QString()); });
    connect(m_partnerId, &QLineEdit::returnPressed, save, &QPushButton::click);
    connect(m_accountPartnerId, &QLineEdit::returnPressed, m_saveAccountPartnerId, &QPushButton::click);
    return box;
}

QString SettingsPage::selectedAccountId() const
{
    const QListWidgetItem *item = m_accounts->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void SettingsPage::savePartnerId(const QString &accountId, const QString &text)
{
    const Expected<Done> saved =
        accountId.isEmpty() ? m_ui.config->setPartnerId(text) : m_ui.config->setPartnerIdOverride(accountId, text);
    if (!saved) {
        m_message->showError(saved.error(), tr("The partner ID was not saved."));
        return;
    }
    const QString id = PartnerId::parse(text) ? PartnerId::parse(text)->toString() : QString();
    if (accountId.isEmpty())
        m_message->showSuccess(id.isEmpty() ? tr("No partner ID is set for all accounts now.")
                                            : tr("Your partner ID is %1: links are compared with it.").arg(id));
    else
        m_message->showSuccess(id.isEmpty() ? tr("This account uses the partner ID for all accounts now.")
                                            : tr("This account's links are compared with partner ID %1.").arg(id));
    refreshPartnerIds();
}

void SettingsPage::refreshPartnerIds()
{
    m_partnerId->setText(m_ui.config->partnerId());
    const QString account = selectedAccountId();
    const QListWidgetItem *item = m_accounts->currentItem();
    m_accountPartnerId->setText(account.isEmpty() ? QString() : m_ui.config->partnerIdOverride(account));
    m_accountPartnerId->setPlaceholderText(m_ui.config->partnerId().isEmpty()
                                               ? tr("none set")
                                               : tr("%1 (for all accounts)").arg(m_ui.config->partnerId()));
    m_accountPartnerIdLabel->setText(item ? tr("For %1 only:").arg(item->data(Qt::UserRole + 1).toString())
                                          : tr("For the selected account:"));
    for (QWidget *w : {static_cast<QWidget *>(m_accountPartnerId), static_cast<QWidget *>(m_saveAccountPartnerId),
                       static_cast<QWidget *>(m_clearAccountPartnerId)})
        w->setEnabled(!account.isEmpty());
}

QWidget *SettingsPage::buildAccounts()
{
    auto *box = new QGroupBox(tr("Accounts"), this);
    auto *layout = new QVBoxLayout(box);
    m_keychain = plainText(new QLabel(box));
    m_keychain->setObjectName(QStringLiteral("keychainStatus"));
    m_keychain->setWordWrap(true);
    layout->addWidget(m_keychain);
    auto *row = new QHBoxLayout;
    m_accounts = new QListWidget(box);
    m_accounts->setObjectName(QStringLiteral("settingsAccounts"));
    nameScrollArea(m_accounts, tr("Signed-in accounts"));
    showFocusFrame(m_accounts);
    auto *buttons = new QVBoxLayout;
    m_signOut = button(tr("Sign &out"), QStringLiteral("signOutAccount"), tr("Sign out the selected account"), box);
    m_remove = button(tr("Remo&ve"), QStringLiteral("removeAccount"),
                      tr("Remove the selected account and what PAL Desk remembers about it"), box);
    buttons->addWidget(m_signOut);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    row->addWidget(m_accounts, 1);
    row->addLayout(buttons);
    layout->addLayout(row);
    connect(m_signOut, &QPushButton::clicked, this, [this] { signOut(false); });
    connect(m_remove, &QPushButton::clicked, this, [this] { signOut(true); });
    connect(m_accounts, &QListWidget::currentRowChanged, this, [this](int selected) {
        m_signOut->setEnabled(selected >= 0);
        m_remove->setEnabled(selected >= 0);
        refreshPartnerIds();
    });
    return box;
}

QWidget *SettingsPage::buildClouds()
{
    auto *box = new QGroupBox(tr("Clouds"), this);
    auto *layout = new QVBoxLayout(box);
    m_clouds = new QTableWidget(0, 4, box);
    m_clouds->setObjectName(QStringLiteral("cloudTable"));
    nameScrollArea(m_clouds, tr("Clouds"));
    m_clouds->setTabKeyNavigation(false); // Tab leaves the table; the arrow keys move inside it
    showFocusFrame(m_clouds);
    m_clouds->setHorizontalHeaderLabels({tr("Name"), tr("Sign-in endpoint"), tr("Resource Manager"), tr("Kind")});
    m_clouds->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clouds->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_clouds->setSelectionMode(QAbstractItemView::SingleSelection);
    m_clouds->verticalHeader()->hide();
    m_clouds->horizontalHeader()->setStretchLastSection(true);
    m_clouds->setColumnWidth(0, 160);
    m_clouds->setColumnWidth(1, 280);
    m_clouds->setColumnWidth(2, 280);
    m_clouds->setMinimumHeight(150);
    layout->addWidget(m_clouds);
    m_removeCloud = button(tr("&Unregister the selected cloud"), QStringLiteral("removeCloud"),
                           tr("Unregister the selected custom cloud"), box);
    layout->addWidget(m_removeCloud, 0, Qt::AlignLeft);
    connect(m_clouds, &QTableWidget::currentCellChanged, this, [this](int row) {
        const QTableWidgetItem *kind = row >= 0 ? m_clouds->item(row, 3) : nullptr;
        m_removeCloud->setEnabled(kind && kind->data(Qt::UserRole).toBool() == false);
    });
    connect(m_removeCloud, &QPushButton::clicked, this, &SettingsPage::removeCloud);

    auto *form = new QFormLayout;
    m_cloudName = field(QStringLiteral("cloudName"), tr("New cloud name"), tr("e.g. AzureStackHub"), box);
    m_cloudLogin =
        field(QStringLiteral("cloudLogin"), tr("New cloud sign-in endpoint"), tr("https://login.example.com"), box);
    m_cloudArm = field(QStringLiteral("cloudArm"), tr("New cloud Resource Manager endpoint"),
                       tr("https://management.example.com"), box);
    m_cloudScope = field(QStringLiteral("cloudScope"), tr("New cloud Resource Manager scope"),
                         tr("optional: the Resource Manager endpoint + /.default"), box);
    m_cloudPortal = field(QStringLiteral("cloudPortal"), tr("New cloud portal address"), tr("optional"), box);
    form->addRow(tr("Name:"), m_cloudName);
    form->addRow(tr("Sign-in endpoint:"), m_cloudLogin);
    form->addRow(tr("Resource Manager:"), m_cloudArm);
    form->addRow(tr("Scope:"), m_cloudScope);
    form->addRow(tr("Portal:"), m_cloudPortal);

    // Power Platform services, for the Attribution page; folded away, as most custom clouds have none.
    auto *powerPlatform = button(tr("Power Platform endpoints (optional)…"), QStringLiteral("cloudPowerPlatformToggle"),
                                 tr("Show the Power Platform endpoints and audiences of the new cloud"), box);
    powerPlatform->setCheckable(true);
    form->addRow(QString(), powerPlatform);
    m_cloudPowerPlatform = new QWidget(box);
    m_cloudPowerPlatform->setObjectName(QStringLiteral("cloudPowerPlatform"));
    auto *ppForm = new QFormLayout(m_cloudPowerPlatform);
    ppForm->setContentsMargins(0, 0, 0, 0);
    for (PowerPlatformService s : allPowerPlatformServices) {
        const QString key = CloudEnvironment::powerPlatformKey(s);
        const QString name = CloudEnvironment::powerPlatformServiceName(s);
        QLineEdit *endpoint =
            field(QStringLiteral("cloudPp_") + key, tr("New cloud %1 endpoint").arg(name),
                  tr("optional, e.g. %1").arg(CloudEnvironment::azureCloud().powerPlatformEndpoint(s).toString()),
                  m_cloudPowerPlatform);
        QLineEdit *audience = field(
            QStringLiteral("cloudPpAudience_") + key, tr("New cloud %1 token audience").arg(name),
            tr("optional; default %1").arg(CloudEnvironment::defaultPowerPlatformAudience(s)), m_cloudPowerPlatform);
        m_cloudPpEndpoints[size_t(s)] = endpoint;
        m_cloudPpAudiences[size_t(s)] = audience;
        ppForm->addRow(tr("%1:").arg(name), endpoint);
        ppForm->addRow(tr("%1 audience:").arg(name), audience);
    }
    m_cloudPowerPlatform->hide();
    form->addRow(QString(), m_cloudPowerPlatform);
    connect(powerPlatform, &QPushButton::toggled, m_cloudPowerPlatform, &QWidget::setVisible);

    m_addCloud = button(tr("&Register cloud"), QStringLiteral("addCloud"), tr("Register the custom cloud"), box);
    form->addRow(QString(), m_addCloud);
    layout->addLayout(form);
    connect(m_addCloud, &QPushButton::clicked, this, &SettingsPage::addCloud);
    return box;
}

QWidget *SettingsPage::buildClientId()
{
    auto *box = new QGroupBox(tr("Application (client) ID used to sign in"), this);
    auto *layout = new QVBoxLayout(box);
    // Reachable with Tab; Ctrl+C copies the default client ID.
    auto *note = new ValueLabel(QStringLiteral("defaultClientIdNote"), tr("Default client ID"), m_ui.interaction, box);
    note->setValue(tr("PAL Desk signs in as %1, a public client every directory already trusts for Azure "
                      "Resource Manager. Set your own multi-tenant app registration here if your policy "
                      "requires it; it applies to new sign-ins.")
                       .arg(defaultClientId()),
                   defaultClientId());
    note->setWordWrap(true);
    layout->addWidget(note);
    auto *row = new QHBoxLayout;
    m_clientId = field(QStringLiteral("clientIdField"), tr("Client ID"), defaultClientId(), box);
    auto *save = button(tr("&Save"), QStringLiteral("saveClientId"), tr("Save the client ID"), box);
    auto *reset = button(tr("Use the &default"), QStringLiteral("resetClientId"), tr("Use the default client ID"), box);
    row->addWidget(m_clientId, 1);
    row->addWidget(save);
    row->addWidget(reset);
    layout->addLayout(row);
    connect(save, &QPushButton::clicked, this, [this] {
        const QString id = m_clientId->text().trimmed();
        if (!id.isEmpty() && !isTenantGuid(id)) {
            m_message->showError(
                AzureError::make(AzureError::Kind::InvalidInput,
                                 tr("A client ID is a GUID like 00000000-0000-0000-0000-000000000000.")));
            return;
        }
        if (const Expected<Done> saved = m_ui.config->setClientId(id); !saved)
            m_message->showError(saved.error());
        else
            m_message->showSuccess(id.isEmpty() ? tr("New sign-ins use the default client ID.")
                                                : tr("New sign-ins use client ID %1.").arg(id));
    });
    connect(reset, &QPushButton::clicked, this, [this, save] {
        m_clientId->clear();
        save->click();
    });
    return box;
}

void SettingsPage::refresh()
{
    m_keychain->setText(m_ui.accounts->secretsPersist()
                            ? tr("Sign-ins are kept in your system keychain and survive a restart.")
                            : tr("%1 No system keychain is available: sign-ins last until PAL Desk closes, and "
                                 "nothing is remembered.")
                                  .arg(toneSymbol(Tone::Warning)));
    m_accounts->clear();
    for (const Account &a : m_ui.accounts->accounts()) {
        auto *item =
            new QListWidgetItem(tr("%1  (%2, %3 cloud, directory %4)")
                                    .arg(a.username, a.isServicePrincipal() ? tr("service principal") : tr("user"),
                                         a.cloudName, a.homeTenantId),
                                m_accounts);
        item->setData(Qt::UserRole, a.id);
        item->setData(Qt::UserRole + 1, a.username.isEmpty() ? a.id : a.username);
    }
    m_accounts->setFixedHeight(qBound(60, m_accounts->count() * 26 + 10, 120));
    m_signOut->setEnabled(false);
    m_remove->setEnabled(false);
    if (m_accounts->count() > 0)
        m_accounts->setCurrentRow(0);
    refreshClouds();
    m_clientId->setText(m_ui.config->clientId());
    refreshPartnerIds();
}

void SettingsPage::refreshClouds()
{
    m_clouds->setRowCount(0);
    for (const CloudEnvironment &c : m_ui.config->clouds()) {
        const int row = m_clouds->rowCount();
        m_clouds->insertRow(row);
        m_clouds->setItem(row, 0, new QTableWidgetItem(c.name));
        m_clouds->setItem(row, 1, new QTableWidgetItem(c.loginEndpoint.toString()));
        m_clouds->setItem(row, 2, new QTableWidgetItem(c.resourceManagerEndpoint.toString()));
        auto *kind = new QTableWidgetItem(c.builtIn ? tr("built-in") : tr("custom"));
        kind->setData(Qt::UserRole, c.builtIn);
        m_clouds->setItem(row, 3, kind);
    }
    m_removeCloud->setEnabled(false);
}

void SettingsPage::addCloud()
{
    Expected<CloudEnvironment> cloud = CloudEnvironment::create(
        m_cloudName->text().trimmed(), m_cloudLogin->text().trimmed(), m_cloudArm->text().trimmed(),
        m_cloudScope->text().trimmed(), m_cloudPortal->text().trimmed());
    if (cloud) {
        QJsonObject endpoints;
        QJsonObject audiences;
        for (PowerPlatformService s : allPowerPlatformServices) {
            const QString key = CloudEnvironment::powerPlatformKey(s);
            if (const QString e = m_cloudPpEndpoints[size_t(s)]->text().trimmed(); !e.isEmpty())
                endpoints.insert(key, e);
            if (const QString a = m_cloudPpAudiences[size_t(s)]->text().trimmed(); !a.isEmpty())
                audiences.insert(key, a);
        }
        cloud = cloud->withPowerPlatform(endpoints, audiences);
    }
    if (!cloud) {
        // A host that would receive Microsoft tokens not meant for it: say where they belong.
        m_message->showError(cloud.error(),
                             cloud.error().code == QLatin1String("ForeignTokenAudience")
                                 ? tr("The cloud was not registered: PAL Desk does not send Microsoft tokens to a "
                                      "host that is not the service's own. Use the service's endpoint (or, if you "
                                      "trust that host, palctl cloud register --force).")
                                 : tr("The cloud was not registered."));
        return;
    }
    // Registering a cloud again changes where its accounts sign in: say which, and ask first. Accounts
    // whose saved copy differs (an earlier version's, one edited by hand) take this one too.
    const std::optional<CloudEnvironment> existing = m_ui.config->cloud(cloud->name);
    const bool changed = existing && existing->toJson() != cloud->toJson();
    QList<Account> using_;
    if (!existing || !existing->builtIn)
        for (const Account &a : m_ui.accounts->accountsOnCloud(cloud->name))
            if (changed || a.cloudDefinition != cloud->toJson())
                using_ << a;
    if (!using_.isEmpty()) {
        QStringList names;
        for (const Account &a : using_)
            names << (a.username.isEmpty() ? a.id : a.username);
        if (!m_ui.interaction->confirm(this, tr("Register the cloud again?"),
                                       tr("The cloud %1 is used by %2. Registering it again with these endpoints "
                                          "changes where those accounts sign in; they may need to sign in again.")
                                           .arg(cloud->name, names.join(QStringLiteral(", "))),
                                       tr("Register again")))
            return;
    }
    Expected<Done> added = m_ui.config->registerCloud(*cloud);
    if (added && !using_.isEmpty())
        added = m_ui.accounts->updateCloud(*m_ui.config->cloud(cloud->name));
    if (!added) {
        m_message->showError(added.error(), tr("The cloud was not registered."));
        return;
    }
    for (QLineEdit *e : {m_cloudName, m_cloudLogin, m_cloudArm, m_cloudScope, m_cloudPortal})
        e->clear();
    for (QLineEdit *e : m_cloudPpEndpoints)
        e->clear();
    for (QLineEdit *e : m_cloudPpAudiences)
        e->clear();
    m_message->showSuccess(tr("Cloud %1 registered. Choose it on the sign-in page.").arg(cloud->name));
}

void SettingsPage::removeCloud()
{
    const int row = m_clouds->currentRow();
    if (row < 0)
        return;
    const QString name = m_clouds->item(row, 0)->text();
    if (!m_ui.interaction->confirm(this, tr("Unregister the cloud?"),
                                   tr("Unregister the cloud %1? Accounts in it can no longer be used.").arg(name),
                                   tr("Unregister")))
        return;
    if (const Expected<Done> removed = m_ui.config->unregisterCloud(name); !removed) {
        m_message->showError(removed.error(), tr("The cloud was not unregistered."));
        return;
    }
    m_message->showSuccess(tr("Cloud %1 unregistered.").arg(name));
}

void SettingsPage::signOut(bool forget)
{
    const QListWidgetItem *item = m_accounts->currentItem();
    if (!item)
        return;
    const QString id = item->data(Qt::UserRole).toString();
    const QString who = item->text();
    const bool sure = m_ui.interaction->confirm(
        this, forget ? tr("Remove the account?") : tr("Sign out?"),
        forget
            ? tr("Remove %1? Its sign-in is deleted from the keychain, and PAL Desk forgets its directories.").arg(who)
            : tr("Sign out %1? Its sign-in is deleted from the keychain.").arg(who),
        forget ? tr("Remove") : tr("Sign out"));
    if (!sure)
        return;
    if (m_ui.workspace->account() && m_ui.workspace->account()->id == id)
        m_ui.workspace->closeAccount();
    m_signOut->setEnabled(false);
    m_remove->setEnabled(false);
    m_ui.accounts->signOut(id, this, [this, id, forget, who](const Expected<Done> &r) {
        if (forget)
            if (const Expected<Done> forgotten = m_ui.config->forgetAccount(id); !forgotten)
                m_message->showError(forgotten.error(), tr("PAL Desk could not forget the account's settings."));
        if (r)
            m_message->showSuccess(forget ? tr("Removed %1.").arg(who) : tr("Signed out %1.").arg(who));
        else
            m_message->showError(r.error(), tr("Signing out did not finish."));
        refresh();
        Q_EMIT accountSignedOut(id);
    });
}

} // namespace pal
