#pragma once
// MainWindow: assembles the pages and nothing more. A navigation list on the left (Sign in, Link
// to a partner ID, Validation, All directories, Attribution, History, Attribution guide, Settings), the
// directory switcher across the top once an account is open, a plain banner when no keychain is
// available, and the page on the right. It remembers its size (QSettings in the config folder,
// never a secret); the account and directory are remembered by AppConfig through Workspace.
// Keyboard: Ctrl+1… opens the n-th page, Ctrl+D the directory switcher, and Tab walks every page
// (tests/ui/KeyboardWalk checks it for each).
// Start-up: the first frame shows the sign-in page only; the other pages are built right after it,
// or at once when something needs one first (showPage(), start(), an account opening, the
// navigation list).

#include "UiContext.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace pal {

class AttributionGuide;
class AttributionPage;
class DirectorySwitcher;
class FleetView;
class HistoryPage;
class LinkBlade;
class SettingsPage;
class SignInPage;
class ValidationView;
struct Account;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    enum Page { SignIn, Link, Validation, Fleet, Attribution, History, Guide, Settings, PageCount };

    explicit MainWindow(const UiContext &ui, QWidget *parent = nullptr);

    // Opens the remembered account when there is one (else the sign-in page).
    void start();
    void showPage(Page page);
    Page currentPage() const;

    SignInPage *signInPage() const { return m_signIn; }
    DirectorySwitcher *directorySwitcher() const { return m_switcher; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void buildPages();
    void onSignedIn(const Account &account, const QString &tenant);
    void openAccount(const QString &accountId);
    void updateNavigation();

    UiContext m_ui;
    QLabel *m_banner;
    QListWidget *m_nav;
    QStackedWidget *m_pages;
    SignInPage *m_signIn;
    DirectorySwitcher *m_switcher;
    // Built by buildPages():
    LinkBlade *m_link = nullptr;
    ValidationView *m_validation = nullptr;
    FleetView *m_fleet = nullptr;
    AttributionPage *m_attribution = nullptr;
    HistoryPage *m_history = nullptr;
    AttributionGuide *m_guide = nullptr;
    SettingsPage *m_settings = nullptr;
    bool m_buildPosted = false;
};

} // namespace pal
