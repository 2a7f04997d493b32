#include "ScreenshotTour.h"

#include "AppConfig.h"
#include "AttributionPage.h"
#include "DirectorySwitcher.h"
#include "MainWindow.h"
#include "SignInPage.h"
#include "Workspace.h"

#include <QAbstractItemView>
#include <QDir>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QScrollArea>

Q_LOGGING_CATEGORY(lcTour, "paldesk.tour")

using namespace pal;

namespace {
const char *const Woodgrove = "6d7b1f73-9e4c-4a28-b936-0f5e3c8a2d05"; // demands MFA in the default scenario
const char *const Adventure = "4b1e7f58-2c6a-4e93-b7d4-8c3f1a6e0d03"; // linked to 7654321 in the default scenario
const char *const Home = "7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d";      // apps, flows and datasets of both kinds
} // namespace

ScreenshotTour::ScreenshotTour(MainWindow *window, const UiContext &ui, QString directory, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_ui(ui)
    , m_directory(std::move(directory))
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        m_waitedMs += m_poll.interval();
        if (m_ready && m_ready()) {
            m_poll.stop();
            m_ready = {};
            QTimer::singleShot(400, this, &ScreenshotTour::next); // let the layout settle before grabbing
        } else if (m_waitedMs > 20'000) {
            m_poll.stop();
            qCCritical(lcTour) << "gave up waiting for" << m_waitingFor;
            Q_EMIT finished(1);
        }
    });
}

template <typename T> T *ScreenshotTour::find(const char *name) const
{
    T *w = m_window->findChild<T *>(QLatin1String(name));
    if (!w)
        qCCritical(lcTour) << "no widget named" << name;
    return w;
}

void ScreenshotTour::waitFor(const QString &what, std::function<bool()> ready)
{
    m_waitingFor = what;
    m_ready = std::move(ready);
    m_waitedMs = 0;
    m_poll.start();
}

void ScreenshotTour::shoot(const QString &name)
{
    const QString path = QDir(m_directory).filePath(name + QStringLiteral(".png"));
    if (!m_window->grab().save(path))
        qCCritical(lcTour) << "could not save" << path;
    else
        qCInfo(lcTour) << "saved" << path;
}

void ScreenshotTour::next()
{
    if (m_index >= m_steps.size()) {
        Q_EMIT finished(0);
        return;
    }
    m_steps[m_index++]();
}

void ScreenshotTour::start()
{
    QDir().mkpath(m_directory);
    Workspace *ws = m_ui.workspace;
    auto settled = [ws] {
        return !ws->currentDirectoryId().isEmpty() && !ws->currentLinkState().isPending() && !ws->isBusy();
    };
    auto pick = [this](const QString &filter) {
        m_window->directorySwitcher()->openPicker();
        find<QLineEdit>("directoryFilter")->setText(filter);
    };

    m_steps = {
        [this] {
            // "My partner ID" set, so the validation view gives its three answers: yours, another, none.
            if (const auto set = m_ui.config->setPartnerId(QStringLiteral("1234567")); !set)
                qCWarning(lcTour) << "my partner ID not set:" << set.error().message;
            m_window->showPage(MainWindow::SignIn);
            waitFor(QStringLiteral("the sign-in page"), [] { return true; });
        },
        [this, ws, settled] {
            shoot(QStringLiteral("sign-in"));
            m_window->signInPage()->startSandbox();
            waitFor(QStringLiteral("the sandbox sign-in"), [ws, settled] { return ws->hasAccount() && settled(); });
        },
        [this] {
            shoot(QStringLiteral("link-blade"));
            find<QLineEdit>("partnerIdField")->setText(QStringLiteral("12-34"));
            waitFor(QStringLiteral("validation"), [] { return true; });
        },
        [this, ws] {
            shoot(QStringLiteral("link-blade-invalid"));
            find<QLineEdit>("partnerIdField")->setText(QStringLiteral("1234567"));
            find<QPushButton>("linkButton")->click();
            waitFor(QStringLiteral("the link"), [ws] { return !ws->isBusy() && ws->currentLinkState().isLinked(); });
        },
        [this] {
            shoot(QStringLiteral("link-blade-linked"));
            m_window->showPage(MainWindow::Validation);
            waitFor(QStringLiteral("the validation view"), [] { return true; });
        },
        [this, pick] {
            shoot(QStringLiteral("validation-linked"));
            pick(QStringLiteral("tr"));
            waitFor(QStringLiteral("the filtered list"), [] { return true; });
        },
        [this, ws, pick] {
            shoot(QStringLiteral("directory-switcher"));
            pick(QStringLiteral("woodgrove"));
            ws->switchDirectory(QLatin1String(Woodgrove));
            waitFor(QStringLiteral("the MFA answer"), [this] {
                auto *button = m_window->findChild<QPushButton *>(QStringLiteral("signInToDirectory"));
                return button && button->isVisible();
            });
        },
        [this, ws, settled] {
            shoot(QStringLiteral("directory-mfa"));
            m_window->directorySwitcher()->closePicker();
            ws->switchDirectory(QLatin1String(Adventure));
            waitFor(QStringLiteral("Adventure Works"),
                    [ws, settled] { return ws->currentDirectoryId() == QLatin1String(Adventure) && settled(); });
        },
        [this] {
            m_window->showPage(MainWindow::Validation);
            waitFor(QStringLiteral("the validation view"), [] { return true; });
        },
        [this] {
            shoot(QStringLiteral("validation-other-partner"));
            m_window->showPage(MainWindow::Link);
            find<QLineEdit>("partnerIdField")->setText(QStringLiteral("1234567"));
            waitFor(QStringLiteral("the change form"), [] { return true; });
        },
        [this, ws] {
            shoot(QStringLiteral("link-blade-change"));
            find<QPushButton>("changeButton")->click();
            waitFor(QStringLiteral("the change"), [ws] {
                const LinkState s = ws->currentLinkState();
                return !ws->isBusy() && s.link && s.link->partnerId == QLatin1String("1234567");
            });
        },
        [this, ws] {
            shoot(QStringLiteral("link-blade-changed"));
            find<QPushButton>("removeLink")->click(); // TourInteraction confirms
            waitFor(QStringLiteral("the removal"),
                    [ws] { return !ws->isBusy() && ws->currentLinkState().kind == LinkState::Kind::NotLinked; });
        },
        [this] {
            shoot(QStringLiteral("link-blade-removed"));
            m_window->showPage(MainWindow::Validation);
            waitFor(QStringLiteral("the validation view"), [] { return true; });
        },
        [this] {
            shoot(QStringLiteral("validation-not-linked"));
            m_window->showPage(MainWindow::Fleet);
            find<QPushButton>("verifyAll")->click();
            waitFor(QStringLiteral("verify all"), [this] {
                auto *cancel = m_window->findChild<QPushButton *>(QStringLiteral("cancelVerifyAll"));
                return cancel && !cancel->isEnabled();
            });
        },
        [this, pick] {
            shoot(QStringLiteral("fleet"));
            pick(QString());
            waitFor(QStringLiteral("the directory list"), [] { return true; });
        },
        [this, ws, settled] {
            shoot(QStringLiteral("directory-switcher-statuses"));
            m_window->directorySwitcher()->closePicker();
            ws->switchDirectory(QLatin1String(Home));
            waitFor(QStringLiteral("Contoso Partner"),
                    [ws, settled] { return ws->currentDirectoryId() == QLatin1String(Home) && settled(); });
        },
        [this] {
            m_window->showPage(MainWindow::History);
            waitFor(QStringLiteral("the history"), [] { return true; });
        },
        [this] {
            shoot(QStringLiteral("history"));
            m_window->showPage(MainWindow::Attribution);
            waitFor(QStringLiteral("the attribution check"), [this] {
                auto *page = m_window->findChild<AttributionPage *>(QStringLiteral("attributionPage"));
                return page && page->report().has_value() && !page->isChecking();
            });
        },
        [this] {
            shoot(QStringLiteral("attribution"));
            auto *scroll = find<QScrollArea>("attributionScroll");
            if (auto *bi = m_window->findChild<QWidget *>(QStringLiteral("attribution_powerBI")); scroll && bi)
                scroll->ensureWidgetVisible(bi, 0, 40);
            waitFor(QStringLiteral("the Power BI part"), [] { return true; });
        },
        [this] {
            shoot(QStringLiteral("attribution-power-bi"));
            m_window->showPage(MainWindow::Guide);
            waitFor(QStringLiteral("the guide"), [] { return true; });
        },
        [this] {
            shoot(QStringLiteral("attribution-guide"));
            m_window->showPage(MainWindow::Settings);
            waitFor(QStringLiteral("settings"), [] { return true; });
        },
        [this] {
            shoot(QStringLiteral("settings"));
            m_window->showPage(MainWindow::SignIn);
            find<QPushButton>("showServicePrincipal")->click();
            find<QLineEdit>("spClientId")->setText(QStringLiteral("8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11"));
            find<QLineEdit>("spTenant")->setText(QStringLiteral("contoso-partner.example"));
            waitFor(QStringLiteral("the service principal form"), [] { return true; });
        },
        [this] {
            shoot(QStringLiteral("sign-in-service-principal"));
            find<QPushButton>("showServicePrincipal")->click();
            find<QPushButton>("signInDeviceCode")->click();
            waitFor(QStringLiteral("a device code"), [this] {
                auto *code = m_window->findChild<QLineEdit *>(QStringLiteral("deviceCode"));
                return code && !code->text().isEmpty();
            });
        },
        [this] {
            shoot(QStringLiteral("sign-in-device-code"));
            find<QPushButton>("cancelSignIn")->click();
            next();
        },
    };
    next();
}
