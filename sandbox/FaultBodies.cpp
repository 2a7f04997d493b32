// The bodies of the hugeBody and trickle faults: the normal answer, streamed as a misbehaving
// server (or a proxy before it) would send it.
#include "SandboxPrivate.h"

#include <chrono>
#include <thread>

namespace palsandbox {

qint64 SandboxServer::faultBodyBytesSent() const
{
    return d->faultBodyBytesSent->load();
}

void SandboxServer::Private::streamFaultBody(const Fault &fault, const Reply &reply, httplib::Response &res) const
{
    auto body = std::make_shared<const std::string>(reply.body.toStdString());
    const std::shared_ptr<std::atomic<qint64>> counter = faultBodyBytesSent;
    if (fault.kind == Fault::Kind::Trickle) {
        // One byte, then a pause: each byte keeps a client's idle timeout from firing.
        const int intervalMs = fault.intervalMs;
        res.set_content_provider(body->size(), reply.contentType.toStdString(),
                                 [body, counter, intervalMs](size_t offset, size_t, httplib::DataSink &sink) {
                                     std::this_thread::sleep_for(std::chrono::milliseconds(intervalMs));
                                     if (!sink.write(body->data() + offset, 1))
                                         return false; // the client went away
                                     ++*counter;
                                     return true;
                                 });
        return;
    }
    // The answer's JSON, then whitespace (still one JSON document) up to bodyBytes, in 1 MB chunks
    // for as long as the client reads.
    const qint64 total = std::max<qint64>(fault.bodyBytes, qint64(body->size()));
    auto sent = std::make_shared<qint64>(0);
    res.set_chunked_content_provider(reply.contentType.toStdString(),
                                     [body, counter, total, sent](size_t, httplib::DataSink &sink) {
                                         if (*sent >= total) {
                                             sink.done();
                                             return true;
                                         }
                                         std::string chunk;
                                         if (*sent < qint64(body->size()))
                                             chunk = body->substr(size_t(*sent));
                                         else
                                             chunk.assign(size_t(std::min<qint64>(1 << 20, total - *sent)), ' ');
                                         if (!sink.write(chunk.data(), chunk.size()))
                                             return false;
                                         *sent += qint64(chunk.size());
                                         *counter += qint64(chunk.size());
                                         return true;
                                     });
}

} // namespace palsandbox
