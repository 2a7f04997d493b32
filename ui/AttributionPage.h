#pragma once
// AttributionPage: the article's third step, checked for the current directory: per product, what
// is credited to the signed-in identity and what belongs to someone else (AttributionCheck in
// core). It reads when it is shown for a directory it has not read yet, and on "Check again";
// progress shows while it reads, and every product's failure stays with that product, with its
// request id. Switching directory or account cancels a read in flight.

#include "AccessTokenProvider.h"
#include "AttributionReport.h"
#include "CallHandle.h"
#include "UiContext.h"

#include <QWidget>
#include <array>
#include <functional>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;

namespace pal {

class AttributionCheck;
class AttributionProductView;
class ValueLabel;
struct Account;

class AttributionPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttributionPage)
public:
    explicit AttributionPage(const UiContext &ui, QWidget *parent = nullptr);
    ~AttributionPage() override;

    // Where the check's tokens come from; default: the account's (AccountManager::tokenProvider).
    using TokenSource = std::function<AccessTokenProvider *(const Account &)>;
    void setTokenSource(TokenSource source);

    void check(); // reads the current directory again
    bool isChecking() const { return m_call.isRunning(); }
    const std::optional<AttributionReport> &report() const { return m_report; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onContextChanged();
    void onProduct(const QString &tenantId, const ProductAttribution &result);
    void onDone(const QString &tenantId, const Expected<AttributionReport> &report);
    void setChecking(bool checking);
    QString plainText() const;

    UiContext m_ui;
    TokenSource m_tokenSource;
    ValueLabel *m_directory;
    ValueLabel *m_identity;
    QPushButton *m_again;
    QPushButton *m_copy;
    QProgressBar *m_progress;
    QLabel *m_status;
    std::array<AttributionProductView *, 4> m_views{};
    std::unique_ptr<AttributionCheck> m_check;
    QString m_checkAccount; // the account and cloud m_check was built for
    CallHandle m_call;
    QString m_checkedTenant; // the directory the page shows (or is reading)
    std::optional<AttributionReport> m_report;
};

} // namespace pal
