#pragma once
// runOffThread: work that grows with its input (parsing, merging or writing a large JSON document,
// such as the token cache of an account in thousands of directories) runs on Qt's global thread
// pool, and its result comes back to `context`'s thread through that thread's event loop, so the
// thread that asked (the GUI thread) stays free meanwhile. If `context` is destroyed first, `then`
// is not called.
//
// runOffThreadIfLarge does the same for a large input and runs small ones at once, on the caller's
// thread (a hop costs more than parsing a few kilobytes).
//
// The work gets only what it captured: copies of implicitly shared values (QByteArray, QJsonObject,
// TokenCache) are safe to read there while the caller's own copies change (they detach first).

#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QThreadPool>
#include <memory>
#include <type_traits>
#include <utility>

namespace pal {

template <typename Work, typename Then> void runOffThread(QObject *context, Work work, Then then)
{
    using Result = std::invoke_result_t<Work &>;
    auto promise = std::make_shared<QPromise<Result>>();
    promise->start();
    // A watcher of the context's thread, gone with the context: the result reaches neither a dead
    // context nor another thread.
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, then = std::move(then)]() mutable {
        watcher->deleteLater();
        then(watcher->future().result());
    });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, work = std::move(work)]() mutable {
        promise->addResult(work());
        promise->finish();
    });
}

// What counts as large: about 70 directories' worth of token cache, parsed in a millisecond or two.
constexpr qsizetype LargeInputBytes = qsizetype(256) * 1024;

template <typename Work, typename Then>
void runOffThreadIfLarge(qsizetype inputBytes, QObject *context, Work work, Then then)
{
    if (inputBytes < LargeInputBytes)
        return then(work());
    runOffThread(context, std::move(work), std::move(then));
}

} // namespace pal
