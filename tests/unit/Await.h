#pragma once
// Waits for one completion: runs an event loop until the operation calls back (or a deadline).

#include "Expected.h"

#include "WaitUntil.h"

#include <QEventLoop>
#include <QTimer>
#include <gtest/gtest.h>
#include <optional>

namespace paltest {

template <typename T, typename Start> std::optional<pal::Expected<T>> await(Start start, int timeoutMs = 10000)
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

} // namespace paltest
