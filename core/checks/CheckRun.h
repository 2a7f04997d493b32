#pragma once
// CheckRun: the checks asked of one directory, one after the other, as a single cancellable call
// that completes once with every check's CheckResult in the order given (an error of a check is
// kept as CheckResult::failed, so one check's failure never hides the others' answers). The fleet
// run uses it per row; palctl and the views use it for one directory.
//
// CheckCall is the Cancellable behind such a call, for checks made of several steps: it holds the
// step in flight; cancel() cancels that step and ends the call with Cancelled at once when the
// step cannot be cancelled (a token request).

#include "CallHandle.h"
#include "DirectoryCheck.h"

#include <QList>
#include <functional>

namespace pal {

class CheckCall final : public Cancellable
{
    Q_OBJECT
public:
    // Owned by `context` so it never outlives the caller; onCancel runs once, on the first cancel().
    CheckCall(QObject *context, std::function<void()> onCancel);
    void setCurrent(CallHandle call) { m_current = call; }
    void cancel() override;
    bool isCancelled() const { return m_cancelled; }
    // The call has delivered its result.
    void finish() { deleteLater(); }

private:
    CallHandle m_current;
    std::function<void()> m_onCancel;
    bool m_cancelled = false;
};

class CheckRun
{
public:
    static CallHandle run(const QList<DirectoryCheck *> &checks, const CheckSubject &subject, AccountServices *services,
                          QObject *context, std::function<void(const QList<CheckResult> &)> done);
};

} // namespace pal
