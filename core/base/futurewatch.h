#pragma once

#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace tessera {

// Calls handler(result) on context's thread when future finishes, unless context is gone by
// then. Qt 6.4's QFuture::then(context, ...) asserts when the context object is destroyed while
// the future is pending; a watcher owned by the context simply dies with it. Can go (callers
// then use then(context, ...)) once the oldest Qt we build with no longer asserts there: re-test
// when Debian's Qt moves past 6.4.
template<typename T, typename Handler>
void whenFinished(QObject *context, QFuture<T> future, Handler &&handler)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
        [watcher, handler = std::forward<Handler>(handler)]() mutable {
            watcher->deleteLater();
            if (watcher->future().resultCount() > 0)
                handler(watcher->future().result());
        });
    watcher->setFuture(std::move(future));
}

} // namespace tessera
