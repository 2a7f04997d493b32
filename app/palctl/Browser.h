#pragma once
// How palctl opens a sign-in page: SystemBrowser always prints the URL on stderr, then
// starts $BROWSER (a command; "%s" is replaced by the URL, else the URL is appended) or the
// system's opener (xdg-open). For --sandbox palctl uses pal::FollowingBrowser instead: the sandbox
// approves the sign-in at once, so palctl follows the authorize URL itself.

#include "AccountManager.h"

#include <QTextStream>

namespace palctl {

class SystemBrowser final : public pal::BrowserOpener
{
public:
    explicit SystemBrowser(QTextStream *err)
        : m_err(err)
    {}
    void openUrl(const QUrl &url) override;

private:
    QTextStream *m_err;
};

} // namespace palctl
