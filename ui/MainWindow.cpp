#include "MainWindow.h"

#include "Accessibility.h"
#include "AccountManager.h"
#include "AppConfig.h"
#include "AttributionGuide.h"
#include "AttributionPage.h"
#include "DirectorySwitcher.h"
#include "FleetView.h"
#include "HistoryPage.h"
#include "LinkBlade.h"
#include "PlainText.h"
#include "SettingsPage.h"
#include "SignInPage.h"
#include "StateStyle.h"
#include "UiLogging.h"
#include "ValidationView.h"
#include "Workspace.h"

#include <QCloseEvent>
#include <QDir>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QShortcut>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace pal {

namespace {

// Window geometry only; never a secret.
QString windowSettingsPath(const AppConfig *config)
{
    return QDir(config->directory()).filePath(QStringLiteral("window.ini"));
}

// The pages that show an open account's directories: off while none is open.
constexpr MainWindow::Page AccountPages[] = {MainWindow::Link, MainWindow::Validation, MainWindow::Fleet,
                                             MainWindow::Attribution};

} // namespace

MainWindow::MainWindow(const UiContext &ui, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("PAL Desk"));
    auto *central = new QWidget(this);
    setCentralWidget(central);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_banner = plainText(new QLabel(central));
    m_banner->setObjectName(QStringLiteral("keychainBanner"));
    m_banner->setWordWrap(true);
    m_banner->setText(tr("%1  No system keychain is available. You can sign in and work, but nothing will be "
                         "remembered: you will sign in again next time.")
                          .arg(toneSymbol(Tone::Warning)));
    styleBadge(m_banner, Tone::Warning);
    m_banner->setStyleSheet(
        m_banner->styleSheet().replace(QLatin1String("border-radius: 4px"), QLatin1String("border-radius: 0px")));
    m_banner->setAccessibleName(m_banner->text());
    m_banner->setVisible(!m_ui.accounts->secretsPersist());
    // The keychain is probed after the window appears; a keychain that does not answer shows here.
    connect(m_ui.accounts, &AccountManager::secretStoreChanged, m_banner,
            [this] { m_banner->setVisible(!m_ui.accounts->secretsPersist()); });
    layout->addWidget(m_banner);

    m_switcher = new DirectorySwitcher(m_ui, central);
    layout->addWidget(m_switcher);
    connect(m_switcher, &DirectorySwitcher::signInToDirectoryRequested, this,
            [this](const QString &tenantId, const QString &reason) {
                const std::optional<CloudEnvironment> cloud = m_ui.workspace->cloud();
                m_signIn->prepareDirectorySignIn(cloud ? cloud->name : QString(), tenantId, reason);
                m_switcher->closePicker();
                showPage(SignIn);
            });
    auto *line = new QFrame(central);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);

    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    m_nav = new QListWidget(central);
    m_nav->setObjectName(QStringLiteral("navigation"));
    nameScrollArea(m_nav, tr("Pages"));
    m_nav->setFixedWidth(200);
    m_nav->setFrameShape(QFrame::NoFrame);
    showFocusFrame(m_nav, false); // else its current page looks the same focused or not
    m_nav->setSpacing(2);
    for (const QString &name : {tr("Sign in"), tr("Link to a partner ID"), tr("Validation"), tr("All directories"),
                                tr("Attribution"), tr("History"), tr("Attribution guide"), tr("Settings")}) {
        auto *item = new QListWidgetItem(name, m_nav);
        item->setSizeHint(QSize(0, 34));
    }
    body->addWidget(m_nav);
    auto *separator = new QFrame(central);
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);
    body->addWidget(separator);

    m_pages = new QStackedWidget(central);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_signIn = new SignInPage(m_ui, m_pages); // the first frame's page; the others: buildPages()
    m_pages->addWidget(m_signIn);
    body->addWidget(m_pages, 1);
    layout->addLayout(body, 1);

    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row != SignIn)
            buildPages();
        m_pages->setCurrentIndex(row);
    });
    // Ctrl+1… opens the n-th page from anywhere; the focus goes to its name in the list, where a
    // screen reader says which page it is and Tab goes on into it.
    for (int page = 0; page < PageCount && page < 9; ++page) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)), this);
        connect(shortcut, &QShortcut::activated, this, [this, page] {
            if (!(m_nav->item(page)->flags() & Qt::ItemIsEnabled))
                return;
            showPage(Page(page));
            m_nav->setFocus(Qt::ShortcutFocusReason);
        });
        m_nav->item(page)->setToolTip(tr("Ctrl+%1").arg(page + 1));
    }
    connect(m_signIn, &SignInPage::signedIn, this, &MainWindow::onSignedIn);
    connect(m_signIn, &SignInPage::accountChosen, this, &MainWindow::openAccount);
    // The pages follow the configuration, whoever changed it (this window, or palctl meanwhile).
    connect(m_ui.config, &AppConfig::cloudsChanged, m_signIn, &SignInPage::refresh);
    connect(m_ui.accounts, &AccountManager::accountsChanged, this, [this] {
        m_signIn->refresh();
        if (m_settings)
            m_settings->refresh();
    });
    connect(m_ui.workspace, &Workspace::accountChanged, this, [this] {
        updateNavigation();
        // Signed out (here or by another process): the pages of an account have nothing to show.
        if (!m_ui.workspace->hasAccount() && std::ranges::count(AccountPages, currentPage()) > 0)
            showPage(SignIn);
    });

    resize(1180, 780);
    QSettings settings(windowSettingsPath(m_ui.config), QSettings::IniFormat);
    if (const QByteArray geometry = settings.value(QStringLiteral("geometry")).toByteArray(); !geometry.isEmpty())
        restoreGeometry(geometry);
    updateNavigation();
    showPage(SignIn);
}

void MainWindow::paintEvent(QPaintEvent *event)
{
    QMainWindow::paintEvent(event);
    // The first frame is on its way to the screen: the other pages follow in the next turn.
    if (!m_buildPosted && !m_link) {
        m_buildPosted = true;
        QTimer::singleShot(0, this, &MainWindow::buildPages);
    }
}

void MainWindow::buildPages()
{
    if (m_link)
        return;
    m_link = new LinkBlade(m_ui, m_pages);
    m_validation = new ValidationView(m_ui, m_pages);
    m_fleet = new FleetView(m_ui, m_pages);
    m_attribution = new AttributionPage(m_ui, m_pages);
    m_history = new HistoryPage(m_ui, m_pages);
    m_guide = new AttributionGuide(m_ui, m_pages);
    m_settings = new SettingsPage(m_ui, m_pages);
    for (QWidget *page :
         {static_cast<QWidget *>(m_link), static_cast<QWidget *>(m_validation), static_cast<QWidget *>(m_fleet),
          static_cast<QWidget *>(m_attribution), static_cast<QWidget *>(m_history), static_cast<QWidget *>(m_guide),
          static_cast<QWidget *>(m_settings)})
        m_pages->addWidget(page);

    connect(m_validation, &ValidationView::linkRequested, this, [this] {
        showPage(Link);
        m_link->focusField();
    });
    connect(m_settings, &SettingsPage::accountSignedOut, this, [this] {
        m_signIn->refresh();
        if (!m_ui.workspace->hasAccount())
            showPage(SignIn);
    });
}

void MainWindow::start()
{
    buildPages();
    const QString remembered = m_ui.config->currentAccountId();
    const std::optional<Account> account = m_ui.accounts->account(remembered);
    if (account && m_ui.config->cloud(account->cloudName))
        openAccount(remembered);
    else
        showPage(SignIn);
}

void MainWindow::showPage(Page page)
{
    if (page != SignIn)
        buildPages();
    m_nav->setCurrentRow(int(page));
    m_pages->setCurrentIndex(int(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pages->currentIndex());
}

void MainWindow::openAccount(const QString &accountId)
{
    buildPages(); // they follow the account from its first signal on
    m_ui.workspace->openAccount(accountId);
    if (m_ui.workspace->hasAccount())
        showPage(Link);
}

void MainWindow::onSignedIn(const Account &account, const QString &tenant)
{
    buildPages();
    // A sign-in to one directory (after MFA was asked for) opens that directory.
    // Not saved (the folder is not writable): the directory still opens, for this session.
    if (!tenant.isEmpty() && isTenantGuid(tenant))
        if (const Expected<Done> saved = m_ui.config->setCurrentDirectory(account.id, tenant); !saved)
            qCWarning(lcUi) << "the current directory was not saved:" << saved.error().message;
    if (m_ui.workspace->account() && m_ui.workspace->account()->id == account.id && !tenant.isEmpty()) {
        m_ui.workspace->switchDirectory(tenant);
        showPage(Link);
        return;
    }
    openAccount(account.id);
}

void MainWindow::updateNavigation()
{
    const bool open = m_ui.workspace->hasAccount();
    m_switcher->setVisible(open);
    for (Page page : AccountPages) {
        QListWidgetItem *item = m_nav->item(int(page));
        item->setFlags(open ? (item->flags() | Qt::ItemIsEnabled) : (item->flags() & ~Qt::ItemIsEnabled));
    }
    m_nav->item(int(SignIn))->setText(open ? tr("Accounts") : tr("Sign in"));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings(windowSettingsPath(m_ui.config), QSettings::IniFormat);
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace pal
