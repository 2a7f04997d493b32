#include "CheckRun.h"

#include <QPointer>
#include <memory>

namespace pal {

CheckCall::CheckCall(QObject *context, std::function<void()> onCancel)
    : Cancellable(context)
    , m_onCancel(std::move(onCancel))
{}

void CheckCall::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    if (m_current.isRunning()) {
        m_current.cancel(); // its Cancelled result ends the call
        return;
    }
    if (m_onCancel)
        m_onCancel();
}

namespace {

AzureError cancelledBefore(const QString &tenantId)
{
    AzureError e = AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("Cancelled before it was checked."));
    e.tenantId = tenantId;
    return e;
}

struct Sequence
{
    QList<DirectoryCheck *> checks;
    CheckSubject subject;
    AccountServices *services = nullptr;
    QList<CheckResult> results;
    std::function<void(const QList<CheckResult> &)> done;
    QPointer<CheckCall> call;
    bool finished = false;
};

void finish(const std::shared_ptr<Sequence> &s)
{
    if (s->finished)
        return;
    s->finished = true;
    // What was never asked ends as cancelled (a cancel() stopped the sequence).
    for (qsizetype i = s->results.size(); i < s->checks.size(); ++i)
        s->results.append(CheckResult::failed(s->checks.at(i)->name(), cancelledBefore(s->subject.directory.tenantId)));
    if (s->call)
        s->call->finish();
    s->done(s->results);
}

void next(const std::shared_ptr<Sequence> &s)
{
    while (!s->finished) {
        if (s->results.size() == s->checks.size() || (s->call && s->call->isCancelled()))
            return finish(s);
        DirectoryCheck *check = s->checks.at(s->results.size());
        struct Step
        {
            bool synchronous = true;
            bool answered = false;
        };
        auto step = std::make_shared<Step>();
        const CallHandle handle =
            check->run(s->subject, s->services, s->call, [s, check, step](const Expected<CheckResult> &r) {
                if (s->finished || step->answered)
                    return;
                step->answered = true;
                s->results.append(r ? r.value() : CheckResult::failed(check->name(), r.error()));
                // An answer given at once: the loop goes on, no recursion.
                if (!step->synchronous)
                    next(s);
            });
        step->synchronous = false;
        if (!step->answered) {
            if (s->call)
                s->call->setCurrent(handle);
            return;
        }
    }
}

} // namespace

CallHandle CheckRun::run(const QList<DirectoryCheck *> &checks, const CheckSubject &subject, AccountServices *services,
                         QObject *context, std::function<void(const QList<CheckResult> &)> done)
{
    auto s = std::make_shared<Sequence>();
    s->checks = checks;
    s->subject = subject;
    s->services = services;
    s->done = std::move(done);
    s->call = new CheckCall(context, [weak = std::weak_ptr<Sequence>(s)] {
        if (const auto sequence = weak.lock())
            finish(sequence);
    });
    next(s);
    return s->finished ? CallHandle() : CallHandle(s->call.data());
}

} // namespace pal
