#pragma once
// Waiting for one completion in a test: a QEventLoop quit by the completion (or a timeout).

#include "AzureError.h"
#include "Expected.h"

#include "WaitUntil.h"

#include <QEventLoop>
#include <QString>
#include <QTimer>
#include <functional>
#include <optional>
#include <ostream>

// Readable QStrings in GoogleTest failure messages.
QT_BEGIN_NAMESPACE
inline void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}
QT_END_NAMESPACE

namespace paltest {

template <typename T>
std::optional<pal::Expected<T>> waitFor(const std::function<void(pal::Completion<T>)> &start, int timeoutMs = 10'000)
{
    std::optional<pal::Expected<T>> result;
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    start([&](const pal::Expected<T> &r) {
        if (!result)
            result.emplace(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return result;
}

} // namespace paltest
