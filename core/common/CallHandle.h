#pragma once
// CallHandle: the caller's grip on an operation in flight. cancel() ends it with a Cancelled
// error (delivered through the operation's completion, exactly once). A default handle is inert.

#include <QObject>
#include <QPointer>

namespace pal {

class Cancellable : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void cancel() = 0;
};

class CallHandle
{
public:
    CallHandle() = default;
    explicit CallHandle(Cancellable *operation)
        : m_operation(operation)
    {}
    void cancel() const
    {
        if (m_operation)
            m_operation->cancel();
    }
    bool isRunning() const { return !m_operation.isNull(); }

private:
    QPointer<Cancellable> m_operation;
};

} // namespace pal
