#pragma once
// ChainedCall: one cancellable operation made of several pipeline calls in a row (the
// ManagementPartner fallback, nextLink paging). It holds the call in flight; cancel() cancels that
// call, whose Cancelled result then flows through the chain to the caller. Internal to core/arm.

#include "CallHandle.h"

#include <QObject>
#include <QPointer>

namespace pal {

class ChainedCall final : public Cancellable
{
    Q_OBJECT
public:
    // Owned by `context` (or `fallbackParent` when there is none) so it never outlives the caller.
    ChainedCall(QObject *context, QObject *fallbackParent)
        : Cancellable(context ? context : fallbackParent)
    {}

    void setCurrent(CallHandle call) { m_current = call; }
    void cancel() override { m_current.cancel(); }
    // The operation has delivered its result: the handle stops reporting it as running.
    void finish() { deleteLater(); }

private:
    CallHandle m_current;
};

} // namespace pal

#include "ArmPipeline.h"
#include "JsonFields.h"

#include <QJsonArray>
#include <memory>

namespace pal {

// Lists an ARM collection: GETs `first`, then each "nextLink" (which the pipeline only follows on
// the cloud's own ARM host) until there is none, parsing every entry of "value" with `parseItem`.
// One bad page or entry fails the whole list: a half list would look like a complete one.
template <typename T, typename ParseItem>
CallHandle listAllPages(ArmPipeline *pipeline, const ArmRequest &first, int maxPages, QObject *context,
                        ParseItem parseItem, Completion<QList<T>> done)
{
    auto *chain = new ChainedCall(context, pipeline);
    struct State
    {
        QList<T> items;
        int pages = 0;
    };
    auto state = std::make_shared<State>();
    auto finish = [chain, done = std::move(done)](const Expected<QList<T>> &result) {
        chain->finish();
        done(result);
    };
    auto onPage = std::make_shared<Completion<ArmResponse>>();
    // *onPage refers to itself weakly; each call in flight holds it strongly, so no cycle remains.
    *onPage = [chain, pipeline, first, maxPages, state, finish, parseItem,
               weak = std::weak_ptr<Completion<ArmResponse>>(onPage)](const Expected<ArmResponse> &response) {
        if (!response)
            return finish(response.error());
        const auto object = armJsonObject(*response);
        if (!object)
            return finish(object.error());
        const QJsonValue value = object->value(QStringLiteral("value"));
        if (!value.isArray())
            return finish(
                withResponseIds(json::badResponse(QStringLiteral("The list has no \"value\" array.")), *response));
        for (const auto &v : value.toArray()) {
            if (!v.isObject())
                return finish(withResponseIds(
                    json::badResponse(QStringLiteral("The list holds an entry that is not an object.")), *response));
            Expected<T> item = parseItem(v.toObject());
            if (!item)
                return finish(withResponseIds(item.error(), *response));
            state->items.append(item.value());
        }
        const QJsonValue next = object->value(QStringLiteral("nextLink"));
        if (next.isNull() || next.isUndefined() || next.toString().isEmpty())
            return finish(state->items);
        if (++state->pages >= maxPages)
            return finish(withResponseIds(
                json::badResponse(QStringLiteral("The list did not end after %1 pages.").arg(maxPages)), *response));
        ArmRequest request = first;
        request.path.clear();
        request.absoluteUrl = QUrl(next.toString(), QUrl::StrictMode);
        auto self = weak.lock();
        if (!self)
            return;
        chain->setCurrent(pipeline->send(request, chain, [self](const Expected<ArmResponse> &r) { (*self)(r); }));
    };
    chain->setCurrent(pipeline->send(first, chain, [onPage](const Expected<ArmResponse> &r) { (*onPage)(r); }));
    return CallHandle(chain);
}

} // namespace pal
