#pragma once
// Waiting in a test, on a state or on one completion, by running the event loop (never
// processEvents() in a loop):
// - waitUntil(condition): until `condition` holds (checked every 5 ms) or the deadline; returns it.
// - await<T>(start): starts an operation with a completion and waits until it is called (or the
//   deadline); returns its result, or nullopt on timeout. A completion called twice is a bug: it
//   waits a moment longer for a second call and fails the test when one comes.

#include "Expected.h"

#include <QEventLoop>
#include <QObject>
#include <QString>
#include <QTimer>
#include <gtest/gtest.h>
#include <optional>
#include <ostream>

// Readable QStrings in GoogleTest failure messages.
QT_BEGIN_NAMESPACE
inline void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}
QT_END_NAMESPACE

namespace pal::test {

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

template <typename T, typename Start> std::optional<pal::Expected<T>> await(Start start, int timeoutMs = 10'000)
{
    std::optional<pal::Expected<T>> result;
    int calls = 0;
    QEventLoop loop;
    start([&](const pal::Expected<T> &r) {
        ++calls;
        if (!result)
            result.emplace(r);
        loop.quit();
    });
    if (!result) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    // A second callback would be a bug: give it a moment to show up.
    QEventLoop settle;
    QTimer::singleShot(20, &settle, &QEventLoop::quit);
    settle.exec();
    if (calls > 1)
        ADD_FAILURE() << "completion called " << calls << " times";
    return result;
}

} // namespace pal::test
