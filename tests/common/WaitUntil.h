#pragma once
// waitUntil: runs the event loop until `condition` holds (checked every 5 ms) or `timeoutMs`
// passed; returns the condition. For tests that wait on a state rather than a signal.

#include <QEventLoop>
#include <QObject>
#include <QTimer>

namespace paltest {

template <typename Condition> bool waitUntil(Condition condition, int timeoutMs = 5000)
{
    if (condition())
        return true;
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (condition())
            loop.quit();
    });
    poll.start(5);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return condition();
}

} // namespace paltest
