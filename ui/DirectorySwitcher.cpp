#include "DirectorySwitcher.h"

#include "Accessibility.h"
#include "AzureError.h"
#include "DirectoryTableModel.h"
#include "InlineMessage.h"
#include "OverlayPanel.h"
#include "PlainText.h"
#include "StateStyle.h"
#include "ValueLabel.h"
#include "Workspace.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTreeView>
#include <QVBoxLayout>

namespace pal {

namespace {

// Why Entra wants the user, in words (codes from Entra's error reference).
QString whyInteraction(const AzureError &error)
{
    const QString code = error.code + QLatin1Char(' ') + error.message;
    if (code.contains(QLatin1String("50076")) || code.contains(QLatin1String("50079")))
        return QObject::tr("this directory requires multi-factor authentication");
    if (code.contains(QLatin1String("53003")) || code.contains(QLatin1String("53000")) ||
        code.contains(QLatin1String("50158")))
        return QObject::tr("a conditional access policy of this directory asks for it");
    if (code.contains(QLatin1String("65001")))
        return QObject::tr("the application needs consent in this directory");
    if (code.contains(QLatin1String("50173")) || code.contains(QLatin1String("70043")) ||
        code.contains(QLatin1String("700082")))
        return QObject::tr("your earlier sign-in expired or was revoked");
    return QObject::tr("Entra ID asks you to sign in again");
}

} // namespace

DirectorySwitcher::DirectorySwitcher(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("directorySwitcher"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);

    auto *bar = new QHBoxLayout;
    auto *texts = new QVBoxLayout;
    texts->setSpacing(0);
    m_name = new ValueLabel(QStringLiteral("currentDirectoryName"), tr("Current directory"), m_ui.interaction, this);
    styleTitle(m_name, 1.25);
    m_details = new ValueLabel(QStringLiteral("currentDirectoryDetails"), tr("Directory domain and ID"),
                               m_ui.interaction, this);
    texts->addWidget(m_name);
    texts->addWidget(m_details);
    bar->addLayout(texts, 1);
    m_account = plainText(new QLabel(this));
    m_account->setObjectName(QStringLiteral("currentAccount"));
    m_account->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    bar->addWidget(m_account);
    m_toggle = new QPushButton(tr("S&witch directory"), this);
    m_toggle->setObjectName(QStringLiteral("switchDirectoryButton"));
    m_toggle->setAccessibleName(tr("Switch directory"));
    m_toggle->setToolTip(tr("Switch directory (Ctrl+D)"));
    m_toggle->setCheckable(true);
    bar->addWidget(m_toggle);
    layout->addLayout(bar);

    // The list floats over the page below (a sibling laid on top), so opening it moves nothing.
    QWidget *host = parent ? parent : this;
    m_picker = new OverlayPanel(host); // Tab stays inside while it is open; Escape leaves
    m_picker->setObjectName(QStringLiteral("directoryPicker"));
    if (host != this)
        host->installEventFilter(this);
    auto *pickerLayout = new QVBoxLayout(m_picker);
    auto *filterRow = new QHBoxLayout;
    m_filter = new QLineEdit(m_picker);
    m_filter->setObjectName(QStringLiteral("directoryFilter"));
    m_filter->setAccessibleName(tr("Filter directories by name, domain or ID"));
    m_filter->setPlaceholderText(tr("Search by name, domain or directory ID"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    m_count = plainText(new QLabel(m_picker));
    m_count->setObjectName(QStringLiteral("directoryCount"));
    m_reload = new QPushButton(tr("Reload"), m_picker);
    m_reload->setObjectName(QStringLiteral("reloadDirectories"));
    m_reload->setAccessibleName(tr("Reload the list of directories"));
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_count);
    filterRow->addWidget(m_reload);
    pickerLayout->addLayout(filterRow);

    m_model = new DirectoryTableModel(m_ui.workspace, this);
    m_proxy = new DirectoryFilterModel(m_ui.workspace, this);
    m_proxy->setSourceModel(m_model);
    m_list = new QTreeView(m_picker);
    m_list->setObjectName(QStringLiteral("directoryList"));
    nameScrollArea(m_list, tr("Directories"));
    showFocusFrame(m_list);
    m_list->setModel(m_proxy);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAllColumnsShowFocus(true);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->header()->setStretchLastSection(true);
    m_list->setColumnWidth(DirectoryTableModel::Name, 240);
    m_list->setColumnWidth(DirectoryTableModel::Domain, 240);
    m_list->setColumnWidth(DirectoryTableModel::Id, 290);
    m_list->setMinimumHeight(120);
    m_list->setMaximumHeight(230);
    m_list->installEventFilter(this);
    pickerLayout->addWidget(m_list);

    auto *messageRow = new QHBoxLayout;
    m_message = new InlineMessage(QStringLiteral("switchMessage"), m_ui.interaction, m_picker);
    m_signInThere = new QPushButton(tr("Sign in to this directory"), m_picker);
    m_signInThere->setObjectName(QStringLiteral("signInToDirectory"));
    m_signInThere->setAccessibleName(tr("Sign in to this directory"));
    m_signInThere->hide();
    messageRow->addWidget(m_message, 1);
    messageRow->addWidget(m_signInThere, 0, Qt::AlignVCenter);
    pickerLayout->addLayout(messageRow);
    if (host == this)
        layout->addWidget(m_picker);
    m_picker->hide();

    connect(m_toggle, &QPushButton::toggled, this, [this](bool on) { on ? openPicker() : closePicker(); });
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_D), this);
    shortcut->setContext(Qt::WindowShortcut);
    connect(shortcut, &QShortcut::activated, this, [this] { isPickerOpen() ? closePicker() : openPicker(); });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterText(text);
        m_count->setText(tr("%n shown", nullptr, m_proxy->rowCount()));
        if (m_proxy->rowCount() > 0)
            m_list->setCurrentIndex(m_proxy->index(0, 0));
    });
    connect(m_list, &QTreeView::activated, this, &DirectorySwitcher::switchTo);
    connect(m_reload, &QPushButton::clicked, this, [this] { m_ui.workspace->refreshDirectories(); });
    connect(m_signInThere, &QPushButton::clicked, this,
            [this] { Q_EMIT signInToDirectoryRequested(m_interactionTenant, m_interactionReason); });

    Workspace *ws = m_ui.workspace;
    connect(ws, &Workspace::accountChanged, this, &DirectorySwitcher::updateCurrent);
    connect(ws, &Workspace::currentDirectoryChanged, this, [this] {
        updateCurrent();
        if (m_ui.workspace->switchingTo().isEmpty() && !m_message->error()) {
            m_message->clear();
            if (isPickerOpen())
                closePicker();
        }
    });
    connect(ws, &Workspace::directoriesChanged, this, [this] {
        updateCurrent();
        m_count->setText(m_ui.workspace->isLoadingDirectories() ? tr("Loading…")
                                                                : tr("%n shown", nullptr, m_proxy->rowCount()));
    });
    connect(ws, &Workspace::directoriesFailed, this, [this](const AzureError &error) {
        m_message->showError(error, tr("The list of directories could not be read."));
    });
    connect(ws, &Workspace::switchStarted, this, [this](const QString &tenantId) {
        const std::optional<Directory> d = m_ui.workspace->directory(tenantId);
        m_signInThere->hide();
        m_message->showInfo(tr("Switching to %1…").arg(d ? d->label() : tenantId));
        if (isPickerOpen())
            placePicker();
    });
    connect(ws, &Workspace::switchFailed, this, &DirectorySwitcher::onSwitchFailed);
    updateCurrent();
}

void DirectorySwitcher::updateCurrent()
{
    Workspace *ws = m_ui.workspace;
    const std::optional<Directory> d = ws->currentDirectory();
    if (!d) {
        m_name->setValue(ws->hasAccount() ? tr("Opening your directory…") : tr("Not signed in"));
        m_details->setValue({});
    } else {
        m_name->setValue(d->displayName.isEmpty() ? tr("Directory") : d->displayName);
        // Ctrl+C on the line copies the id, the part a user quotes.
        m_details->setValue(d->defaultDomain.isEmpty()
                                ? tr("Directory ID %1").arg(d->tenantId)
                                : tr("%1  ·  Directory ID %2").arg(d->defaultDomain, d->tenantId),
                            d->tenantId);
    }
    if (const std::optional<Account> &account = ws->account()) {
        const QString who = account->isServicePrincipal() ? tr("Service principal %1").arg(account->username)
                                                          : tr("Signed in as %1").arg(account->username);
        m_account->setText(tr("%1\n%2 cloud").arg(who, account->cloudName));
    } else {
        m_account->clear();
    }
    m_account->setAccessibleName(m_account->text());
}

void DirectorySwitcher::placePicker()
{
    QWidget *host = m_picker->parentWidget();
    if (host == this)
        return;
    const QPoint topLeft = mapTo(host, QPoint(12, height() - 4));
    const int available = host->height() - topLeft.y() - 12;
    m_picker->setGeometry(topLeft.x(), topLeft.y(), width() - 24,
                          qMax(160, qMin(available, m_picker->sizeHint().height())));
}

void DirectorySwitcher::hideEvent(QHideEvent *event)
{
    closePicker();
    QWidget::hideEvent(event);
}

void DirectorySwitcher::openPicker()
{
    placePicker();
    m_picker->show();
    m_picker->raise();
    m_toggle->setChecked(true);
    m_filter->clear();
    m_proxy->setFilterText({});
    m_count->setText(tr("%n shown", nullptr, m_proxy->rowCount()));
    const QString current = m_ui.workspace->currentDirectoryId();
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(DirectoryTableModel::TenantIdRole).toString() == current)
            m_list->setCurrentIndex(index);
    }
    m_filter->setFocus();
}

void DirectorySwitcher::closePicker()
{
    m_picker->hide();
    m_toggle->setChecked(false);
    m_signInThere->hide();
    m_message->clear();
}

bool DirectorySwitcher::isPickerOpen() const
{
    return !m_picker->isHidden();
}

void DirectorySwitcher::switchTo(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    const QString tenantId = proxyIndex.data(DirectoryTableModel::TenantIdRole).toString();
    if (tenantId == m_ui.workspace->currentDirectoryId()) {
        closePicker();
        return;
    }
    m_ui.workspace->switchDirectory(tenantId);
}

void DirectorySwitcher::onSwitchFailed(const QString &tenantId, const AzureError &error)
{
    const std::optional<Directory> d = m_ui.workspace->directory(tenantId);
    const QString name = d ? d->label() : tenantId;
    if (!isPickerOpen())
        openPicker();
    if (error.kind == AzureError::Kind::InteractionRequired) {
        m_interactionTenant = tenantId;
        m_interactionReason = tr("To open %1, sign in to it again: %2.").arg(name, whyInteraction(error));
        QString sentence =
            tr("%1 asks you to sign in again before PAL Desk can open it: %2.").arg(name, whyInteraction(error));
        if (!error.code.isEmpty())
            sentence += QStringLiteral(" (%1)").arg(error.code);
        m_message->showProblem(sentence, error);
        m_signInThere->setText(tr("Sign in to %1").arg(d && !d->displayName.isEmpty() ? d->displayName : tenantId));
        m_signInThere->show();
        m_signInThere->setFocus();
        placePicker();
    } else {
        m_signInThere->hide();
        m_message->showError(error, tr("Could not open %1.").arg(name));
        placePicker();
    }
}

bool DirectorySwitcher::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && watched == m_picker->parentWidget() && isPickerOpen())
        placePicker();
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (key->key() == Qt::Key_Escape) {
        closePicker();
        m_toggle->setFocus();
        return true;
    }
    if (watched == m_filter) {
        if (key->key() == Qt::Key_Down) {
            m_list->setFocus();
            if (!m_list->currentIndex().isValid() && m_proxy->rowCount() > 0)
                m_list->setCurrentIndex(m_proxy->index(0, 0));
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            switchTo(m_list->currentIndex().isValid() ? m_list->currentIndex() : m_proxy->index(0, 0));
            return true;
        }
    }
    if (watched == m_list && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
        switchTo(m_list->currentIndex());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace pal
